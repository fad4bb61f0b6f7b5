# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class WxInsightComplaintDay(models.Model):
    """Delivered order lines, the amount sold and the dissatisfied feedback
    per day, product category, customer tier, region and team: the complaint
    rate's numerator and denominators. Line rows have no team (every team
    leader sees them); complaint rows carry the feedback's team."""

    _name = "wx.insight.complaint.day"
    _inherit = "wx.insight.fact.mixin"
    _description = "Insight: delivered lines and complaints per day"

    # the complaint rate is always per product category: never summed over it
    _wx_rollup_fields = ("tier_id", "state_id")

    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    line_count = fields.Integer(string="Delivered Lines", readonly=True)
    amount = fields.Integer(
        string="Sold (CNY)",
        readonly=True,
        help="Untaxed amount of the delivered lines, in whole CNY.",
    )
    dissatisfied_count = fields.Integer(string="Dissatisfied Feedback", readonly=True)

    _grain_rollup_categ_day_index = models.Index("(grain, rolled_up, categ_id, day)")
