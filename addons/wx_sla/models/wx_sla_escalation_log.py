# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class WxSlaEscalationLog(models.Model):
    """The ledger of fired escalation steps: one row per (line, step), which
    is also what makes a step fire exactly once."""

    _name = "wx.sla.escalation.log"
    _description = "SLA Escalation Log"
    _order = "fired_at desc, id desc"

    line_id = fields.Many2one(
        "wx.sla.line", required=True, ondelete="cascade", readonly=True, index=True
    )
    step_id = fields.Many2one("wx.sla.escalation", ondelete="set null", readonly=True)
    ticket_id = fields.Many2one(
        related="line_id.ticket_id", store=True, index=True, string="Ticket"
    )
    fired_at = fields.Datetime(required=True, readonly=True)
    summary = fields.Char(readonly=True)

    _line_step_unique = models.UniqueIndex(
        "(line_id, step_id) WHERE step_id IS NOT NULL",
        "An escalation step fires once per SLA line.",
    )
