# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import freeze_time, tagged

from .common import WxSlaCommon, utc


@tagged("post_install", "-at_install")
class TestSlaClock(WxSlaCommon):
    def ack_deadline(self, created_local):
        with freeze_time(utc(created_local)):
            ticket = self.new_ticket()
        self.assertEqual(ticket.wx_sla_policy_id, self.policy_logistics)
        return self.line(ticket, 1).deadline

    def test_acknowledge_across_lunch_break(self):
        # Monday 2026-11-23 11:50: 10 minutes before lunch, 5 after it
        self.assertEqual(self.ack_deadline("2026-11-23 11:50"), utc("2026-11-23 13:35"))

    def test_acknowledge_across_weekend(self):
        self.assertEqual(self.ack_deadline("2026-11-27 17:55"), utc("2026-11-30 08:40"))

    def test_acknowledge_across_public_holiday(self):
        # National Day: 2026-10-01..07 are holidays (Thursday 8th is worked)
        self.assertEqual(self.ack_deadline("2026-09-30 17:55"), utc("2026-10-08 08:40"))

    def test_acknowledge_on_make_up_saturday(self):
        # Saturday 2026-10-10 is a make-up working day
        self.assertEqual(self.ack_deadline("2026-10-09 17:55"), utc("2026-10-10 08:40"))

    def test_outside_hours_starts_at_next_opening(self):
        self.assertEqual(self.ack_deadline("2026-11-24 07:00"), utc("2026-11-24 08:45"))

    def test_solution_target_in_working_minutes(self):
        with freeze_time(utc("2026-11-23 10:24")):
            ticket = self.new_ticket()
        # 96 minutes before lunch, 24 after it
        self.assertEqual(self.line(ticket, 2).deadline, utc("2026-11-23 13:54"))
        self.assertEqual(ticket.wx_sla_deadline, self.line(ticket, 1).deadline)
        self.assertEqual(ticket.wx_sla_state, "running")

    def test_new_holiday_is_effective_at_once(self):
        self.env["wx.sla.holiday"].create(
            {
                "name": "Company day off",
                "date": "2026-11-24",
                "calendar_id": self.calendar.id,
            }
        )
        self.assertEqual(self.ack_deadline("2026-11-23 17:55"), utc("2026-11-25 08:40"))

    def test_pause_and_resume(self):
        with freeze_time(utc("2026-11-23 09:00")):
            ticket = self.new_ticket()
        ack = self.line(ticket, 1)
        with freeze_time(utc("2026-11-23 09:05")):
            ticket.stage_id = self.stage_waiting
        self.assertEqual(ack.state, "paused")
        self.assertEqual(ack.consumed_minutes, 5)
        self.assertFalse(ack.next_check_at, "a paused clock needs no cron")
        self.assertEqual(ticket.wx_sla_state, "paused")
        with freeze_time(utc("2026-11-23 10:00")):
            self.assertFalse(self.env["wx.sla.line"]._wx_process_due())
            ticket.stage_id = self.stage_progress
        self.assertEqual(ack.state, "running")
        self.assertEqual(ack.deadline, utc("2026-11-23 10:10"))
        with freeze_time(utc("2026-11-23 10:08")):
            ticket.with_user(self.user_logistics).message_post(
                body="已安排换货",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ack.state, "met")
        self.assertEqual(ack.consumed_minutes, 13)
        self.assertEqual(ack.attained, 1.0)

    def test_acknowledge_needs_a_public_answer_by_a_person(self):
        with freeze_time(utc("2026-11-23 09:00")):
            ticket = self.new_ticket()
        ack = self.line(ticket, 1)
        with freeze_time(utc("2026-11-23 09:02")):
            ticket.with_user(self.user_logistics).message_post(
                body="internal", message_type="comment", subtype_xmlid="mail.mt_note"
            )
            ticket.message_post(
                body="customer",
                author_id=self.contact_a.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            ticket.with_user(self.env.ref("base.user_root")).message_post(
                body="bot", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            ticket.with_user(self.user_logistics).message_post(
                body="mail",
                message_type="notification",
                subtype_xmlid="mail.mt_comment",
            )
            # an automatic reply (e.g. a stage template) sent as the agent
            ticket.with_user(self.user_logistics).message_post(
                body="auto",
                message_type="auto_comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertFalse(ack.reached_at)
        with freeze_time(utc("2026-11-23 09:04")):
            ticket.with_user(self.user_logistics).message_post(
                body="您好，我们马上处理",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ack.reached_at, utc("2026-11-23 09:04"))
        self.assertEqual(ack.state, "met")
        self.assertFalse(self.line(ticket, 2).reached_at, "answering is not solving")

    def test_solved_stage_reaches_the_solution(self):
        with freeze_time(utc("2026-11-23 09:00")):
            ticket = self.new_ticket()
        with freeze_time(utc("2026-11-23 10:30")):
            ticket.stage_id = self.stage_done
        solution = self.line(ticket, 2)
        self.assertEqual(solution.state, "met")
        self.assertEqual(solution.consumed_minutes, 90)
        # nobody answered within 15 minutes: solving closes the clock late
        self.assertEqual(self.line(ticket, 1).state, "breached")
        self.assertEqual(ticket.wx_sla_state, "breached")

    def test_breach_then_late_success_stays_breached(self):
        with freeze_time(utc("2026-11-23 09:00")):
            ticket = self.new_ticket()
        ack = self.line(ticket, 1)
        with freeze_time(utc("2026-11-23 09:16")):
            self.env["wx.sla.line"]._wx_process_due()
        self.assertEqual(ack.state, "breached")
        self.assertTrue(ack.is_overdue is False, "overdue is for running clocks")
        with freeze_time(utc("2026-11-23 09:30")):
            ticket.with_user(self.user_logistics).message_post(
                body="抱歉久等", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(ack.reached_at, utc("2026-11-23 09:30"))
        self.assertEqual(ack.state, "breached", "a breach is a permanent fact")
        self.assertEqual(ack.attained, 0.0)
        self.assertEqual(ack.consumed_minutes, 30)

    def test_late_answer_before_the_cron_is_a_breach(self):
        with freeze_time(utc("2026-11-23 09:00")):
            ticket = self.new_ticket()
        with freeze_time(utc("2026-11-23 09:20")):
            ticket.with_user(self.user_logistics).message_post(
                body="late", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(self.line(ticket, 1).state, "breached")

    def test_team_reassignment_switches_policy(self):
        with freeze_time(utc("2026-11-23 09:00")):
            ticket = self.new_ticket()
        with freeze_time(utc("2026-11-23 09:05")):
            ticket.team_id = self.team_purchasing
        self.assertEqual(ticket.wx_sla_policy_id, self.policy_purchasing)
        ack, solution = self.line(ticket, 1), self.line(ticket, 2)
        self.assertEqual(len(ticket.wx_sla_line_ids), 2, "lines move, none is added")
        self.assertEqual((ack.minutes, solution.minutes), (30, 240))
        self.assertEqual(ack.policy_id, self.policy_purchasing)
        # 5 minutes used under the old policy count against the new target
        self.assertEqual(ack.deadline, utc("2026-11-23 09:30"))
        self.assertEqual(ack.start_at, utc("2026-11-23 09:00"))

    def test_reassignment_keeps_met_and_breached_facts(self):
        with freeze_time(utc("2026-11-23 09:00")):
            ticket = self.new_ticket()
        with freeze_time(utc("2026-11-23 09:20")):
            self.env["wx.sla.line"]._wx_process_due()
            ticket.team_id = self.team_purchasing
        ack = self.line(ticket, 1)
        self.assertEqual(ack.state, "breached")
        self.assertEqual(
            ack.policy_id, self.policy_logistics, "the breach stays as it was"
        )
        self.assertEqual(self.line(ticket, 2).policy_id, self.policy_purchasing)

    def test_team_without_policy_keeps_no_open_clock(self):
        other_team = self.env["helpdesk.ticket.team"].create({"name": "No SLA (test)"})
        self.env["wx.sla.policy"].search(
            [("id", "not in", (self.policy_logistics | self.policy_purchasing).ids)]
        ).active = False
        with freeze_time(utc("2026-11-23 09:00")):
            ticket = self.new_ticket()
            ticket.team_id = other_team
        self.assertFalse(ticket.wx_sla_policy_id)
        # open clocks of the old policy no longer apply: no breach will follow
        self.assertFalse(ticket.wx_sla_line_ids)
        self.assertFalse(ticket.wx_sla_state)

    def test_priority_and_category_conditions(self):
        feedback = self.env["wx.feedback"].create(
            {
                "partner_id": self.customer_a.id,
                "rating": 2,
                "category_ids": [Command.set(self.categories["freshness"].ids)],
                "description": "草莓发霉",
            }
        )
        urgent = self.env["wx.sla.policy"].create(
            {
                "name": "Urgent freshness (test)",
                "sequence": 0,
                "calendar_id": self.calendar.id,
                "category_ids": [Command.set(self.categories["freshness"].ids)],
                "min_priority": "2",
                "target_ids": [
                    Command.create({"level": 1, "name": "Ack", "minutes": 5}),
                ],
            }
        )
        with freeze_time(utc("2026-11-23 09:00")):
            low = self.new_ticket(priority="1", wx_feedback_id=feedback.id)
            high = self.new_ticket(priority="2", wx_feedback_id=feedback.id)
            plain = self.new_ticket(priority="3")
        self.assertEqual(low.wx_sla_policy_id, self.policy_logistics)
        self.assertEqual(high.wx_sla_policy_id, urgent)
        self.assertEqual(self.line(high, 1).deadline, utc("2026-11-23 09:05"))
        self.assertFalse(self.line(high, 2), "the urgent policy has one level")
        self.assertEqual(plain.wx_sla_policy_id, self.policy_logistics)
        with freeze_time(utc("2026-11-23 09:01")):
            low.priority = "3"
        self.assertEqual(low.wx_sla_policy_id, urgent)
        self.assertFalse(self.line(low, 2), "levels the new policy lacks are dropped")
        self.assertEqual(self.line(low, 1).deadline, utc("2026-11-23 09:05"))
