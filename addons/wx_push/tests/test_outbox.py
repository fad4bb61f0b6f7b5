# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from odoo.addons.wx_sla.tests.common import utc
from odoo.addons.wx_sla.tests.test_sla_escalation import ladder

from ..tools import backoff, clients
from .common import WxPushCommon


@tagged("post_install", "-at_install")
class TestOutbox(WxPushCommon):
    def urgent_feedback(self):
        order = self.delivered_order(self.customer_a)
        return self.env["wx.feedback"].create(
            {
                "partner_id": self.contact_a.id,
                "order_id": order.id,
                "rating": 4,
                "description": "一箱草莓一半都发霉了，今天必须换",
                "category_ids": [(6, 0, self.categories["delivery"].ids)],
            }
        )

    def test_urgent_feedback_reaches_the_team_robot_and_leader_once(self):
        feedback = self.urgent_feedback()
        self.assertEqual(feedback.nlp_urgency, "high")
        messages = self.env["wx.push.message"].search(
            [("res_model", "=", "wx.feedback"), ("res_id", "=", feedback.id)]
        )
        # the team's robot and its leader through the app; not the
        # purchasing team's DingTalk robot
        self.assertEqual(messages.destination_id, self.robot | self.app)
        self.assertEqual(set(messages.mapped("state")), {"queued"})
        self.assertIn(f"/odoo/wx.feedback/{feedback.id}", messages[0].url)
        self.send()
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        robot_calls = self.fake.messages("wecom_robot", "robot-logistics")
        self.assertEqual(len(robot_calls), 1)
        self.assertIn(feedback.name, robot_calls[0]["text"])
        self.assertEqual(len(self.fake.messages("wecom_app", "lijianguo")), 1)
        # the same event again, the sender again: nothing twice
        feedback._wx_push_alerts()
        self.send()
        self.assertEqual(len(self.fake.received), 2)
        self.assertEqual(
            self.env["wx.push.message"].search_count(
                [("res_model", "=", "wx.feedback"), ("res_id", "=", feedback.id)]
            ),
            2,
        )

    def test_retryable_error_backs_off_then_sends(self):
        message = self.queue(self.robot)
        self.fake.script("wecom_robot", [("http", 502)])
        before = fields.Datetime.now()
        self.send()
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.attempts, 1)
        self.assertEqual(message.last_code, "http_502")
        self.assertGreaterEqual(message.next_attempt_at, before + timedelta(seconds=4))
        self.send()  # not due yet
        self.assertEqual(message.attempts, 1)
        self.fake.script("wecom_robot", ["busy"])
        self.make_due(message)
        self.send()
        self.assertEqual((message.state, message.last_code), ("failed", "-1"))
        self.make_due(message)
        self.send()
        self.assertEqual(message.state, "sent")
        self.assertEqual(len(self.fake.received), 1)

    def test_timeout_is_retried(self):
        message = self.queue(self.robot)
        self.fake.script("wecom_robot", ["timeout"])
        with patch.object(clients, "TIMEOUT_S", 0.2):
            self.send()
        # Odoo's test runner raises every requests timeout to 10 s: the
        # client sees the fake drop the connection (no_answer) instead of
        # its own timeout (tests/pure checks that one); either way no answer
        # came, and the message waits for a retry
        self.assertEqual(message.state, "failed")
        self.assertIn(message.last_code, ("timeout", "no_answer"))
        self.assertFalse(self.fake.received)

    def test_permanent_error_is_a_dead_letter_a_manager_retries(self):
        message = self.queue(self.robot)
        self.fake.script("wecom_robot", [("code", 93000)])
        self.send()
        self.assertEqual((message.state, message.last_code), ("dead", "93000"))
        with self.assertRaises(AccessError):
            message.with_user(self.user_logistics).action_retry()
        with self.assertRaises(AccessError):
            message.with_user(self.portal).action_retry()
        self.assertEqual(message.state, "dead")
        message.with_user(self.manager).action_retry()
        self.assertEqual((message.state, message.attempts), ("queued", 0))
        self.send()
        self.assertEqual(message.state, "sent")

    def test_too_many_failures_end_in_the_dead_letters(self):
        message = self.queue(self.robot)
        for _attempt in range(backoff.MAX_ATTEMPTS):
            self.fake.script("wecom_robot", [("http", 503)])
            self.make_due(message)
            self.send()
        self.assertEqual((message.state, message.attempts), ("dead", 8))
        self.assertFalse(self.fake.received)

    def test_rate_limit_merges_into_digests_and_loses_nothing(self):
        messages = self.queue(self.robot, 45, prefix="FB")
        self.send()
        for _round in range(3):
            self.make_due(messages.filtered(lambda m: m.state != "sent"))
            self.send()
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        calls = self.fake.messages("wecom_robot")
        self.assertLessEqual(len(calls), 20)
        self.assertEqual(self.fake.rate_violations, 0)
        tokens = self.fake.tokens(r"FB\d{5}")
        self.assertEqual(sorted(tokens), sorted(messages.mapped("name")))
        merged = messages.filtered("digest_id")
        self.assertTrue(merged, "the last calls carried digests")

    def test_rate_limit_holds_the_rest_when_the_window_is_full(self):
        self.robot.rate_limit = 2
        messages = self.queue(self.robot, 1, prefix="A")
        self.send()
        more = self.queue(self.robot, 1, prefix="B")
        self.send()
        third = self.queue(self.robot, 1, prefix="C")
        self.send()
        self.assertEqual((messages | more).mapped("state"), ["sent", "sent"])
        self.assertEqual(third.state, "queued")
        self.assertGreater(third.next_attempt_at, fields.Datetime.now())
        self.assertEqual(len(self.fake.received), 2)
        self.assertEqual(self.fake.rate_violations, 0)

    def test_dingtalk_throttle_blocks_the_robot_ten_minutes(self):
        message = self.queue(self.dingtalk, prefix="Feedback")
        self.fake.script("dingtalk", [("code", 130101)])
        self.send()
        self.assertEqual((message.state, message.last_code), ("failed", "130101"))
        self.assertGreater(
            self.dingtalk.blocked_until, fields.Datetime.now() + timedelta(seconds=590)
        )
        self.make_due(message)
        self.send()  # still blocked: not even tried
        self.assertEqual(message.attempts, 1)
        self.dingtalk.blocked_until = False
        self.make_due(message)
        self.send()
        self.assertEqual(message.state, "sent")
        received = self.fake.messages("dingtalk")
        self.assertEqual(len(received), 1, "signed with 加签 and carrying a keyword")

    def test_wecom_app_token_is_cached_and_refreshed(self):
        first = self.queue(self.app, prefix="X")
        self.send()
        self.assertEqual(first.state, "sent")
        token = self.app.sudo().access_token
        self.assertTrue(token)
        self.fake.expire_wecom_tokens()
        second = self.queue(self.app, prefix="Y")
        self.send()
        self.assertEqual(second.state, "sent")
        self.assertNotEqual(self.app.sudo().access_token, token)
        self.assertEqual(len(self.fake.messages("wecom_app", "lijianguo")), 2)

    def test_a_stale_sending_row_is_sent_again_after_its_lease(self):
        message = self.queue(self.robot)
        message.write(
            {
                "state": "sending",
                "sending_since": fields.Datetime.now() - timedelta(minutes=1),
            }
        )
        self.send()
        self.assertEqual(message.state, "sending", "within its lease")
        message.sending_since = fields.Datetime.now() - timedelta(minutes=5)
        self.send()
        self.assertEqual(message.state, "sent")

    def test_secrets_are_for_system_administrators(self):
        robot = self.robot.with_user(self.manager)
        self.assertEqual(robot.name, "物流组群")
        with self.assertRaises(AccessError):
            robot.read(["key"])
        with self.assertRaises(AccessError):
            self.env["wx.push.destination"].with_user(self.user_logistics).search([])


@tagged("post_install", "-at_install")
class TestSlaChatStep(WxPushCommon):
    def test_the_ladder_chat_step_posts_to_the_team_robot(self):
        manager_group = self.env["res.groups"].create({"name": "SLA bosses (push)"})
        ladder(self.env, self.policy_logistics, manager_group)
        with freeze_time(utc("2026-11-23 09:00")):
            ticket = self.new_ticket()
        with freeze_time(utc("2026-11-23 09:15")):
            self.env["wx.sla.line"]._wx_process_due()
        line = ticket.wx_sla_line_ids.filtered(lambda x: x.level == 1)
        self.assertIn(
            "posted to the team chat", " ".join(line.log_ids.mapped("summary"))
        )
        messages = self.env["wx.push.message"].search(
            [("event", "=", "sla"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(messages.destination_id, self.robot | self.app)
        self.send()
        text = self.fake.messages("wecom_robot", "robot-logistics")[0]["text"]
        self.assertIn(ticket.number, text)
        self.assertIn(f"/odoo/helpdesk.ticket/{ticket.id}", text)
        # the cron again: the step fired once, so nothing more is queued
        with freeze_time(utc("2026-11-23 09:16")):
            self.env["wx.sla.line"]._wx_process_due()
        self.assertEqual(
            self.env["wx.push.message"].search_count(
                [("event", "=", "sla"), ("res_id", "=", ticket.id)]
            ),
            2,
        )
