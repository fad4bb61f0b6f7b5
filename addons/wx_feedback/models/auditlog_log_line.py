# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The values an auditlog line keeps, masked before they are written: contact
details as ``139****0318`` / ``z***@example.com``, secrets and system
parameter values redacted (``tools/audit_scrub``)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.audit_scrub import scrub_field_value

VALUE_FIELDS = ("old_value", "new_value", "old_value_text", "new_value_text")


class AuditlogLogLine(models.Model):
    _inherit = "auditlog.log.line"

    wx_chain_seq = fields.Integer(string="Chain Position", readonly=True, copy=False)
    wx_chain_hash = fields.Char(string="Chain Value", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        if self._name != "auditlog.log.line":  # the SQL view inherits this model
            return super().create(vals_list)
        self.check_access("create")
        fields_by_id = {}
        for vals in vals_list:
            field_id = vals.get("field_id")
            if field_id and field_id not in fields_by_id:
                field = self.env["ir.model.fields"].sudo().browse(field_id)
                fields_by_id[field_id] = (field.name, field.model)
            name, model = fields_by_id.get(field_id, ("", None))
            for key in VALUE_FIELDS:
                if key in vals:
                    value = vals[key]
                    if value not in (None, False) and not isinstance(value, str):
                        value = str(value)
                    vals[key] = scrub_field_value(name, value, model=model)
        lines = super().create(vals_list)
        self.env["wx.audit.event"]._wx_schedule_seal()
        return lines

    def write(self, vals):
        if self:
            raise AccessError(self.env._("Audit log entries cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(self.env._("Audit log entries cannot be deleted."))
