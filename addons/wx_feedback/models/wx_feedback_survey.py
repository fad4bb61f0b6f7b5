# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import hmac as odoo_hmac
from odoo.tools import plaintext2html

from ..tools import guard
from ..tools import nps as nps_tools

SURVEY_SCOPE = "wx_feedback.survey"
STATES = [
    ("scheduled", "Scheduled"),
    ("sent", "Sent"),
    ("answered", "Answered"),
    ("expired", "Expired"),
    ("skipped", "Skipped (fatigue cap or no consent)"),
]
NPS_GROUPS = [
    ("promoter", "Promoter"),
    ("passive", "Passive"),
    ("detractor", "Detractor"),
]


class WxFeedbackSurvey(models.Model):
    _name = "wx.feedback.survey"
    _description = "Satisfaction Survey"
    _order = "scheduled_at desc, id desc"
    _rec_name = "feedback_id"
    _check_company_auto = True

    feedback_id = fields.Many2one(
        "wx.feedback",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    ticket_id = fields.Many2one(related="feedback_id.ticket_id", store=True)
    partner_id = fields.Many2one(
        related="feedback_id.partner_id", store=True, string="Customer Contact"
    )
    commercial_partner_id = fields.Many2one(
        related="feedback_id.commercial_partner_id", store=True, string="Customer"
    )
    team_id = fields.Many2one(related="feedback_id.team_id", store=True)
    category_ids = fields.Many2many(
        related="feedback_id.category_ids", string="Categories"
    )
    main_category_id = fields.Many2one(
        "wx.feedback.category",
        string="Category",
        compute="_compute_main_category_id",
        store=True,
    )
    product_categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        compute="_compute_main_category_id",
        store=True,
    )
    company_id = fields.Many2one(related="feedback_id.company_id", store=True)
    state = fields.Selection(STATES, default="scheduled", required=True, index=True)
    scheduled_at = fields.Datetime(required=True, index=True)
    sent_at = fields.Datetime(readonly=True)
    expires_at = fields.Datetime(readonly=True)
    answered_at = fields.Datetime(readonly=True)
    nps = fields.Integer(string="NPS Answer (0-10)", readonly=True)
    csat = fields.Integer(string="CSAT Answer (1-5)", readonly=True)
    comment = fields.Text(readonly=True)
    nps_group = fields.Selection(
        NPS_GROUPS, compute="_compute_scores", store=True, string="NPS Group"
    )
    nps_points = fields.Float(
        string="NPS",
        compute="_compute_scores",
        store=True,
        aggregator="avg",
        help="+100 promoter, 0 passive, -100 detractor: the average is the NPS.",
    )
    csat_points = fields.Float(
        string="CSAT %",
        compute="_compute_scores",
        store=True,
        aggregator="avg",
        help="100 when the answer is 4 or 5: the average is the CSAT.",
    )
    responded = fields.Float(
        string="Response Rate %",
        compute="_compute_scores",
        store=True,
        aggregator="avg",
    )

    @api.depends("feedback_id.category_ids", "feedback_id.product_categ_ids")
    def _compute_main_category_id(self):
        for survey in self:
            category, product_categ = survey.feedback_id._wx_report_groups()
            survey.main_category_id = category
            survey.product_categ_id = product_categ

    @api.depends("state", "nps", "csat")
    def _compute_scores(self):
        for survey in self:
            answered = survey.state == "answered"
            survey.nps_group = answered and nps_tools.nps_group(survey.nps)
            survey.nps_points = nps_tools.nps_points(survey.nps) if answered else 0.0
            survey.csat_points = (
                100.0 if answered and nps_tools.csat_satisfied(survey.csat) else 0.0
            )
            survey.responded = 100.0 if answered else 0.0

    # ------------------------------------------------------------------ links

    def _token(self):
        self.ensure_one()
        message = f"{self.id}:{fields.Datetime.to_string(self.expires_at)}"
        return odoo_hmac(self.env(su=True), SURVEY_SCOPE, message)

    def _check_token(self, token):
        self.ensure_one()
        return bool(self.expires_at) and guard.matches(self._token(), token)

    def _url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/fb/survey/{self.id}/{self._token()}"

    def _is_open(self):
        self.ensure_one()
        return (
            self.state in ("sent", "answered")
            and self.expires_at
            and fields.Datetime.now() < self.expires_at
        )

    # ------------------------------------------------------------------ sending

    @api.model
    def _settings(self):
        params = self.env["ir.config_parameter"].sudo()
        return {
            "validity_days": int(
                params.get_param("wx_feedback.survey_validity_days", 28)
            ),
            "fatigue_days": int(
                params.get_param("wx_feedback.survey_fatigue_days", 30)
            ),
        }

    def _send(self):
        """Send due surveys by email and SMS, unless the customer was asked
        within the fatigue window."""
        settings = self._settings()
        now = fields.Datetime.now()
        Consent = self.env["wx.consent"]
        for survey in self:
            recent = self.search_count(
                [
                    ("id", "!=", survey.id),
                    ("commercial_partner_id", "=", survey.commercial_partner_id.id),
                    ("sent_at", ">", now - timedelta(days=settings["fatigue_days"])),
                ],
                limit=1,
            )
            if recent:
                survey.state = "skipped"
                continue
            partner = survey.feedback_id.partner_id
            if not any(
                Consent._wx_allows(partner, channel, "survey")
                for channel in ("email", "sms")
            ):
                survey.state = "skipped"  # no consent: the customer is not asked
                continue
            survey.write(
                {
                    "state": "sent",
                    "sent_at": now,
                    "expires_at": now + timedelta(days=settings["validity_days"]),
                }
            )
            survey.feedback_id._wx_notify_customer(
                "wx_feedback.mail_template_survey",
                "wx_feedback.sms_template_survey",
                purpose="survey",
            )

    @api.model
    def _send_due_batch(self, limit=200):
        """Send one batch of due surveys; returns how many were handled."""
        due = self.search(
            [
                ("state", "=", "scheduled"),
                ("scheduled_at", "<=", fields.Datetime.now()),
            ],
            limit=limit,
            order="scheduled_at, id",
        ).try_lock_for_update()
        due._send()
        return len(due)

    @api.model
    def _cron_send_surveys(self):
        while True:
            done = self._send_due_batch()
            domain = [
                ("state", "=", "scheduled"),
                ("scheduled_at", "<=", fields.Datetime.now()),
            ]
            remaining = self.search_count(domain) if done else 0
            if self.env["ir.cron"]._commit_progress(done, remaining=remaining) <= 0:
                break
            if not remaining:
                break
        self.search(
            [("state", "=", "sent"), ("expires_at", "<", fields.Datetime.now())]
        ).state = "expired"

    # ------------------------------------------------------------------ answers

    def _record_answer(self, nps, csat, comment):
        """Store (or update, while the link is valid) the customer's answer."""
        self.ensure_one()
        again = self.state == "answered"
        self.write(
            {
                "nps": nps,
                "csat": csat,
                "comment": comment or False,
                "state": "answered",
                "answered_at": fields.Datetime.now(),
            }
        )
        feedback = self.feedback_id
        # a note for the staff, though the customer's answer triggers it
        staff_env = self.with_context(lang=self.company_id._wx_lang()).env
        body = staff_env._(
            "Satisfaction survey %(verb)s: NPS %(nps)s/10, CSAT %(csat)s/5.",
            verb=staff_env._("updated") if again else staff_env._("answered"),
            nps=nps,
            csat=csat,
        )
        if comment:
            body += "\n" + comment
        for record in (feedback, feedback.ticket_id):
            if not record:
                continue
            record.message_post(
                body=plaintext2html(body),
                author_id=self.partner_id.id,
                # not the customer's address (Odoo's default): no copy of it
                email_from=feedback.company_id.email_formatted or False,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        if feedback._wx_dissatisfied({"nps": nps, "csat": csat}):
            self._reopen_loop()

    def _reopen_loop(self):
        """A dissatisfied answer (the company's rule: a detractor or a low
        CSAT by default): the team leader follows up."""
        self.ensure_one()
        feedback = self.feedback_id
        record = feedback.ticket_id or feedback
        leader = (
            feedback.team_id.user_id
            or record.user_id
            or self.env.ref("base.user_admin")
        )
        # in the leader's language, though the customer's answer triggers it
        leader_env = self.with_context(
            lang=self.company_id._wx_lang(recipient=leader)
        ).env
        record.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=leader_env._("Unhappy after resolution: call the customer"),
            note=leader_env._(
                "%(customer)s answered NPS %(nps)s and CSAT %(csat)s.",
                customer=self.commercial_partner_id.name,
                nps=self.nps,
                csat=self.csat,
            ),
            user_id=leader.id,
        )
