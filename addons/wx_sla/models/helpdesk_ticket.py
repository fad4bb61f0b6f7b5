# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models

from odoo.addons.wx_feedback.access import STAFF

from .wx_sla_line import STATES

# fields whose change may select another policy
REMATCH_FIELDS = {"team_id", "priority", "wx_feedback_id", "company_id"}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    wx_sla_policy_id = fields.Many2one(
        "wx.sla.policy",
        string="SLA Policy",
        readonly=True,
        index="btree_not_null",
        check_company=True,
        groups=STAFF,
    )
    wx_sla_line_ids = fields.One2many(
        "wx.sla.line", "ticket_id", string="SLA", groups=STAFF
    )
    wx_sla_deadline = fields.Datetime(
        string="SLA Deadline",
        compute="_compute_wx_sla_summary",
        store=True,
        help="The nearest deadline among the running SLA targets.",
        groups=STAFF,
    )
    wx_sla_state = fields.Selection(
        STATES,
        string="SLA Status",
        compute="_compute_wx_sla_summary",
        store=True,
        index=True,
        help="Breached as soon as one target was breached (for good); else"
        " running or paused while a target is open; met when all are met.",
        groups=STAFF,
    )
    wx_sla_escalation_log_ids = fields.One2many(
        "wx.sla.escalation.log", "ticket_id", string="Escalations", groups=STAFF
    )
    wx_sla_overdue = fields.Boolean(
        string="SLA Overdue",
        compute="_compute_wx_sla_overdue",
        search="_search_wx_sla_overdue",
        groups=STAFF,
    )

    @api.depends("wx_sla_line_ids.state", "wx_sla_line_ids.deadline")
    def _compute_wx_sla_summary(self):
        # one grouped query for the whole set (the minute cron recomputes
        # hundreds of tickets at once)
        groups = self.env["wx.sla.line"]._read_group(
            [("ticket_id", "in", self.ids)],
            ["ticket_id", "state"],
            ["deadline:min"],
        )
        states, deadlines = defaultdict(set), {}
        for ticket, state, deadline in groups:
            states[ticket.id].add(state)
            if state == "running" and deadline:
                deadlines[ticket.id] = deadline
        for ticket in self:
            found = states.get(ticket.id, set())
            ticket.wx_sla_deadline = deadlines.get(ticket.id, False)
            ticket.wx_sla_state = next(
                (s for s in ("breached", "running", "paused", "met") if s in found),
                False,
            )

    def _compute_wx_sla_overdue(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.wx_sla_overdue = bool(
                ticket.wx_sla_deadline and ticket.wx_sla_deadline <= now
            )

    def _search_wx_sla_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        domain = [("wx_sla_deadline", "<=", fields.Datetime.now())]
        return domain if True in value else ["!", *domain]

    # ------------------------------------------------------------------ events

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._wx_sla_apply(fields.Datetime.now())
        return tickets

    def write(self, vals):
        self.check_access("write")
        old_stages = {ticket: ticket.stage_id for ticket in self}
        result = super().write(vals)
        if self.env.context.get("wx_sla_no_events"):
            return result
        now = fields.Datetime.now()
        if REMATCH_FIELDS & set(vals):
            self._wx_sla_apply(now)
        if "stage_id" in vals:
            for ticket in self:
                ticket._wx_sla_stage_changed(old_stages[ticket], now)
        return result

    def _wx_sla_solved(self, stage=None):
        stage = stage if stage is not None else self.stage_id
        return bool(stage.closed or stage.wx_feedback_state)

    def _wx_sla_apply(self, now):
        """Give each ticket the lines of its matching policy. On a policy
        change, open lines move to the new targets (keeping the minutes used);
        reached and breached lines stay as facts; levels the new policy lacks
        are dropped while still open."""
        Line = self.env["wx.sla.line"].sudo()
        Policy = self.env["wx.sla.policy"]
        policies = {}  # the candidate policies of each company, read once
        for ticket in self:
            company = ticket.company_id
            if company not in policies:
                policies[company] = Policy._wx_candidates(company)
            policy = Policy._wx_find(ticket, policies[company])
            if policy == ticket.wx_sla_policy_id:
                continue
            ticket.sudo().with_context(wx_sla_no_events=True).wx_sla_policy_id = policy
            lines = ticket.sudo().wx_sla_line_ids
            paused = ticket._wx_sla_paused(policy)
            solved = ticket._wx_sla_solved()
            for target in policy.target_ids:
                same = lines.filtered(lambda x, t=target: x.level == t.level)
                if same.filtered(lambda x: x.reached_at or x.state == "breached"):
                    continue  # a fact already: reached, or breached for good
                values = {
                    "policy_id": policy.id,
                    "target_id": target.id,
                    "name": target.name,
                    "level": target.level,
                    "kind": target.kind,
                    "minutes": target.minutes,
                    "calendar_id": policy.calendar_id.id,
                }
                if same:
                    consumed = same._wx_consumed_at(now)
                    values.update(
                        consumed_minutes=consumed,
                        resumed_at=False if paused else now,
                        state="paused" if paused else "running",
                    )
                    same.write(values)
                    same.log_ids.unlink()  # the new ladder starts afresh
                    line = same
                else:
                    line = Line.create(
                        {
                            **values,
                            "ticket_id": ticket.id,
                            "start_at": now,
                            "resumed_at": False if paused else now,
                            "paused_since": now if paused else False,
                            "state": "paused" if paused else "running",
                        }
                    )
                line._wx_schedule()
                if solved:
                    line._wx_reach(now)
            levels = set(policy.target_ids.mapped("level"))
            lines.filtered(
                lambda x, lv=levels: (
                    x.level not in lv and not x.reached_at and x.state != "breached"
                )
            ).unlink()

    @api.model
    def _wx_sla_apply_all(self):
        """Give the open tickets that have no SLA yet (e.g. opened before
        this addon was installed, or before a policy existed) their SLA,
        counted from now."""
        tickets = self.sudo().search(
            [("wx_sla_policy_id", "=", False), ("stage_id.closed", "=", False)]
        )
        tickets.filtered(lambda t: not t._wx_sla_solved())._wx_sla_apply(
            fields.Datetime.now()
        )
        return len(tickets)

    def _wx_sla_paused(self, policy=None):
        policy = policy if policy is not None else self.wx_sla_policy_id
        return self.stage_id in policy.pause_stage_ids

    def _wx_sla_stage_changed(self, old_stage, now):
        self.ensure_one()
        lines = self.sudo().wx_sla_line_ids.filtered(lambda x: not x.reached_at)
        if not lines or old_stage == self.stage_id:
            return
        if self._wx_sla_solved():
            lines._wx_reach(now)
        elif self._wx_sla_paused():
            lines._wx_pause(now)
        else:
            lines._wx_resume(now)

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        if self._wx_sla_is_acknowledgement(message):
            self.sudo().wx_sla_line_ids.filtered(
                lambda x: x.kind == "acknowledge" and not x.reached_at
            )._wx_reach(fields.Datetime.now())
        return result

    def _wx_sla_is_acknowledgement(self, message):
        """A public reply written by a person of the company: a comment (not
        an internal note, not an automatic message) whose author is an
        internal user other than OdooBot."""
        if message.message_type != "comment" or self.env.context.get(
            "wx_sla_auto_reply"
        ):
            return False
        if not message.subtype_id or message.subtype_id.internal:
            return False
        author = message.author_id
        if not author or author == self.env.ref("base.partner_root"):
            return False
        return any(not user.share for user in author.sudo().user_ids)
