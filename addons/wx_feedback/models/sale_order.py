# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time

from odoo import api, fields, models
from odoo.tools import hmac as odoo_hmac

from ..access import FEEDBACK_USER, STAFF, check_rights
from ..tools import guard

H5_SCOPE = "wx_feedback.h5"
H5_VALIDITY_DAYS = 30
# a link withdrawn this many revocations ago is still told apart from a forged one
H5_REVOKED_REMEMBERED = 20


class SaleOrder(models.Model):
    _inherit = "sale.order"

    wx_feedback_ids = fields.One2many(
        "wx.feedback", "order_id", string="Feedback", groups=STAFF
    )
    wx_feedback_count = fields.Integer(
        string="Feedback Count", compute="_compute_wx_feedback_count", groups=STAFF
    )
    wx_h5_link_version = fields.Integer(
        string="Feedback Link Version",
        default=0,
        readonly=True,
        copy=False,
        groups=STAFF,
        help="Signed into every feedback link of the order; raised to withdraw"
        " them all (on demand and when the order is cancelled).",
    )

    @api.depends("wx_feedback_ids")
    def _compute_wx_feedback_count(self):
        for order in self:
            order.wx_feedback_count = len(order.wx_feedback_ids)

    def _wx_can_be_rated(self):
        """Feedback is asked once the goods have arrived."""
        self.ensure_one()
        return self.state == "sale" and self.delivery_status == "full"

    # ------------------------------------------------------------------ H5 links

    def _wx_h5_signature(self, partner_id, expires, version=None):
        """HMAC of a link: order, contact, expiry and the order's link version
        (version 0 signs as the links made before versions existed)."""
        self.ensure_one()
        if version is None:
            version = self.wx_h5_link_version
        message = f"{self.id}:{partner_id}:{expires}"
        if version:
            message += f":{version}"
        return odoo_hmac(self.env(su=True), H5_SCOPE, message)

    def _wx_h5_path(self, partner=None, validity_days=H5_VALIDITY_DAYS):
        """Signed login-free path of the mobile feedback page for ``partner``
        (default: the order's customer), valid ``validity_days`` days."""
        self.ensure_one()
        partner = partner or self.partner_id
        expires = int(time.time()) + validity_days * 86400
        signature = self._wx_h5_signature(partner.id, expires)
        return f"/fb/{self.id}/{partner.id}/{expires}/{signature}"

    def _wx_h5_check(self, partner_id, expires, signature):
        """``valid``, ``revoked`` (signed for a link version withdrawn since,
        or the order is cancelled) or ``invalid`` (forged, expired)."""
        self.ensure_one()
        if expires < time.time():
            return "invalid"
        if guard.matches(self._wx_h5_signature(partner_id, expires), signature):
            return "revoked" if self.state == "cancel" else "valid"
        current = self.wx_h5_link_version
        for version in range(max(current - H5_REVOKED_REMEMBERED, 0), current):
            if guard.matches(
                self._wx_h5_signature(partner_id, expires, version), signature
            ):
                return "revoked"
        return "invalid"

    def _wx_revoke_h5_links(self):
        """Withdraw every feedback link sent for these orders so far."""
        for order in self.sudo():
            order.wx_h5_link_version += 1

    def _action_cancel(self):
        result = super()._action_cancel()
        self._wx_revoke_h5_links()
        return result

    # ------------------------------------------------------------------ actions

    def action_wx_feedback_link(self):
        """The signed mobile link of a confirmed order the user can read
        (its salesperson's and company's rules apply)."""
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        wizard = self.env["wx.feedback.link.wizard"].create({"order_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Feedback Link"),
            "res_model": "wx.feedback.link.wizard",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_wx_revoke_feedback_links(self):
        """Withdraw the order's feedback links (a link was forwarded, the QR
        code printed on the wrong delivery note...); new ones can be made."""
        check_rights(self, FEEDBACK_USER, "write")
        self._wx_revoke_h5_links()
        for order in self:
            order.message_post(
                body=self.env._(
                    "Feedback links withdrawn: the links sent so far no longer open."
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_view_wx_feedback(self):
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wx_feedback.wx_feedback_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {
            "default_order_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
