# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval
from datetime import timedelta
from statistics import median

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..tools.timeutil import TZ


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    def test_logistics_leader_opens_the_risk_list(self):
        """The demo's 物流组 leader (wx_logistics) gets the high-risk
        activities: he can open the Delivery Risk list they point to."""
        user = self.env.ref("wx_feedback.user_wx_logistics_demo", False)
        if not user:
            self.skipTest("installed without demo data")
        self.assertTrue(user.has_group("wx_delivery.group_wx_delivery_user"))
        Record = self.env["wx.delivery.record"]
        # the demo's open orders, to be scored (first training when the demo
        # is served: see the demo's train cron)
        open_records = Record.search(
            [("order_state", "=", "sale"), ("delivered_at", "=", False)]
        )
        self.assertGreaterEqual(len(open_records), 20)
        cron = self.env.ref("wx_delivery.ir_cron_wx_delivery_train")
        self.assertLess(cron.nextcall, fields.Datetime.now() + timedelta(hours=1))
        open_records[:3].write({"risk_score": 0.9, "risk_level": "high"})
        action = self.env.ref("wx_delivery.wx_delivery_record_action_risk")
        domain = literal_eval(action.domain)
        # he cannot read sales orders: the list shows him all of it anyway
        shown = Record.with_user(user).search(domain)
        self.assertEqual(shown, Record.search(domain))
        self.assertLessEqual(open_records[:3], shown)

    def test_open_days_are_real_enough_to_score_high(self):
        """The demo's open orders are every order of their days (the
        warehouses' loads count them): on one of those days 福州仓 ships half
        again its usual day of the history while a storm (25 mm of rain or
        more) is forecast over Fujian -- what the history's late days were
        made of, so that the first model scores some deliveries high."""
        if not self.env.ref("wx_feedback.user_wx_logistics_demo", False):
            self.skipTest("installed without demo data")
        orders = self.env["ir.model.data"].search(
            [
                ("module", "=", "wx_delivery"),
                ("model", "=", "sale.order"),
                ("name", "=like", "sale_order_open_%_demo"),
            ]
        )
        Record = self.env["wx.delivery.record"]
        open_records = Record.search([("order_id", "in", orders.mapped("res_id"))])
        self.assertGreaterEqual(len(open_records), 100)
        warehouse = self.env["stock.warehouse"].search([("code", "=", "FOC")])
        self.assertEqual(len(warehouse), 1)

        def per_day(where):
            self.env.flush_all()
            return dict(
                self.env.execute_query(
                    SQL(
                        "SELECT (promised_at AT TIME ZONE 'UTC' AT TIME ZONE %s)::date,"
                        " COUNT(*) FROM wx_delivery_record"
                        " WHERE warehouse_id = %s AND %s GROUP BY 1",
                        TZ,
                        warehouse.id,
                        where,
                    )
                )
            )

        usual = median(per_day(SQL("delivered_at IS NOT NULL")).values())
        busy = [
            day
            for day, n in per_day(SQL("id = ANY(%s)", open_records.ids)).items()
            if n >= 1.4 * usual
        ]
        self.assertTrue(busy, "no overloaded day at 福州仓")
        storms = self.env["wx.delivery.weather"].search(
            [
                ("region", "=like", "福建省/%"),
                ("date", "in", busy),
                ("rain_mm", ">=", 25),
            ]
        )
        self.assertTrue(storms, "no storm forecast over Fujian that day")
