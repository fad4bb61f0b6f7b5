# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import WxChurnCommon


@tagged("post_install", "-at_install")
class TestAnalytics(WxChurnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fujian = cls.env.ref("base.state_cn_FJ")
        cls.guangdong = cls.env.ref("base.state_cn_GD")
        cls.customer_a.state_id = cls.fujian
        cls.customer_b.state_id = cls.guangdong
        cls.make_tier(cls.customer_a, 1_000_000)
        cls.make_tier(cls.customer_b, 200_000)
        cls.customer_c = cls.env["res.partner"].create(
            {"name": "果多美 (test)", "is_company": True, "state_id": cls.fujian.id}
        )
        cls.customer_c.user_id = cls.account_manager
        cls.make_tier(cls.customer_c, 1_500_000)

    def raise_alert(self, partner):
        for _i in range(3):
            self.feedback(1, partner=partner)
        return self.alerts(partner)

    def test_rates_by_tier_region_and_account_manager(self):
        won = self.raise_alert(self.customer_a)
        lost = self.raise_alert(self.customer_b)
        used = self.raise_alert(self.customer_c)
        won.write({"outcome_note": "ok"})
        won.action_won_back()
        lost.write({"outcome_note": "gone"})
        lost.action_lost()
        used.write({"coupon_used": True})
        Alert = self.env["wx.churn.alert"].with_user(self.wx_churn_manager)
        domain = [("id", "in", (won | lost | used).ids)]
        fields = ["__count", "won_back_rate:avg", "coupon_redemption_rate:avg"]

        by_tier = {
            tier: (count, won_rate, used_rate)
            for tier, count, won_rate, used_rate in Alert._read_group(
                domain, ["tier_id"], fields
            )
        }
        self.assertEqual(by_tier[self.tier_vip], (2, 50.0, 50.0))
        self.assertEqual(by_tier[self.tier_key], (1, 0.0, 0.0))

        by_region = {
            region: count
            for region, count, *_rates in Alert._read_group(
                domain, ["region_id"], fields
            )
        }
        self.assertEqual(by_region, {self.fujian: 2, self.guangdong: 1})

        by_manager = {
            user: won_rate
            for user, _count, won_rate, _used in Alert._read_group(
                domain, ["user_id"], fields
            )
        }
        self.assertEqual(
            by_manager, {self.account_manager: 50.0, self.account_manager_2: 0.0}
        )
        (period,) = Alert._read_group(domain, ["date:month"], ["__count"])
        self.assertEqual(period[1], 3)

    def test_analysis_menu_for_managers(self):
        menus = self.visible_menus(self.manager)
        self.assertIn("wx_churn.wx_churn_alert_analysis_menu", menus)
        self.assertIn("wx_churn.wx_churn_tier_menu", menus)
        self.assertNotIn(
            "wx_churn.wx_churn_alert_analysis_menu",
            self.visible_menus(self.account_manager),
        )
        self.assertIn(
            "wx_churn.wx_churn_alert_menu", self.visible_menus(self.account_manager)
        )
        action = self.env.ref("wx_churn.wx_churn_alert_action_analysis")
        self.assertEqual(action.view_mode.split(",")[:2], ["pivot", "graph"])
