# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval

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
        action = self.env.ref("wx_delivery.wx_delivery_record_action_risk")
        records = (
            self.env[action.res_model]
            .with_user(user)
            .search(literal_eval(action.domain), limit=5)
        )
        self.assertTrue(records, "the demo has orders at risk to show")
