# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import contextlib
import logging
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import plaintext2html

from odoo.addons.wx_feedback.tools import phone as phone_tools
from odoo.addons.wx_feedback.tools.i18n import InputError
from odoo.addons.wx_nlp.models.wx_feedback import NEGATIVE_CONFIDENCE

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


class WxChurnAlert(models.Model):
    _name = "wx.churn.alert"
    _description = "Churn Alert"
    _inherit = ("mail.thread", "mail.activity.mixin", "wx.customer.notify.mixin")
    _order = "date desc, id desc"

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
        domain="[('parent_id', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        index=True,
        tracking=True,
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
    )
    survey_ids = fields.Many2many(
        "wx.feedback.survey",
        "wx_churn_alert_survey_rel",
        "alert_id",
        "survey_id",
        string="Unhappy Survey Answers",
        readonly=True,
    )
    streak_length = fields.Integer(string="Streak", readonly=True)
    tier_id = fields.Many2one(
        "wx.churn.tier", readonly=True, help="Tier of the customer at the alert."
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
        "sale.order", string="Order with the Coupon", readonly=True, copy=False
    )
    reordered_within_60d = fields.Boolean(
        string="Ordered Again",
        readonly=True,
        copy=False,
        help="The customer confirmed an order within 60 days after the alert.",
    )
    reorder_id = fields.Many2one(
        "sale.order", string="First Order After", readonly=True, copy=False
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
                vals.setdefault("tier_id", partner.wx_tier_id.id)
                vals.setdefault("region_id", partner.state_id.id)
                vals.setdefault("user_id", self._wx_account_manager(partner).id)
        alerts = super().create(vals_list)
        alerts._wx_schedule_visit()
        return alerts

    # ------------------------------------------------------------------ settings

    @api.model
    def _wx_param(self, name, default):
        return self.env["wx.feedback"]._wx_param(name, default, addon="wx_churn")

    @api.model
    def _wx_account_manager(self, partner):
        """The customer's salesperson, else the configured user, else the
        administrator."""
        user = partner.user_id
        if user and user.active and not user.share:
            return user
        fallback = (
            self.env["res.users"]
            .sudo()
            .browse(self._wx_param("default_user_id", 0))
            .exists()
        )
        return fallback or self.env.ref("base.user_admin")

    # ------------------------------------------------------------------ streaks

    @api.model
    def _wx_events(self, partner, length, since=None):
        """The latest ``length`` feedbacks and answered surveys of ``partner``
        (after ``since``) as event dicts for :mod:`wx_churn.churn`."""
        # by the contact (child_of), not by the stored customer company: the
        # search then only needs columns written at creation
        feedback_domain = Domain("partner_id", "child_of", partner.id)
        survey_domain = Domain("feedback_id.partner_id", "child_of", partner.id) & (
            Domain("state", "=", "answered")
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
                "rating": feedback.rating,
                "sentiment": feedback.nlp_sentiment,
                "confidence": feedback.nlp_confidence,
                "corrected": feedback.nlp_corrected,
            }
            for feedback in feedbacks
            if feedback.submitted_at
        ]
        events += [
            {
                "kind": "survey",
                "id": survey.id,
                "at": survey.answered_at,
                "nps": survey.nps,
                "csat": survey.csat,
                "feedback_id": survey.feedback_id.id,
            }
            for survey in surveys
            if survey.answered_at
        ]
        return events

    @api.model
    def _wx_check_partners(self, partners):
        """Raise an alert for each customer whose latest feedback / survey
        answers make a streak of dissatisfaction, outside the cooldown.
        Returns the new alerts (with their coupon issued and sent)."""
        length = max(self._wx_param("streak_length", churn.DEFAULT_STREAK_LENGTH), 1)
        cooldown = self._wx_param("cooldown_days", churn.DEFAULT_COOLDOWN_DAYS)
        Alert = self.sudo()
        created = Alert.browse()
        for partner in partners.sudo().commercial_partner_id:
            last = Alert.search_fetch(
                [("partner_id", "=", partner.id)],
                ["date"],
                order="date desc, id desc",
                limit=1,
            )
            now = fields.Datetime.now()
            if churn.in_cooldown(last.date or None, now, cooldown):
                continue
            events = self._wx_events(partner, length, since=last.date or None)
            streak = churn.find_streak(
                events,
                length,
                since=last.date or None,
                confidence=NEGATIVE_CONFIDENCE,
            )
            if not streak:
                continue
            # a concurrent transaction raising the same alert updates the same
            # row: one of the two gets a serialization error and is retried
            partner.write({"wx_churn_alert_at": now})
            partner.flush_recordset(["wx_churn_alert_at"])
            values = self._wx_alert_values(partner, streak)
            # written for the company's staff (creation and tracking messages)
            company = self.env["res.company"].browse(values["company_id"])
            alert = Alert.with_context(lang=company._wx_lang()).create(values)
            alert._wx_issue_coupon()
            created |= alert
        return created

    @api.model
    def _wx_alert_values(self, partner, streak):
        feedback_ids = [e["id"] for e in streak if e["kind"] == "feedback"]
        feedback_ids += [e["feedback_id"] for e in streak if e["kind"] == "survey"]
        feedbacks = self.env["wx.feedback"].sudo().browse(feedback_ids)
        latest = feedbacks.sorted("submitted_at")[-1:]
        return {
            "partner_id": partner.id,
            "feedback_ids": [(6, 0, feedbacks.ids)],
            "survey_ids": [(6, 0, [e["id"] for e in streak if e["kind"] == "survey"])],
            "streak_length": len(streak),
            "company_id": (latest.company_id or self.env.company).id,
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
    def _wx_coupon_program(self):
        program = (
            self.env["loyalty.program"]
            .sudo()
            .browse(self._wx_param("coupon_program_id", 0))
            .exists()
        )
        return program or self.env.ref(
            "wx_churn.loyalty_program_winback", raise_if_not_found=False
        )

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

    def _wx_issue_coupon(self):
        """Create the alert's win-back coupon (once: a second call does
        nothing) and send it to the customer."""
        issued = self.browse()
        program = self._wx_coupon_program()
        validity = self._wx_param("coupon_validity_days", 60)
        for alert in self.sudo():
            if alert.coupon_id:
                continue
            # blocks a concurrent issue of the same alert's coupon
            alert.lock_for_update()
            if alert.coupon_id:
                continue
            amount = alert._wx_coupon_value()
            if not program or amount <= 0:
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
        self.ensure_one()
        feedback = self.feedback_ids.filtered("phone").sorted("submitted_at")[-1:]
        if feedback:
            return feedback.phone
        for partner in (self._wx_coupon_recipient(), self.partner_id):
            if partner.phone:
                with contextlib.suppress(InputError):  # unusable: try the next
                    return phone_tools.normalize(partner.phone)
        return False

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
        if recipient.email:
            alert._wx_queue_email(
                mail_template,
                staff_env._(
                    "Win-back coupon %(code)s emailed to %(customer)s.",
                    code=alert.coupon_code,
                    customer=recipient.display_name,
                ),
            )
        phone = alert._wx_coupon_phone()
        if phone:
            alert._wx_queue_sms(sms_template, phone)
        alert.coupon_sent_at = fields.Datetime.now()
        _logger.info(
            "Churn alert %s: win-back coupon queued (email: %s, SMS: %s)",
            alert.id,
            bool(recipient.email),
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

    def action_issue_coupon(self):
        if not self.env.user.has_group("wx_churn.group_wx_churn_manager"):
            self.check_access("write")
        issued = self._wx_issue_coupon()
        if not issued and self.filtered(lambda a: not a.coupon_id):
            raise UserError(
                self.env._(
                    "No coupon was issued: configure the win-back coupon program"
                    " and the coupon value of the customer's tier."
                )
            )
        return True

    def action_visited(self):
        self.check_access("write")
        for alert in self.filtered(lambda a: a.state == "open"):
            alert.activity_feedback(
                ["wx_churn.mail_activity_type_customer_visit"],
                feedback=alert.outcome_note or "",
            )
            alert.write({"state": "visited", "visited_at": fields.Datetime.now()})
        return True

    def _wx_close(self, state):
        self.check_access("write")
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
        return self._wx_close("won_back")

    def action_lost(self):
        return self._wx_close("lost")

    def action_reopen(self):
        self.check_access("write")
        self.filtered(lambda a: a.state in ("won_back", "lost")).write(
            {"state": "visited", "closed_at": False}
        )
        return True

    def action_refresh_outcome(self):
        self.check_access("read")
        self._wx_refresh_outcomes()
        return True

    def action_open_timeline(self):
        self.ensure_one()
        return self.partner_id.action_wx_timeline()
