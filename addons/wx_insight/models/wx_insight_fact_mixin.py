# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

GRAINS = [("day", "Day"), ("month", "Month")]
# the filter dimensions a row may be summed over, and their bit in rolled_up
ROLLUP_BITS = {"tier_id": 1, "state_id": 2, "categ_id": 4}


class WxInsightFactMixin(models.AbstractModel):
    """Columns every pre-aggregated insight table has: one row per day
    (Asia/Shanghai) and combination of the dimensions, and the same figures
    summed per calendar month (``grain`` month, ``day`` the month's first
    day), filled by ``wx.insight.refresh`` with SQL only; users read them
    (record rules), nobody writes them through the ORM. A period reads the
    month rows of the whole months inside it and the day rows of the days
    left at either end (``tools.measures.split_period``), never both for
    the same day.

    Each day and month is also summed over every subset of the filter
    dimensions of ``_wx_rollup_fields`` (``rolled_up``: the bits of
    ``ROLLUP_BITS`` summed over, their columns NULL; 0 is the finest row): a
    widget reads the rows that keep exactly the dimensions it filters or
    groups by, so that an unfiltered year is a few hundred rows per month,
    not one per combination of every dimension. Team and company are never
    summed over: the record rules read them."""

    # filter dimensions of this table that rolled-up rows may sum over
    _wx_rollup_fields = ("tier_id", "state_id")

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
    rolled_up = fields.Integer(
        required=True,
        default=0,
        readonly=True,
        help="Filter dimensions this row is summed over (1: tier, 2: region,"
        " 4: product category); 0: none.",
    )
    day = fields.Date(
        required=True, readonly=True, help="The day, or the month's first day."
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    tier_id = fields.Many2one("wx.churn.tier", string="Customer Tier", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Region", readonly=True)

    _grain_rollup_day_index = models.Index("(grain, rolled_up, day)")
