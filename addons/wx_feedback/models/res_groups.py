# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

WATCHED = ("user_ids", "implied_ids", "model_access", "rule_groups", "privilege_id")


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        result = super().write(vals)
        changed = sorted(name for name in WATCHED if name in vals)
        if changed:
            for group in self:
                self.env["wx.audit.event"]._wx_record(
                    "permission",
                    group,
                    detail=f"group {group.sudo().full_name}: {', '.join(changed)}"
                    " changed",
                )
        return result
