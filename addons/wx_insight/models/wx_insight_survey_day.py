# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class WxInsightSurveyDay(models.Model):
    """Satisfaction surveys per day sent, team, product category, tier and
    region: sent, answered, NPS groups and CSAT answers."""

    _name = "wx.insight.survey.day"
    _inherit = "wx.insight.fact.mixin"
    _description = "Insight: satisfaction surveys per day"

    _wx_rollup_fields = ("tier_id", "state_id", "categ_id")

    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    sent_count = fields.Integer(string="Sent", readonly=True)
    answered_count = fields.Integer(string="Answered", readonly=True)
    nps_count = fields.Integer(string="NPS Answers", readonly=True)
    promoter_count = fields.Integer(string="Promoters", readonly=True)
    detractor_count = fields.Integer(string="Detractors", readonly=True)
    csat_count = fields.Integer(string="CSAT Answers", readonly=True)
    csat_satisfied_count = fields.Integer(string="CSAT 4-5", readonly=True)
