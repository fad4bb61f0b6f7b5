# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""All the personal data the suite holds about one customer contact: found,
exported (PIPL Art. 45) and erased (Art. 47).

Each addon adds what it stores by extending the two hooks of this abstract
model in its own module (``_inherit = "wx.personal.data"``):

* :meth:`_wx_personal_data` returns ``(sections, attachments)``: JSON-ready
  sections of the export and the ``ir.attachment`` files to put beside them;
* :meth:`_wx_erase_personal_data` anonymises what the addon stores and returns
  counts of what it changed.

Everything runs as superuser: the callers (the data-subject request, the
portal's "My data" page) decide who may ask for whose data."""

import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..tools import personal_data as pd_tools
from ..tools import phone as phone_tools
from ..tools.i18n import InputError

_logger = logging.getLogger(__name__)

# the partner's own fields in the export, when the database has them
PARTNER_FIELDS = (
    "name",
    "parent_id",
    "function",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "lang",
    "tz",
    "website",
    "vat",
    "comment",
    "create_date",
)
# cleared on every erased partner
PARTNER_CONTACT_FIELDS = (
    "email",
    "phone",
    "mobile",
    "website",
    "comment",
    "function",
    "image_1920",
)
# cleared too when no order or invoice the law obliges us to keep names it
PARTNER_IDENTITY_FIELDS = ("street", "street2", "zip", "city", "vat")
FEEDBACK_FIELDS = (
    "name",
    "order_id",
    "channel",
    "rating",
    "rating_delivery",
    "rating_freshness",
    "rating_service",
    "category_ids",
    "description",
    "phone",
    "lang",
    "state",
    "first_submitted_at",
    "submitted_at",
    "followup_count",
)
SURVEY_FIELDS = (
    "feedback_id",
    "state",
    "sent_at",
    "answered_at",
    "nps",
    "csat",
    "comment",
)
TICKET_FIELDS = (
    "number",
    "name",
    "description",
    "partner_name",
    "partner_email",
    "stage_id",
    "create_date",
    "closed_date",
)
MESSAGE_FIELDS = ("date", "model", "res_id", "subject", "body", "message_type")
CONSENT_FIELDS = ("channel", "purpose", "granted", "date", "source")
REQUEST_FIELDS = (
    "name",
    "request_type",
    "channel",
    "state",
    "requested_at",
    "handled_at",
    "note",
    "refusal_reason",
)
# fields whose tracked old values carry personal data, on the erased records
TRACKED_PERSONAL_FIELDS = (
    "description",
    "phone",
    "partner_id",
    "partner_name",
    "partner_email",
    "comment",
    "outcome_note",
)
MEDIA_DOMAIN = ["|", ("mimetype", "=like", "image/%"), ("mimetype", "=like", "video/%")]


class WxPersonalData(models.AbstractModel):
    _name = "wx.personal.data"
    _description = "Customer Personal Data"

    # ------------------------------------------------------------------ helpers

    @api.model
    def _wx_rows(self, records, names):
        """Plain dicts of ``records`` (superuser) for the JSON: relations by
        their names, HTML as text, no binary."""
        rows = []
        for record in records.sudo():
            row = {"id": record.id}
            for name in names:
                field = record._fields.get(name)
                if field is None or field.type == "binary":
                    continue
                value = record[name]
                if field.type != "boolean" and value is False:
                    value = None
                elif field.type == "many2one":
                    value = value.display_name or None
                elif field.type in ("many2many", "one2many"):
                    value = value.mapped("display_name")
                elif field.type == "html":
                    value = html2plaintext(value) if value else None
                row[name] = value
            rows.append(row)
        return rows

    @api.model
    def _wx_feedback_of(self, partner):
        return (
            self.env["wx.feedback"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "=", partner.id)], order="id")
        )

    @api.model
    def _wx_tickets_of(self, partner, feedback):
        return (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("partner_id", "=", partner.id),
                    ("wx_feedback_id", "in", feedback.ids),
                ],
                order="id",
            )
        )

    @api.model
    def _wx_messages_of(self, partner):
        return (
            self.env["mail.message"]
            .sudo()
            .search([("author_id", "=", partner.id)], order="id")
        )

    @api.model
    def _wx_customer_files(self, feedback, tickets=None):
        """The photos and videos customers uploaded on ``feedback`` (with
        their follow-ups) and the copies put on the feedback's tickets."""
        Attachment = self.env["ir.attachment"].sudo()
        if not feedback:
            return Attachment
        files = Attachment.search(
            [("res_model", "=", "wx.feedback"), ("res_id", "in", feedback.ids)]
            + MEDIA_DOMAIN
        )
        files |= feedback.sudo().attachment_ids
        tickets = feedback.sudo().ticket_id if tickets is None else tickets
        checksums = [c for c in files.mapped("checksum") if c]
        if tickets and checksums:
            files |= Attachment.search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "in", tickets.ids),
                    ("checksum", "in", checksums),
                ]
            )
        return files

    # ------------------------------------------------------------------ export

    @api.model
    def _wx_personal_data(self, partner):
        """``(sections, attachments)`` of everything this addon holds about
        ``partner``; other addons extend it."""
        partner = partner.sudo().with_context(active_test=False)
        feedback = self._wx_feedback_of(partner)
        tickets = self._wx_tickets_of(partner, feedback)
        messages = self._wx_messages_of(partner)
        message_rows = self._wx_rows(messages, MESSAGE_FIELDS)
        for row, message in zip(message_rows, messages, strict=True):
            row["attachments"] = [
                pd_tools.attachment_path(a.id, a.name) for a in message.attachment_ids
            ]
        feedback_rows = self._wx_rows(feedback, FEEDBACK_FIELDS)
        files = self._wx_customer_files(feedback, tickets.browse())
        for row, item in zip(feedback_rows, feedback, strict=True):
            # the person's own number in clear (``phone`` reads masked)
            row["phone"] = item.sudo()._wx_contact_phone() or None
            mine = files.filtered(
                lambda a, item=item: (
                    a.res_model == "wx.feedback" and a.res_id == item.id
                )
            )
            row["attachments"] = [pd_tools.attachment_path(a.id, a.name) for a in mine]
        sections = {
            "contact": self._wx_rows(partner, PARTNER_FIELDS),
            "feedback": feedback_rows,
            "surveys": self._wx_rows(
                self.env["wx.feedback.survey"]
                .sudo()
                .search([("feedback_id", "in", feedback.ids)], order="id"),
                SURVEY_FIELDS,
            ),
            "tickets": self._wx_rows(tickets, TICKET_FIELDS),
            "messages": message_rows,
            "consents": self._wx_rows(
                self.env["wx.consent"]
                .sudo()
                .search([("partner_id", "=", partner.id)], order="id"),
                CONSENT_FIELDS,
            ),
            "requests": self._wx_rows(
                self.env["wx.data.request"]
                .sudo()
                .search([("partner_id", "=", partner.id)], order="id"),
                REQUEST_FIELDS,
            ),
        }
        return sections, files | messages.attachment_ids

    @api.model
    def _wx_export_zip(self, partner):
        """The ZIP (bytes) of :meth:`_wx_personal_data` of ``partner``."""
        sections, attachments = self._wx_personal_data(partner)
        files = [
            (pd_tools.attachment_path(a.id, a.name), a.raw or b"")
            for a in attachments.sudo().sorted("id")
        ]
        meta = {
            "partner_id": partner.id,
            "generated_at": fields.Datetime.now(),
            "attachments": [path for path, _data in files],
        }
        return pd_tools.build_zip(sections, files, meta)

    # ------------------------------------------------------------------ erasure

    @api.model
    def _wx_erased_marker(self):
        return self.env._("[erased at the customer's request]")

    @api.model
    def _wx_check_erasable(self, partner):
        """UserError when ``partner`` is not a customer contact whose data
        may be erased here (staff accounts are handled by HR, not by this)."""
        users = partner.sudo().with_context(active_test=False).user_ids
        if partner == self.env.company.partner_id or users.filtered(
            lambda u: not u.share
        ):
            raise UserError(
                self.env._(
                    "This contact is a user of the company, not a customer: its"
                    " data cannot be erased here."
                )
            )
        if partner.sudo().is_company and partner.sudo().child_ids:
            raise UserError(
                self.env._(
                    "This is a customer company with contacts: erase the personal"
                    " data of each contact instead."
                )
            )

    @api.model
    def _wx_erase(self, partner):
        """Anonymise all personal data of ``partner`` in one savepoint: every
        addon's (:meth:`_wx_erase_personal_data`), then the partner itself.
        Idempotent; on any error nothing is changed. Returns the counts."""
        partner = partner.sudo()
        self._wx_check_erasable(partner)
        with self.env.cr.savepoint():
            counts = self.with_context(
                tracking_disable=True, mail_notrack=True, active_test=False
            )._wx_erase_personal_data(partner)
            counts.update(
                self.with_context(
                    tracking_disable=True, mail_notrack=True
                )._wx_anonymise_partner(partner)
            )
            self.env.flush_all()
        return counts

    @api.model
    def _wx_erase_personal_data(self, partner):
        """Anonymise what wx_feedback holds about ``partner``: the text and
        phone of the feedback, survey comments, ticket texts and contact
        copies, the files uploaded, the messages authored and the tracked old
        values of those fields. Ratings, categories, dates, states and the
        text analysis labels stay (the aggregates). Returns counts."""
        marker = self._wx_erased_marker()
        feedback = self._wx_feedback_of(partner)
        tickets = self._wx_tickets_of(partner, feedback)
        messages = self._wx_messages_of(partner)
        files = self._wx_customer_files(feedback, tickets) | messages.attachment_ids
        surveys = (
            self.env["wx.feedback.survey"]
            .sudo()
            .search([("feedback_id", "in", feedback.ids), ("comment", "!=", False)])
        )
        counts = {
            "feedback": len(feedback),
            "surveys": len(surveys),
            "tickets": len(tickets),
            "messages": len(messages),
            "files": len(files),
        }
        # the tracked old values first: the writes below are not tracked
        self._wx_drop_tracking(feedback, tickets)
        for item in feedback:
            item.write(item._wx_erasure_values())
        surveys.write({"comment": False})
        tickets.filtered(lambda t: t.description != f"<p>{marker}</p>").write(
            {"description": f"<p>{marker}</p>"}
        )
        tickets.write({"partner_name": False, "partner_email": False})
        name = (partner.name or "").strip()
        if len(name) > 1:  # an individual customer's name in the ticket titles
            for ticket in tickets.filtered(lambda t: name in (t.name or "")):
                ticket.name = ticket.name.replace(name, marker)
        messages.write({"body": marker, "subject": False, "email_from": False})
        files.unlink()
        self.env["mail.followers"].sudo().search(
            [("partner_id", "=", partner.id)]
        ).unlink()
        counts["queued"] = self._wx_drop_queued_messages(partner, feedback)
        return counts

    @api.model
    def _wx_mobile_or_none(self, raw):
        """``raw`` in E.164 when it is a mobile number, else None."""
        try:
            return phone_tools.normalize(raw) if raw else None
        except InputError:  # a landline or garbage: no SMS went to it
            return None

    @api.model
    def _wx_drop_queued_messages(self, partner, feedback):
        """Cancel what still waits in the SMS and e-mail queues for this
        person (to their numbers, their address or them); return how many."""
        numbers = {item.sudo()._wx_contact_phone() for item in feedback}
        numbers.discard(False)
        numbers.add(self._wx_mobile_or_none(partner.phone))
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search(
                [
                    ("number", "in", list(numbers)),
                    ("state", "in", ("outgoing", "error")),
                ]
            )
        )
        mail_domain = [("recipient_ids", "in", partner.ids)]
        if partner.email:
            mail_domain = ["|", ("email_to", "=ilike", partner.email), *mail_domain]
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("state", "in", ("outgoing", "exception")), *mail_domain])
        )
        count = len(sms) + len(mails)
        sms.unlink()
        mails.unlink()
        return count

    @api.model
    def _wx_drop_tracking(self, *recordsets, field_names=TRACKED_PERSONAL_FIELDS):
        """Delete the tracked old and new values of the personal fields
        (``field_names``; None: every field) of the records of
        ``recordsets`` (of any models)."""
        Message = self.env["mail.message"].sudo()
        messages = Message.browse()
        for records in recordsets:
            if records:
                messages |= Message.search(
                    [("model", "=", records._name), ("res_id", "in", records.ids)]
                )
        if not messages:
            return
        domain = [("mail_message_id", "in", messages.ids)]
        if field_names is not None:
            domain.append(("field_id.name", "in", list(field_names)))
        self.env["mail.tracking.value"].sudo().search(domain).unlink()

    @api.model
    def _wx_legal_hold(self, partner):
        """Whether the law obliges us to keep ``partner``'s name and address:
        confirmed orders or posted invoices name it (accounting records)."""
        partner = partner.sudo()
        Order = self.env["sale.order"].sudo().with_context(active_test=False)
        if Order.search_count(
            [
                "|",
                "|",
                ("partner_id", "=", partner.id),
                ("partner_invoice_id", "=", partner.id),
                ("partner_shipping_id", "=", partner.id),
                ("state", "=", "sale"),
            ],
            limit=1,
        ):
            return True
        return bool(
            self.env["account.move"]
            .sudo()
            .search_count(
                [("partner_id", "=", partner.id), ("state", "=", "posted")], limit=1
            )
        )

    @api.model
    def _wx_anonymise_partner(self, partner):
        """Clear the partner's contact details and picture, archive it and its
        portal users, and mark it erased (every suite message to it stops).
        Its name and address stay only when confirmed orders or posted
        invoices name it (Art. 47: kept for storage only)."""
        partner = partner.sudo().with_context(
            active_test=False, tracking_disable=True, mail_notrack=True
        )
        hold = self._wx_legal_hold(partner)
        values = {
            name: False for name in PARTNER_CONTACT_FIELDS if name in partner._fields
        }
        if not hold:
            values.update(
                {n: False for n in PARTNER_IDENTITY_FIELDS if n in partner._fields}
            )
            values["name"] = self.env._("Erased customer %(id)s", id=partner.id)
        if not partner.wx_erased_at:
            values["wx_erased_at"] = fields.Datetime.now()
        users = self.env["res.users"].sudo().search([("partner_id", "=", partner.id)])
        for user in users:
            user.write({"active": False, "login": f"erased-{user.id}"})
        values["active"] = False
        self._wx_drop_tracking(partner, field_names=None)
        # core's check for active users searches with this context
        partner.with_context(active_test=True).write(values)
        return {"legal_hold": hold}
