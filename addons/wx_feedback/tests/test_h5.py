# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time

from odoo.tests import HttpCase, tagged

from .common import WxFeedbackCommon, jpeg_bytes


@tagged("post_install", "-at_install")
class TestFeedbackH5(WxFeedbackCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.delivered_order(cls.customer_a)
        cls.order_b = cls.delivered_order(cls.customer_b)
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("wx_feedback.h5_rate_limit_ip", "100000/600")
        params.set_param("wx_feedback.h5_rate_limit_token", "100000/600")
        cls.link = cls.order._wx_h5_path(cls.contact_a)

    def count(self):
        return self.env["wx.feedback"].search_count([])

    def test_page_is_light_mobile_and_in_the_customer_language(self):
        before = self.count()
        response = self.url_open(self.link)
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertLess(len(response.content), 80 * 1024)
        self.assertNotIn("/web/assets", html)
        self.assertNotIn("<link", html)
        self.assertIn('name="viewport"', html)
        self.assertIn('<html lang="zh-CN"', html)
        self.assertIn("发送反馈", html)
        self.assertEqual(self.count(), before, "GET never writes")

    def test_browser_language_when_the_customer_has_none(self):
        contact = self.env["res.partner"].create(
            {"name": "Lucía", "parent_id": self.customer_b.id, "lang": False}
        )
        self.customer_b.lang = False
        link = self.order_b._wx_h5_path(contact)
        html = self.url_open(link, headers={"Accept-Language": "es-ES,es;q=0.9"}).text
        self.assertIn('<html lang="es-ES"', html)
        self.assertIn("Enviar opinión", html)

    def test_submit_from_the_phone(self):
        response = self.url_open(
            self.link,
            data=[
                ("rating", "1"),
                ("rating_freshness", "1"),
                ("categories", "freshness"),
                ("description", "一箱草莓一半都发霉"),
            ],
            files=[("attachments", ("berry.jpg", jpeg_bytes(), "image/jpeg"))],
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.history[0].status_code, 303, "Post/Redirect/Get")
        self.assertTrue(response.url.endswith("?done=1"))
        self.assertIn("wxf-notice", response.text)
        feedback = self.env["wx.feedback"].search([("order_id", "=", self.order.id)])
        self.assertEqual(feedback.channel, "h5")
        self.assertEqual(feedback.partner_id, self.contact_a)
        self.assertEqual(feedback.team_id, self.team_purchasing)
        self.assertEqual(len(feedback.attachment_ids), 1)

    def test_bad_input_is_shown_and_nothing_saved(self):
        before = self.count()
        response = self.url_open(
            self.link,
            data={"rating": "6", "description": "<img src=x onerror=alert(1)>"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("wxf-error", response.text)
        self.assertNotIn("<img src=x", response.text)
        self.assertIn("&lt;img src=x", response.text)
        self.assertEqual(self.count(), before)

    def test_forged_expired_and_foreign_links_are_refused(self):
        _e, _fb, order_id, partner_id, expires, signature = self.link.split("/")
        forged = f"/fb/{order_id}/{partner_id}/{expires}/{'0' * len(signature)}"
        longer = f"/fb/{order_id}/{partner_id}/{int(expires) + 86400}/{signature}"
        other_customer = f"/fb/{order_id}/{self.customer_b.id}/{expires}/{signature}"
        other_order = f"/fb/{self.order_b.id}/{partner_id}/{expires}/{signature}"
        missing = f"/fb/999999999/{partner_id}/{expires}/{signature}"
        past = int(time.time()) - 60
        past_signature = self.order._wx_h5_signature(int(partner_id), past)
        expired = f"/fb/{order_id}/{partner_id}/{past}/{past_signature}"
        before = self.count()
        for url in (forged, longer, other_customer, other_order, missing, expired):
            with self.subTest(url=url):
                for method in ("get", "post"):
                    data = {"rating": "5"} if method == "post" else None
                    response = self.url_open(url, data=data)
                    self.assertEqual(response.status_code, 403)
                    self.assertIn("not valid or has expired", response.text)
        self.assertEqual(self.count(), before)

    def test_undelivered_order_cannot_be_rated(self):
        order = self.delivered_order(self.customer_a, deliver=False)
        link = order._wx_h5_path(self.contact_a)
        self.assertNotIn('name="rating"', self.url_open(link).text)
        response = self.url_open(link, data={"rating": "5"})
        self.assertEqual(response.status_code, 409)
        self.assertFalse(order.wx_feedback_ids)

    def test_rate_limit_per_token_and_per_ip(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("wx_feedback.h5_rate_limit_token", "2/600")
        link = self.order._wx_h5_path(self.contact_a, validity_days=29)
        self.assertEqual(self.url_open(link).status_code, 200)
        self.assertEqual(self.url_open(link).status_code, 200)
        response = self.url_open(link)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.headers["Retry-After"], "600")
        self.assertIn("Too many requests", response.text)
        params.set_param("wx_feedback.h5_rate_limit_token", "100000/600")
        params.set_param("wx_feedback.h5_rate_limit_ip", "1/600")
        response = self.url_open(self.order._wx_h5_path(self.contact_a, 28))
        self.assertEqual(response.status_code, 429)

    def test_postgres_counter_when_redis_is_not_used(self):
        Limit = self.env["wx.rate.limit"]
        key = f"test:{time.time()}"
        self.assertTrue(Limit._hit(key, 2, 600, backend="postgres"))
        self.assertTrue(Limit._hit(key, 2, 600, backend="postgres"))
        self.assertFalse(Limit._hit(key, 2, 600, backend="postgres"))
        row = Limit.search([("key", "=", key)])
        self.assertEqual(row.count, 3)
