# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo shows tiers, an override, alerts in every state and a coupon."""

    def setUp(self):
        super().setUp()
        if not self.env.ref(
            "wx_churn.wx_churn_alert_gm_wh_demo", raise_if_not_found=False
        ):
            self.skipTest("wx_churn installed without demo data")

    def test_vip_customers_from_their_orders(self):
        vip = self.env.ref("wx_churn.wx_churn_tier_vip")
        for xmlid in (
            "res_partner_yh_fz_demo",
            "res_partner_hm_sh_demo",
            "res_partner_hrv_sz_demo",
        ):
            partner = self.env.ref(f"wx_feedback.{xmlid}")
            self.assertEqual(partner.wx_tier_computed_id, vip, xmlid)
            self.assertGreaterEqual(partner.wx_tier_amount, 1_000_000)
            self.assertTrue(partner.wx_tier_history_ids)
        key = self.env["res.partner"].search_count(
            [
                (
                    "wx_tier_computed_id",
                    "=",
                    self.env.ref("wx_churn.wx_churn_tier_key").id,
                )
            ]
        )
        self.assertGreaterEqual(key, 3)

    def test_demo_feedback_carries_its_customers_tier(self):
        """wx_feedback's demo feedback predates the tiers: it takes the
        customer's first computed tier (the Feedback list and the managers'
        tier filters show it)."""
        partner = self.env.ref("wx_feedback.res_partner_yh_fz_demo")
        feedback = self.env["wx.feedback"].search(
            [("commercial_partner_id", "=", partner.id)]
        )
        self.assertTrue(feedback)
        self.assertEqual(
            set(feedback.mapped("wx_tier_id")),
            {self.env.ref("wx_churn.wx_churn_tier_vip")},
        )

    def test_vip_line_is_data_the_demo_staffs(self):
        team = self.env.ref("wx_churn.helpdesk_ticket_team_vip")
        self.assertEqual(self.env.ref("base.main_company").wx_vip_team_id, team)
        self.assertEqual(team.name, "VIP专线")
        vip_user = self.env.ref("wx_feedback.user_wx_vip_demo")
        self.assertEqual(team.user_id, vip_user)
        self.assertIn(vip_user, team.user_ids)
        data = self.env["ir.model.data"].search(
            [("module", "=", "wx_churn"), ("name", "=", "helpdesk_ticket_team_vip")]
        )
        self.assertTrue(data.noupdate, "a data record, kept as configured")

    def test_override(self):
        partner = self.env.ref("wx_feedback.res_partner_bl_bj_demo")
        self.assertEqual(partner.wx_tier_id, self.env.ref("wx_churn.wx_churn_tier_vip"))
        self.assertEqual(
            partner.wx_tier_computed_id, self.env.ref("wx_churn.wx_churn_tier_key")
        )
        self.assertTrue(partner.wx_tier_override_reason)
        self.assertIn("override", partner.wx_tier_history_ids.mapped("reason"))

    def test_alerts(self):
        alerts = self.env["wx.churn.alert"].search([])
        self.assertTrue(
            {"open", "visited", "won_back", "lost"} <= set(alerts.mapped("state"))
        )
        yonghui = self.env.ref("wx_feedback.res_partner_yh_fz_demo")
        current = alerts.filtered(
            lambda a: a.partner_id == yonghui and a.state == "open"
        )
        self.assertEqual(len(current), 1)
        self.assertEqual(current.coupon_amount, 800)
        self.assertTrue(current.coupon_id)
        self.assertFalse(current.coupon_sent_at, "the demo sends no mail nor SMS")
        self.assertEqual(
            current.activity_ids.user_id, self.env.ref("wx_feedback.user_wx_sales_demo")
        )
        self.assertTrue(
            self.env.ref("wx_feedback.user_wx_sales_demo").has_group(
                "wx_churn.group_wx_churn_user"
            )
        )
        self.assertTrue(
            self.env["ir.config_parameter"].sudo().get_param("wx_churn.vip_hotline")
        )
