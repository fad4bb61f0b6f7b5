# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..tools import phone as phone_tools
from ..tools.i18n import InputError


def customer_free_author(record, author_id, email_from):
    """``email_from`` of a message on ``record``, without the address of a
    customer author (portal and public users, contacts without a login):
    Odoo copies the author's address into every message; ours keep the
    company's instead (the customer stays the author)."""
    if not (author_id and email_from):
        return email_from
    author = record.env["res.partner"].sudo().browse(author_id)
    if author.user_ids.filtered(lambda user: not user.share):
        return email_from  # staff
    company = record.env.company
    if "company_id" in record._fields and len(record) == 1 and record.company_id:
        company = record.company_id
    return company.sudo().email_formatted or False


class WxCustomerNotifyMixin(models.AbstractModel):
    """Email and SMS to a customer from templates, queued (never sent while
    a user or a cron waits) and logged in the record's chatter.

    Each message has a purpose: ``service`` (the answer to the customer's own
    feedback or ticket), ``survey`` or ``marketing``; a message is queued only
    when :meth:`_wx_may_contact` allows it (the customer's consent for that
    channel and purpose, and never to a person whose data was erased)."""

    _name = "wx.customer.notify.mixin"
    _description = "Customer Email and SMS"

    def _message_compute_author(self, author_id=None, email_from=None):
        author_id, email_from = super()._message_compute_author(author_id, email_from)
        return author_id, customer_free_author(self, author_id, email_from)

    @api.model
    def _wx_customer_mobile(self, partner):
        """Where a customer's SMS go: the contact's own stored mobile number,
        else their company's, in E.164; False when neither is a valid mobile.

        A number typed into a feedback form is kept as the contact given but
        never texted: anyone holding a feedback link could type a stranger's
        number and have us send it messages or coupons.
        """
        for candidate in (partner, partner.commercial_partner_id):
            if candidate.phone:
                try:
                    return phone_tools.normalize(candidate.phone)
                except InputError:  # a landline or garbage: try the next
                    continue
        return False

    @api.model
    def _wx_may_contact(self, partner, channel, purpose):
        """Whether a ``purpose`` message may go to ``partner`` by ``channel``
        (README "Consent")."""
        return self.env["wx.consent"]._wx_allows(partner, channel, purpose)

    def _wx_queue_email(self, template, note, partner=None, purpose="service"):
        """Queue ``template`` rendered for this record (its recipients and
        language come from the template) and log ``note``; nothing when
        ``partner`` (the recipient) does not accept ``purpose`` emails.
        Returns whether it was queued."""
        self.ensure_one()
        if partner is not None and not self._wx_may_contact(partner, "email", purpose):
            return False
        template.sudo().send_mail(
            self.id,
            force_send=False,
            email_layout_xmlid="mail.mail_notification_light",
        )
        self.sudo().message_post(
            body=note, message_type="notification", subtype_xmlid="mail.mt_note"
        )
        return True

    def _wx_queue_sms(self, template, number, partner=None, purpose="service"):
        """Queue the SMS ``template`` rendered for this record in its
        language to ``number``; the SMS is logged in the chatter. Nothing
        when ``partner`` (the recipient) does not accept ``purpose`` SMS.
        Returns whether it was queued."""
        self.ensure_one()
        if partner is not None and not self._wx_may_contact(partner, "sms", purpose):
            return False
        record = self.sudo()
        body = template.sudo()._render_field("body", record.ids, compute_lang=True)[
            record.id
        ]
        # the notification keeps the masked number only (see mail.notification)
        record.with_context(wx_mask_sms_number=True)._message_sms(
            body,
            partner_ids=[],
            sms_numbers=[number],
            put_in_queue=True,
            subtype_id=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
        )
        return True
