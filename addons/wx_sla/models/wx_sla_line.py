# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_datetime

from .wx_sla_policy_target import KINDS

_logger = logging.getLogger(__name__)


def fire_moment(trigger, offset, deadline):
    """When an escalation step is due: ``offset`` before the deadline,
    at it, or ``offset`` after it."""
    if trigger == "before":
        return deadline - offset
    if trigger == "after":
        return deadline + offset
    return deadline


STATES = [
    ("running", "Running"),
    ("paused", "Paused"),
    ("met", "Met"),
    ("breached", "Breached"),
]


class WxSlaLine(models.Model):
    """The clock of one target on one ticket.

    ``consumed_minutes`` holds the working minutes counted up to
    ``resumed_at`` (the start of the current counting stretch; empty while
    paused or once reached). Breaching is permanent: a breached line stays
    breached when its target is reached later (``reached_at`` tells when).
    ``next_check_at`` is when the minute cron must look at the line again
    (the deadline or an escalation step), empty when nothing can happen.
    """

    _name = "wx.sla.line"
    _description = "Ticket SLA"
    _order = "ticket_id, level, id"
    _rec_name = "name"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    # lines copy what they need from the policy (name, minutes, calendar):
    # deleting a policy keeps the history of its tickets; the calendar is the
    # policy's, which a policy shared by every company may take from any
    policy_id = fields.Many2one(
        "wx.sla.policy", ondelete="set null", index=True, check_company=True
    )
    target_id = fields.Many2one(
        "wx.sla.policy.target", string="Policy Target", ondelete="set null"
    )
    name = fields.Char(string="Target", required=True)
    level = fields.Integer(required=True)
    kind = fields.Selection(KINDS, required=True)
    minutes = fields.Integer(string="Target (min)", required=True)
    calendar_id = fields.Many2one("resource.calendar", ondelete="set null")
    team_id = fields.Many2one(
        related="ticket_id.team_id", store=True, index=True, string="Team"
    )
    user_id = fields.Many2one(related="ticket_id.user_id", string="Assigned to")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    start_at = fields.Datetime(string="Started", required=True)
    resumed_at = fields.Datetime(string="Counting Since")
    paused_since = fields.Datetime()
    consumed_minutes = fields.Float(
        string="Consumed (min)",
        digits=(16, 1),
        help="Working minutes used, up to the last pause, resumption or"
        " reaching of the target.",
    )
    deadline = fields.Datetime(index=True)
    reached_at = fields.Datetime(string="Reached")
    state = fields.Selection(STATES, required=True, default="running", index=True)
    next_check_at = fields.Datetime(index="btree_not_null", copy=False)
    attained = fields.Float(
        string="Attainment",
        aggregator="avg",
        compute="_compute_attained",
        store=True,
        help="1 for a met target, 0 for a breached one, empty while open:"
        " its average is the attainment rate.",
    )
    log_ids = fields.One2many("wx.sla.escalation.log", "line_id", string="Escalations")
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )

    @api.depends("state")
    def _compute_attained(self):
        for line in self:
            line.attained = {"met": 1.0, "breached": 0.0}.get(line.state, False)

    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for line in self:
            line.is_overdue = bool(
                line.state == "running" and line.deadline and line.deadline <= now
            )

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        domain = [("state", "=", "running"), ("deadline", "<=", fields.Datetime.now())]
        return domain if True in value else ["!", *domain]

    # ------------------------------------------------------------------ clock

    def _wx_worktime(self):
        calendar = (
            self.calendar_id
            or self.company_id.resource_calendar_id
            or self.env.ref("wx_sla.resource_calendar_service_hours")
        )
        return calendar._wx_worktime()

    def _wx_consumed_at(self, now):
        """Working minutes used as of ``now``."""
        self.ensure_one()
        if not self.resumed_at:
            return self.consumed_minutes
        return self.consumed_minutes + self._wx_worktime().minutes_between(
            self.resumed_at, now
        )

    def _wx_local_deadline(self):
        self.ensure_one()
        tz = self.calendar_id.tz or "Asia/Shanghai"
        return format_datetime(self.env, self.deadline, tz=tz, dt_format="short")

    def _wx_pause(self, now):
        for line in self.filtered(lambda x: x.resumed_at and not x.reached_at):
            line.write(
                {
                    "consumed_minutes": line._wx_consumed_at(now),
                    "resumed_at": False,
                    "paused_since": now,
                    "state": "paused" if line.state == "running" else line.state,
                }
            )
        self._wx_schedule()

    def _wx_resume(self, now):
        for line in self.filtered(lambda x: not x.resumed_at and not x.reached_at):
            line.write(
                {
                    "resumed_at": now,
                    "paused_since": False,
                    "state": "running" if line.state == "paused" else line.state,
                }
            )
        self._wx_schedule()

    def _wx_reach(self, now):
        """The target is reached at ``now``: met within the target, else
        breached (a line already breached stays breached)."""
        for line in self.filtered(lambda x: not x.reached_at):
            consumed = line._wx_consumed_at(now)
            late = consumed > line.minutes or (
                line.deadline and line.resumed_at and now > line.deadline
            )
            line.write(
                {
                    "consumed_minutes": consumed,
                    "resumed_at": False,
                    "paused_since": False,
                    "reached_at": now,
                    "state": "breached" if late or line.state == "breached" else "met",
                    "next_check_at": False,
                }
            )

    def _wx_schedule(self):
        """Recompute the deadline and the next moment the cron must look."""
        ladder = self._wx_ladder()
        fired = {(log.line_id.id, log.step_id.id) for log in self.log_ids}
        for line in self:
            if line.reached_at or not line.resumed_at:
                line.next_check_at = False
                continue
            left = max(line.minutes - line.consumed_minutes, 0)
            line.deadline = line._wx_worktime().add_minutes(line.resumed_at, left)
            line.next_check_at = line._wx_next_check(ladder, fired)

    def _wx_ladder(self):
        """The escalation steps of these lines' policies by target id, as
        ``(step, trigger, offset)``: read once for a whole batch."""
        ladder = defaultdict(list)
        for step in self.policy_id.escalation_ids:
            offset = timedelta(minutes=step.offset_minutes)
            ladder[step.target_id.id].append((step, step.trigger, offset))
        return ladder

    def _wx_fired_steps(self):
        """``{(line id, step id)}`` of the steps that fired for these lines."""
        rows = self.env.execute_query(
            SQL(
                "SELECT line_id, step_id FROM wx_sla_escalation_log"
                " WHERE line_id IN %s AND step_id IS NOT NULL",
                tuple(self.ids),
            )
        )
        return {(line_id, step_id) for line_id, step_id in rows}

    def _wx_step_moments(self, ladder, fired):
        """``(step, moment)`` of this line's steps not fired yet."""
        self.ensure_one()
        deadline = self.deadline
        if not deadline:
            return []
        return [
            (step, fire_moment(trigger, offset, deadline))
            for step, trigger, offset in ladder.get(self.target_id.id, ())
            if (self.id, step.id) not in fired
        ]

    def _wx_next_check(self, ladder, fired):
        """When the cron must look at this line again (False: never)."""
        self.ensure_one()
        if self.reached_at or not self.resumed_at:
            return False
        moments = [m for _step, m in self._wx_step_moments(ladder, fired)]
        if self.state == "running" and self.deadline:
            moments.append(self.deadline)
        return min(moments) if moments else False

    # ------------------------------------------------------------------ cron

    @api.model
    def _wx_process_due(self, limit=2000):
        """One batch of due lines: mark breaches, fire due escalation steps
        (each once: the ledger row is claimed before acting), reschedule.
        Lines locked by a concurrent run are skipped. Returns the batch size."""
        now = fields.Datetime.now()
        lines = (
            self.sudo()
            .search(
                [("next_check_at", "<=", now)], order="next_check_at, id", limit=limit
            )
            .try_lock_for_update()
        )
        if not lines:
            return 0
        lines.fetch(
            ["deadline", "state", "target_id", "policy_id", "ticket_id", "reached_at"]
        )
        lines.filtered(
            lambda x: x.state == "running" and x.deadline and x.deadline <= now
        ).state = "breached"
        ladder = lines._wx_ladder()
        fired = lines._wx_fired_steps()
        due = [
            (line, step)
            for line in lines
            for step, moment in line._wx_step_moments(ladder, fired)
            if moment <= now
        ]
        claimed = self._wx_claim(due, now)
        notes, alerts, pending = defaultdict(list), defaultdict(list), {}
        for line, step in due:
            if log_id := claimed.get((line.id, step.id)):
                note, partners = line._wx_fire(step, log_id, pending)
                notes[line.ticket_id.id].append(note)
                for partner in partners:
                    alerts[partner].append((line, step))
        if notes:
            # logged on each ticket, in one batch
            self.env["helpdesk.ticket"].browse(list(notes))._message_log_batch(
                {
                    ticket_id: Markup("").join(bodies)
                    for ticket_id, bodies in notes.items()
                }
            )
        self._wx_write_tickets(pending)
        self._wx_send_digests(alerts)
        # the ledger rows were inserted in SQL: drop the cached one2manys
        lines.invalidate_recordset(["log_ids"])
        lines.ticket_id.invalidate_recordset(["wx_sla_escalation_log_ids"])
        # fired now, here or by a concurrent run that claimed it first
        fired.update((line.id, step.id) for line, step in due)
        lines._wx_reschedule(ladder, fired)
        return len(lines)

    def _wx_reschedule(self, ladder, fired):
        """Set ``next_check_at``, one write per distinct value (most lines of
        a backlog share "nothing more to do")."""
        by_value = defaultdict(list)
        for line in self:
            by_value[line._wx_next_check(ladder, fired)].append(line.id)
        for value, ids in by_value.items():
            self.browse(ids).next_check_at = value

    @api.model
    def _wx_claim(self, pairs, now):
        """Atomically record that each ``(line, step)`` fires, in one query.
        Returns ``{(line id, step id): ledger row id}`` for the pairs claimed
        here; a pair that already fired (here or in a concurrent
        transaction, which ON CONFLICT waits for) is left out."""
        if not pairs:
            return {}
        values = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s, %s, %s, %s, %s)",
                line.id,
                step.id,
                line.ticket_id.id,
                now,
                self.env.uid,
                now,
                self.env.uid,
                now,
            )
            for line, step in pairs
        )
        # raw SQL on purpose: ON CONFLICT makes the claim atomic across
        # transactions (nothing to flush: the query names no ORM field)
        rows = self.env.execute_query(
            SQL(
                "INSERT INTO wx_sla_escalation_log"
                " (line_id, step_id, ticket_id, fired_at, create_uid, create_date,"
                "  write_uid, write_date) VALUES %s"
                " ON CONFLICT (line_id, step_id) WHERE step_id IS NOT NULL"
                " DO NOTHING RETURNING line_id, step_id, id",
                values,
            )
        )
        return {(line_id, step_id): log_id for line_id, step_id, log_id in rows}

    def _wx_fire(self, step, log_id, pending):
        """Run ``step``; returns ``(note for the ticket, partners to notify)``,
        written in the language of the ticket's company."""
        self.ensure_one()
        lang = self.ticket_id.company_id._wx_lang()
        line, step = self.with_context(lang=lang), step.with_context(lang=lang)
        done, partners = step._wx_execute(line, pending)
        summary = "; ".join(done) or line.env._("no action needed")
        line.env["wx.sla.escalation.log"].browse(log_id).summary = summary
        message = step._wx_message(line)
        note = Markup("<p>%s</p><p>%s</p>") % (
            message,
            line.env._("Escalation: %(summary)s", summary=summary),
        )
        _logger.debug("SLA line %s: escalation step %s fired", self.id, step.id)
        return note, partners

    @api.model
    def _wx_write_tickets(self, pending):
        """Write the escalations' ticket changes, one write per distinct set
        of values (e.g. all the tickets handed to one leader). The escalation
        note tells what changed and notifies the leader: no separate tracking
        message nor "you have been assigned" mail."""
        groups = defaultdict(list)
        for ticket, values in pending.items():
            if values:
                groups[tuple(sorted(values.items()))].append(ticket.id)
        Ticket = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(mail_notrack=True, mail_auto_subscribe_no_notify=True)
        )
        for values, ids in groups.items():
            Ticket.browse(ids).write(dict(values))

    @api.model
    def _wx_send_digests(self, alerts):
        """One message per recipient for a whole batch, in their language,
        listing their tickets: a leader whose twenty tickets breach in the
        same minute gets one message, not twenty. It arrives as an Odoo
        notification and by email (queued), whichever the user prefers."""
        for partner, items in alerts.items():
            lang = items[0][0].ticket_id.company_id._wx_lang(recipient=partner)
            entries = Markup("").join(
                Markup('<li><a href="/odoo/helpdesk.ticket/%s">%s</a></li>')
                % (
                    line.ticket_id.id,
                    step.with_context(lang=lang)._wx_message(
                        line.with_context(lang=lang)
                    ),
                )
                for line, step in items
            )
            subject = self.with_context(lang=lang).env._(
                "SLA alerts: %(count)s ticket(s)", count=len(items)
            )
            body = Markup("<ul>%s</ul>") % entries
            self.env["mail.thread"].sudo().message_notify(
                partner_ids=[partner.id],
                subject=subject,
                body=body,
                subtype_xmlid="mail.mt_note",
                email_layout_xmlid="mail.mail_notification_light",
            )
            users = partner.user_ids
            if (
                partner.email
                and users
                and all(user.notification_type == "inbox" for user in users)
            ):
                # inbox users got the Odoo notification: the email too
                self.env["mail.mail"].sudo().create(
                    {
                        "subject": subject,
                        "body_html": body,
                        "recipient_ids": [(4, partner.id)],
                        "auto_delete": True,
                    }
                )

    @api.model
    def _cron_check_deadlines(self):
        while done := self._wx_process_due():
            remaining = self.search_count(
                [("next_check_at", "<=", fields.Datetime.now())]
            )
            if self.env["ir.cron"]._commit_progress(done, remaining=remaining) <= 0:
                break
