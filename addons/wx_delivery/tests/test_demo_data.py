# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged


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
