# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import WxPushCommon

NUMBER = "+8613905910318"  # contact_a's stored mobile


class WxPushSmsCommon(WxPushCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "wx_sms_provider": "aliyun",
                "wx_sms_fallback": "tencent",
                "wx_sms_sign_name": "万象鲜果",
                "wx_aliyun_key_id": "ak-test",
                "wx_aliyun_secret": "sk-test",
                "wx_aliyun_endpoint": cls.fake.url + "/aliyun/",
                "wx_tencent_secret_id": "AKIDtest",
                "wx_tencent_secret_key": "tc-key",
                "wx_tencent_app_id": "1400000001",
                "wx_tencent_endpoint": cls.fake.url + "/tencent/",
            }
        )
        Mapping = cls.env["wx.push.sms.template"]
        Mapping.sudo().search([]).unlink()  # the demo's, for the same types
        langs = dict(cls.env["res.lang"].get_installed())
        for provider, code_zh, code_en in (
            ("aliyun", "SMS_THANKS_ZH", "SMS_THANKS_EN"),
            ("tencent", "2001", "2002"),
        ):
            Mapping.create(
                {
                    "provider": provider,
                    "message_type": "thanks",
                    "template_code": code_en,
                    "param_names": "order",
                }
            )
            if "zh_CN" in langs:
                Mapping.create(
                    {
                        "provider": provider,
                        "message_type": "thanks",
                        "lang": "zh_CN",
                        "template_code": code_zh,
                        "param_names": "order",
                    }
                )
        cls.zh = "zh_CN" in langs

    def setUp(self):
        super().setUp()
        self.fake.add_aliyun(
            "ak-test",
            "sk-test",
            ["万象鲜果"],
            {"SMS_THANKS_ZH": ["order"], "SMS_THANKS_EN": ["order"]},
        )
        self.fake.add_tencent(
            "AKIDtest", "tc-key", "1400000001", ["万象鲜果"], {"2001": 1, "2002": 1}
        )

    def thanks_sms(self, partner=None):
        """Queue the thanks SMS of a new feedback as wx_feedback does and run
        the SMS queue: (sms.sms, outbox row)."""
        order = self.delivered_order(self.customer_a)
        feedback = self.env["wx.feedback"].create(
            {
                "partner_id": (partner or self.contact_a).id,
                "order_id": order.id,
                "rating": 5,
            }
        )
        self.env["sms.sms"].search([("number", "=", NUMBER)]).unlink()
        feedback._wx_notify_customer(False, "wx_feedback.sms_template_reply_thanks")
        sms = self.env["sms.sms"].search([("number", "=", NUMBER)])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.wx_message_type, "thanks")
        sms.send(unlink_sent=False)
        message = self.env["wx.push.message"].search([("sms_uuid", "=", sms.uuid)])
        return sms, message, feedback


@tagged("post_install", "-at_install")
class TestSms(WxPushSmsCommon):
    def test_aliyun_sends_the_template_of_the_customers_language(self):
        sms, message, feedback = self.thanks_sms()
        self.assertEqual(sms.state, "process")
        self.assertEqual((message.state, message.sms_number), ("queued", NUMBER))
        self.assertEqual(message.dedupe_key, f"sms:{sms.uuid}")
        self.send()
        self.assertEqual(message.state, "sent")
        self.assertEqual(message.sms_provider, "aliyun")
        self.assertTrue(message.sms_ref)
        self.assertEqual(sms.state, "pending")
        [received] = self.fake.messages("aliyun")
        self.assertEqual(received["dest"], "13905910318")
        expected = "SMS_THANKS_ZH" if self.zh else "SMS_THANKS_EN"
        self.assertEqual(received["payload"]["TemplateCode"], expected)
        self.assertEqual(
            received["payload"]["TemplateParam"], {"order": feedback.order_id.name}
        )
        self.assertEqual(received["payload"]["OutId"], sms.uuid)
        # the queue run again: the same SMS is not queued twice
        sms.state = "outgoing"
        sms.send(unlink_sent=False)
        self.assertEqual(
            self.env["wx.push.message"].search_count([("sms_uuid", "=", sms.uuid)]), 1
        )
        # its receipt: delivered
        self.env["wx.push.message"]._wx_apply_receipts(
            self.company.id, [(sms.uuid, True)]
        )
        self.assertEqual(message.receipt_state, "delivered")
        self.assertEqual(sms.state, "sent")

    def test_english_customer_gets_the_english_template(self):
        self.customer_a.lang = "en_US"
        self.contact_a.lang = "en_US"
        _sms, message, _feedback = self.thanks_sms()
        self.send()
        self.assertEqual(message.state, "sent")
        self.assertEqual(
            self.fake.messages("aliyun")[0]["payload"]["TemplateCode"], "SMS_THANKS_EN"
        )

    def test_fallback_provider_on_a_retryable_failure(self):
        sms, message, _feedback = self.thanks_sms()
        self.fake.script("aliyun", ["busy"])
        self.send()
        self.assertEqual((message.state, message.sms_provider), ("sent", "tencent"))
        self.assertFalse(self.fake.messages("aliyun"))
        [received] = self.fake.messages("tencent")
        self.assertEqual(received["payload"]["SessionContext"], sms.uuid)
        self.assertEqual(received["payload"]["PhoneNumberSet"], [NUMBER])

    def test_lost_answer_waits_for_the_receipt_not_the_fallback(self):
        sms, message, _feedback = self.thanks_sms()
        self.fake.timeout_delivers = True  # Aliyun takes it, the answer is lost
        self.fake.script("aliyun", ["timeout"])
        self.send()
        self.assertEqual(message.state, "failed")
        self.assertIn(message.last_code, ("timeout", "no_answer"))
        self.assertGreater(
            message.next_attempt_at, fields.Datetime.now() + timedelta(minutes=9)
        )
        self.assertEqual(len(self.fake.messages("aliyun")), 1)
        self.assertFalse(self.fake.messages("tencent"), "maybe sent: no fallback")
        # the receipt says it went: sent, never sent again
        self.env["wx.push.message"]._wx_apply_receipts(
            self.company.id, [(sms.uuid, True)]
        )
        self.assertEqual((message.state, sms.state), ("sent", "sent"))
        self.make_due(message)
        self.send()
        self.assertEqual(len(self.fake.received), 1)

    def test_both_providers_down_is_retried_later(self):
        _sms, message, _feedback = self.thanks_sms()
        self.fake.script("aliyun", [("http", 502)])
        self.fake.script("tencent", [("http", 503)])
        self.send()
        self.assertEqual(message.state, "failed")
        self.make_due(message)
        self.send()
        self.assertEqual(message.state, "sent")
        self.assertEqual(len(self.fake.received), 1)

    def test_flow_control_is_not_retried_blindly_nor_sent_elsewhere(self):
        sms, message, _feedback = self.thanks_sms()
        self.fake.script("aliyun", [("code", "isv.BUSINESS_LIMIT_CONTROL")] * 2)
        self.send()
        self.assertEqual(message.state, "failed")
        self.assertGreater(
            message.next_attempt_at, fields.Datetime.now() + timedelta(minutes=59)
        )
        self.assertFalse(self.fake.received, "no fallback for a per-number limit")
        self.make_due(message)
        self.send()
        self.assertEqual(message.state, "dead")
        self.assertEqual(sms.state, "error")

    def test_permanent_refusal_is_a_dead_letter_and_an_sms_error(self):
        sms, message, _feedback = self.thanks_sms()
        self.fake.script("aliyun", [("code", "isv.SMS_TEMPLATE_ILLEGAL")])
        self.send()
        self.assertEqual(
            (message.state, message.last_code), ("dead", "isv.SMS_TEMPLATE_ILLEGAL")
        )
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_server"))
        self.assertFalse(self.fake.received)

    def test_opted_out_number_gets_nothing(self):
        self.env["phone.blacklist"].sudo().add(NUMBER)
        sms, message, _feedback = self.thanks_sms()
        self.assertFalse(message)
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_optout"))

    def test_without_a_mapping_the_sms_is_dead(self):
        self.env["wx.push.sms.template"].search([]).unlink()
        sms, message, _feedback = self.thanks_sms()
        self.send()
        self.assertEqual((message.state, message.last_code), ("dead", "no_template"))
        self.assertEqual(sms.state, "error")

    def test_odoo_provider_keeps_odoo_sms(self):
        self.company.wx_sms_provider = "odoo"
        self.assertEqual(self.company._get_sms_api_class().__name__, "SmsApi")
        self.company.wx_sms_provider = "tencent"
        self.assertEqual(self.company._get_sms_api_class().__name__, "SmsApiWxPush")


@tagged("post_install", "-at_install")
class TestSmsReceipts(WxPushSmsCommon, HttpCase):
    def queue_sms(self):
        return self.env["wx.push.message"]._wx_enqueue(
            [
                {
                    "name": "SMS thanks",
                    "body": "{}",
                    "event": "sms",
                    "channel": "sms",
                    "dedupe_key": "sms:0123456789abcdef0123456789abcdef",
                    "sms_uuid": "0123456789abcdef0123456789abcdef",
                    "sms_number": NUMBER,
                    "sms_type": "thanks",
                    "state": "sent",
                }
            ]
        )

    def post(self, url, data):
        return self.url_open(
            url, data=data, headers={"Content-Type": "application/json"}
        )

    def test_signed_receipts_update_the_message(self):
        message = self.queue_sms()
        url = self.company._wx_receipt_url("aliyun")
        path = url[url.index("/wx_push/") :]
        report = [
            {"out_id": message.sms_uuid, "success": True, "err_code": "DELIVERED"}
        ]
        response = self.post(path, json.dumps(report))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"code": 0, "msg": "接收成功"})
        self.assertEqual(message.receipt_state, "delivered")
        tencent = self.company._wx_receipt_url("tencent")
        tencent = tencent[tencent.index("/wx_push/") :]
        report = [{"ext": message.sms_uuid, "report_status": "FAIL", "errmsg": "x"}]
        response = self.post(tencent, json.dumps(report))
        self.assertEqual(response.json(), {"result": 0, "errmsg": "OK"})
        self.assertEqual(message.receipt_state, "failed")

    def test_bad_receipts_are_refused(self):
        message = self.queue_sms()
        url = self.company._wx_receipt_url("aliyun")
        path = url[url.index("/wx_push/") :]
        report = json.dumps([{"out_id": message.sms_uuid, "success": True}])
        forged = path[: path.rindex("/") + 1] + "0" * 64
        self.assertEqual(self.post(forged, report).status_code, 403)
        other = path.replace(f"/{self.company.id}/", f"/{self.company.id + 1000}/")
        self.assertEqual(self.post(other, report).status_code, 403)
        self.assertEqual(self.post(path, "not json").status_code, 400)
        self.assertEqual(self.post(path, json.dumps([{"x": 1}])).status_code, 400)
        self.assertEqual(
            self.post(path.replace("aliyun", "nope"), report).status_code, 404
        )
        self.assertFalse(message.receipt_state)
