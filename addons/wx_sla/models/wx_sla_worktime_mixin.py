# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class WxSlaWorktimeMixin(models.AbstractModel):
    """Records the SLA calendars are built from (working schedules, their
    hours, public holidays): any change drops the cached calendars in every
    worker, so it applies to the next deadline computed."""

    _name = "wx.sla.worktime.mixin"
    _description = "SLA Calendar Source"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
