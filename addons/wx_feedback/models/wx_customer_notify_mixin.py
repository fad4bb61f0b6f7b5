# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class WxCustomerNotifyMixin(models.AbstractModel):
    """Email and SMS to a customer from templates, queued (never sent while
    a user or a cron waits) and logged in the record's chatter."""

    _name = "wx.customer.notify.mixin"
    _description = "Customer Email and SMS"

    def _wx_queue_email(self, template, note):
        """Queue ``template`` rendered for this record (its recipients and
        language come from the template) and log ``note``."""
        self.ensure_one()
        template.sudo().send_mail(
            self.id,
            force_send=False,
            email_layout_xmlid="mail.mail_notification_light",
        )
        self.sudo().message_post(
            body=note, message_type="notification", subtype_xmlid="mail.mt_note"
        )

    def _wx_queue_sms(self, template, number):
        """Queue the SMS ``template`` rendered for this record in its
        language to ``number``; the SMS is logged in the chatter."""
        self.ensure_one()
        record = self.sudo()
        body = template.sudo()._render_field("body", record.ids, compute_lang=True)[
            record.id
        ]
        record._message_sms(
            body,
            partner_ids=[],
            sms_numbers=[number],
            put_in_queue=True,
            subtype_id=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
        )
