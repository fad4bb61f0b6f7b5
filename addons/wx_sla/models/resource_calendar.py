# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models, tools

from .. import worktime


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ("resource.calendar", "wx.sla.worktime.mixin")

    def _wx_worktime(self):
        """This schedule as a pure-Python :class:`worktime.Calendar`: weekly
        hours, public holidays and make-up working days (cached per worker,
        refreshed when the schedule or the holidays change)."""
        self.ensure_one()
        return self._wx_worktime_cached(self.id)

    @api.model
    @tools.ormcache("calendar_id")
    def _wx_worktime_cached(self, calendar_id):
        calendar = self.browse(calendar_id).sudo()
        rows = [
            (int(att.dayofweek), att.hour_from, att.hour_to)
            for att in calendar.attendance_ids
            if att.day_period != "lunch" and not att.display_type
        ]
        days = (
            self.env["wx.sla.holiday"]
            .sudo()
            .search_fetch(
                [("calendar_id", "in", [False, calendar_id])], ["date", "day_type"]
            )
        )
        return worktime.Calendar(
            worktime.weekly_from_attendances(rows),
            tz=calendar.tz or "Asia/Shanghai",
            holidays={d.date for d in days if d.day_type == "holiday"},
            workdays={d.date for d in days if d.day_type == "workday"},
        )
