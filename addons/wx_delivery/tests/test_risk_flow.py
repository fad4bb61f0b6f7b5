# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..tools.timeutil import local_to_utc
from .common import WxDeliveryCommon, activate_model, generated_rows


@tagged("post_install", "-at_install")
class TestRiskFlow(WxDeliveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create(
            {"name": "Delivery test company"}
        )
        cls.rows = generated_rows()
        # the ORM stores an empty Float as 0: missing weather is left out
        cls.env["wx.delivery.record"].create(
            [
                {
                    "company_id": cls.other_company.id,
                    "city": row["region"].split("/")[1],
                    "ordered_at": local_to_utc(row["ordered_at"]),
                    "promised_at": local_to_utc(row["promised_at"]),
                    "delivered_at": local_to_utc(row["delivered_at"]),
                    "weight_kg": row["weight_kg"],
                    "line_count": row["lines"],
                    "perishable_share": row["perishable_share"],
                }
                | (
                    {"temperature_c": row["temperature_c"], "rain_mm": row["rain_mm"]}
                    if row["rain_mm"] is not None
                    else {}
                )
                for row in cls.rows
            ]
        )
        cls.leader = cls.logistics_manager

    def test_training_stores_the_evaluation_and_activates_only_when_better(self):
        Model = self.env["wx.delivery.model"]
        first = Model._wx_train(self.other_company)
        self.assertTrue(first.params)
        self.assertIn("auc=", first.report)
        self.assertEqual(first.row_count, len(self.rows))
        self.assertEqual(
            first.state, "active" if first.auc > first.baseline_auc else "candidate"
        )
        if first.state == "active":
            second = Model._wx_train(self.other_company)
            # same data, same model: as good as the active one, so it takes over
            self.assertEqual(second.state, "active")
            self.assertEqual(first.state, "retired")
            self.assertAlmostEqual(second.active_auc, first.auc, places=6)

    def test_rights(self):
        Model = self.env["wx.delivery.model"]
        with self.assertRaises(AccessError):
            Model.with_user(self.logistics).action_train()
        with self.assertRaises(AccessError):
            self.env["wx.delivery.record"].with_user(self.internal).action_wx_score()
        with self.assertRaises(AccessError):
            Model.with_user(self.internal).search([])

    def test_open_order_is_scored_and_warned(self):
        activate_model(
            self.env, self.env.company, self.carrier.name, self.warehouse.name
        )
        self.env.company.write(
            {
                "wx_delivery_leader_id": self.leader.id,
                "wx_delivery_medium": 0.01,
                "wx_delivery_high": 0.02,
                "wx_delivery_notify_customer": False,  # test_customer_warning
            }
        )
        self.contact_a.email = "zhou@example.com"
        self.customer_a.email = "buy@example.com"
        order = self._order(commitment=datetime.now() + timedelta(days=2))
        count = self.env["wx.delivery.record"]._wx_score_open(self.env.company)
        self.assertGreaterEqual(count, 1)
        record = self.env["wx.delivery.record"].search([("order_id", "=", order.id)])
        self.assertEqual(record.risk_level, "high")
        self.assertTrue(0 < record.risk_score < 1)
        self.assertTrue(record.warned_at)
        order.invalidate_recordset()
        # one mixin declares the risk of orders and pickings
        self.assertEqual(
            set(self.env.registry["wx.delivery.risk.mixin"]._inherit_children),
            {"sale.order", "stock.picking"},
        )
        self.assertEqual(order.wx_delay_risk, order.picking_ids.wx_delay_risk)
        self.assertEqual(order.wx_delay_risk_reasons, record.risk_reasons)
        self.assertEqual(order.wx_delay_risk_level, "high")
        self.assertEqual(order.picking_ids.wx_delay_risk_level, "high")
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assertEqual(len(activity), 1)
        # a second scoring does not warn twice
        self.env["wx.delivery.record"]._wx_score_open(self.env.company)
        self.assertEqual(
            len(order.activity_ids.filtered(lambda a: a.user_id == self.leader)), 1
        )
        # delivered: leaves the risk list, the outcome stays
        self._deliver(order.picking_ids, datetime.now())
        self.assertFalse(order.picking_ids.wx_delay_risk_level)
        self.assertIn(
            record.id,
            self.env["wx.delivery.record"].search([("warned_at", "!=", False)]).ids,
        )

    def test_export_rows_follow_the_schema(self):
        rows = self.env["wx.delivery.record"]._wx_history_rows(
            self.other_company, delivered=True
        )
        self.assertEqual(len(rows), len(self.rows))
        self.assertEqual(
            rows[0]["ordered_at"], self.rows[0]["ordered_at"].replace(microsecond=0)
        )
        self.assertIsNone(
            next(r for r in rows if r["rain_mm"] is None)["temperature_c"]
        )
