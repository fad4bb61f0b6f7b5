# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

GRAINS = [("day", "Day"), ("month", "Month")]


class WxInsightFactMixin(models.AbstractModel):
    """Columns every pre-aggregated insight table has: one row per day
    (Asia/Shanghai) and combination of the dimensions, and the same figures
    summed per calendar month (``grain`` month, ``day`` the month's first
    day), filled by ``wx.insight.refresh`` with SQL only; users read them
    (record rules), nobody writes them through the ORM. A period reads the
    month rows of the whole months inside it and the day rows of the days
    left at either end (``tools.measures.split_period``), never both for
    the same day."""

    _name = "wx.insight.fact.mixin"
    _description = "Insight: pre-aggregated fact"
    _order = "day desc, id desc"

    grain = fields.Selection(
        GRAINS,
        required=True,
        default="day",
        readonly=True,
        help="Day: the figures of one day; Month: the sum of a month's days.",
    )
    day = fields.Date(
        required=True, readonly=True, help="The day, or the month's first day."
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    tier_id = fields.Many2one("wx.churn.tier", string="Customer Tier", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Region", readonly=True)

    _grain_day_index = models.Index("(grain, day)")
