# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json
import zipfile

from odoo.tests import tagged

from odoo.addons.wx_feedback.tools import personal_data as pd_tools

from .common import WxChurnCommon
from .test_coupon import TestWinBackCoupon


@tagged("post_install", "-at_install")
class TestChurnPersonalData(WxChurnCommon):
    """wx_churn's part of a data-subject request: the alerts and tier history
    in the export, the alert notes in the erasure, and the marketing consent
    of the win-back coupon."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_tier(cls.customer_a, 300_000)
        cls.fruit = cls.env["product.product"].create(
            {"name": "阳光玫瑰葡萄 (test)", "type": "consu", "list_price": 35.0}
        )

    raise_alert = TestWinBackCoupon.raise_alert

    def sms_of(self, alert):
        return self.env["sms.sms"].search(
            [
                ("mail_message_id.model", "=", "wx.churn.alert"),
                ("mail_message_id.res_id", "=", alert.id),
            ]
        )

    def test_withdrawn_marketing_sms_consent_stops_the_coupon_sms(self):
        self.contact_a.email = "zhou@yonghui.example.com"
        self.env["wx.consent"]._wx_set(
            self.contact_a, {("sms", "marketing"): False}, "portal"
        )
        alert = self.raise_alert()
        self.assertTrue(alert.coupon_id, "the coupon is issued")
        self.assertFalse(self.sms_of(alert), "but not texted")
        self.assertTrue(
            self.env["mail.mail"].search(
                [("model", "=", "wx.churn.alert"), ("res_id", "=", alert.id)]
            ),
            "the email consent stands",
        )

    def test_export_and_erasure_of_an_individual_customer(self):
        person = self.env["res.partner"].create(
            {"name": "王小明", "phone": "13700137000", "lang": "zh_CN"}
        )
        self.make_tier(person, 300_000)
        alert = self.raise_alert(person)
        self.assertEqual(alert.partner_id, person)
        alert.outcome_note = "拜访了王先生，他说下次还买"
        other = self.raise_alert()
        payload = self.env["wx.personal.data"]._wx_export_zip(person)
        document = json.loads(
            zipfile.ZipFile(io.BytesIO(payload)).read(pd_tools.JSON_NAME)
        )
        self.assertEqual([a["id"] for a in document["churn_alerts"]], alert.ids)
        self.assertIn("拜访", document["churn_alerts"][0]["outcome_note"])
        self.assertTrue(document["tier_history"])
        self.assertNotIn(other.name, json.dumps(document, ensure_ascii=False))

        self.env["wx.personal.data"]._wx_erase(person)
        self.assertFalse(alert.outcome_note)
        self.assertTrue(alert.coupon_id, "the facts stay")
        self.assertEqual(alert.streak_length, 3)
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "wx.churn.alert"),
                ("mail_message_id.res_id", "=", alert.id),
            ]
        )
        self.assertNotIn(
            "拜访", " ".join(filter(None, tracked.mapped("old_value_char")))
        )
