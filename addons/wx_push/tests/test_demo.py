# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import WxPushCommon

NUMBER = "+8613905910318"  # contact_a's stored mobile


@tagged("post_install", "-at_install")
class TestDemoServices(WxPushCommon):
    """``./wxf run`` points the demo database at the local fakes and SMTP
    sink (res.company._wx_demo_use_local_services)."""

    def configure(self):
        return self.env["res.company"]._wx_demo_use_local_services(
            self.fake.url, 2525, "http://127.0.0.1:8970"
        )

    def test_outside_the_demo_the_production_endpoints_stay(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.wx_sms_provider, "odoo")
        self.assertFalse(company.wx_aliyun_endpoint)
        robot = self.env.ref("wx_push.wx_push_destination_robot_logistics_demo")
        self.assertFalse(robot.active)
        self.assertFalse(robot.base_url)

    def test_points_mail_sms_and_robots_at_the_local_services(self):
        mail = self.env["mail.mail"].create(
            {"subject": "x", "email_to": "a@example.com", "body_html": "<p>x</p>"}
        )
        mail.write({"state": "exception", "failure_reason": "no server"})
        accounts = self.configure()
        self.configure()  # a second start reuses what the first created
        server = self.env["ir.mail_server"].search([("name", "=", "Demo SMTP sink")])
        self.assertEqual(len(server), 1)
        self.assertEqual((server.smtp_host, server.smtp_port), ("127.0.0.1", 2525))
        self.assertEqual(mail.state, "outgoing")
        company = self.env.ref("base.main_company")
        self.assertEqual(
            (company.wx_sms_provider, company.wx_sms_fallback), ("aliyun", "tencent")
        )
        self.assertEqual(company.wx_aliyun_endpoint, self.fake.url + "/aliyun/")
        self.assertEqual(company.wx_tencent_endpoint, self.fake.url + "/tencent/")
        robot = self.env.ref("wx_push.wx_push_destination_robot_logistics_demo")
        self.assertTrue(robot.active)
        self.assertEqual(robot.base_url, self.fake.url)
        self.assertEqual(len(accounts["wecom_robots"]), 4)
        self.assertEqual(accounts["dingtalk"][0]["token"], "demo-ding-managers")
        self.assertEqual(accounts["aliyun"]["templates"]["SMS_468003"], ["content"])
        self.assertEqual(accounts["tencent"]["templates"]["190003"], 1)
        self.assertIn(
            "http://127.0.0.1:8970/wx_push/sms/receipt/aliyun/",
            accounts["aliyun"]["receipt_url"],
        )

    def test_a_demo_sms_reaches_the_fake_with_its_rendered_text(self):
        accounts = self.configure()
        aliyun = accounts["aliyun"]
        self.fake.add_aliyun(
            aliyun["key_id"], aliyun["secret"], aliyun["signs"], aliyun["templates"]
        )
        sms = (
            self.env["sms.sms"]
            .with_context(wx_sms_type="thanks")
            .create(
                {
                    "number": NUMBER,
                    "body": "感谢您的评价 demo-1",
                    "partner_id": self.contact_a.id,
                    "state": "outgoing",
                }
            )
        )
        sms.send(unlink_sent=False)
        self.send()
        [received] = self.fake.messages("aliyun")
        self.assertEqual(received["payload"]["TemplateCode"], "SMS_468003")
        self.assertIn("感谢您的评价 demo-1", received["text"])
        self.assertEqual(sms.state, "pending")
        message = self.env["wx.push.message"].search([("sms_uuid", "=", sms.uuid)])
        self.assertEqual(message.text, "感谢您的评价 demo-1")
