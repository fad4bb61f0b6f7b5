# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from ..models import wx_crypto_key
from ..tools import envelope, uploads
from . import samples
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

    def test_without_the_master_key_nothing_is_saved(self):
        Keys = self.env["wx.crypto.key"]
        Keys._wx_forget_keyrings()
        self.addCleanup(Keys._wx_forget_keyrings)

        def missing():
            raise envelope.MissingKeyError("No master key.")

        with patch.object(wx_crypto_key, "_master_key_provider", missing):
            response = self.url_open(
                self.link,
                data={"rating": "2", "categories": "delivery", "phone": "13800138000"},
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 503)
        self.assertFalse(
            self.env["wx.feedback"].search([("order_id", "=", self.order.id)])
        )

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

    def test_rate_limit_per_verified_link_and_per_ip(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("wx_feedback.h5_rate_limit_token", "2/600")
        order = self.delivered_order(self.customer_a)  # counters of its own
        link = order._wx_h5_path(self.contact_a)
        _e, _fb, order_id, partner_id, expires, _signature = link.split("/")
        # made-up signatures are refused without using up the link's allowance
        for forged in ("1" * 64, "2" * 64, "3" * 64):
            response = self.url_open(f"/fb/{order_id}/{partner_id}/{expires}/{forged}")
            self.assertEqual(response.status_code, 403)
        self.assertEqual(self.url_open(link).status_code, 200)
        # another link of the same order and contact shares its allowance
        other = order._wx_h5_path(self.contact_a, validity_days=29)
        self.assertEqual(self.url_open(other).status_code, 200)
        response = self.url_open(link)
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.headers["Retry-After"], "600")
        self.assertEqual(response.headers["Cache-Control"], "no-store")
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


@tagged("post_install", "-at_install")
class TestFeedbackH5Hardening(WxFeedbackCommon, HttpCase):
    """What an outside probe tried on the served demo (issue #12)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.delivered_order(cls.customer_a)
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("wx_feedback.h5_rate_limit_ip", "100000/600")
        params.set_param("wx_feedback.h5_rate_limit_token", "100000/600")
        cls.link = cls.order._wx_h5_path(cls.contact_a)

    def feedback(self):
        return self.env["wx.feedback"].search([("order_id", "=", self.order.id)])

    def stored_files(self):
        return self.env["ir.attachment"].search_count(
            [("res_model", "=", "wx.feedback")]
        )

    def test_malformed_links_answer_a_clear_page(self):
        hex_signature = "ab" * 32
        for url in (
            "/fb/1/1/9999999999/%C3%A9",  # non-ASCII signature
            f"/fb/1/1/9999999999/{'%C3%A9' * 32}",
            f"/fb/99999999999/1/9999999999/{hex_signature}",  # beyond integer ids
            f"/fb/1/99999999999/9999999999/{hex_signature}",
            f"/fb/1/1/99999999999999999999/{hex_signature}",
            f"/fb/{self.order.id}/{self.contact_a.id}/9999999999/{hex_signature}",
        ):
            for method in ("get", "post"):
                with self.subTest(url=url, method=method):
                    data = {"rating": "5"} if method == "post" else None
                    response = self.url_open(url, data=data)
                    self.assertEqual(response.status_code, 403)
                    self.assertIn("not valid or has expired", response.text)
        self.assertFalse(self.feedback())

    def test_page_does_not_show_the_customers_phone(self):
        self.assertTrue(self.contact_a.phone)
        html = self.url_open(self.link).text
        self.assertNotIn("13905910318", html.replace(" ", "").replace("-", ""))

    def test_pages_are_private(self):
        expected = {
            "Cache-Control": "no-store",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
        }
        page = self.url_open(self.link)
        refused = self.url_open(f"/fb/1/1/9999999999/{'0' * 64}")
        posted = self.url_open(self.link, data={"rating": "4"}, allow_redirects=False)
        done = self.url_open(posted.headers["Location"])
        bad = self.url_open(self.link, data={"rating": "9"})
        for response, status in (
            (page, 200),
            (refused, 403),
            (posted, 303),
            (done, 200),
            (bad, 400),
        ):
            with self.subTest(status=status):
                self.assertEqual(response.status_code, status)
                for header, value in expected.items():
                    self.assertEqual(response.headers.get(header), value)
                self.assertIn(
                    "frame-ancestors 'none'",
                    response.headers.get("Content-Security-Policy", ""),
                )

    def test_withdrawn_and_cancelled_links_answer_a_clear_page(self):
        self.assertEqual(self.url_open(self.link).status_code, 200)
        self.order.action_wx_revoke_feedback_links()
        for data in (None, {"rating": "1"}):
            response = self.url_open(self.link, data=data)
            self.assertEqual(response.status_code, 410)
            self.assertIn("has been withdrawn", response.text)
            self.assertEqual(response.headers["Cache-Control"], "no-store")
        fresh = self.order._wx_h5_path(self.contact_a)
        self.assertEqual(self.url_open(fresh).status_code, 200)
        self.order._action_cancel()
        self.assertEqual(self.url_open(fresh).status_code, 410)
        self.assertFalse(self.feedback())

    def test_decompression_bomb_is_refused_and_nothing_saved(self):
        before = self.stored_files()
        response = self.url_open(
            self.link,
            data={"rating": "1", "description": "黑屏照片"},
            files=[
                ("attachments", ("ok.jpg", jpeg_bytes(), "image/jpeg")),
                ("attachments", ("black.png", samples.png_bomb(), "image/png")),
            ],
        )
        self.assertEqual(response.status_code, 400)
        # the page speaks the customer's language (zh_CN)
        self.assertIn("black.png 的尺寸为 13000 x 13000 像素", response.text)
        self.assertIn("不能超过 40 百万像素", response.text)
        self.assertFalse(self.feedback())
        self.assertEqual(self.stored_files(), before)

    def test_video_location_is_removed(self):
        video = samples.located_video()
        self.assertIn(samples.POSITION, video)
        response = self.url_open(
            self.link,
            data={"rating": "2"},
            files=[("attachments", ("clip.mov", video, "video/quicktime"))],
        )
        self.assertEqual(response.status_code, 200)
        stored = self.feedback().attachment_ids
        self.assertEqual(stored.mimetype, "video/quicktime")
        self.assertEqual(len(stored.raw), len(video), "every offset kept")
        for secret in (samples.POSITION, samples.TRACK_POSITION, b"WXLOCI"):
            self.assertNotIn(secret, stored.raw)
        self.assertTrue(stored.raw.endswith(samples.MEDIA))

    def test_files_kept_per_feedback_are_capped_across_updates(self):
        self.url_open(self.link, data={"rating": "3"})
        feedback = self.feedback()
        self.env["ir.attachment"].create(
            [
                {
                    "name": f"earlier-{index}.jpg",
                    "raw": jpeg_bytes(),
                    "res_model": "wx.feedback",
                    "res_id": feedback.id,
                }
                for index in range(uploads.MAX_FEEDBACK_FILES - 1)
            ]
        )
        two = [
            ("attachments", (f"more-{i}.jpg", jpeg_bytes(), "image/jpeg"))
            for i in range(2)
        ]
        response = self.url_open(self.link, data={"rating": "1"}, files=two)
        self.assertEqual(response.status_code, 400)
        self.assertIn("此反馈已有 29 个照片和视频", response.text)
        self.assertEqual(feedback.rating, 3, "nothing saved")
        self.assertEqual(self.stored_files_of(feedback), 29)
        response = self.url_open(self.link, data={"rating": "1"}, files=two[:1])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.stored_files_of(feedback), 30)
        self.assertEqual(feedback.rating, 1)

    def stored_files_of(self, feedback):
        return self.env["ir.attachment"].search_count(
            [("res_model", "=", "wx.feedback"), ("res_id", "=", feedback.id)]
        )

    def test_sms_go_to_the_customers_own_mobile_not_the_typed_number(self):
        self.url_open(
            self.link,
            data={"rating": "1", "categories": "delivery", "phone": "13800138000"},
        )
        feedback = self.feedback()
        self.assertEqual(
            feedback._wx_contact_phone(), "+8613800138000", "kept as the contact given"
        )
        self.env["wx.feedback"]._wx_process_pending()
        SMS = self.env["sms.sms"]
        self.assertFalse(SMS.search([("number", "=", "+8613800138000")]))
        self.assertEqual(len(SMS.search([("number", "=", "+8613905910318")])), 1)
        # a contact without a mobile of their own gets no SMS at all
        stranger = self.env["res.partner"].create(
            {"name": "无手机", "parent_id": self.customer_a.id}
        )
        self.customer_a.phone = "0591-8765 4321"  # the company's landline
        other = self.delivered_order(self.customer_a)
        self.url_open(
            other._wx_h5_path(stranger),
            data={"rating": "1", "categories": "delivery", "phone": "13800138001"},
        )
        self.env["wx.feedback"]._wx_process_pending()
        self.assertFalse(SMS.search([("number", "=", "+8613800138001")]))
        self.assertFalse(
            SMS.search([("mail_message_id.res_id", "in", other.wx_feedback_ids.ids)])
        )
