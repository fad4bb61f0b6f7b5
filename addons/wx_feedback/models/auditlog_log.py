# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""OCA auditlog's entries made tamper-evident: chained (``tools/audit_chain``),
unchangeable (PostgreSQL triggers, ``tools/audit_sql``) and read-only for
every group, auditlog managers included."""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.audit_scrub import mask_login, scrub_text


class AuditlogLog(models.Model):
    _inherit = "auditlog.log"

    wx_user_login = fields.Char(
        string="Login",
        readonly=True,
        help="The login of the user who acted, kept when the user is deleted"
        " (masked when it is an e-mail or a phone number).",
    )
    wx_chain_seq = fields.Integer(string="Chain Position", readonly=True, copy=False)
    wx_chain_hash = fields.Char(string="Chain Value", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        users = self.env["res.users"].sudo()
        for vals in vals_list:
            if vals.get("user_id") and not vals.get("wx_user_login"):
                vals["wx_user_login"] = mask_login(users.browse(vals["user_id"]).login)
            if vals.get("name"):
                vals["name"] = scrub_text(vals["name"])
        logs = super().create(vals_list)
        self.env["wx.audit.event"]._wx_schedule_seal()
        return logs

    def write(self, vals):
        if self:
            raise AccessError(self.env._("Audit log entries cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(self.env._("Audit log entries cannot be deleted."))
