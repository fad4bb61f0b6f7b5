# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class WxInsightKeywordDay(models.Model):
    """Keyword occurrences (wx_nlp) per day, term, team, product category,
    tier and region."""

    _name = "wx.insight.keyword.day"
    _inherit = "wx.insight.fact.mixin"
    _description = "Insight: keywords per day"

    _wx_rollup_fields = ("tier_id", "state_id", "categ_id")

    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    term = fields.Char(readonly=True)
    keyword_count = fields.Integer(string="Occurrences", readonly=True)
