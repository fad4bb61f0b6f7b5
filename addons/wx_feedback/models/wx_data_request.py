# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Data-subject requests (PIPL Art. 44-47, 50): who asked what for whom, on
which channel, who handled it and when, with the outcome; a refusal states
its reasons (Art. 50). Each request and each outcome is an audit event."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..access import FEEDBACK_MANAGER, check_rights

REQUEST_TYPES = [
    ("access", "Access / Export"),
    ("correction", "Correction"),
    ("erasure", "Erasure"),
    ("consent", "Consent Withdrawal"),
]
REQUEST_CHANNELS = [("portal", "Customer Portal"), ("backend", "Staff")]
REQUEST_STATES = [
    ("received", "Received"),
    ("done", "Done"),
    ("refused", "Refused"),
]
# exported files are copies of personal data: kept this long for the
# customer to download, then deleted (the request record stays)
EXPORT_KEEP_DAYS = 30


class WxDataRequest(models.Model):
    _name = "wx.data.request"
    _description = "Data-Subject Request"
    _inherit = ("mail.thread",)
    _order = "requested_at desc, id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer Contact",
        required=True,
        index=True,
        tracking=True,
        context={"active_test": False},
        help="The person whose personal data the request is about.",
    )
    request_type = fields.Selection(
        REQUEST_TYPES, string="Type", required=True, tracking=True
    )
    channel = fields.Selection(
        REQUEST_CHANNELS, required=True, default="backend", readonly=True
    )
    state = fields.Selection(
        REQUEST_STATES,
        required=True,
        default="received",
        readonly=True,
        tracking=True,
        index=True,
    )
    note = fields.Text(
        string="Request", help="What the customer asked for, e.g. the correction."
    )
    refusal_reason = fields.Text(
        tracking=True, help="Why the request is refused; told to the customer."
    )
    result = fields.Char(
        readonly=True, help="What was done (counts, no personal data)."
    )
    requested_by_id = fields.Many2one(
        "res.users",
        string="Asked by",
        readonly=True,
        default=lambda self: self.env.user,
        help="The customer's portal account, or the staff member who recorded it.",
    )
    requested_at = fields.Datetime(
        string="Received on", required=True, readonly=True, default=fields.Datetime.now
    )
    handled_by_id = fields.Many2one("res.users", string="Handled by", readonly=True)
    handled_at = fields.Datetime(string="Handled on", readonly=True)
    export_attachment_id = fields.Many2one(
        "ir.attachment", string="Export File", readonly=True, copy=False
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.constrains("state", "refusal_reason")
    def _check_refusal_reason(self):
        for request in self:
            if (
                request.state == "refused"
                and not (request.refusal_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._("A refused request must state the reasons for it.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].sudo().next_by_code("wx.data.request")
                    or "/"
                )
        requests = super().create(vals_list)
        for request in requests:
            request._wx_audit("received")
        return requests

    def _wx_audit(self, what, result="success"):
        self.ensure_one()
        self.env["wx.audit.event"]._wx_record(
            "dsr",
            self,
            result=result,
            detail=f"{self.request_type} {what} ({self.channel},"
            f" partner {self.partner_id.id})",
        )

    def _wx_close(self, state, result=""):
        self.ensure_one()
        self.sudo().write(
            {
                "state": state,
                "result": result or False,
                "handled_by_id": self.env.user.id,
                "handled_at": fields.Datetime.now(),
            }
        )
        self._wx_audit(state + (f": {result}" if result else ""))

    def _wx_check_open(self):
        for request in self:
            if request.state != "received":
                raise UserError(
                    self.env._(
                        "Request %(name)s is already handled.", name=request.name
                    )
                )

    # ------------------------------------------------------------------ outcomes

    def _wx_do_export(self, store=True):
        """Build the export ZIP, close the request and return the ZIP; with
        ``store``, attach it to the request (for staff to send it on; the
        portal streams it to the customer and keeps no copy)."""
        self.ensure_one()
        payload = self.env["wx.personal.data"]._wx_export_zip(self.partner_id)
        if not store:
            self._wx_close("done", f"export {len(payload)} bytes, downloaded")
            self.env["wx.audit.event"]._wx_record(
                "export",
                self,
                detail=f"personal data export of partner {self.partner_id.id}",
            )
            return payload
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"personal_data_{self.partner_id.id}_{self.name}.zip",
                    "raw": payload,
                    "mimetype": "application/zip",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        self.sudo().export_attachment_id = attachment
        self._wx_close("done", f"export {len(payload)} bytes")
        return payload

    def _wx_do_erasure(self):
        self.ensure_one()
        counts = self.env["wx.personal.data"]._wx_erase(self.partner_id)
        summary = ", ".join(f"{key} {value}" for key, value in sorted(counts.items()))
        self._wx_close("done", f"erased: {summary}")
        return counts

    def _wx_do_consent_withdrawal(self):
        self.ensure_one()
        Consent = self.env["wx.consent"]
        changes = dict.fromkeys(Consent._wx_current(self.partner_id), False)
        rows = Consent._wx_set(self.partner_id, changes, self.channel)
        self._wx_close("done", f"consents withdrawn: {len(rows)}")

    # ------------------------------------------------------------------ buttons

    def action_execute(self):
        """Carry out the request: export, erase, withdraw every consent, or
        (correction) record that staff corrected the data."""
        check_rights(self, FEEDBACK_MANAGER, "write")
        self.ensure_one()
        self._wx_check_open()
        if self.request_type == "access":
            self._wx_do_export()
            return self.action_download()
        if self.request_type == "erasure":
            self._wx_do_erasure()
        elif self.request_type == "consent":
            self._wx_do_consent_withdrawal()
        else:
            self._wx_close("done", "corrected by staff")
        return True

    def action_refuse(self):
        """Refuse with the reasons written on the request (Art. 50)."""
        check_rights(self, FEEDBACK_MANAGER, "write")
        self._wx_check_open()
        for request in self:
            if not (request.refusal_reason or "").strip():
                raise UserError(self.env._("Write the reasons for the refusal first."))
            request._wx_close("refused")
        return True

    def action_download(self):
        """Download the export file of this request."""
        check_rights(self, FEEDBACK_MANAGER)
        self.ensure_one()
        if not self.export_attachment_id:
            raise UserError(self.env._("This request has no export file."))
        self.env["wx.audit.event"]._wx_record(
            "export",
            self,
            detail=f"personal data export of partner {self.partner_id.id}",
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.export_attachment_id.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------ cleanup

    @api.autovacuum
    def _gc_export_files(self):
        """Delete the export files older than EXPORT_KEEP_DAYS."""
        old = self.sudo().search(
            [
                ("export_attachment_id", "!=", False),
                (
                    "handled_at",
                    "<",
                    fields.Datetime.now() - timedelta(days=EXPORT_KEEP_DAYS),
                ),
            ]
        )
        old.export_attachment_id.unlink()
