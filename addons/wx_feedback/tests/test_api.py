# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import datetime, timedelta

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from . import samples
from .common import WxFeedbackCommon, jpeg_bytes


@tagged("post_install", "-at_install")
class TestFeedbackApi(WxFeedbackCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.delivered_order(cls.customer_a)
        cls.integration = new_test_user(
            cls.env,
            login="wx-test-integration",
            groups="wx_feedback.group_wx_feedback_user",
        )
        cls.key = cls.key_of(cls.integration)

    @classmethod
    def key_of(cls, user):
        return (
            cls.env["res.users.apikeys"]
            .with_user(user)
            ._generate(
                scope="rpc",
                name="ordering system",
                expiration_date=datetime.now() + timedelta(days=1),
            )
        )

    def call(self, body, key=None):
        headers = {"Content-Type": "application/json"}
        if key is not False:
            headers["Authorization"] = f"Bearer {key or self.key}"
        return self.url_open(
            "/json/2/wx.feedback/submit_feedback",
            data=json.dumps(body),
            headers=headers,
        )

    def body(self, **overrides):
        return {
            "order": self.order.name,
            "rating": 2,
            "rating_delivery": 1,
            "categories": ["delivery"],
            "text": "送晚了，午市前才到",
            "phone": "+86 139 0591 0318",
            "attachments": [{"name": "late.jpg", "data": self.b64(jpeg_bytes())}],
            "idempotency_key": "mini-program-0001",
            **overrides,
        }

    @mute_logger("odoo.http")
    def test_submit_and_retry(self):
        response = self.call(self.body())
        self.assertEqual(response.status_code, 200, response.text[:400])
        result = response.json()
        self.assertEqual(result["outcome"], "created")
        feedback = self.env["wx.feedback"].browse(result["id"])
        self.assertEqual(feedback.channel, "api")
        self.assertEqual(feedback.order_id, self.order)
        self.assertEqual(feedback.partner_id, self.customer_a)
        self.assertEqual(len(feedback.attachment_ids), 1)
        retry = self.call(self.body()).json()
        self.assertEqual((retry["id"], retry["outcome"]), (result["id"], "replayed"))
        self.assertEqual(len(feedback.attachment_ids), 1)
        conflict = self.call(self.body(rating=5))
        self.assertEqual(conflict.status_code, 409)
        self.assertIn("already used", conflict.json()["message"])
        self.assertEqual(feedback.rating, 2)

    @mute_logger("odoo.http")
    def test_field_level_errors(self):
        before = self.env["wx.feedback"].search_count([])
        response = self.call(
            self.body(
                order="S-NOPE",
                rating=6,
                text="x" * 2001,
                phone="123",
                categories=["spam"],
                attachments=[{"name": "a.jpg", "data": "not base64!"}],
                idempotency_key="",
            )
        )
        self.assertEqual(response.status_code, 422)
        errors = response.json()["arguments"][1]
        self.assertEqual(
            set(errors),
            {
                "order",
                "rating",
                "description",
                "phone",
                "categories",
                "attachments",
                "idempotency_key",
            },
        )
        self.assertEqual(self.env["wx.feedback"].search_count([]), before)

    @mute_logger("odoo.http")
    def test_contact_must_belong_to_the_order_customer(self):
        response = self.call(self.body(customer=self.customer_b.id))
        self.assertEqual(response.status_code, 422)
        self.assertIn("customer", response.json()["arguments"][1])
        ok = self.call(self.body(customer=self.contact_a.id, idempotency_key="k2"))
        self.assertEqual(ok.json()["outcome"], "created")

    @mute_logger("odoo.http")
    def test_wrong_caller(self):
        self.assertEqual(self.call(self.body(), key=False).status_code, 401)
        self.assertEqual(self.call(self.body(), key="wrong-key").status_code, 401)
        outsider = new_test_user(
            self.env, login="wx-test-outsider", groups="base.group_user"
        )
        response = self.call(self.body(), key=self.key_of(outsider))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.order.wx_feedback_ids)

    @mute_logger("odoo.http")
    def test_decompression_bomb_is_refused(self):
        bomb = {"name": "black.png", "data": self.b64(samples.png_bomb())}
        response = self.call(self.body(attachments=[bomb], idempotency_key="bomb"))
        self.assertEqual(response.status_code, 422)
        message = response.json()["arguments"][1]["attachments"]
        self.assertIn("13000 x 13000 pixels", message)
        self.assertFalse(self.order.wx_feedback_ids)
