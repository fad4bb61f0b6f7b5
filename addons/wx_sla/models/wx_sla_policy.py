# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.wx_feedback.access import check_rights
from odoo.addons.wx_feedback.models.wx_feedback_category import PRIORITIES


class WxSlaPolicy(models.Model):
    """Service-level policy: the first active policy (by sequence) whose
    conditions match a ticket gives it its targets, calendar and ladder."""

    _name = "wx.sla.policy"
    _description = "SLA Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        string="Teams",
        check_company=True,
        help="Matches tickets of these teams; empty: any team.",
    )
    category_ids = fields.Many2many(
        "wx.feedback.category",
        string="Feedback Categories",
        check_company=True,
        help="Matches tickets whose feedback has one of these categories;"
        " empty: any ticket.",
    )
    min_priority = fields.Selection(
        PRIORITIES,
        string="From Priority",
        help="Matches tickets of this priority or higher; empty: any priority.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Business Hours",
        required=True,
        check_company=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="Working hours the targets are counted in, with the public holidays"
        " and make-up working days of the SLA calendar.",
    )
    pause_stage_ids = fields.Many2many(
        "helpdesk.ticket.stage",
        string="Pausing Stages",
        check_company=True,
        help="While a ticket is in one of these stages (e.g. waiting on the"
        " customer) its clocks stop.",
    )
    target_ids = fields.One2many(
        "wx.sla.policy.target", "policy_id", string="Targets", copy=True
    )
    escalation_ids = fields.One2many(
        "wx.sla.escalation", "policy_id", string="Escalation Ladder", copy=True
    )
    line_count = fields.Integer(compute="_compute_line_count", string="SLA Lines")

    def _compute_line_count(self):
        counts = dict(
            self.env["wx.sla.line"]._read_group(
                [("policy_id", "in", self.ids)], ["policy_id"], ["__count"]
            )
        )
        for policy in self:
            policy.line_count = counts.get(policy, 0)

    @api.constrains("target_ids")
    def _check_target_ids(self):
        for policy in self:
            levels = policy.target_ids.mapped("level")
            if len(levels) != len(set(levels)):
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s has two targets of the same level.",
                        policy=policy.name,
                    )
                )

    def _wx_matches(self, ticket):
        """Whether this policy applies to ``ticket`` (wx_churn adds tiers)."""
        self.ensure_one()
        if (
            self.company_id
            and ticket.company_id
            and self.company_id != ticket.company_id
        ):
            return False
        if self.team_ids and ticket.team_id not in self.team_ids:
            return False
        if self.category_ids and not (
            self.category_ids & ticket.wx_feedback_id.category_ids
        ):
            return False
        return not (self.min_priority and (ticket.priority or "0") < self.min_priority)

    @api.model
    def _wx_candidates(self, company):
        """The active policies that may apply to ``company``'s tickets."""
        return self.sudo().search([("company_id", "in", [False, company.id])])

    @api.model
    def _wx_find(self, ticket, candidates=None):
        """The first matching active policy for ``ticket`` (may be empty);
        ``candidates``: the policies of its company, when already read."""
        if candidates is None:
            candidates = self._wx_candidates(ticket.company_id)
        for policy in candidates:
            if policy._wx_matches(ticket):
                return policy
        return self.browse()

    def action_view_lines(self):
        check_rights(self, "wx_sla.group_wx_sla_user")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wx_sla.wx_sla_line_action"
        )
        action["domain"] = [("policy_id", "=", self.id)]
        action["context"] = {}
        return action
