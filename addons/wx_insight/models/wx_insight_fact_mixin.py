# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class WxInsightFactMixin(models.AbstractModel):
    """Columns every pre-aggregated insight table has: one row per day
    (Asia/Shanghai) and combination of the dimensions, filled by
    ``wx.insight.refresh`` with SQL only; users read them (record rules),
    nobody writes them through the ORM."""

    _name = "wx.insight.fact.mixin"
    _description = "Insight: pre-aggregated fact"
    _order = "day desc, id desc"

    day = fields.Date(required=True, readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    tier_id = fields.Many2one("wx.churn.tier", string="Customer Tier", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Region", readonly=True)
