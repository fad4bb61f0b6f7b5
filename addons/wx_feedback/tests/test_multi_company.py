# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import re
from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tests import HttpCase, new_test_user, tagged

from .common import WxFeedbackCommon

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestMultiCompanyCapture(WxFeedbackCommon, HttpCase):
    """A company B order is rated with company B's categories on every
    channel, and its ticket goes to a company B team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_company_b()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("wx_feedback.h5_rate_limit_ip", "100000/600")
        params.set_param("wx_feedback.h5_rate_limit_token", "100000/600")
        cls.portal_company_b = new_test_user(
            cls.env,
            login="wx-test-portal-company-b",
            groups="base.group_portal",
            partner_id=cls.contact_company_b.id,
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.shared = cls.categories["packaging"]

    def assert_company_b_feedback(self, feedback):
        self.assertEqual(feedback.company_id, self.company_b)
        self.assertEqual(feedback.category_ids, self.categories_b["freshness"])
        self.env["wx.feedback"]._wx_process_pending()
        self.assertEqual(feedback.team_id, self.team_b)
        self.assertEqual(feedback.ticket_id.team_id, self.team_b)
        self.assertEqual(feedback.ticket_id.company_id, self.company_b)

    def test_h5_page_offers_and_uses_the_order_company_categories(self):
        link = self.order_b._wx_h5_path(self.contact_company_b)
        html = self.url_open(link).text
        self.assertIn(self.categories_b["freshness"].name, html)
        self.assertEqual(html.count('value="freshness"'), 1, "not company A's too")
        self.assertIn('value="packaging"', html, "a shared code B does not define")
        response = self.url_open(
            link, data=[("rating", "2"), ("categories", "freshness")]
        )
        self.assertEqual(response.status_code, 200)
        self.assert_company_b_feedback(self.order_b.wx_feedback_ids)

    def test_portal_form_offers_and_uses_the_order_company_categories(self):
        self.authenticate("wx-test-portal-company-b", "wx-test-portal-company-b")
        url = f"/my/orders/{self.order_b.id}/feedback"
        form = self.url_open(url)
        self.assertEqual(form.status_code, 200)
        self.assertIn(self.categories_b["freshness"].name, form.text)
        self.assertEqual(form.text.count('value="freshness"'), 1)
        response = self.url_open(
            url,
            data=[
                ("rating", "2"),
                ("categories", "freshness"),
                ("csrf_token", CSRF.search(form.text)[1]),
            ],
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303, response.text[:300])
        self.assert_company_b_feedback(self.order_b.wx_feedback_ids)

    def test_api_codes_are_looked_up_in_the_order_company(self):
        integration = new_test_user(
            self.env,
            login="wx-test-integration-ab",
            groups="wx_feedback.group_wx_feedback_user",
            company_ids=[Command.set((self.company_a | self.company_b).ids)],
        )
        key = (
            self.env["res.users.apikeys"]
            .with_user(integration)
            ._generate(
                scope="rpc",
                name="ordering",
                expiration_date=datetime.now() + timedelta(1),
            )
        )
        response = self.url_open(
            "/json/2/wx.feedback/submit_feedback",
            data=json.dumps(
                {"order": self.order_b.name, "rating": 2, "categories": ["freshness"]}
            ),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key}",
            },
        )
        self.assertEqual(response.status_code, 200, response.text[:400])
        feedback = self.env["wx.feedback"].browse(response.json()["id"])
        self.assert_company_b_feedback(feedback)

    def test_a_company_only_sees_its_codes(self):
        Category = self.env["wx.feedback.category"]
        codes_b = Category._wx_for_company(self.company_b).mapped("code")
        self.assertEqual(len(codes_b), len(set(codes_b)), "one category per code")
        self.assertIn(
            self.categories_b["freshness"], Category._wx_for_company(self.company_b)
        )
        self.assertNotIn(
            self.categories_b["freshness"], Category._wx_for_company(self.company_a)
        )
        self.assertEqual(
            Category._wx_for_company(self.company_a, ["freshness"]),
            self.categories["freshness"],
        )


@tagged("post_install", "-at_install")
class TestMultiCompanyRouting(WxFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_company_b()
        # a shared category whose team belongs to company A
        cls.categories["packaging"].team_id = cls.team_logistics
        cls.company_b.wx_default_team_id = cls.team_b

    def feedback(self, partner, order, categories, rating=2):
        return self.env["wx.feedback"].create(
            {
                "partner_id": partner.id,
                "order_id": order.id,
                "company_id": order.company_id.id,
                "rating": rating,
                "category_ids": [Command.set(categories.ids)],
            }
        )

    def test_ticket_team_of_the_feedback_company(self):
        packaging = self.categories["packaging"]
        feedback_b = self.feedback(self.contact_company_b, self.order_b, packaging)
        self.assertEqual(feedback_b.ticket_id.team_id, self.team_b, "not A's team")
        self.assertEqual(feedback_b.ticket_id.company_id, self.company_b)
        order_a = self.delivered_order(self.customer_a)
        feedback_a = self.feedback(self.contact_a, order_a, packaging)
        self.assertEqual(feedback_a.ticket_id.team_id, self.team_logistics)
        self.assertEqual(feedback_a.ticket_id.company_id, self.company_a)

    def test_no_company_crossover(self):
        own_a = self.env["wx.feedback.category"].create(
            {"name": "Cold chain (A)", "code": "cold", "company_id": self.company_a.id}
        )
        with self.assertRaises(UserError):
            self.feedback(self.contact_company_b, self.order_b, own_a)
        order_a = self.delivered_order(self.customer_a)
        with self.assertRaises(UserError):
            self.feedback(self.contact_a, order_a, self.categories_b["freshness"])
        with self.assertRaises(UserError):
            self.categories_b["delivery"].team_id = self.team_logistics

    def test_each_company_has_its_own_dissatisfaction_rule(self):
        self.company_b.wx_dissatisfied_rating = 2
        order_a = self.delivered_order(self.customer_a)
        three_a = self.feedback(
            self.contact_a, order_a, self.env["wx.feedback.category"], 3
        )
        order_b2 = self.delivered_order(self.customer_company_b, company=self.company_b)
        three_b = self.feedback(
            self.contact_company_b, order_b2, self.env["wx.feedback.category"], 3
        )
        self.assertTrue(three_a._wx_dissatisfied())
        self.assertFalse(three_b._wx_dissatisfied())
        self.assertTrue(three_a.ticket_id)
        self.assertFalse(three_b.ticket_id)
        Feedback = self.env["wx.feedback"]
        found = Feedback.search(
            Feedback._wx_dissatisfied_domain()
            & Domain("id", "in", (three_a | three_b).ids)
        )
        self.assertEqual(found, three_a)
        self.assertEqual(
            Feedback.search(
                [("wx_dissatisfied", "=", False), ("id", "in", (three_a | three_b).ids)]
            ),
            three_b,
        )
