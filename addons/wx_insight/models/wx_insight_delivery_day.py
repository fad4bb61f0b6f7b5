# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class WxInsightDeliveryDay(models.Model):
    """Deliveries (wx_delivery) per day delivered, region, warehouse,
    carrier, tier and lateness: late rows keep their lateness in whole
    minutes (for the p90), on-time rows are lateness 0."""

    _name = "wx.insight.delivery.day"
    _inherit = "wx.insight.fact.mixin"
    _description = "Insight: deliveries per day"

    region = fields.Char(string="Province / City", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", readonly=True)
    is_late = fields.Boolean(readonly=True)
    lateness_minutes = fields.Integer(string="Lateness (min)", readonly=True)
    late_count = fields.Integer(string="Late", readonly=True)
    lateness_total = fields.Integer(string="Minutes Late", readonly=True)
    delivery_count = fields.Integer(string="Deliveries", readonly=True)
    late_feedback_count = fields.Integer(
        string="Lateness Feedback",
        readonly=True,
        help="Deliveries whose order got feedback about delivery timeliness.",
    )
