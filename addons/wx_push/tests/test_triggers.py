# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import WxPushCommon


@tagged("post_install", "-at_install")
class TestTriggers(WxPushCommon):
    def queued(self, event, record):
        return self.env["wx.push.message"].search(
            [
                ("event", "=", event),
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
            ]
        )

    def test_vip_feedback_alerts_the_company_wide_robot(self):
        self.robot.team_ids = False  # every team, the VIP line included
        feedback = self.env["wx.feedback"].create(
            {
                "partner_id": self.contact_a.id,
                "rating": 5,
                "description": "很好",
                "wx_tier_id": self.env.ref("wx_churn.wx_churn_tier_vip").id,
            }
        )
        self.assertNotEqual(feedback.nlp_urgency, "high")
        messages = self.queued("vip", feedback)
        self.assertEqual(messages.destination_id, self.robot)
        self.assertIn(feedback.name, messages.name)
        # a standard customer's calm feedback alerts nobody
        calm = self.env["wx.feedback"].create(
            {"partner_id": self.contact_a.id, "rating": 5, "description": "很好"}
        )
        self.assertFalse(
            self.env["wx.push.message"].search(
                [("res_id", "=", calm.id), ("res_model", "=", "wx.feedback")]
            )
        )

    def test_destination_events_can_be_switched_off(self):
        self.robot.team_ids = False
        self.robot.notify_vip = False
        feedback = self.env["wx.feedback"].create(
            {
                "partner_id": self.contact_a.id,
                "rating": 5,
                "wx_tier_id": self.env.ref("wx_churn.wx_churn_tier_vip").id,
            }
        )
        self.assertFalse(self.queued("vip", feedback))

    def test_churn_alert_is_pushed(self):
        self.robot.team_ids = False
        alert = self.env["wx.churn.alert"].create({"partner_id": self.customer_a.id})
        [message] = self.queued("churn", alert)
        self.assertIn(alert.name, message.name)
        self.send()
        self.assertEqual(message.state, "sent")
        self.assertIn(
            f"/odoo/wx.churn.alert/{alert.id}",
            self.fake.messages("wecom_robot")[0]["text"],
        )

    def test_weekly_review_summary_is_pushed(self):
        self.robot.write({"team_ids": False, "notify_review": True})
        review = self.env["wx.sla.review"]._wx_generate("2026-11-16")
        review._wx_schedule_manager_activities()
        [message] = self.queued("review", review)
        self.assertIn(review.name, message.name)
        self.send()
        self.assertEqual(message.state, "sent")

    def test_the_link_of_an_order_by_sms_and_to_my_wecom(self):
        order = self.delivered_order(self.customer_a)
        wizard = self.env["wx.feedback.link.wizard"].create(
            {"order_id": order.id, "partner_id": self.contact_a.id}
        )
        self.assertTrue(wizard.url)
        wizard.action_send_sms()
        sms = self.env["sms.sms"].search([("wx_message_type", "=", "link")])
        self.assertEqual(sms.number, "+8613905910318", "the stored mobile")
        self.assertEqual(sms.wx_params, {"order": order.name, "url": wizard.url})
        self.assertIn(wizard.url, sms.body)
        # to the user's own WeCom, to forward
        self.env.user.wx_wecom_userid = "lijianguo"
        wizard.action_send_wecom()
        self.send()
        [received] = self.fake.messages("wecom_app", "lijianguo")
        self.assertIn(wizard.url, received["text"])
        # a contact without a mobile: refused, nothing queued
        stranger = self.env["res.partner"].create(
            {"name": "无手机", "parent_id": self.customer_a.id}
        )
        wizard.partner_id = stranger
        with self.assertRaises(UserError):
            wizard.action_send_sms()
        self.assertEqual(
            self.env["sms.sms"].search_count([("wx_message_type", "=", "link")]), 1
        )

    def test_the_link_needs_the_feedback_user_group(self):
        order = self.delivered_order(self.customer_a)
        wizard = self.env["wx.feedback.link.wizard"].create(
            {"order_id": order.id, "partner_id": self.contact_a.id}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.internal).action_send_sms()
        self.assertFalse(self.env["sms.sms"].search([("wx_message_type", "=", "link")]))
