# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import plaintext2html

from odoo.addons.wx_feedback.access import check_rights
from odoo.addons.wx_feedback.tools import phone as phone_tools

from .. import churn

_logger = logging.getLogger(__name__)

STATES = [
    ("open", "Open"),
    ("visited", "Visited"),
    ("won_back", "Won Back"),
    ("lost", "Lost"),
]
DEFAULT_TZ = "Asia/Shanghai"
VISIT_WORKING_DAYS = 2
USER = "wx_churn.group_wx_churn_user"
MANAGER = "wx_churn.group_wx_churn_manager"
# the coupon and the measured outcome: written by the system only (as
# superuser), so no user's write or create can reissue a coupon
COUPON_FIELDS = {
    "coupon_id",
    "coupon_amount",
    "coupon_sent_at",
    "coupon_used",
    "coupon_order_id",
    "reordered_within_60d",
    "reorder_id",
    "outcome_checked_at",
}
# what the alert was raised on: set at creation, never changed afterwards
# (except by the system)
FACT_FIELDS = {
    "name",
    "date",
    "partner_id",
    "company_id",
    "feedback_ids",
    "survey_ids",
    "streak_length",
    "tier_id",
    "region_id",
}


class WxChurnAlert(models.Model):
    _name = "wx.churn.alert"
    _description = "Churn Alert"
    _inherit = ("mail.thread", "mail.activity.mixin", "wx.customer.notify.mixin")
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    date = fields.Datetime(
        string="Alert Date",
        required=True,
        readonly=True,
        default=fields.Datetime.now,
        index=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="cascade",
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        STATES, required=True, default="open", tracking=True, index=True
    )
    outcome_note = fields.Text(string="Outcome", tracking=True)
    feedback_ids = fields.Many2many(
        "wx.feedback",
        "wx_churn_alert_feedback_rel",
        "alert_id",
        "feedback_id",
        string="Dissatisfied Feedback",
        readonly=True,
        check_company=True,
    )
    survey_ids = fields.Many2many(
        "wx.feedback.survey",
        "wx_churn_alert_survey_rel",
        "alert_id",
        "survey_id",
        string="Unhappy Survey Answers",
        readonly=True,
        check_company=True,
    )
    streak_length = fields.Integer(string="Streak", readonly=True)
    tier_id = fields.Many2one(
        "wx.churn.tier",
        readonly=True,
        check_company=True,
        help="Tier of the customer at the alert.",
    )
    region_id = fields.Many2one(
        "res.country.state",
        readonly=True,
        help="The customer's province or state at the alert.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    coupon_id = fields.Many2one(
        "loyalty.card",
        string="Win-back Coupon",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )
    coupon_code = fields.Char(related="coupon_id.code", string="Coupon Code")
    coupon_amount = fields.Monetary(string="Coupon Value", readonly=True, copy=False)
    coupon_expiration_date = fields.Date(
        related="coupon_id.expiration_date", string="Coupon Valid Until"
    )
    coupon_sent_at = fields.Datetime(readonly=True, copy=False)
    coupon_used = fields.Boolean(
        readonly=True,
        copy=False,
        help="The coupon was applied to a confirmed order.",
    )
    coupon_order_id = fields.Many2one(
        "sale.order",
        string="Order with the Coupon",
        readonly=True,
        copy=False,
        check_company=True,
    )
    reordered_within_60d = fields.Boolean(
        string="Ordered Again",
        readonly=True,
        copy=False,
        help="The customer confirmed an order within 60 days after the alert.",
    )
    reorder_id = fields.Many2one(
        "sale.order",
        string="First Order After",
        readonly=True,
        copy=False,
        check_company=True,
    )
    outcome_checked_at = fields.Datetime(readonly=True, copy=False)
    visited_at = fields.Datetime(readonly=True, copy=False)
    closed_at = fields.Datetime(readonly=True, copy=False)
    won_back_rate = fields.Float(
        string="Win-back Rate %",
        compute="_compute_rates",
        store=True,
        aggregator="avg",
        help="100 for an alert won back: the average is the win-back rate.",
    )
    coupon_redemption_rate = fields.Float(
        string="Coupon Redemption %",
        compute="_compute_rates",
        store=True,
        aggregator="avg",
        help="100 when the coupon was used: the average is the redemption rate.",
    )
    reorder_rate = fields.Float(
        string="Reorder Rate %",
        compute="_compute_rates",
        store=True,
        aggregator="avg",
        help="100 when the customer ordered again within 60 days.",
    )

    _coupon_unique = models.UniqueIndex(
        "(coupon_id) WHERE coupon_id IS NOT NULL",
        "A coupon belongs to one churn alert.",
    )

    @api.depends("state", "coupon_used", "reordered_within_60d")
    def _compute_rates(self):
        for alert in self:
            alert.won_back_rate = 100.0 if alert.state == "won_back" else 0.0
            alert.coupon_redemption_rate = 100.0 if alert.coupon_used else 0.0
            alert.reorder_rate = 100.0 if alert.reordered_within_60d else 0.0

    # ------------------------------------------------------------------ ORM

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        if not self.env.su and any(COUPON_FIELDS & set(vals) for vals in vals_list):
            raise AccessError(
                self.env._("Win-back coupons are issued by the alert, not set on it.")
            )
        Sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = Sequence.next_by_code("wx.churn.alert") or "/"
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            if partner and partner.commercial_partner_id != partner:
                vals["partner_id"] = partner.commercial_partner_id.id
                partner = partner.commercial_partner_id
            if partner:
                partner = partner.sudo()
                company = (
                    self.env["res.company"].browse(vals.get("company_id"))
                    or self.env.company
                )
                vals.setdefault("tier_id", partner._wx_tier(company).id)
                vals.setdefault("region_id", partner.state_id.id)
                vals.setdefault(
                    "user_id", self._wx_account_manager(partner, company).id
                )
        alerts = super().create(vals_list)
        alerts._wx_schedule_visit()
        return alerts

    def write(self, vals):
        self.check_access("write")
        if not self.env.su and (COUPON_FIELDS | FACT_FIELDS) & set(vals):
            raise AccessError(
                self.env._(
                    "The customer, the feedback and the coupon of a churn alert"
                    " cannot be changed."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------ settings

    @api.model
    def _wx_param(self, name, default):
        return self.env["wx.feedback"]._wx_param(name, default, addon="wx_churn")

    @api.model
    def _wx_account_manager(self, partner, company=None):
        """The customer's salesperson, else the configured user, else the
        administrator: the first one who works for ``company`` (default: the
        current one); nobody when none does."""
        company = company or self.env.company
        candidates = (
            partner.user_id
            | self.env["res.users"]
            .sudo()
            .browse(self._wx_param("default_user_id", 0))
            .exists()
            | self.env.ref("base.user_admin")
        )
        return candidates.filtered(
            lambda user: user.active and not user.share and company in user.company_ids
        )[:1]

    # ------------------------------------------------------------------ streaks

    @api.model
    def _wx_events(self, partner, company, length, since=None):
        """The latest ``length`` feedbacks and answered surveys of ``partner``
        in ``company`` (after ``since``) as event dicts for
        :mod:`wx_churn.churn`, each judged by the company's dissatisfaction
        rule (``wx.feedback._wx_dissatisfied``)."""
        # by the contact (child_of), not by the stored customer company: the
        # search then only needs columns written at creation
        feedback_domain = Domain("partner_id", "child_of", partner.id) & Domain(
            "company_id", "=", company.id
        )
        survey_domain = (
            Domain("feedback_id.partner_id", "child_of", partner.id)
            & Domain("company_id", "=", company.id)
            & Domain("state", "=", "answered")
        )
        if since:
            feedback_domain &= Domain("submitted_at", ">", since)
            survey_domain &= Domain("answered_at", ">", since)
        feedbacks = (
            self.env["wx.feedback"]
            .sudo()
            .search_fetch(
                feedback_domain,
                [
                    "submitted_at",
                    "company_id",
                    "rating",
                    "nlp_sentiment",
                    "nlp_confidence",
                    "nlp_corrected",
                ],
                order="submitted_at desc, id desc",
                limit=length,
            )
        )
        surveys = (
            self.env["wx.feedback.survey"]
            .sudo()
            .search_fetch(
                survey_domain,
                ["answered_at", "nps", "csat", "feedback_id"],
                order="answered_at desc, id desc",
                limit=length,
            )
        )
        events = [
            {
                "kind": "feedback",
                "id": feedback.id,
                "at": feedback.submitted_at,
                "dissatisfied": bool(feedback._wx_dissatisfied()),
            }
            for feedback in feedbacks
            if feedback.submitted_at
        ]
        events += [
            {
                "kind": "survey",
                "id": survey.id,
                "at": survey.answered_at,
                "dissatisfied": bool(
                    survey.feedback_id._wx_dissatisfied(
                        {"nps": survey.nps, "csat": survey.csat}
                    )
                ),
                "feedback_id": survey.feedback_id.id,
            }
            for survey in surveys
            if survey.answered_at
        ]
        return events

    @api.model
    def _wx_check_partners(self, partners, company=None):
        """Raise an alert for each customer whose latest feedback / survey
        answers in ``company`` (default: the current one) make a streak of
        dissatisfaction, outside that company's cooldown: each company
        watches its own customers' streaks. Returns the new alerts (with
        their coupon issued and sent)."""
        company = company or self.env.company
        length = max(self._wx_param("streak_length", churn.DEFAULT_STREAK_LENGTH), 1)
        cooldown = self._wx_param("cooldown_days", churn.DEFAULT_COOLDOWN_DAYS)
        Alert = self.sudo()
        created = Alert.browse()
        for partner in partners.sudo().commercial_partner_id:
            last = Alert.search_fetch(
                [("partner_id", "=", partner.id), ("company_id", "=", company.id)],
                ["date"],
                order="date desc, id desc",
                limit=1,
            )
            now = fields.Datetime.now()
            if churn.in_cooldown(last.date or None, now, cooldown):
                continue
            since = last.date or None
            events = self._wx_events(partner, company, length, since=since)
            streak = churn.find_streak(events, length, since=since)
            if not streak:
                continue
            # a concurrent transaction raising the same alert updates the same
            # row: one of the two gets a serialization error and is retried
            partner.write({"wx_churn_alert_at": now})
            partner.flush_recordset(["wx_churn_alert_at"])
            values = self._wx_alert_values(partner, company, streak)
            # written for the company's staff (creation and tracking messages)
            alert = Alert.with_context(lang=company._wx_lang()).create(values)
            alert._wx_issue_coupon()
            created |= alert
        return created

    @api.model
    def _wx_alert_values(self, partner, company, streak):
        feedback_ids = [e["id"] for e in streak if e["kind"] == "feedback"]
        feedback_ids += [e["feedback_id"] for e in streak if e["kind"] == "survey"]
        survey_ids = [e["id"] for e in streak if e["kind"] == "survey"]
        return {
            "partner_id": partner.id,
            "feedback_ids": [Command.set(feedback_ids)],
            "survey_ids": [Command.set(survey_ids)],
            "streak_length": len(streak),
            "company_id": company.id,
        }

    # ------------------------------------------------------------------ visit

    def _wx_visit_deadline(self):
        """The second working day after today, on the company's working
        calendar (public holidays included) when it has one, else Monday to
        Friday."""
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        tz = pytz.timezone(calendar.tz or self.env.user.tz or DEFAULT_TZ)
        today = datetime.now(tz).date()
        if calendar:
            start = tz.localize(datetime.combine(today + timedelta(days=1), time.min))
            end = calendar.plan_days(VISIT_WORKING_DAYS, start, compute_leaves=True)
            if end:
                return end.astimezone(tz).date()
        return churn.add_working_days(today, VISIT_WORKING_DAYS)

    def _wx_schedule_visit(self):
        for alert in self.sudo():
            if not alert.user_id or alert.state != "open":
                continue
            alert.message_subscribe(partner_ids=alert.user_id.partner_id.ids)
            # in the account manager's language, whatever raised the alert
            manager = alert.with_context(
                lang=alert.company_id._wx_lang(recipient=alert.user_id)
            )
            alert.activity_schedule(
                "wx_churn.mail_activity_type_customer_visit",
                date_deadline=alert._wx_visit_deadline(),
                summary=manager.env._(
                    "Visit %(customer)s", customer=alert.partner_id.display_name
                ),
                note=plaintext2html(manager._wx_streak_summary()),
                user_id=alert.user_id.id,
            )

    def _wx_streak_summary(self):
        self.ensure_one()
        lines = [
            self.env._(
                "%(count)s dissatisfied signals in a row:", count=self.streak_length
            )
        ]
        for feedback in self.feedback_ids.sorted("submitted_at"):
            lines.append(
                f"- {feedback.name} {'★' * feedback.rating}"
                f" {(feedback.description or '')[:80]}"
            )
        for survey in self.survey_ids:
            lines.append(
                self.env._(
                    "- survey on %(feedback)s: NPS %(nps)s, CSAT %(csat)s",
                    feedback=survey.feedback_id.name,
                    nps=survey.nps,
                    csat=survey.csat,
                )
            )
        return "\n".join(lines)

    # ------------------------------------------------------------------ coupon

    @api.model
    def _wx_coupon_program(self, company):
        """The win-back program ``company``'s coupons come from: the configured
        one, else the data one, when it belongs to ``company`` (or to every
        company); none otherwise (a coupon of another company's program could
        not be used on this company's orders)."""
        Program = self.env["loyalty.program"].sudo()
        configured = Program.browse(self._wx_param("coupon_program_id", 0)).exists()
        shipped = self.env.ref(
            "wx_churn.loyalty_program_winback", raise_if_not_found=False
        )
        return (configured | (shipped or Program)).filtered(
            lambda p: not p.company_id or p.company_id == company
        )[:1]

    def _wx_coupon_value(self):
        """Coupon value of the customer's tier at the alert (the lowest tier's
        when the customer had none)."""
        self.ensure_one()
        tier = (
            self.tier_id
            or self.env["wx.churn.tier"]
            ._wx_active_tiers(self.company_id)
            .sorted("threshold_amount")[:1]
        )
        return tier.coupon_amount

    @api.model
    def _wx_coupon_rules(self):
        defaults = churn.DEFAULT_COUPON_RULES
        return churn.CouponRules(
            min_orders=self._wx_param("coupon_min_orders", defaults.min_orders),
            min_order_amount=self._wx_param(
                "coupon_min_order_amount", int(defaults.min_order_amount)
            ),
            min_spread_days=self._wx_param(
                "coupon_min_spread_days", defaults.min_spread_days
            ),
            max_per_year=self._wx_param("coupon_max_per_year", defaults.max_per_year),
        )

    def _wx_coupon_signals(self):
        """The alert's dissatisfied feedbacks and survey answers, with the
        order each one is about (for :func:`churn.coupon_refusal`)."""
        self.ensure_one()
        signals = [
            (feedback.submitted_at, feedback.order_id)
            for feedback in self.feedback_ids - self.survey_ids.feedback_id
        ]
        signals += [
            (survey.answered_at, survey.feedback_id.order_id)
            for survey in self.survey_ids
        ]
        return [
            {
                "at": at,
                "order_id": order.id,
                "order_amount": order.currency_id._convert(
                    order.amount_untaxed,
                    self.company_id.currency_id,
                    self.company_id,
                    fields.Date.to_date(order.date_order),
                )
                if order
                else 0.0,
            }
            for at, order in signals
            if at
        ]

    def _wx_coupon_refusal(self):
        """Why this alert earns no coupon (translated), or None: see
        :func:`churn.coupon_refusal` and README (Tiers and churn)."""
        self.ensure_one()
        rules = self._wx_coupon_rules()
        earlier = self.search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("coupon_id", "!=", False),
                ("id", "!=", self.id),
            ]
        )
        today = fields.Date.context_today(self)
        coupons = [
            {
                "issued_at": alert.coupon_id.create_date,
                "used": alert.coupon_used,
                "expired": bool(alert.coupon_expiration_date)
                and alert.coupon_expiration_date < today,
            }
            for alert in earlier
        ]
        reason = churn.coupon_refusal(
            self._wx_coupon_signals(), coupons, fields.Datetime.now(), rules
        )
        messages = {
            "open_coupon": self.env._("an earlier win-back coupon is still unused"),
            "yearly_cap": self.env._(
                "the customer already received the most coupons per 12 months"
                " (%(count)s)",
                count=rules.max_per_year,
            ),
            "orders": self.env._(
                "the dissatisfaction concerns fewer than %(count)s orders worth"
                " %(amount)s or more",
                count=rules.min_orders,
                amount=rules.min_order_amount,
            ),
            "spread": self.env._(
                "the dissatisfied signals span less than %(days)s days",
                days=rules.min_spread_days,
            ),
        }
        return messages.get(reason)

    def _wx_issue_coupon(self, force=False):
        """Create the alert's win-back coupon (once: a second call does
        nothing) and send it to the customer. Unless ``force`` (a churn
        manager's decision), only when the streak earns one (anti-farming
        rule); a refusal is noted on the alert."""
        issued = self.browse()
        validity = self._wx_param("coupon_validity_days", 60)
        for alert in self.sudo():
            program = self._wx_coupon_program(alert.company_id)
            if alert.coupon_id:
                continue
            # blocks a concurrent issue of the same alert's coupon
            alert.lock_for_update()
            if alert.coupon_id:
                continue
            amount = alert._wx_coupon_value()
            if not program or amount <= 0:
                continue
            refusal = not force and alert._wx_coupon_refusal()
            if refusal:
                alert.message_post(
                    body=self.env._("No win-back coupon: %(reason)s.", reason=refusal),
                    message_type="notification",
                    subtype_xmlid="mail.mt_note",
                )
                continue
            card = (
                self.env["loyalty.card"]
                .sudo()
                .with_context(loyalty_no_mail=True, tracking_disable=True)
                .create(
                    {
                        "program_id": program.id,
                        "partner_id": alert.partner_id.id,
                        "points": amount,
                        "expiration_date": fields.Date.context_today(alert)
                        + timedelta(days=validity),
                    }
                )
            )
            alert.write({"coupon_id": card.id, "coupon_amount": amount})
            alert._wx_send_coupon()
            issued |= alert
        return issued

    def _wx_coupon_recipient(self):
        """Who receives the coupon: the contact of the latest dissatisfied
        feedback, else the customer company."""
        self.ensure_one()
        contact = self.feedback_ids.sorted("submitted_at")[-1:].partner_id
        return contact or self.partner_id

    def _wx_coupon_phone(self):
        """The recipient's own stored mobile (never a number typed into a
        feedback form)."""
        self.ensure_one()
        return self._wx_customer_mobile(self._wx_coupon_recipient())

    def _wx_send_coupon(self):
        """Queue the coupon email and SMS in the customer's language; both are
        logged in the chatter."""
        self.ensure_one()
        alert = self.sudo()
        # chatter notes for the company's staff
        staff_env = alert.with_context(lang=alert.company_id._wx_lang()).env
        if self.env.context.get("wx_churn_no_send"):
            alert.message_post(
                body=staff_env._(
                    "Win-back coupon %(code)s issued, not sent.", code=alert.coupon_code
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
            return
        recipient = alert._wx_coupon_recipient()
        mail_template = self.env.ref("wx_churn.mail_template_winback_coupon")
        sms_template = self.env.ref("wx_churn.sms_template_winback_coupon")
        emailed = bool(recipient.email) and alert._wx_queue_email(
            mail_template,
            staff_env._(
                "Win-back coupon %(code)s emailed to %(customer)s.",
                code=alert.coupon_code,
                customer=recipient.display_name,
            ),
            partner=recipient,
            purpose="marketing",
        )
        phone = alert._wx_coupon_phone()
        if phone and not alert._wx_queue_sms(
            sms_template, phone, partner=recipient, purpose="marketing"
        ):
            phone = False  # the customer withdrew consent to offers by SMS
        alert.coupon_sent_at = fields.Datetime.now()
        _logger.info(
            "Churn alert %s: win-back coupon queued (email: %s, SMS: %s)",
            alert.id,
            emailed,
            phone_tools.mask(phone) if phone else "-",
        )

    # ------------------------------------------------------------------ outcomes

    @api.model
    def _wx_outcome_domain(self):
        """Alerts whose outcome can still change: within the reorder window,
        or with an unused coupon that has not expired."""
        now = fields.Datetime.now()
        window = timedelta(days=self._wx_param("reorder_days", 60))
        today = fields.Date.context_today(self)
        return Domain("date", ">=", now - window) | (
            Domain("coupon_id", "!=", False)
            & Domain("coupon_used", "=", False)
            & (
                Domain("coupon_expiration_date", "=", False)
                | Domain("coupon_expiration_date", ">=", today - timedelta(days=1))
            )
        )

    def _wx_refresh_outcomes(self):
        """Store whether the coupon was used on a confirmed order and whether
        the customer confirmed an order within the reorder window."""
        window = timedelta(days=self._wx_param("reorder_days", 60))
        Order = self.env["sale.order"].sudo()
        Line = self.env["sale.order.line"].sudo()
        now = fields.Datetime.now()
        for alert in self.sudo():
            values = {"outcome_checked_at": now}
            if alert.coupon_id:
                line = Line.search(
                    [
                        ("coupon_id", "=", alert.coupon_id.id),
                        ("order_id.state", "=", "sale"),
                    ],
                    order="id",
                    limit=1,
                )
                values["coupon_used"] = bool(line)
                values["coupon_order_id"] = line.order_id.id
            reorder = Order.search(
                [
                    ("partner_id", "child_of", alert.partner_id.id),
                    ("company_id", "=", alert.company_id.id),
                    ("state", "=", "sale"),
                    ("date_order", ">=", alert.date),
                    ("date_order", "<=", alert.date + window),
                ],
                order="date_order, id",
                limit=1,
            )
            values["reordered_within_60d"] = bool(reorder)
            values["reorder_id"] = reorder.id
            alert.write(values)

    @api.model
    def _cron_refresh_outcomes(self, batch_size=500):
        Alert = self.sudo()
        domain = self._wx_outcome_domain() & (
            Domain("outcome_checked_at", "=", False)
            | Domain(
                "outcome_checked_at", "<", fields.Datetime.now() - timedelta(hours=12)
            )
        )
        while True:
            alerts = Alert.search(domain, limit=batch_size).try_lock_for_update()
            alerts._wx_refresh_outcomes()
            remaining = Alert.search_count(domain) if alerts else 0
            if (
                self.env["ir.cron"]._commit_progress(len(alerts), remaining=remaining)
                <= 0
                or not remaining
            ):
                break

    # ------------------------------------------------------------------ actions

    def _wx_check_coupon_target(self):
        """The coupon goes to the customer company the alert was raised for,
        a customer of the alert's company, while the alert is in progress."""
        for alert in self.sudo():
            partner = alert.partner_id
            if alert.state not in ("open", "visited"):
                raise UserError(
                    self.env._(
                        "%(alert)s is closed: no coupon any more.", alert=alert.name
                    )
                )
            if (
                partner.commercial_partner_id != partner
                or (partner.company_id and partner.company_id != alert.company_id)
                or alert.feedback_ids.commercial_partner_id - partner
            ):
                raise AccessError(
                    self.env._(
                        "%(alert)s is not an alert of one customer of"
                        " %(company)s: no coupon.",
                        alert=alert.name,
                        company=alert.company_id.name,
                    )
                )

    def action_issue_coupon(self):
        """Issue the win-back coupon of these alerts (churn managers, alerts
        of their companies): once per alert, the next call does nothing. A
        churn manager's decision overrides the anti-farming rule."""
        check_rights(self, MANAGER, "write")
        self._wx_check_coupon_target()
        issued = self._wx_issue_coupon(force=True)
        if not issued and self.filtered(lambda a: not a.coupon_id):
            raise UserError(
                self.env._(
                    "No coupon was issued: configure the win-back coupon program"
                    " and the coupon value of the customer's tier."
                )
            )
        return True

    def action_visited(self):
        check_rights(self, USER, "write")
        for alert in self.filtered(lambda a: a.state == "open"):
            alert.activity_feedback(
                ["wx_churn.mail_activity_type_customer_visit"],
                feedback=alert.outcome_note or "",
            )
            alert.write({"state": "visited", "visited_at": fields.Datetime.now()})
        return True

    def _wx_close(self, state):
        missing = self.filtered(lambda a: not (a.outcome_note or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Write the outcome of the visit before closing %(alerts)s.",
                    alerts=", ".join(missing.mapped("name")),
                )
            )
        for alert in self:
            if alert.activity_ids:
                alert.activity_feedback(
                    ["wx_churn.mail_activity_type_customer_visit"],
                    feedback=alert.outcome_note,
                )
        self.write({"state": state, "closed_at": fields.Datetime.now()})
        return True

    def action_won_back(self):
        check_rights(self, USER, "write")
        return self._wx_close("won_back")

    def action_lost(self):
        check_rights(self, USER, "write")
        return self._wx_close("lost")

    def action_reopen(self):
        check_rights(self, USER, "write")
        self.filtered(lambda a: a.state in ("won_back", "lost")).write(
            {"state": "visited", "closed_at": False}
        )
        return True

    def action_refresh_outcome(self):
        check_rights(self, USER)
        self._wx_refresh_outcomes()
        return True

    def action_open_timeline(self):
        check_rights(self, USER)
        self.ensure_one()
        return self.partner_id.action_wx_timeline()
