# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.wx_feedback.models.wx_feedback import CHANNELS


class WxInsightFeedbackDay(models.Model):
    """Feedback volume per day, channel, team, main product category, tier
    and region (the day the feedback was last submitted)."""

    _name = "wx.insight.feedback.day"
    _inherit = "wx.insight.fact.mixin"
    _description = "Insight: feedback volume per day"

    _wx_rollup_fields = ("tier_id", "state_id", "categ_id")

    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    feedback_count = fields.Integer(string="Feedback", readonly=True)
    dissatisfied_count = fields.Integer(string="Dissatisfied", readonly=True)
