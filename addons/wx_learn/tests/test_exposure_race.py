# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Concurrent first opens of the same order, each in its own committed
transaction, as simultaneous beacon requests run them."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.wx_feedback.tests.concurrency import CommittedThreadsCase


@tagged("post_install", "-at_install")
class TestExposureRace(CommittedThreadsCase):
    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            running = env["wx.learn.experiment"].search([("state", "=", "running")])
            running.write({"state": "stopped"})
            customer = env["res.partner"].create(
                {"name": "Exposure race customer (test)", "is_company": True}
            )
            order = env["sale.order"].create({"partner_id": customer.id})
            experiment = env["wx.learn.experiment"].create(
                {
                    "name": "Race (test)",
                    "variant_ids": [
                        Command.create({"name": "A", "is_control": True}),
                        Command.create({"name": "B", "short_form": True}),
                    ],
                }
            )
            experiment.action_start()
            self.ids = {
                "running": running.ids,
                "customer": customer.id,
                "order": order.id,
                "experiment": experiment.id,
            }
        self.addCleanup(self.cleanup)

    def cleanup(self):
        with self.committed_env() as env:
            env["wx.learn.experiment"].browse(self.ids["experiment"]).unlink()
            env["sale.order"].browse(self.ids["order"]).unlink()
            env["res.partner"].browse(self.ids["customer"]).unlink()
            env["wx.learn.experiment"].browse(self.ids["running"]).write(
                {"state": "running"}
            )

    def test_simultaneous_opens_record_one_exposure(self):
        def expose(env, _index):
            experiment = env["wx.learn.experiment"].browse(self.ids["experiment"])
            order = env["sale.order"].browse(self.ids["order"])
            partner = env["res.partner"].browse(self.ids["customer"])
            return env["wx.learn.exposure"]._wx_record(experiment, order, partner)

        def snapshot(env):
            env["sale.order"].browse(self.ids["order"]).state  # noqa: B018

        results, errors = self.race(8, expose, snapshot)
        self.assertEqual(errors, [])
        self.assertEqual(sorted(results), [False] * 7 + [True])
        with self.committed_env() as env:
            exposures = env["wx.learn.exposure"].search(
                [("experiment_id", "=", self.ids["experiment"])]
            )
            self.assertEqual(len(exposures), 1)
            self.assertEqual(exposures.order_id.id, self.ids["order"])
