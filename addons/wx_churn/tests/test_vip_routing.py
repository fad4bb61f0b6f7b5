# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import WxChurnCommon

HOTLINE = "400-820-6688"


@tagged("post_install", "-at_install")
class TestVipRouting(WxChurnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_tier(cls.customer_a, 1_000_000)  # VIP
        cls.make_tier(cls.customer_b, 250_000)  # key account
        cls.user_vip = new_test_user(
            cls.env,
            login="wx_churn-test-vip-agent",
            groups="wx_feedback.group_wx_feedback_user",
        )
        cls.team_vip.user_ids = cls.user_vip

    def categorized(self, rating, code, partner=None, **values):
        return self.feedback(
            rating,
            partner=partner,
            category_ids=[(6, 0, self.categories[code].ids)],
            **values,
        )

    def test_vip_feedback_goes_to_the_vip_team_with_top_priority(self):
        self.assertEqual(self.customer_a.wx_tier_id, self.tier_vip)
        feedback = self.categorized(2, "delivery")
        self.assertEqual(feedback.team_id, self.team_vip, "not the logistics team")
        self.assertEqual(feedback.wx_tier_id, self.tier_vip)
        ticket = feedback.ticket_id
        self.assertEqual(ticket.team_id, self.team_vip)
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(ticket.wx_tier_id, self.tier_vip)
        # the VIP team works on it; the category's team does not see it
        self.assertEqual(
            self.env["wx.feedback"]
            .with_user(self.user_vip)
            .search([("id", "=", feedback.id)]),
            feedback,
        )
        with self.assertRaises(AccessError):
            feedback.with_user(self.user_logistics).read(["description"])

    def test_vip_end_to_end_from_a_customer_submission(self):
        Feedback = self.env["wx.feedback"]
        order = self.delivered_order(self.customer_a)
        values, files = Feedback._check_submission(
            {"rating": "2", "categories": ["freshness"], "description": "芒果有黑斑"}
        )
        result = Feedback._submit(self.contact_a, order, values, files, "h5")
        feedback = Feedback.browse(result.id)
        self.assertEqual(result.outcome, "created")
        self.assertEqual(feedback.team_id, self.team_vip)
        self.assertFalse(feedback.ticket_id, "opened after the request")
        Feedback._wx_process_pending()
        self.assertEqual(feedback.ticket_id.team_id, self.team_vip)
        self.assertEqual(feedback.ticket_id.priority, "3")
        self.assertEqual(feedback.ticket_id.partner_id, self.contact_a)

    def test_vip_under_a_lenient_company_rule_still_gets_a_ticket(self):
        self.env.company.wx_dissatisfied_rating = 2
        feedback = self.categorized(3, "service")
        self.assertTrue(feedback.ticket_id)
        self.assertIn("VIP", feedback.ticket_reason)
        other = self.categorized(3, "service", partner=self.customer_b)
        self.assertFalse(other.ticket_id, "the rule holds for other customers")
        happy = self.categorized(4, "service")
        self.assertFalse(happy.ticket_id, "positive feedback opens no ticket")

    def test_key_accounts_get_their_tier_priority(self):
        self.assertEqual(self.customer_b.wx_tier_id, self.tier_key)
        self.categories["packaging"].team_id = self.team_logistics
        feedback = self.categorized(3, "packaging", partner=self.customer_b)
        self.assertEqual(self.categories["packaging"].priority, "1")
        self.assertEqual(feedback.ticket_id.priority, "2", "the key tier's priority")
        self.assertEqual(feedback.ticket_id.team_id, self.team_logistics)
        self.categories["order"].priority = "3"
        urgent = self.categorized(2, "order", partner=self.customer_b)
        self.assertEqual(urgent.ticket_id.priority, "3", "never lowered")

    def test_tickets_of_vip_customers_from_anywhere(self):
        Ticket = self.env["helpdesk.ticket"]
        ticket = Ticket.create(
            {
                "name": "发票抬头错误",
                "description": "<p>请重开发票</p>",
                "partner_id": self.contact_a.id,
                "team_id": self.team_logistics.id,
                "priority": "0",
            }
        )
        self.assertEqual((ticket.team_id, ticket.priority), (self.team_vip, "3"))
        self.assertTrue(ticket.stage_id)
        kept = Ticket.with_context(wx_churn_keep_team=True).create(
            {
                "name": "转物流组",
                "description": "<p>x</p>",
                "partner_id": self.contact_a.id,
                "team_id": self.team_logistics.id,
            }
        )
        self.assertEqual(kept.team_id, self.team_logistics)
        other = Ticket.create(
            {
                "name": "普通问题",
                "description": "<p>x</p>",
                "partner_id": self.customer_b.id,
                "team_id": self.team_logistics.id,
                "priority": "1",
            }
        )
        self.assertEqual((other.team_id, other.priority), (self.team_logistics, "2"))
        nobody = Ticket.create({"name": "匿名", "description": "<p>x</p>"})
        self.assertEqual(nobody.priority, "1")

    def test_a_tier_change_does_not_move_existing_feedback(self):
        feedback = self.categorized(2, "delivery")
        self.customer_a.write({"wx_tier_computed_id": self.tier_standard.id})
        self.assertEqual(self.customer_a.wx_tier_id, self.tier_standard)
        feedback.invalidate_recordset()
        self.assertEqual(feedback.team_id, self.team_vip)
        new = self.categorized(2, "delivery")
        self.assertEqual(new.team_id, self.team_logistics)
        self.assertNotEqual(new.ticket_id.priority, "3")


@tagged("post_install", "-at_install")
class TestVipHotline(WxChurnCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_tier(cls.customer_a, 1_200_000)
        cls.order_a = cls.delivered_order(cls.customer_a)
        cls.order_b = cls.delivered_order(cls.customer_b)
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("wx_feedback.h5_rate_limit_ip", "100000/600")
        params.set_param("wx_feedback.h5_rate_limit_token", "100000/600")

    def test_h5_page_of_a_vip_customer(self):
        html = self.url_open(self.order_a._wx_h5_path(self.contact_a)).text
        self.assertIn(HOTLINE, html)
        self.assertIn('href="tel:4008206688"', html)
        html = self.url_open(self.order_b._wx_h5_path(self.customer_b)).text
        self.assertNotIn(HOTLINE, html, "not a VIP")

    def test_portal_pages_of_a_vip_customer(self):
        feedback = self.feedback(5, order_id=self.order_a.id)
        self.authenticate(self.portal_a.login, self.portal_a.login)
        for url in (
            f"/my/feedback/{feedback.id}",
            "/my/feedback",
            f"/my/orders/{self.order_a.id}/feedback",
            self.order_a.get_portal_url(),
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn(HOTLINE, response.text, url)
        self.authenticate(self.portal_b.login, self.portal_b.login)
        for url in ("/my/feedback", self.order_b.get_portal_url()):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotIn(HOTLINE, response.text, url)

    def test_h5_submission_of_a_vip_customer_end_to_end(self):
        response = self.url_open(
            self.order_a._wx_h5_path(self.contact_a),
            data=[
                ("rating", "1"),
                ("rating_freshness", "1"),
                ("categories", "freshness"),
                ("description", "一箱草莓一半都发霉"),
            ],
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(HOTLINE, response.text, "on the thank-you page too")
        feedback = self.env["wx.feedback"].search([("order_id", "=", self.order_a.id)])
        self.assertEqual(feedback.channel, "h5")
        self.assertEqual(feedback.team_id, self.team_vip)
        self.env["wx.feedback"]._wx_process_pending()
        self.assertEqual(feedback.ticket_id.team_id, self.team_vip)
        self.assertEqual(feedback.ticket_id.priority, "3")

    def test_no_hotline_configured(self):
        self.env["ir.config_parameter"].sudo().set_param("wx_churn.vip_hotline", "")
        html = self.url_open(self.order_a._wx_h5_path(self.contact_a)).text
        self.assertNotIn("o_wx_vip_hotline", html)
