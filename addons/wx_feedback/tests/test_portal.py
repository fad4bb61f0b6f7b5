# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import WxFeedbackCommon, jpeg_bytes

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestFeedbackPortal(WxFeedbackCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.delivered_order(cls.customer_a)
        cls.undelivered = cls.delivered_order(cls.customer_a, deliver=False)
        cls.url = f"/my/orders/{cls.order.id}/feedback"

    def form_token(self):
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        return CSRF.search(response.text)[1]

    def post(self, data, files=None, token=True):
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        if token:
            fields.append(("csrf_token", self.form_token()))
        return self.url_open(self.url, data=fields, files=files, allow_redirects=False)

    def count(self):
        return self.env["wx.feedback"].search_count([("order_id", "=", self.order.id)])

    def test_rate_button_only_on_delivered_orders(self):
        self.authenticate("wx-test-portal-a", "wx-test-portal-a")
        page = self.url_open(self.order.get_portal_url())
        self.assertIn(f'href="/my/orders/{self.order.id}/feedback"', page.text)
        page = self.url_open(self.undelivered.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_wx_rate_order", page.text)
        form = self.url_open(f"/my/orders/{self.undelivered.id}/feedback")
        self.assertNotIn('name="rating"', form.text)

    def test_submit_with_photo_then_see_it_under_my_feedback(self):
        self.authenticate("wx-test-portal-a", "wx-test-portal-a")
        form = self.url_open(self.url)
        self.assertIn('name="rating"', form.text)
        self.assertIn(
            'value="+86 139 0591 0318"',
            form.text.replace("13905910318", "+86 139 0591 0318"),
        )
        response = self.post(
            [
                ("rating", "2"),
                ("rating_delivery", "1"),
                ("categories", "delivery"),
                ("categories", "freshness"),
                ("description", "<script>alert('x')</script>送晚了两个小时"),
                ("phone", "13905910318"),
            ],
            files=[("attachments", ("box.jpg", jpeg_bytes(), "image/jpeg"))],
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        feedback = self.env["wx.feedback"].search([("order_id", "=", self.order.id)])
        self.assertEqual(feedback.channel, "order_page")
        self.assertEqual(feedback.partner_id, self.contact_a)
        self.assertEqual(
            set(feedback.category_ids.mapped("code")), {"delivery", "freshness"}
        )
        self.assertEqual(len(feedback.attachment_ids), 1)
        self.assertIn(f"/my/feedback/{feedback.id}", response.headers["Location"])
        detail = self.url_open(f"/my/feedback/{feedback.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertNotIn("<script>alert", detail.text)
        self.assertIn("&lt;script&gt;alert", detail.text)
        listing = self.url_open("/my/feedback")
        self.assertIn(feedback.name, listing.text)

    @mute_logger("odoo.http")
    def test_missing_csrf_is_refused(self):
        self.authenticate("wx-test-portal-a", "wx-test-portal-a")
        response = self.post({"rating": "5"}, token=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.count(), 0)

    def test_bad_input_is_shown_and_nothing_saved(self):
        self.contact_a.lang = "es_ES"  # the customer's language drives the page
        self.authenticate("wx-test-portal-a", "wx-test-portal-a")
        photo = ("a.jpg", jpeg_bytes(), "image/jpeg")
        cases = [
            ({"rating": "0"}, None, "1 a 5"),
            ({"rating": "6"}, None, "1 a 5"),
            ({"rating": "five"}, None, "1 a 5"),
            ({"rating": "3", "description": "好" * 2001}, None, "2000"),
            (
                {"rating": "3", "phone": "12345"},
                None,
                "no es un número de móvil válido",
            ),
            (
                {"rating": "3"},
                [("attachments", ("a.jpg", b"MZ\x90\x00" + b"\0" * 100, "image/jpeg"))],
                "JPEG, PNG, WebP y HEIC",
            ),
            (
                {"rating": "3"},
                [
                    (
                        "attachments",
                        ("big.jpg", jpeg_bytes() + b"\0" * (11 << 20), "image/jpeg"),
                    )
                ],
                "10 MB",
            ),
            ({"rating": "3"}, [("attachments", photo)] * 10, "9 fotos"),
        ]
        for data, files, expected in cases:
            with self.subTest(data=str(data)[:40], files=bool(files)):
                response = self.post(data, files=files)
                self.assertEqual(response.status_code, 400)
                self.assertIn(expected, response.text)
                self.assertEqual(self.count(), 0)

    def test_other_customer_cannot_rate_or_read(self):
        self.authenticate("wx-test-portal-b", "wx-test-portal-b")
        self.assertEqual(self.url_open(self.url).status_code, 404)
        page = self.url_open("/my/feedback")
        self.assertEqual(page.status_code, 200)
        b_form = self.url_open("/my")
        token = CSRF.search(b_form.text)[1]
        response = self.url_open(
            self.url, data={"rating": "1", "csrf_token": token}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.count(), 0)
        feedback = self.env["wx.feedback"].create(
            {"partner_id": self.contact_a.id, "rating": 4, "description": "A 的秘密"}
        )
        response = self.url_open(f"/my/feedback/{feedback.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertNotIn("A 的秘密", self.url_open("/my/feedback").text)

    def test_public_visitor_is_sent_to_login(self):
        response = self.url_open(self.url, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        response = self.url_open(self.url, data={"rating": "5"}, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303, 400))
        self.assertEqual(self.count(), 0)

    def test_feedback_posts_are_rate_limited_per_user(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "wx_feedback.portal_rate_limit_user", "2/600"
        )
        # a user of its own: the counters outlive the test transaction
        new_test_user(
            self.env,
            login="wx-test-portal-limited",
            groups="base.group_portal",
            partner_id=self.env["res.partner"]
            .create({"name": "限速", "parent_id": self.customer_a.id, "lang": "en_US"})
            .id,
        )
        self.authenticate("wx-test-portal-limited", "wx-test-portal-limited")
        statuses = [self.post({"rating": "9"}).status_code for _i in range(3)]
        self.assertEqual(statuses, [400, 400, 429])
        response = self.post({"rating": "4"})
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.headers["Retry-After"], "600")
        self.assertIn("Too many requests", response.text)
        self.assertEqual(self.count(), 0)
