# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two churn alerts of one customer raised at once, each in its own committed
transaction (two workers' crons or requests): one win-back opportunity."""

from functools import partial

from odoo.service.model import retrying
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.wx_feedback.tests.concurrency import CommittedThreadsCase


@tagged("post_install", "-at_install")
class TestConcurrentWinback(CommittedThreadsCase):
    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            customer = env["res.partner"].create(
                {"name": "Concurrency win-back customer (test)", "is_company": True}
            )
            self.customer_id = customer.id
        self.addCleanup(self.cleanup)

    def cleanup(self):
        with self.committed_env() as env:
            leads = (
                env["crm.lead"]
                .with_context(active_test=False)
                .search([("partner_id", "=", self.customer_id)])
            )
            alerts = env["wx.churn.alert"].search(
                [("partner_id", "=", self.customer_id)]
            )
            alerts.activity_ids.unlink()
            alerts.unlink()
            leads.unlink()
            env["res.partner"].browse(self.customer_id).unlink()

    def test_two_alerts_at_once_share_one_opportunity(self):
        def raise_alert(env, _index):
            alert = env["wx.churn.alert"].create({"partner_id": self.customer_id})
            return alert.wx_opportunity_id.id

        def snapshot(env):
            # the snapshot is taken before both raise their alert
            env["res.partner"].browse(self.customer_id).name  # noqa: B018

        # the loser's serialization failure is logged by odoo.sql_db, then
        # retried as Odoo retries a request
        with mute_logger("odoo.sql_db"):
            results, errors = self.race(
                2, lambda env, i: retrying(partial(raise_alert, env, i), env), snapshot
            )
        self.assertEqual(errors, [])
        self.assertEqual(len(results), 2)
        self.assertEqual(len(set(results)), 1, "the second alert reused it")
        with self.committed_env() as env:
            leads = env["crm.lead"].search(
                [("partner_id", "=", self.customer_id), ("wx_winback", "=", True)]
            )
            self.assertEqual(len(leads), 1)
            self.assertEqual(len(leads.wx_churn_alert_ids), 2)
