# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class WxSlaHoliday(models.Model):
    """A public holiday or a make-up working day (调休) of the SLA calendars.

    Ships with the PRC calendar; administrators add the following years (or
    other countries' days, restricted to one working schedule)."""

    _name = "wx.sla.holiday"
    _inherit = "wx.sla.worktime.mixin"
    _description = "SLA Public Holiday or Make-up Working Day"
    _order = "date desc, id"

    name = fields.Char(required=True, translate=True)
    date = fields.Date(required=True, index=True)
    day_type = fields.Selection(
        [("holiday", "Public Holiday"), ("workday", "Make-up Working Day")],
        string="Type",
        required=True,
        default="holiday",
        help="A public holiday stops every SLA clock for the whole day; a make-up"
        " working day (e.g. a Saturday) is worked with the hours of a normal day.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Schedule",
        ondelete="cascade",
        help="Only for this working schedule; empty: for every SLA schedule.",
    )
    provisional = fields.Boolean(
        help="Derived from the statutory rules before the official notice:"
        " check it against the State Council announcement.",
    )

    _date_calendar_unique = models.UniqueIndex(
        "(date, COALESCE(calendar_id, 0))",
        "A day can only be listed once per working schedule.",
    )
