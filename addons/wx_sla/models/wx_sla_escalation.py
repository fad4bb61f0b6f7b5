# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

TRIGGERS = [
    ("before", "Before the deadline"),
    ("at", "At breach"),
    ("after", "After the breach"),
]


class WxSlaEscalation(models.Model):
    """One rung of a policy's escalation ladder. It fires once per ticket and
    target, ``offset_minutes`` (clock minutes) before the deadline, at the
    breach or after it, and does any of its actions."""

    _name = "wx.sla.escalation"
    _description = "SLA Escalation Step"
    _order = "policy_id, target_id, sequence, id"

    policy_id = fields.Many2one(
        "wx.sla.policy", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    target_id = fields.Many2one(
        "wx.sla.policy.target",
        required=True,
        ondelete="cascade",
        domain="[('policy_id', '=', policy_id)]",
    )
    trigger = fields.Selection(TRIGGERS, required=True, default="at")
    offset_minutes = fields.Integer(
        string="Minutes",
        default=0,
        help="Clock minutes before the deadline (Before) or after it (After).",
    )
    user_ids = fields.Many2many("res.users", string="Notify Users")
    group_ids = fields.Many2many("res.groups", string="Notify Groups")
    notify_assignee = fields.Boolean(
        default=True,
        help="Also notify the user the ticket is assigned to, or the team"
        " leader when it is unassigned.",
    )
    assign_leader = fields.Boolean(
        string="Assign to Team Leader",
        help="Hand the ticket to the leader of its team.",
    )
    raise_priority = fields.Boolean(help="Raise the ticket priority one level.")
    post_chat = fields.Boolean(
        string="Post to Chat Channel",
        help="Post the alert to the team's WeCom / DingTalk group (done by the"
        " chat integration when it is installed).",
    )
    description = fields.Char(compute="_compute_description")

    _offset_positive = models.Constraint(
        "CHECK(offset_minutes >= 0)", "Escalation minutes cannot be negative."
    )

    @api.depends("trigger", "offset_minutes", "target_id")
    def _compute_description(self):
        labels = dict(self._fields["trigger"]._description_selection(self.env))
        for step in self:
            when = labels.get(step.trigger, "")
            if step.trigger != "at":
                when = self.env._(
                    "%(minutes)s min %(when)s",
                    minutes=step.offset_minutes,
                    when=when.lower(),
                )
            step.description = f"{step.target_id.display_name or ''}: {when}"

    @api.constrains("target_id", "policy_id")
    def _check_target_id(self):
        for step in self:
            if step.target_id.policy_id != step.policy_id:
                raise ValidationError(
                    self.env._("An escalation step must use a target of its policy.")
                )

    def _wx_execute(self, line, pending):
        """Do this step's actions on ``line``'s ticket. Changes to the ticket
        go into ``pending`` (ticket -> values), written by the caller for the
        whole batch. Returns what was done and the partners to notify."""
        self.ensure_one()
        ticket = line.ticket_id.sudo()
        values = pending.setdefault(ticket, {})
        user = self.env["res.users"].browse(values.get("user_id", ticket.user_id.id))
        priority = values.get("priority", ticket.priority or "0")
        done = []
        leader = ticket.team_id.user_id
        if self.assign_leader and leader and user != leader:
            values["user_id"] = leader.id
            user = leader
            done.append(
                self.env._("assigned to team leader %(user)s", user=leader.name)
            )
        if self.raise_priority and priority < "3":
            values["priority"] = str(int(priority) + 1)
            done.append(
                self.env._(
                    "priority raised to %(priority)s", priority=values["priority"]
                )
            )
        partners = self._wx_recipients(ticket, user)
        if partners:
            done.append(
                self.env._(
                    "notified %(names)s", names=", ".join(partners.mapped("name"))
                )
            )
        if self.post_chat and self._wx_post_chat(line, self._wx_message(line)):
            done.append(self.env._("posted to the team chat"))
        return done, partners

    def _wx_message(self, line):
        ticket = line.ticket_id
        if self.trigger == "before":
            return self.env._(
                "SLA warning: %(target)s of ticket %(ticket)s is due at %(deadline)s.",
                target=line.name,
                ticket=ticket.number,
                deadline=line._wx_local_deadline(),
            )
        return self.env._(
            "SLA breached: %(target)s of ticket %(ticket)s was due at %(deadline)s.",
            target=line.name,
            ticket=ticket.number,
            deadline=line._wx_local_deadline(),
        )

    def _wx_recipients(self, ticket, assignee):
        users = self.user_ids | self.group_ids.all_user_ids
        if self.notify_assignee:
            users |= assignee or ticket.team_id.user_id
        return users.filtered("active").partner_id

    def _wx_post_chat(self, line, message):
        """Post ``message`` to the ticket team's chat group; returns whether it
        was posted. The WeCom / DingTalk integration overrides this."""
        _logger.debug("No chat integration for SLA line %s", line.id)
        return False
