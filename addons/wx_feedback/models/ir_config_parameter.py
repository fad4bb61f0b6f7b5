# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Changes of system parameters as configuration events: the key only, never
the value (it may be a secret)."""

from odoo import api, models


class IrConfigParameter(models.Model):
    _inherit = "ir.config_parameter"

    def _wx_record_config(self, action, keys):
        Event = self.env["wx.audit.event"]
        for key in keys:
            Event._wx_record("config", detail=f"system parameter {key} {action}")

    @api.model_create_multi
    def create(self, vals_list):
        params = super().create(vals_list)
        self._wx_record_config("created", params.mapped("key"))
        return params

    def write(self, vals):
        result = super().write(vals)
        self._wx_record_config("changed", self.mapped("key"))
        return result

    def unlink(self):
        keys = self.mapped("key")
        result = super().unlink()
        self._wx_record_config("deleted", keys)
        return result
