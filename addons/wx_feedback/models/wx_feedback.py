# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import binascii
import hashlib
import logging
import time
from datetime import timedelta
from typing import NamedTuple

from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, plaintext2html

from odoo.addons.base.models.res_partner import _lang_get

from ..access import FEEDBACK_USER, STAFF, check_rights
from ..tools import dissatisfaction, envelope, masking, submission, uploads
from ..tools import phone as phone_tools
from ..tools.i18n import InputError

_logger = logging.getLogger(__name__)

UPDATE_WINDOW = timedelta(hours=48)
CHANNELS = [
    ("order_page", "Order Page"),
    ("h5", "Mobile Page (H5)"),
    ("api", "API"),
    ("staff", "Staff Entry"),
    ("email", "Email"),
]
STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
]


class FeedbackInputError(ValidationError):
    """Bad submission; ``errors`` maps each bad field to a translated message.

    Over JSON-2 the response carries ``arguments: [message, {field: message}]``.
    """

    def __init__(self, errors):
        self.errors = dict(errors)
        message = "\n".join(f"{field}: {text}" for field, text in self.errors.items())
        super().__init__(message)
        self.args = (message, self.errors)


class Submission(NamedTuple):
    """What a customer submission did, as plain values: the feedback may have
    been recorded in a transaction of its own (see ``WxFeedback._submit``)."""

    id: int
    name: str
    state: str
    outcome: str  # created, updated, followup or replayed


class IdempotencyConflict(UserError):
    """The idempotency key was already used for a different submission."""

    http_status = 409


class WxFeedback(models.Model):
    _name = "wx.feedback"
    _description = "Customer Feedback"
    _inherit = (
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "wx.customer.notify.mixin",
    )
    _order = "submitted_at desc, id desc"
    # posting needs write access (the default, said here as a decision):
    # portal customers read their company's feedback but never post on it,
    # nor notify partners they choose
    _mail_post_access = "write"
    _check_company_auto = True
    # encrypted fields (see wx.crypto.key._wx_encrypted_columns: rotation)
    _wx_encrypted_fields = (("phone", "phone_enc", "contact", "phone_bidx", "phone"),)

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        help="The person who gave the feedback.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Customer Company",
        store=True,
        index=True,
    )
    partner_state_id = fields.Many2one(
        groups=STAFF,
        related="commercial_partner_id.state_id",
        string="Region",
        store=True,
    )
    order_id = fields.Many2one(
        "sale.order", index=True, tracking=True, ondelete="set null", check_company=True
    )
    product_ids = fields.Many2many(
        "product.product",
        string="Delivered Products",
        compute="_compute_products",
        store=True,
        groups=STAFF,
    )
    product_categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        compute="_compute_products",
        store=True,
        groups=STAFF,
    )
    channel = fields.Selection(
        CHANNELS, required=True, default="staff", tracking=True, groups=STAFF
    )
    rating = fields.Integer(
        string="Overall Rating", required=True, tracking=True, aggregator="avg"
    )
    rating_delivery = fields.Integer(
        string="Delivery Timeliness", tracking=True, aggregator="avg"
    )
    rating_freshness = fields.Integer(
        string="Freshness", tracking=True, aggregator="avg"
    )
    rating_service = fields.Integer(
        string="Service Response", tracking=True, aggregator="avg"
    )
    rating_stars = fields.Char(string="Stars", compute="_compute_rating_stars")
    category_ids = fields.Many2many(
        "wx.feedback.category", string="Categories", tracking=True, check_company=True
    )
    description = fields.Text(string="Feedback", tracking=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "wx_feedback_attachment_rel",
        "feedback_id",
        "attachment_id",
        string="Photos and Videos",
    )
    lang = fields.Selection(_lang_get, string="Language")
    # The contact phone given with the feedback is stored encrypted
    # (phone_enc, AES-256-GCM bound to this record) with a keyed blind index
    # (phone_bidx) for searches and its masked form; ``phone`` reads masked
    # for everyone, writes encrypt, searches go through the blind index. The
    # clear number only comes out of action_wx_reveal_contact (audited).
    phone = fields.Char(
        string="Contact Phone",
        compute="_compute_phone",
        inverse="_inverse_phone",
        search="_search_phone",
        groups=STAFF,
        help="Shown masked; users in See Contact Details may reveal it (audited).",
    )
    phone_masked = fields.Char(
        string="Masked Phone", readonly=True, copy=False, groups=STAFF
    )
    phone_enc = fields.Char(
        string="Encrypted Phone", readonly=True, copy=False, groups="base.group_system"
    )
    phone_bidx = fields.Char(
        string="Phone Blind Index",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
    )
    state = fields.Selection(
        STATES, required=True, default="new", tracking=True, index=True
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        groups=STAFF,
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned to",
        tracking=True,
        check_company=True,
        groups=STAFF,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    submitted_at = fields.Datetime(
        string="Last Submission", default=fields.Datetime.now, readonly=True, index=True
    )
    first_submitted_at = fields.Datetime(
        string="First Submission", default=fields.Datetime.now, readonly=True
    )
    followup_count = fields.Integer(string="Follow-ups", readonly=True, default=0)
    ticket_pending = fields.Boolean(
        groups=STAFF,
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Customer submissions get their ticket from a cron job started"
        " right after the submission (within seconds).",
    )
    reply_pending = fields.Boolean(
        groups=STAFF,
        string="Auto-reply Pending",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The automatic reply is queued by a cron job right after creation.",
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        copy=False,
        index="btree_not_null",
        check_company=True,
        groups=STAFF,
    )
    ticket_reason = fields.Char(
        groups=STAFF,
        string="Why a Ticket",
        readonly=True,
        help="The rules that opened the ticket for this feedback.",
    )
    survey_ids = fields.One2many(
        "wx.feedback.survey", "feedback_id", string="Surveys", groups=STAFF
    )
    survey_id = fields.Many2one(
        "wx.feedback.survey",
        string="Last Survey",
        compute="_compute_survey_id",
        groups=STAFF,
    )
    wx_dissatisfied = fields.Boolean(
        string="Dissatisfied",
        compute="_compute_wx_dissatisfied",
        search="_search_wx_dissatisfied",
        help="The customer is dissatisfied under the company's rule (overall"
        " rating, or a negative text; Settings / Dissatisfied customers).",
        groups=STAFF,
    )
    idempotency_key = fields.Char(
        copy=False, readonly=True, index="btree_not_null", groups=STAFF
    )
    request_hash = fields.Char(copy=False, readonly=True, groups=STAFF)

    _order_customer_unique = models.UniqueIndex(
        "(order_id, commercial_partner_id) WHERE order_id IS NOT NULL",
        "This customer already gave feedback on this order.",
    )
    _idempotency_unique = models.UniqueIndex(
        "(company_id, idempotency_key) WHERE idempotency_key IS NOT NULL"
    )
    _rating_range = models.Constraint(
        "CHECK(rating BETWEEN 1 AND 5)", "The overall rating goes from 1 to 5."
    )
    _dimension_range = models.Constraint(
        "CHECK(rating_delivery BETWEEN 0 AND 5 AND rating_freshness BETWEEN 0 AND 5"
        " AND rating_service BETWEEN 0 AND 5)",
        "Dimension ratings go from 0 (not rated) to 5.",
    )

    # ------------------------------------------------------------------ computes

    @api.depends(
        "order_id.order_line.product_id",
        "order_id.order_line.qty_delivered",
        "order_id.order_line.product_id.categ_id",
    )
    def _compute_products(self):
        for feedback in self:
            lines = feedback.order_id.order_line.filtered(
                lambda line: line.product_id and line.qty_delivered > 0
            )
            feedback.product_ids = lines.product_id
            feedback.product_categ_ids = lines.product_id.categ_id

    @api.depends("rating")
    def _compute_rating_stars(self):
        for feedback in self:
            rating = feedback.rating or 0
            feedback.rating_stars = "★" * rating + "☆" * (5 - rating)

    @api.depends("category_ids.team_id", "category_ids.sequence", "company_id")
    def _compute_team_id(self):
        for feedback in self:
            # a shared category may name another company's team: not routed
            teams = feedback.category_ids.sorted("sequence").team_id.filtered(
                lambda team, company=feedback.company_id: (
                    not team.company_id or team.company_id == company
                )
            )
            feedback.team_id = teams[:1] or feedback.team_id

    @api.depends("survey_ids")
    def _compute_survey_id(self):
        for feedback in self:
            feedback.survey_id = feedback.survey_ids.sorted("id")[-1:]

    @api.depends(
        "rating",
        "company_id.wx_dissatisfied_rating",
        "company_id.wx_negative_confidence",
    )
    def _compute_wx_dissatisfied(self):
        for feedback in self:
            feedback.wx_dissatisfied = bool(feedback._wx_dissatisfied())

    def _search_wx_dissatisfied(self, operator, value):
        if operator != "in":
            return NotImplemented
        domain = self._wx_dissatisfied_domain()
        return domain if True in value else ~domain

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for feedback in self:
            feedback.access_url = f"/my/feedback/{feedback.id}"
        return result

    # ------------------------------------------------------------------ ORM

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        phones = []
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("wx.feedback") or "/"
                )
            if vals.get("phone"):
                vals["phone"] = self._normalize_phone(vals["phone"])
            phones.append(vals.pop("phone", None))
            if not vals.get("lang") and vals.get("partner_id"):
                vals["lang"] = self.env["res.partner"].browse(vals["partner_id"]).lang
        if any(phones):
            self.env["wx.crypto.key"]._wx_check_available()  # before any write
        defer = bool(self.env.context.get("wx_feedback_defer_ticket"))
        for vals in vals_list:
            if not self.env.context.get("wx_feedback_no_auto_reply"):
                vals.setdefault("reply_pending", True)
            vals.setdefault("ticket_pending", defer)
        feedbacks = super().create(vals_list)
        # encrypted once the ids are known: the ciphertext is bound to its row
        for feedback, phone in zip(feedbacks, phones, strict=True):
            if phone:
                feedback._wx_store_phone(phone)
        if not defer:
            feedbacks._wx_open_tickets()
        if feedbacks.filtered(lambda f: f.reply_pending or f.ticket_pending):
            # done by the cron right after this transaction, off the request
            self._wx_trigger_processing()
        feedbacks.filtered(lambda f: f.state == "resolved")._wx_schedule_survey()
        return feedbacks

    def write(self, vals):
        self.check_access("write")
        phone = None
        if "phone" in vals:
            vals = dict(vals)
            phone = vals.pop("phone") or False
            if phone:
                phone = self._normalize_phone(phone)
                self.env["wx.crypto.key"]._wx_check_available()  # before any write
        resolving = self.filtered(lambda f: f.state != "resolved")
        result = super().write(vals)
        if phone is not None:
            self._wx_store_phone(phone)
        if {
            "rating",
            "rating_delivery",
            "rating_freshness",
            "rating_service",
            "category_ids",
        } & set(vals):
            if self.env.context.get("wx_feedback_defer_ticket"):
                self.filtered(lambda f: not f.ticket_id).ticket_pending = True
                self._wx_trigger_processing()
            else:
                self._wx_open_tickets()
        if vals.get("state") == "resolved":
            resolving._wx_schedule_survey()
        return result

    # ------------------------------------------------------------------ contact phone

    @api.depends("phone_masked")
    def _compute_phone(self):
        for feedback in self:
            feedback.phone = feedback.phone_masked

    def _inverse_phone(self):
        for feedback in self:
            feedback._wx_store_phone(
                feedback.phone and feedback._normalize_phone(feedback.phone)
            )

    def _search_phone(self, operator, value):
        """Equality on the full number (any spelling the form accepts),
        through the blind index; partial numbers match nothing."""
        if operator in ("=", "!="):
            operator, value = ("in" if operator == "=" else "not in"), [value]
        if operator in ("like", "ilike", "=like", "=ilike"):
            values, empty = [value], False
        elif operator in ("in", "not in"):
            values = [v for v in value if v]
            empty = len(values) < len(value)
        else:
            return NotImplemented
        indexes = []
        for raw in values:
            try:
                number = phone_tools.normalize(raw)
            except InputError:
                continue
            indexes += self.env["wx.crypto.key"]._wx_blind_indexes(number)
        domain = Domain("phone_bidx", "in", indexes) if indexes else Domain.FALSE
        if empty:
            domain |= Domain("phone_bidx", "=", False)
        # the index column is for the superuser only: matched in a subquery
        domain = Domain("id", "in", self.sudo()._search(domain))
        return ~domain if operator == "not in" else domain

    def _wx_store_phone(self, number):
        """Store the E.164 ``number`` (or clear it with False) encrypted,
        with its blind index and masked form."""
        Keys = self.env["wx.crypto.key"]
        for feedback in self:
            if not number:
                values = {
                    "phone_enc": False,
                    "phone_bidx": False,
                    "phone_masked": False,
                }
            else:
                values = {
                    "phone_enc": Keys._wx_encrypt(
                        "contact", number, feedback._wx_phone_aad()
                    ),
                    "phone_bidx": Keys._wx_blind_index(number),
                    "phone_masked": masking.mask_phone(number),
                }
            feedback.sudo().write(values)

    def _wx_phone_aad(self):
        self.ensure_one()
        return envelope.aad_for(self._name, "phone", self.id)

    def _wx_contact_phone(self):
        """The contact phone in clear (E.164), False when none; for code that
        must use it (the data-subject export). Not audited here: callers that
        show it to a person record the event."""
        self.ensure_one()
        return self.env["wx.crypto.key"]._wx_decrypt(
            self.sudo().phone_enc, self._wx_phone_aad(), "contact"
        )

    def action_wx_reveal_contact(self):
        """Show the contact phone in clear to a user of *See Contact
        Details*; every attempt is recorded as a ``reveal`` security event."""
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        masked = self.sudo().phone_masked or ""
        Events = self.env["wx.audit.event"]
        if not self.env.user.has_group("wx_feedback.group_wx_contact_reveal"):
            # refused without an exception, so that the refusal's event stays
            Events._wx_record("reveal", self, result="fail", detail=f"phone {masked}")
            return self._wx_notification(
                self.env._("Only users of See Contact Details may reveal contacts."),
                "danger",
            )
        number = self._wx_contact_phone()
        Events._wx_record("reveal", self, detail=f"phone {masked}")
        return self._wx_notification(
            number or self.env._("No contact phone."),
            "warning",
            title=self.env._("Contact phone of %(name)s", name=self.name),
        )

    def _wx_notification(self, message, kind, title=False):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"title": title, "message": message, "type": kind},
        }

    @api.model
    def _normalize_phone(self, raw):
        try:
            return phone_tools.normalize(raw)
        except InputError as exc:
            raise FeedbackInputError(self._render_errors(exc)) from None

    @api.constrains("description")
    def _check_description(self):
        for feedback in self:
            if len(feedback.description or "") > submission.TEXT_MAX:
                raise ValidationError(
                    self.env._(
                        "Feedback may be at most %(max)s characters.",
                        max=submission.TEXT_MAX,
                    )
                )

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name

    # ------------------------------------------------------------------ submission

    @api.model
    def _render_errors(self, error):
        """Messages of an InputError / UploadError in the current language."""
        if isinstance(error, uploads.UploadError):
            return {"attachments": self.env._(error.template, **error.params)}
        return error.render(self.env._)

    @api.model
    def _check_submission(self, data, files=(), company=None):
        """Checked values and cleaned uploads, or FeedbackInputError with all the
        problems at once (translated in the context language). Category codes
        are those of ``company`` (the order's; default: the current one)."""
        codes = (
            self.env["wx.feedback.category"]
            ._wx_for_company(company or self.env.company)
            .mapped("code")
        )
        errors = {}
        values = {}
        try:
            values = submission.clean(data, codes)
        except InputError as exc:
            errors.update(self._render_errors(exc))
        cleaned = []
        try:
            cleaned = uploads.check_uploads(list(files))
        except uploads.UploadError as exc:
            errors.update(self._render_errors(exc))
        if errors:
            raise FeedbackInputError(errors)
        return values, cleaned

    @api.model
    def _submit(self, partner, order, values, files, channel, idempotency_key=None):
        """Record a checked submission of ``partner`` on ``order`` (may be empty).

        One feedback per (order, customer company): within 48 h of the first
        submission a new one updates it (tracked in the chatter); later ones are
        posted to its chatter as follow-ups. Returns a :class:`Submission`
        (plain values: the feedback may have been recorded in a transaction of
        its own, see below). Runs as superuser: callers check who may submit
        for whom.

        Concurrent submissions of the same order and customer, or with the
        same idempotency key (a double tap, two phones, a client's retries),
        are serialized by transaction-level advisory locks taken before
        anything is read: the first creates the feedback, the next ones update
        it or replay it. A submission that waited for another one started its
        transaction before that one committed, so (in PostgreSQL's repeatable
        read) it cannot see or update the rows that one wrote; it is then
        recorded in a new transaction that reads the latest committed state,
        instead of failing and being retried. The sequence number is taken
        only once the row is known to be new; the unique indexes are the last
        guard.
        """
        company = order.company_id or self.env.company
        request_hash = (
            self._request_hash(partner, order, values, files)
            if idempotency_key
            else None
        )
        self._wx_lock_submission(company, idempotency_key, order, partner)
        args = (partner, order, values, files, channel, idempotency_key, request_hash)
        if not self._wx_sees_latest_submission(
            company, idempotency_key, order, partner
        ):
            return self._wx_record_in_new_transaction(*args)
        return self._wx_record_submission(*args)

    @api.model
    def _wx_submission_domain(self, company, idempotency_key, order, partner):
        """``(key domain, order domain)`` of the feedback a submission meets;
        each is None when the submission has no key / no order."""
        key_domain = order_domain = None
        if idempotency_key:
            key_domain = Domain("idempotency_key", "=", idempotency_key) & Domain(
                "company_id", "=", company.id
            )
        if order:
            order_domain = Domain("order_id", "=", order.id) & Domain(
                "commercial_partner_id", "=", partner.commercial_partner_id.id
            )
        return key_domain, order_domain

    @api.model
    def _wx_lock_submission(self, company, idempotency_key, order, partner):
        """Wait for the concurrent submissions with the same idempotency key,
        then for those of the same order and customer (always in this order,
        so two submissions never wait for each other). The locks are released
        when the transaction ends."""
        names = []
        if idempotency_key:
            names.append(f"wx.feedback:key:{company.id}:{idempotency_key}")
        if order:
            names.append(
                f"wx.feedback:order:{order.id}:{partner.commercial_partner_id.id}"
            )
        for name in names:
            self.env.execute_query(
                SQL("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", name)
            )

    @api.model
    def _wx_sees_latest_submission(self, company, idempotency_key, order, partner):
        """True when this transaction sees the latest committed state of the
        feedback a submission meets (by key, by order and customer), which is
        then locked; False when a transaction that committed after this one
        began created or changed it. Call with the submission locks held."""
        Feedback = self.sudo()
        key_domain, order_domain = self._wx_submission_domain(
            company, idempotency_key, order, partner
        )
        if key_domain is not None and Feedback.search_count(key_domain, limit=1):
            return True  # a replay (or a conflict): nothing is written
        domains = [d for d in (key_domain, order_domain) if d is not None]
        if not domains:
            return True
        seen = Feedback.search(Domain.OR(domains))
        unseen = Feedback._search(
            Domain.OR(domains) & Domain("id", "not in", seen.ids), limit=1, order="id"
        )
        # a new transaction sees what committed since this one began
        with self.env.registry.cursor() as cr:
            cr.execute(unseen.select())
            if cr.fetchone():
                return False
        return seen._wx_lock_rows(wait_on_change=False)

    def _wx_lock_rows(self, wait_on_change=True):
        """Lock these feedbacks' rows (waiting for a transaction that holds
        them, such as the post-submission cron). With ``wait_on_change``
        False, returns False instead of failing when one of them changed
        after this (repeatable read) transaction began."""
        if not self:
            return True
        query = SQL(
            "SELECT id FROM wx_feedback WHERE id IN %s FOR NO KEY UPDATE",
            tuple(self.ids),
        )
        if wait_on_change:
            self.env.execute_query(query)
            return True
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(query, log_exceptions=False)
        except pg_errors.SerializationFailure:
            return False
        return True

    @api.model
    def _wx_record_in_new_transaction(self, *args):
        """:meth:`_wx_record_submission` in a transaction of its own, which
        reads what committed before each statement (read committed): it waits
        for the rows it updates and then sees their latest version. It commits
        before this transaction, which holds the submission locks until it
        ends."""
        partner, order, *rest = args
        with self.env.registry.cursor() as cr:
            if isinstance(cr, sql_db.Cursor):  # a test cursor is a savepoint
                cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
            env = self.env(cr=cr, su=True)  # as _submit: callers checked rights
            return self.with_env(env)._wx_record_submission(
                partner.with_env(env), order.with_env(env), *rest
            )

    @api.model
    def _wx_record_submission(
        self, partner, order, values, files, channel, idempotency_key, request_hash
    ):
        """Replay, update, follow up or create: the body of :meth:`_submit`,
        in a transaction that holds the submission locks (directly or through
        its caller) and sees the latest committed feedback."""
        Feedback = self.sudo()
        company = order.company_id or self.env.company
        key_domain, order_domain = self._wx_submission_domain(
            company, idempotency_key, order, partner
        )
        if key_domain is not None:
            earlier = Feedback.search(key_domain, limit=1)
            if earlier:
                if earlier.request_hash != request_hash:
                    raise IdempotencyConflict(
                        self.env._(
                            "Idempotency key %(key)s was already used for a different"
                            " feedback.",
                            key=idempotency_key,
                        )
                    )
                return earlier._wx_submission("replayed")
        categories = (
            self.env["wx.feedback.category"]
            .sudo()
            ._wx_for_company(order.company_id or self.env.company, values["categories"])
        )
        fields_values = {
            "rating": values["rating"],
            "rating_delivery": values["rating_delivery"],
            "rating_freshness": values["rating_freshness"],
            "rating_service": values["rating_service"],
            "description": values["description"],
            "category_ids": [Command.set(categories.ids)],
            "submitted_at": fields.Datetime.now(),
        }
        if values.get("phone"):
            fields_values["phone"] = values["phone"]
        existing = Feedback.browse()
        if order_domain is not None:
            existing = Feedback.search(order_domain, limit=1)
        if existing:
            existing._wx_lock_rows()
            existing._wx_check_attachment_room(files)
            if idempotency_key:
                existing.write(
                    {"idempotency_key": idempotency_key, "request_hash": request_hash}
                )
            if fields.Datetime.now() - existing.first_submitted_at <= UPDATE_WINDOW:
                existing.with_context(wx_feedback_defer_ticket=True).write(
                    fields_values
                )
                existing._attach(files)
                return existing._wx_submission("updated")
            existing._post_followup(partner, values, files)
            return existing._wx_submission("followup")
        Feedback._wx_check_attachment_room(files)
        feedback = Feedback.with_context(
            wx_feedback_defer_ticket=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
        ).create(
            {
                **fields_values,
                "partner_id": partner.id,
                "order_id": order.id or False,
                "channel": channel,
                "company_id": company.id,
                "lang": partner.lang or self.env.lang,
                "idempotency_key": idempotency_key or False,
                "request_hash": request_hash,
            }
        )
        feedback._attach(files)
        return feedback._wx_submission("created")

    def _wx_submission(self, outcome):
        self.ensure_one()
        return Submission(self.id, self.name, self.state, outcome)

    def _wx_check_attachment_room(self, files):
        """FeedbackInputError when ``files`` would take this feedback (none:
        a new one) over the photos and videos it may keep in total, across
        its updates and follow-ups."""
        stored = (
            self.env["ir.attachment"]
            .sudo()
            .search_count([("res_model", "=", self._name), ("res_id", "in", self.ids)])
            if self
            else 0
        )
        try:
            uploads.check_room(stored, len(files))
        except uploads.UploadError as exc:
            raise FeedbackInputError(self._render_errors(exc)) from None

    @api.model
    def _request_hash(self, partner, order, values, files):
        digest = hashlib.sha256()
        digest.update(f"{partner.id}:{order.id or 0}\n".encode())
        digest.update(submission.fingerprint(values).encode())
        for item in files:
            digest.update(item.filename.encode() + hashlib.sha256(item.data).digest())
        return digest.hexdigest()

    def _attachment_values(self, files):
        return [
            {
                "name": item.filename,
                "raw": item.data,
                "mimetype": item.mimetype,
                "res_model": self._name,
                "res_id": self.id,
            }
            for item in files
        ]

    def _attach(self, files):
        self.ensure_one()
        if files:
            attachments = (
                self.env["ir.attachment"].sudo().create(self._attachment_values(files))
            )
            self.attachment_ids = [(4, attachment.id) for attachment in attachments]
            if self.ticket_id:
                self._wx_copy_attachments(attachments, self.ticket_id)

    def _post_followup(self, partner, values, files):
        """A later submission on the same order: a message in the chatter."""
        self.ensure_one()
        attachments = (
            self.env["ir.attachment"].sudo().create(self._attachment_values(files))
        )
        stars = "★" * values["rating"] + "☆" * (5 - values["rating"])
        body = plaintext2html(f"{stars}\n{values['description']}")
        self.message_post(
            body=body,
            author_id=partner.id,
            # not the customer's address (Odoo's default): no copy of it
            email_from=self.company_id.email_formatted or False,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=attachments.ids,
            # followers are notified by Odoo's scheduled-notification cron a
            # second later, not while the customer waits
            scheduled_date=fields.Datetime.now() + timedelta(seconds=1),
        )
        self.write(
            {
                "followup_count": self.followup_count + 1,
                "submitted_at": fields.Datetime.now(),
            }
        )

    # ------------------------------------------------------------------ API

    @api.model
    def submit_feedback(
        self,
        order,
        rating,
        rating_delivery=0,
        rating_freshness=0,
        rating_service=0,
        categories=(),
        text="",
        phone=None,
        customer=None,
        attachments=(),
        idempotency_key=None,
    ):
        """Submit a customer's feedback on a sales order (JSON-2 API).

        POST /json/2/wx.feedback/submit_feedback with a bearer API key of a
        Customer Feedback user. Arguments:

        - order: order reference (``"S00042"``) or id, required;
        - rating: overall stars 1-5, required; rating_delivery,
          rating_freshness, rating_service: 1-5 or 0 for not rated;
        - categories: category codes (delivery, freshness, weight, packaging,
          order, service, price, other);
        - text: up to 2,000 characters; phone: contact mobile;
        - customer: id of the contact who rated (default: the order customer),
          must belong to the order's customer;
        - attachments: ``[{"name": "a.jpg", "data": "<base64>"}]``, at most
          9 photos (JPEG/PNG/WebP/HEIC, 10 MB each) and 1 video (MP4/MOV,
          50 MB);
        - idempotency_key: a retry with the same key and the same body returns
          the same feedback; the same key with another body is refused (409).

        Returns ``{"id", "name", "state", "outcome", "url"}``; outcome is
        created, updated (within 48 h), followup or replayed. Bad input: HTTP
        422 with ``arguments[1]`` mapping each bad field to its message.
        """
        if not self.env.user.has_group("wx_feedback.group_wx_feedback_user"):
            raise AccessError(self.env._("Only Customer Feedback users may submit."))
        errors = {}
        sale_order = self._api_order(order, errors)
        partner = sale_order.partner_id
        if customer not in (None, False, 0):
            partner = (
                self.env["res.partner"]
                .sudo()
                .browse(customer if isinstance(customer, int) else 0)
                .exists()
            )
            if not partner or (
                sale_order
                and partner.commercial_partner_id
                != sale_order.partner_id.commercial_partner_id
            ):
                errors["customer"] = self.env._(
                    "The customer must be a contact of the order's customer."
                )
        if idempotency_key is not None and (
            not isinstance(idempotency_key, str) or not 1 <= len(idempotency_key) <= 128
        ):
            errors["idempotency_key"] = self.env._(
                "The idempotency key must be text of 1 to 128 characters."
            )
        files = self._api_files(attachments, errors)
        data = {
            "rating": rating,
            "rating_delivery": rating_delivery,
            "rating_freshness": rating_freshness,
            "rating_service": rating_service,
            "categories": list(categories)
            if isinstance(categories, list)
            else categories,
            "description": text,
            "phone": phone,
        }
        try:
            values, cleaned = self._check_submission(
                data, files, sale_order.company_id or None
            )
        except FeedbackInputError as exc:
            errors.update(exc.errors)
        if errors:
            raise FeedbackInputError(errors)
        result = self._submit(
            partner, sale_order, values, cleaned, "api", idempotency_key
        )
        return {
            **result._asdict(),
            "url": f"{self.get_base_url()}/my/feedback/{result.id}",
        }

    @api.model
    def _api_order(self, order, errors):
        orders = self.env["sale.order"].sudo()
        if isinstance(order, int) and not isinstance(order, bool):
            found = orders.browse(order).exists()
        elif isinstance(order, str) and order.strip():
            found = orders.search([("name", "=", order.strip())], limit=1)
        else:
            found = orders.browse()
        if not found or found.state != "sale":
            errors["order"] = self.env._("No confirmed order %(order)s.", order=order)
        elif found.company_id not in self.env.user.company_ids:
            errors["order"] = self.env._("No confirmed order %(order)s.", order=order)
            found = orders.browse()
        return found

    @api.model
    def _api_files(self, attachments, errors):
        files = []
        if not isinstance(attachments, (list, tuple)):
            errors["attachments"] = self.env._("Attachments must be a list.")
            return files
        for index, item in enumerate(attachments):
            try:
                name = item["name"]
                data = base64.b64decode(item["data"], validate=True)
            except (TypeError, KeyError, ValueError, binascii.Error):
                errors["attachments"] = self.env._(
                    "Attachment %(index)s needs a name and base64 data.",
                    index=index + 1,
                )
                return []
            files.append((str(name), data))
        return files

    # ------------------------------------------------------------------ closed loop

    @api.model
    def _wx_param(self, name, default, addon="wx_feedback"):
        """Integer setting ``<addon>.<name>`` (a system parameter), or
        ``default`` when unset or not a number."""
        value = self.env["ir.config_parameter"].sudo().get_param(f"{addon}.{name}")
        try:
            return int(value) if value not in (None, False, "") else default
        except ValueError:
            return default

    # ------------------------------------------------------------------ dissatisfied

    def _wx_dissatisfaction_signal(self):
        """What the dissatisfaction rule reads of this feedback: its overall
        rating; wx_nlp adds the text's sentiment."""
        self.ensure_one()
        return {"rating": self.rating}

    def _wx_dissatisfied(self, answer=None):
        """Why this feedback shows a dissatisfied customer under its company's
        rule: reason codes of :mod:`..tools.dissatisfaction` (rating, text;
        empty: not dissatisfied). With ``answer`` (``{"nps", "csat"}`` of a
        survey about this feedback) judges that answer instead.

        The one test of "dissatisfied" for tickets, surveys, reports, the
        weekly review and churn; :meth:`_wx_dissatisfied_domain` is the same
        rule as a search domain.
        """
        self.ensure_one()
        signal = self._wx_dissatisfaction_signal() if answer is None else answer
        rule = self.company_id._wx_dissatisfaction_rule()
        return dissatisfaction.reasons(signal, rule)

    @api.model
    def _wx_dissatisfied_domain(self, companies=None):
        """Domain of the feedback :meth:`_wx_dissatisfied` finds dissatisfied
        (rating or text), each under its own company's rule; ``companies``
        limits it to those companies (default: every company)."""
        if companies is None:
            companies = self.env["res.company"].sudo().search([])
        domains = []
        for company in companies:
            rule = company._wx_dissatisfaction_rule()
            domains.append(
                Domain("company_id", "=", company.id)
                & (
                    Domain("rating", "<=", rule.rating_max)
                    | self._wx_negative_text_domain(rule)
                )
            )
        return Domain.OR(domains)

    @api.model
    def _wx_negative_text_domain(self, rule):
        """Domain of the feedback whose text is negative under ``rule``
        (nothing without text analysis: wx_nlp fills it in)."""
        return Domain.FALSE

    # ------------------------------------------------------------------ tickets

    def _wx_ticket_reasons(self):
        """Why this feedback needs a ticket (empty: it does not).

        The customer is dissatisfied (the company's rule), an aspect
        (delivery, freshness, service) is rated at or under the rule's stars,
        or a complaint category was tagged and not every rating is positive
        (4-5 stars). wx_nlp adds high urgency.
        """
        self.ensure_one()
        reasons = []
        found = self._wx_dissatisfied()
        if dissatisfaction.RATING in found:
            reasons.append(
                self.env._("dissatisfied: rating %(rating)s of 5", rating=self.rating)
            )
        if dissatisfaction.TEXT in found:
            reasons.append(self.env._("dissatisfied: negative text"))
        rating_max = self.company_id._wx_dissatisfaction_rule().rating_max
        for name, value in self._wx_aspect_ratings():
            if 0 < value <= rating_max:
                reasons.append(
                    self.env._(
                        "%(aspect)s rated %(rating)s of 5", aspect=name, rating=value
                    )
                )
        complaints = self.category_ids.filtered("is_complaint")
        if complaints and not dissatisfaction.is_positive(self._wx_ratings()):
            reasons.append(
                self.env._(
                    "complaint about %(categories)s",
                    categories=", ".join(complaints.mapped("name")),
                )
            )
        return reasons

    def _wx_aspect_ratings(self):
        """``[(label, stars)]`` of the aspects (0: not rated)."""
        self.ensure_one()
        return [
            (self.env._("Delivery Timeliness"), self.rating_delivery),
            (self.env._("Freshness"), self.rating_freshness),
            (self.env._("Service Response"), self.rating_service),
        ]

    def _wx_ratings(self):
        """Every star rating given: the overall one, then the aspects."""
        self.ensure_one()
        return [self.rating] + [value for _name, value in self._wx_aspect_ratings()]

    def _wx_ticket_priority(self):
        """Helpdesk priority: the highest of the categories' default and of the
        rating (1 star is high). wx_nlp and wx_churn raise it further."""
        self.ensure_one()
        priorities = self.category_ids.mapped("priority") or ["1"]
        if self.rating == 1:
            priorities.append("2")
        return max(priorities)

    def _wx_ticket_team(self):
        self.ensure_one()
        return self.team_id or self.company_id.sudo().wx_default_team_id

    def _wx_ticket_values(self, reasons):
        self.ensure_one()
        stars = "★" * self.rating + "☆" * (5 - self.rating)
        # labels translated outside f-strings: the term extractor does not
        # see calls inside them (they would stay English)
        rows = [
            (self.env._("Customer"), self.commercial_partner_id.name),
            (self.env._("Order"), self.order_id.name or "-"),
            (self.env._("Overall Rating"), stars),
        ]
        for label, value in self._wx_aspect_ratings():
            if value:
                rows.append((label, "★" * value))
        if self.product_ids:
            products = ", ".join(self.product_ids.mapped("name"))
            rows.append((self.env._("Products"), products))
        lines = [f"{label}: {value}" for label, value in rows]
        lines += ["", self.description or ""]
        categories = ", ".join(self.category_ids.mapped("name"))
        name = " · ".join(
            part
            for part in (self.name, categories, self.commercial_partner_id.name)
            if part
        )
        team = self._wx_ticket_team()
        return {
            "name": name,
            "description": plaintext2html("\n".join(lines)),
            "partner_id": self.partner_id.id,
            "partner_name": self.partner_id.name,
            "team_id": team.id or False,
            "user_id": False,
            "priority": self._wx_ticket_priority(),
            "company_id": self.company_id.id,
            "wx_feedback_id": self.id,
        }

    def _wx_open_tickets(self):
        """Open a helpdesk ticket for each feedback that needs action and has
        none yet; the ticket carries the text, ratings, order, products and
        photos, and both records point at each other."""
        for feedback in self.sudo().filtered(lambda f: not f.ticket_id):
            # written for the company's staff: in its language, whoever (the
            # customer's submission, a cron, a user) triggered it
            feedback = feedback.with_context(lang=feedback.company_id._wx_lang())
            reasons = feedback._wx_ticket_reasons()
            if not reasons:
                continue
            ticket = feedback.env["helpdesk.ticket"].create(
                feedback._wx_ticket_values(reasons)
            )
            feedback._wx_copy_attachments(feedback.attachment_ids, ticket)
            if feedback.state in ("resolved", "closed"):
                # recorded after the fact (staff entry, import): already solved
                ticket.stage_id = self.env["helpdesk.ticket.stage"].search(
                    [("wx_feedback_state", "=", "resolved")], limit=1
                )
            feedback.write(
                {
                    "ticket_id": ticket.id,
                    "ticket_reason": "; ".join(reasons),
                    "state": "in_progress"
                    if feedback.state == "new"
                    else feedback.state,
                }
            )

    @api.model
    def _wx_copy_attachments(self, attachments, ticket):
        for attachment in attachments.sudo():
            attachment.copy({"res_model": "helpdesk.ticket", "res_id": ticket.id})

    def _wx_reply_templates(self):
        """(mail template, SMS template) of the auto-reply for this feedback."""
        self.ensure_one()
        category = self.category_ids.sorted("sequence")[:1]
        if self.ticket_id:
            return (
                category.mail_template_id
                or self.env.ref("wx_feedback.mail_template_reply_complaint"),
                category.sms_template_id
                or self.env.ref("wx_feedback.sms_template_reply_complaint"),
            )
        return (
            self.env.ref("wx_feedback.mail_template_reply_thanks"),
            self.env.ref("wx_feedback.sms_template_reply_thanks"),
        )

    def _wx_promised_hours(self):
        """Hours within which the team contacts the customer (wx_sla refines)."""
        self.ensure_one()
        hours = self.category_ids.mapped("reply_hours")
        return min(hours) if hours else self._wx_param("reply_hours", 24)

    def _wx_send_auto_reply(self):
        for feedback in self:
            mail_template, sms_template = feedback._wx_reply_templates()
            feedback._wx_notify_customer(mail_template, sms_template)
            feedback.reply_pending = False

    _PENDING = ("|", ("ticket_pending", "=", True), ("reply_pending", "=", True))

    @api.model
    def _wx_process_pending(self, limit=100):
        """One batch of the work deferred from customer submissions: open the
        tickets, then render and queue the auto-replies. Returns its size."""
        pending = (
            self.sudo()
            .search(self._PENDING, limit=limit, order="id")
            .try_lock_for_update()
        )
        submissions = pending.filtered("ticket_pending")
        submissions._wx_after_submission()
        submissions.ticket_pending = False
        pending.filtered("reply_pending")._wx_send_auto_reply()
        return len(pending)

    @api.model
    def _wx_trigger_processing(self):
        """Wake the post-submission cron, unless a wake-up is already due."""
        cron = self.env.ref("wx_feedback.ir_cron_process_submissions").sudo()
        due = (
            self.env["ir.cron.trigger"]
            .sudo()
            .search_count(
                [("cron_id", "=", cron.id), ("call_at", "<=", fields.Datetime.now())],
                limit=1,
            )
        )
        if not due:
            cron._trigger()

    def _wx_after_submission(self):
        """What follows a customer submission, off the request: the ticket.
        Other addons add their own deferred work here."""
        return self._wx_open_tickets()

    @api.model
    def _cron_process_submissions(self):
        """Batches until none is pending or Odoo's time budget of this run
        (``cron_end_time``: 10 s) is spent. Odoo calls the job again up to
        ten times in one run; once the budget is spent a call only reports
        what is left, so the run ends "partially done" and Odoo runs it
        again at once, releasing the job's row in between: a run holds it
        for the budget and one batch, not for ten batches (under steady
        traffic the backlog never empties, and an upgrade that holds the
        scheduled actions waits for the running job: README, blue-green)."""
        Cron = self.env["ir.cron"]
        end = self.env.context.get("cron_end_time")
        while True:
            if end is not None and time.monotonic() >= end:
                Cron._commit_progress(0, remaining=self.search_count(self._PENDING))
                return
            done = self._wx_process_pending()
            if not done:
                return
            remaining = self.search_count(self._PENDING)
            if Cron._commit_progress(done, remaining=remaining) <= 0:
                return

    def _wx_notify_customer(self, mail_template, sms_template, purpose="service"):
        """Queue an email (to the contact's address) and an SMS (to the
        customer's stored mobile, not the phone typed into the feedback) from
        the given templates, in the customer's language; both are logged in
        the chatter and leave through the mail / SMS queues. Each goes only
        if the contact accepts ``purpose`` messages on its channel (README
        "Consent"). Returns the channels used."""
        self.ensure_one()
        if isinstance(mail_template, str):
            mail_template = self.env.ref(mail_template)
        if isinstance(sms_template, str):
            sms_template = self.env.ref(sms_template)
        feedback = self.sudo()
        partner = feedback.partner_id
        sent = []
        if partner.email and mail_template:
            staff_env = feedback.with_context(lang=feedback.company_id._wx_lang()).env
            if feedback._wx_queue_email(
                mail_template,
                staff_env._(
                    "Email queued to the customer: %(subject)s",
                    subject=mail_template.with_context(lang=feedback.lang).subject,
                ),
                partner=partner,
                purpose=purpose,
            ):
                sent.append("email")
        number = sms_template and feedback._wx_customer_mobile(partner)
        if number and feedback._wx_queue_sms(
            sms_template, number, partner=partner, purpose=purpose
        ):
            sent.append("sms")
        return sent

    def _wx_erasure_values(self):
        """What erasing the customer's personal data writes on this feedback:
        the text and the contact phone go, the ratings, categories, dates and
        analysis labels stay. Other addons add their copies of the text."""
        return {"description": False, "phone": False}

    def _wx_schedule_survey(self):
        """Resolved: the satisfaction survey goes out after the configured delay."""
        delay = timedelta(hours=self._wx_param("survey_delay_hours", 2))
        for feedback in self.sudo():
            if feedback.survey_ids.filtered(lambda s: s.state != "expired"):
                continue
            self.env["wx.feedback.survey"].sudo().create(
                {
                    "feedback_id": feedback.id,
                    "scheduled_at": fields.Datetime.now() + delay,
                }
            )

    # ------------------------------------------------------------------ actions

    def _wx_report_groups(self):
        """``(category, product category)`` a report files this feedback under:
        its first category by sequence and its first product category."""
        self.ensure_one()
        return self.category_ids.sorted("sequence")[:1], self.product_categ_ids[:1]

    def _wx_survey_url(self):
        """Link of the latest survey (empty before one exists)."""
        self.ensure_one()
        return self.survey_id._url() if self.survey_id else ""

    def action_open_ticket(self):
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        self.ticket_id.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.ticket_id.id,
            "view_mode": "form",
        }

    def action_start(self):
        check_rights(self, FEEDBACK_USER, "write")
        self.filtered(lambda f: f.state == "new").state = "in_progress"

    def action_resolve(self):
        check_rights(self, FEEDBACK_USER, "write")
        self.filtered(lambda f: f.state in ("new", "in_progress")).state = "resolved"

    def action_close(self):
        check_rights(self, FEEDBACK_USER, "write")
        self.state = "closed"

    def action_reopen(self):
        check_rights(self, FEEDBACK_USER, "write")
        self.filtered(lambda f: f.state in ("resolved", "closed")).state = "in_progress"

    def _wx_masked_phone(self):
        """The contact phone, masked (138****5678)."""
        self.ensure_one()
        return self.sudo().phone_masked or ""
