# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from odoo import models
from odoo.exceptions import UserError

from odoo.addons.wx_feedback.access import FEEDBACK_USER, check_rights


class WxFeedbackLinkWizard(models.TransientModel):
    _inherit = "wx.feedback.link.wizard"

    def action_send_sms(self):
        """Text the link to the contact's stored mobile number (never a
        typed one), in the contact's language, through the SMS queue."""
        self.ensure_one()
        check_rights(self.order_id, FEEDBACK_USER)
        if not self.url:
            raise UserError(self.env._("Choose a contact of the order's customer."))
        partner = self.partner_id.sudo()
        number = self.env["wx.feedback"]._wx_customer_mobile(partner)
        if not number:
            raise UserError(
                self.env._(
                    "%(contact)s has no valid mobile number on record.",
                    contact=partner.display_name,
                )
            )
        order = self.order_id.sudo()
        lang = partner.lang or order.company_id._wx_lang()
        body = order.with_context(lang=lang).env._(
            "Please rate your order %(order)s: %(url)s",
            order=order.name,
            url=self.url,
        )
        order.with_context(
            wx_sms_type="link", wx_sms_params={"order": order.name, "url": self.url}
        )._message_sms(
            body,
            partner_ids=[],
            sms_numbers=[number],
            put_in_queue=True,
            subtype_id=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
        )
        return self._wx_notify(self.env._("The link is queued for SMS."))

    def action_send_wecom(self):
        """Send the link to the user's own WeCom (through the company's WeCom
        application), to forward it to the customer's WeCom chat."""
        self.ensure_one()
        check_rights(self.order_id, FEEDBACK_USER)
        if not self.url:
            raise UserError(self.env._("Choose a contact of the order's customer."))
        user = self.env.user
        order = self.order_id.sudo()
        app = (
            self.env["wx.push.destination"]
            .sudo()
            .search(
                [("company_id", "=", order.company_id.id), ("kind", "=", "wecom_app")],
                limit=1,
            )
        )
        if not app or not user.sudo().wx_wecom_userid:
            raise UserError(
                self.env._(
                    "Sending to WeCom needs the company's WeCom application and"
                    " your WeCom user ID (Preferences)."
                )
            )
        lang = app._wx_lang(user)
        env = self.with_context(lang=lang).env
        self.env["wx.push.message"]._wx_enqueue(
            [
                {
                    "name": env._(
                        "Feedback link of %(order)s for %(contact)s",
                        order=order.name,
                        contact=self.partner_id.sudo().display_name,
                    ),
                    "body": self.url,
                    "url": self.url,
                    "lang": lang,
                    "company_id": order.company_id.id,
                    "event": "link",
                    "channel": "wecom_app",
                    "destination_id": app.id,
                    "recipient_user_id": user.id,
                    "res_model": "sale.order",
                    "res_id": order.id,
                    # every click is a message of its own
                    "dedupe_key": f"link:sale.order:{order.id}:{uuid.uuid4().hex}",
                }
            ]
        )
        return self._wx_notify(self.env._("The link is on its way to your WeCom."))

    def _wx_notify(self, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
