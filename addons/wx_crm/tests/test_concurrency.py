# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two churn alerts of one customer raised at once, each in its own committed
transaction (two workers' crons or requests): one win-back opportunity."""

import contextlib
import threading
from functools import partial
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrentWinback(TransactionCase):
    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            customer = env["res.partner"].create(
                {"name": "Concurrency win-back customer (test)", "is_company": True}
            )
            self.customer_id = customer.id
        self.addCleanup(self.cleanup)

    def committed_env(self):
        outer = self

        class _Env:
            def __enter__(self):
                self.cr = outer.registry.cursor()
                return api.Environment(self.cr, SUPERUSER_ID, {})

            def __exit__(self, exc_type, *_):
                if exc_type is None:
                    # a separate request's own transaction
                    self.cr.commit()  # pylint: disable=invalid-commit
                self.cr.close()

        return _Env()

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

    @contextlib.contextmanager
    def threads_find_the_registry(self):
        if isinstance(Registry._lock, DummyRLock):
            yield
            return
        with patch.object(Registry, "_lock", DummyRLock()):
            yield

    def test_two_alerts_at_once_share_one_opportunity(self):
        count = 2
        barrier = threading.Barrier(count)
        results, errors = [], []

        def raise_alert(env):
            alert = env["wx.churn.alert"].create({"partner_id": self.customer_id})
            return alert.wx_opportunity_id.id

        def worker():
            try:
                with self.committed_env() as env:
                    # the snapshot is taken before both raise their alert
                    env["res.partner"].browse(self.customer_id).name  # noqa: B018
                    barrier.wait(timeout=30)
                    results.append(retrying(partial(raise_alert, env), env))
            except Exception as exc:  # noqa: BLE001 - reported by the test
                errors.append(repr(exc))

        threads = [threading.Thread(target=worker) for _ in range(count)]
        # the loser's serialization failure is logged by odoo.sql_db, then
        # retried as Odoo retries a request
        with self.threads_find_the_registry(), mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse(any(thread.is_alive() for thread in threads), "no hang")
        self.assertEqual(errors, [])
        self.assertEqual(len(results), 2)
        self.assertEqual(len(set(results)), 1, "the second alert reused it")
        with self.committed_env() as env:
            leads = env["crm.lead"].search(
                [("partner_id", "=", self.customer_id), ("wx_winback", "=", True)]
            )
            self.assertEqual(len(leads), 1)
            self.assertEqual(len(leads.wx_churn_alert_ids), 2)
