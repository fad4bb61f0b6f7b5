# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import binascii
import hashlib
import logging
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

from odoo.addons.base.models.res_partner import _lang_get

from ..tools import phone as phone_tools
from ..tools import submission, uploads
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
    _mail_post_access = "read"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        help="The person who gave the feedback.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Customer Company",
        store=True,
        index=True,
    )
    partner_state_id = fields.Many2one(
        related="commercial_partner_id.state_id", string="Region", store=True
    )
    order_id = fields.Many2one(
        "sale.order", index=True, tracking=True, ondelete="set null"
    )
    product_ids = fields.Many2many(
        "product.product",
        string="Delivered Products",
        compute="_compute_products",
        store=True,
    )
    product_categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        compute="_compute_products",
        store=True,
    )
    channel = fields.Selection(CHANNELS, required=True, default="staff", tracking=True)
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
        "wx.feedback.category", string="Categories", tracking=True
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
    phone = fields.Char(string="Contact Phone", tracking=True)
    state = fields.Selection(
        STATES, required=True, default="new", tracking=True, index=True
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    user_id = fields.Many2one("res.users", string="Assigned to", tracking=True)
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
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Customer submissions get their ticket from a cron job started"
        " right after the submission (within seconds).",
    )
    reply_pending = fields.Boolean(
        string="Auto-reply Pending",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The automatic reply is queued by a cron job right after creation.",
    )
    ticket_id = fields.Many2one("helpdesk.ticket", copy=False, index="btree_not_null")
    ticket_reason = fields.Char(
        string="Why a Ticket",
        readonly=True,
        help="The rules that opened the ticket for this feedback.",
    )
    survey_ids = fields.One2many("wx.feedback.survey", "feedback_id", string="Surveys")
    survey_id = fields.Many2one(
        "wx.feedback.survey", string="Last Survey", compute="_compute_survey_id"
    )
    idempotency_key = fields.Char(copy=False, readonly=True, index="btree_not_null")
    request_hash = fields.Char(copy=False, readonly=True)

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

    @api.depends("category_ids.team_id", "category_ids.sequence")
    def _compute_team_id(self):
        for feedback in self:
            teams = feedback.category_ids.sorted("sequence").team_id
            feedback.team_id = teams[:1] or feedback.team_id

    @api.depends("survey_ids")
    def _compute_survey_id(self):
        for feedback in self:
            feedback.survey_id = feedback.survey_ids.sorted("id")[-1:]

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for feedback in self:
            feedback.access_url = f"/my/feedback/{feedback.id}"
        return result

    # ------------------------------------------------------------------ ORM

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("wx.feedback") or "/"
                )
            if vals.get("phone"):
                vals["phone"] = self._normalize_phone(vals["phone"])
            if not vals.get("lang") and vals.get("partner_id"):
                vals["lang"] = self.env["res.partner"].browse(vals["partner_id"]).lang
        defer = bool(self.env.context.get("wx_feedback_defer_ticket"))
        for vals in vals_list:
            if not self.env.context.get("wx_feedback_no_auto_reply"):
                vals.setdefault("reply_pending", True)
            vals.setdefault("ticket_pending", defer)
        feedbacks = super().create(vals_list)
        if not defer:
            feedbacks._wx_open_tickets()
        if feedbacks.filtered(lambda f: f.reply_pending or f.ticket_pending):
            # done by the cron right after this transaction, off the request
            self._wx_trigger_processing()
        feedbacks.filtered(lambda f: f.state == "resolved")._wx_schedule_survey()
        return feedbacks

    def write(self, vals):
        if vals.get("phone"):
            vals["phone"] = self._normalize_phone(vals["phone"])
        resolving = self.filtered(lambda f: f.state != "resolved")
        result = super().write(vals)
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
    def _check_submission(self, data, files=()):
        """Checked values and cleaned uploads, or FeedbackInputError with all the
        problems at once (translated in the context language)."""
        codes = (
            self.env["wx.feedback.category"]
            .sudo()
            .search_fetch([("active", "=", True)], ["code"])
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
        posted to its chatter as follow-ups. Returns ``(feedback, outcome)``
        with outcome in created / updated / followup / replayed. Runs as
        superuser: callers check who may submit for whom.
        """
        Feedback = self.sudo()
        request_hash = None
        if idempotency_key:
            request_hash = self._request_hash(partner, order, values, files)
            earlier = Feedback.search(
                [
                    ("idempotency_key", "=", idempotency_key),
                    ("company_id", "=", (order.company_id or self.env.company).id),
                ],
                limit=1,
            )
            if earlier:
                if earlier.request_hash != request_hash:
                    raise IdempotencyConflict(
                        self.env._(
                            "Idempotency key %(key)s was already used for a different"
                            " feedback.",
                            key=idempotency_key,
                        )
                    )
                return earlier, "replayed"
        categories = (
            self.env["wx.feedback.category"]
            .sudo()
            .search([("code", "in", values["categories"])])
        )
        fields_values = {
            "rating": values["rating"],
            "rating_delivery": values["rating_delivery"],
            "rating_freshness": values["rating_freshness"],
            "rating_service": values["rating_service"],
            "description": values["description"],
            "category_ids": [(6, 0, categories.ids)],
            "submitted_at": fields.Datetime.now(),
        }
        if values.get("phone"):
            fields_values["phone"] = values["phone"]
        existing = Feedback.browse()
        if order:
            existing = Feedback.search(
                [
                    ("order_id", "=", order.id),
                    ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                ],
                limit=1,
            )
        if existing:
            if idempotency_key:
                existing.write(
                    {"idempotency_key": idempotency_key, "request_hash": request_hash}
                )
            if fields.Datetime.now() - existing.first_submitted_at <= UPDATE_WINDOW:
                existing.with_context(wx_feedback_defer_ticket=True).write(
                    fields_values
                )
                existing._attach(files)
                return existing, "updated"
            existing._post_followup(partner, values, files)
            return existing, "followup"
        create_values = {
            **fields_values,
            "partner_id": partner.id,
            "order_id": order.id or False,
            "channel": channel,
            "company_id": (order.company_id or self.env.company).id,
            "lang": partner.lang or self.env.lang,
            "idempotency_key": idempotency_key or False,
            "request_hash": request_hash,
        }
        try:
            with self.env.cr.savepoint():
                feedback = Feedback.with_context(
                    wx_feedback_defer_ticket=True,
                    mail_create_nolog=True,
                    mail_create_nosubscribe=True,
                ).create(create_values)
        except pg_errors.UniqueViolation:
            # a parallel submission for the same order won: update that one
            return self._submit(partner, order, values, files, channel, idempotency_key)
        feedback._attach(files)
        return feedback, "created"

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
            values, cleaned = self._check_submission(data, files)
        except FeedbackInputError as exc:
            errors.update(exc.errors)
        if errors:
            raise FeedbackInputError(errors)
        feedback, outcome = self._submit(
            partner, sale_order, values, cleaned, "api", idempotency_key
        )
        return {
            "id": feedback.id,
            "name": feedback.name,
            "state": feedback.state,
            "outcome": outcome,
            "url": feedback.get_base_url() + feedback.access_url,
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

    def _wx_ticket_reasons(self):
        """Why this feedback needs a ticket (empty: it does not).

        Ratings at or under the threshold of a tagged category (or the general
        threshold), and complaint categories unless the customer is positive
        (4-5 stars everywhere: positive feedback opens no ticket). wx_nlp adds
        negative sentiment and high urgency.
        """
        self.ensure_one()
        reasons = []
        ratings = [self.rating] + [
            r
            for r in (self.rating_delivery, self.rating_freshness, self.rating_service)
            if r
        ]
        thresholds = self.category_ids.mapped("rating_threshold") or [
            self._wx_param("ticket_rating_threshold", 3)
        ]
        if min(ratings) <= max(thresholds):
            reasons.append(self.env._("rating %(rating)s of 5", rating=min(ratings)))
        complaints = self.category_ids.filtered("is_complaint")
        if complaints and min(ratings) < 4:
            reasons.append(
                self.env._(
                    "complaint about %(categories)s",
                    categories=", ".join(complaints.mapped("name")),
                )
            )
        return reasons

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
        team_id = self._wx_param("default_team_id", 0)
        return self.team_id or self.env["helpdesk.ticket.team"].browse(team_id).exists()

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
        for label, value in (
            (self.env._("Delivery Timeliness"), self.rating_delivery),
            (self.env._("Freshness"), self.rating_freshness),
            (self.env._("Service Response"), self.rating_service),
        ):
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
            "partner_email": self.partner_id.email,
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
        while done := self._wx_process_pending():
            remaining = self.search_count(self._PENDING)
            if self.env["ir.cron"]._commit_progress(done, remaining=remaining) <= 0:
                break

    def _wx_notify_customer(self, mail_template, sms_template):
        """Queue an email (to the contact's address) and an SMS (to the contact
        phone) from the given templates, in the customer's language; both are
        logged in the chatter and leave through the mail / SMS queues."""
        self.ensure_one()
        if isinstance(mail_template, str):
            mail_template = self.env.ref(mail_template)
        if isinstance(sms_template, str):
            sms_template = self.env.ref(sms_template)
        feedback = self.sudo()
        if feedback.partner_id.email and mail_template:
            staff_env = feedback.with_context(lang=feedback.company_id._wx_lang()).env
            feedback._wx_queue_email(
                mail_template,
                staff_env._(
                    "Email queued to the customer: %(subject)s",
                    subject=mail_template.with_context(lang=feedback.lang).subject,
                ),
            )
        if feedback.phone and sms_template:
            feedback._wx_queue_sms(sms_template, feedback.phone)

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
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.ticket_id.id,
            "view_mode": "form",
        }

    def action_start(self):
        self.filtered(lambda f: f.state == "new").state = "in_progress"

    def action_resolve(self):
        self.filtered(lambda f: f.state in ("new", "in_progress")).state = "resolved"

    def action_close(self):
        self.state = "closed"

    def action_reopen(self):
        self.filtered(lambda f: f.state in ("resolved", "closed")).state = "in_progress"

    def masked_phone(self):
        self.ensure_one()
        return phone_tools.mask(self.phone)
