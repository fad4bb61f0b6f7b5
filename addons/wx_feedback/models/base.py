# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import AccessError


class Base(models.AbstractModel):
    _inherit = "base"

    def export_data(self, fields_to_export):
        """Every export (the web client's Export, XLSX or CSV, and RPC) is a
        security event: who exported how many records of which model, with
        which fields."""
        if not self.env.is_superuser() and not self.env.user.has_group(
            "base.group_allow_export"
        ):
            # core refuses too (UserError); refuse before any work, as an
            # access error like every other public method
            raise AccessError(
                self.env._(
                    "You don't have the rights to export data. Please contact an"
                    " Administrator."
                )
            )
        result = super().export_data(fields_to_export)
        names = ", ".join(fields_to_export[:30])
        self.env["wx.audit.event"]._wx_record(
            "export", self, detail=f"{len(self)} {self._name} records: {names}"
        )
        return result
