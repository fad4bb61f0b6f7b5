# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.wx_sla.models.wx_sla_policy_target import KINDS


class WxInsightSlaDay(models.Model):
    """SLA lines per day started, team, kind (acknowledge = first public
    reply, solution), tier and region: working minutes used by the lines
    that reached their target, the targets, met and breached counts."""

    _name = "wx.insight.sla.day"
    _inherit = "wx.insight.fact.mixin"
    _description = "Insight: SLA lines per day"

    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    line_count = fields.Integer(string="SLA Lines", readonly=True)
    reached_count = fields.Integer(string="Reached", readonly=True)
    met_count = fields.Integer(string="Met", readonly=True)
    breached_count = fields.Integer(string="Breached", readonly=True)
    minutes_sum = fields.Float(string="Working Minutes Used", readonly=True)
    target_sum = fields.Float(string="Target Minutes", readonly=True)
