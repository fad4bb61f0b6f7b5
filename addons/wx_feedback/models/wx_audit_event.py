# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Security events that no ORM write records: logins, reveals of masked data,
exports, data-subject requests, outbound notifications (等保2.0 §8.1.4.3 b:
date and time, user, event type, success or failure, details).

Rows are written only through :meth:`_wx_record` (as superuser); nobody gets
write or unlink access to them."""

from odoo import api, fields, models
from odoo.http import request

EVENT_TYPES = [
    ("login", "Login"),
    ("login_failed", "Failed Login"),
    ("logout", "Logout"),
    ("reveal", "Reveal of Masked Data"),
    ("decrypt", "Decryption"),
    ("export", "Export"),
    ("delete", "Deletion"),
    ("permission", "Permission Change"),
    ("config", "Configuration Change"),
    ("dsr", "Data-Subject Request"),
    ("notification", "Outbound Notification"),
]


class WxAuditEvent(models.Model):
    _name = "wx.audit.event"
    _description = "Security Audit Event"
    _order = "id desc"
    _rec_name = "event_type"

    timestamp = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True
    )
    user_id = fields.Many2one("res.users", string="User", readonly=True, index=True)
    login = fields.Char(
        readonly=True, help="The login typed, for failed logins of unknown users."
    )
    ip = fields.Char(string="IP Address", readonly=True)
    event_type = fields.Selection(EVENT_TYPES, required=True, readonly=True, index=True)
    res_model = fields.Char(string="Model", readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Record", model_field="res_model", readonly=True
    )
    result = fields.Selection(
        [("success", "Success"), ("fail", "Failure")],
        required=True,
        readonly=True,
        default="success",
    )
    detail = fields.Char(
        readonly=True, help="What happened, with personal data masked, never in clear."
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)

    @api.model
    def _wx_record(
        self, event_type, records=None, *, result="success", detail="", login=None
    ):
        """Append one event about ``records`` (a recordset, possibly empty,
        or None) by the current user; return it. ``detail`` must already be
        masked: this method stores what it is given."""
        records = records if records is not None else self.env["res.users"].browse()
        user = self.env.user if self.env.uid else self.env["res.users"]
        ip = None
        if request and getattr(request, "httprequest", None):
            ip = request.httprequest.remote_addr
        values = {
            "event_type": event_type,
            "user_id": user.id or False,
            "login": login,
            "ip": ip,
            "result": result,
            "detail": detail or False,
            "company_id": self.env.company.id,
        }
        if records:
            values["res_model"] = records._name
            values["res_id"] = records.id if len(records) == 1 else False
            if len(records) > 1:
                ids = ",".join(str(i) for i in records.ids[:50])
                values["detail"] = f"{detail} [{len(records)}: {ids}]".strip()
        return self.sudo().create(values)
