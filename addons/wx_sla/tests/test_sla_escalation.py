# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.tests import TransactionCase, freeze_time, tagged

from .common import WxSlaCommon, service_calendar, sla_policy, utc


def ladder(env, policy, manager_group):
    ack = policy.target_ids.filtered(lambda t: t.level == 1)
    return env["wx.sla.escalation"].create(
        [
            {
                "policy_id": policy.id,
                "target_id": ack.id,
                "sequence": 1,
                "trigger": "before",
                "offset_minutes": 5,
                "notify_assignee": True,
            },
            {
                "policy_id": policy.id,
                "target_id": ack.id,
                "sequence": 2,
                "trigger": "at",
                "notify_assignee": False,
                "assign_leader": True,
                "raise_priority": True,
                "post_chat": True,
            },
            {
                "policy_id": policy.id,
                "target_id": ack.id,
                "sequence": 3,
                "trigger": "after",
                "offset_minutes": 10,
                "notify_assignee": False,
                "group_ids": [Command.set(manager_group.ids)],
            },
        ]
    )


@tagged("post_install", "-at_install")
class TestSlaEscalation(WxSlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_group = cls.env["res.groups"].create({"name": "SLA bosses (test)"})
        cls.boss = cls.env["res.users"].create(
            {
                "name": "Boss (test)",
                "login": "wx_sla-test-boss",
                "email": "boss@example.com",
                "group_ids": [
                    Command.set(
                        [cls.env.ref("base.group_user").id, cls.manager_group.id]
                    )
                ],
            }
        )
        cls.steps = ladder(cls.env, cls.policy_logistics, cls.manager_group)

    def run_cron(self, local):
        with freeze_time(utc(local)):
            return self.env["wx.sla.line"]._wx_process_due()

    def notified(self, ticket, partner):
        """Alert messages sent to ``partner`` that name ``ticket``."""
        return self.env["mail.message"].search_count(
            [
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", partner.ids),
                ("body", "ilike", f'/odoo/helpdesk.ticket/{ticket.id}"'),
            ]
        )

    def test_ladder_fires_each_step_once_in_order(self):
        with freeze_time(utc("2026-11-23 09:00")):
            ticket = self.new_ticket()
        ack = self.line(ticket, 1)
        self.assertEqual(ack.next_check_at, utc("2026-11-23 09:10"))
        self.assertFalse(self.run_cron("2026-11-23 09:09"), "nothing due yet")

        self.run_cron("2026-11-23 09:10")
        self.assertEqual(ack.log_ids.step_id, self.steps[0])
        self.assertEqual(ack.state, "running")
        # unassigned: the warning goes to the team leader
        self.assertEqual(self.notified(ticket, self.leader.partner_id), 1)
        self.assertEqual(ack.next_check_at, utc("2026-11-23 09:15"))
        self.run_cron("2026-11-23 09:12")
        self.assertEqual(len(ack.log_ids), 1)

        with patch.object(
            type(self.env["wx.sla.escalation"]), "_wx_post_chat", return_value=True
        ) as chat:
            self.run_cron("2026-11-23 09:15")
        self.assertEqual(ack.state, "breached")
        self.assertEqual(ticket.user_id, self.leader)
        self.assertEqual(ticket.priority, "2")
        chat.assert_called_once()
        self.assertIn("SLA breached", chat.call_args.args[1])
        self.assertIn(
            "posted to the team chat",
            ack.log_ids.filtered(lambda log: log.step_id == self.steps[1]).summary,
        )
        self.assertEqual(ack.next_check_at, utc("2026-11-23 09:25"))

        self.run_cron("2026-11-23 09:40")
        self.assertEqual(ack.log_ids.step_id, self.steps)
        self.assertEqual(self.notified(ticket, self.boss.partner_id), 1)
        self.assertFalse(ack.next_check_at, "every step fired, breach marked")
        self.run_cron("2026-11-23 10:40")
        self.assertEqual(len(ack.log_ids), 3)
        self.assertEqual(len(ticket.wx_sla_escalation_log_ids), 3)
        notes = ticket.message_ids.filtered(lambda m: "Escalation" in (m.body or ""))
        self.assertEqual(len(notes), 3, "each step is logged on the ticket")

    def test_alerts_reach_inbox_users_by_email_too_in_their_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.leader.write(
            {
                "notification_type": "inbox",
                "email": "leader@example.com",
                "lang": "zh_CN",
            }
        )
        with freeze_time(utc("2026-11-23 09:00")):
            ticket = self.new_ticket()
        self.run_cron("2026-11-23 09:10")
        self.assertEqual(self.notified(ticket, self.leader.partner_id), 1)
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.leader.partner_id.ids)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(ticket.number, mail.body_html)
        self.assertEqual(mail.subject, "SLA 提醒：1 个工单")
        self.assertEqual(mail.state, "outgoing", "queued, never sent from the cron")

    def test_escalation_notes_in_the_company_language(self):
        """The cron runs in English; the note on the ticket and the ledger's
        summary are written in the language of the ticket's company."""
        self.env["res.lang"]._activate_lang("zh_CN")
        for lang, (warning, escalation, notified) in (
            ("zh_CN", ("SLA 预警", "升级：", "已通知")),
            ("es_ES", ("Aviso de SLA", "Escalado:", "notificado a")),
        ):
            with self.subTest(lang=lang):
                self.env.company.partner_id.lang = lang
                with freeze_time(utc("2026-11-23 09:00")):
                    ticket = self.new_ticket()
                with freeze_time(utc("2026-11-23 09:10")):
                    self.env["wx.sla.line"].with_context(lang="en_US")._wx_process_due()
                note = ticket.message_ids.filtered(
                    lambda m, word=escalation: word in (m.body or "")
                )
                self.assertEqual(len(note), 1)
                self.assertIn(warning, note.body)
                self.assertNotIn("Escalation", note.body)
                self.assertIn(notified, self.line(ticket, 1).log_ids.summary)

    def test_one_alert_per_recipient_per_batch(self):
        with freeze_time(utc("2026-11-23 09:00")):
            tickets = self.new_ticket() | self.new_ticket() | self.new_ticket()
        alerts = self.env["mail.message"].search_count(
            [("partner_ids", "in", self.leader.partner_id.ids)]
        )
        self.run_cron("2026-11-23 09:10")
        messages = self.env["mail.message"].search(
            [("partner_ids", "in", self.leader.partner_id.ids)]
        )
        self.assertEqual(len(messages) - alerts, 1, "one digest for three tickets")
        for ticket in tickets:
            self.assertEqual(self.notified(ticket, self.leader.partner_id), 1)
            self.assertIn("Escalation", ticket.message_ids[0].body)

    def test_late_cron_fires_overdue_steps_together(self):
        with freeze_time(utc("2026-11-23 09:00")):
            ticket = self.new_ticket()
        self.run_cron("2026-11-23 11:00")
        self.assertEqual(self.line(ticket, 1).log_ids.step_id, self.steps)

    def test_reached_and_paused_lines_do_not_escalate(self):
        with freeze_time(utc("2026-11-23 09:00")):
            answered = self.new_ticket()
            waiting = self.new_ticket()
        with freeze_time(utc("2026-11-23 09:03")):
            answered.with_user(self.user_logistics).message_post(
                body="收到", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            waiting.stage_id = self.stage_waiting
        self.run_cron("2026-11-23 12:00")
        self.assertFalse(self.line(answered, 1).log_ids)
        self.assertFalse(self.line(waiting, 1).log_ids)
        self.assertEqual(self.line(waiting, 1).state, "paused")

    def test_raise_priority_stops_at_the_top(self):
        with freeze_time(utc("2026-11-23 09:00")):
            ticket = self.new_ticket(priority="3")
        self.run_cron("2026-11-23 09:15")
        self.assertEqual(ticket.priority, "3")
        summary = (
            self.line(ticket, 1)
            .log_ids.filtered(lambda log: log.step_id == self.steps[1])
            .summary
        )
        self.assertNotIn("priority", summary)


@tagged("post_install", "-at_install")
class TestSlaConcurrentCron(TransactionCase):
    """Two cron workers on committed data, each in its own transaction."""

    def setUp(self):
        super().setUp()
        self.dbname = self.env.cr.dbname
        with self.real_env() as env:
            calendar = service_calendar(env, "Concurrency calendar (test)")
            team = env["helpdesk.ticket.team"].create(
                {"name": "Concurrency team (test)"}
            )
            policy = sla_policy(
                env, "Concurrency policy (test)", calendar, team, sequence=0
            )
            group = env["res.groups"].create({"name": "Concurrency bosses (test)"})
            steps = ladder(env, policy, group)
            with freeze_time(utc("2026-11-23 09:00")):
                tickets = env["helpdesk.ticket"].create(
                    [
                        {
                            "name": f"concurrency {i}",
                            "description": "x",
                            "team_id": team.id,
                        }
                        for i in range(3)
                    ]
                )
            self.ids = {
                "calendar": calendar.id,
                "team": team.id,
                "policy": policy.id,
                "group": group.id,
                "steps": steps.ids,
                "tickets": tickets.ids,
            }
        self.addCleanup(self.cleanup)

    def real_env(self):
        """A context manager: superuser env on a new committed cursor."""
        outer = self

        class _Env:
            def __enter__(self):
                self.cr = sql_db.db_connect(outer.dbname).cursor()
                return api.Environment(self.cr, SUPERUSER_ID, {})

            def __exit__(self, exc_type, *_):
                if exc_type is None:
                    # a separate worker's own transaction, like a cron job's
                    self.cr.commit()  # pylint: disable=invalid-commit
                self.cr.close()

        return _Env()

    def cleanup(self):
        with self.real_env() as env:
            env["helpdesk.ticket"].browse(self.ids["tickets"]).unlink()
            env["wx.sla.policy"].browse(self.ids["policy"]).unlink()
            env["helpdesk.ticket.team"].browse(self.ids["team"]).unlink()
            env["res.groups"].browse(self.ids["group"]).unlink()
            env["resource.calendar"].browse(self.ids["calendar"]).unlink()

    def logs(self, env):
        return env["wx.sla.escalation.log"].search(
            [("ticket_id", "in", self.ids["tickets"])]
        )

    def test_each_step_fires_once_under_two_concurrent_runs(self):
        with freeze_time(utc("2026-11-23 09:40")):
            cr_a = sql_db.db_connect(self.dbname).cursor()
            cr_b = sql_db.db_connect(self.dbname).cursor()
            try:
                env_a = api.Environment(cr_a, SUPERUSER_ID, {})
                env_b = api.Environment(cr_b, SUPERUSER_ID, {})
                # worker A takes the due lines and fires, not yet committed
                done_a = env_a["wx.sla.line"]._wx_process_due()
                # worker B runs meanwhile: the locked lines are skipped
                done_b = env_b["wx.sla.line"]._wx_process_due()
                cr_b.commit()
                cr_a.commit()
                # worker B again, after A committed: nothing is due any more
                again_b = env_b["wx.sla.line"]._wx_process_due()
                cr_b.commit()
            finally:
                cr_a.close()
                cr_b.close()
        self.assertEqual(done_a, 3, "one acknowledge line per ticket is due")
        self.assertEqual(done_b, 0)
        self.assertEqual(again_b, 0)
        with self.real_env() as env:
            logs = self.logs(env)
            self.assertEqual(len(logs), 9, "3 steps x 3 tickets")
            pairs = {(log.line_id.id, log.step_id.id) for log in logs}
            self.assertEqual(len(pairs), 9, "no step fired twice")

    def test_ledger_refuses_a_second_claim_from_another_transaction(self):
        with freeze_time(utc("2026-11-23 09:40")):
            with self.real_env() as env:
                line = env["wx.sla.line"].search(
                    [("ticket_id", "=", self.ids["tickets"][0]), ("level", "=", 1)]
                )
                step = env["wx.sla.escalation"].browse(self.ids["steps"][0])
                claimed = env["wx.sla.line"]._wx_claim(
                    [(line, step)], utc("2026-11-23 09:40")
                )
                self.assertEqual(list(claimed), [(line.id, step.id)])
            with self.real_env() as env:
                line = env["wx.sla.line"].browse(line.id)
                steps = env["wx.sla.escalation"].browse(self.ids["steps"][:2])
                claimed = env["wx.sla.line"]._wx_claim(
                    [(line, steps[0]), (line, steps[1])], utc("2026-11-23 09:41")
                )
                self.assertEqual(list(claimed), [(line.id, steps[1].id)])

    def test_cron_job_commits_batches_and_stays_idempotent(self):
        with freeze_time(utc("2026-11-23 09:40")):
            with self.real_env() as env:
                env["wx.sla.line"]._cron_check_deadlines()
            with self.real_env() as env:
                env["wx.sla.line"]._cron_check_deadlines()
        with self.real_env() as env:
            self.assertEqual(len(self.logs(env)), 9)
            lines = env["wx.sla.line"].search(
                [("ticket_id", "in", self.ids["tickets"]), ("level", "=", 1)]
            )
            self.assertEqual(set(lines.mapped("state")), {"breached"})
