# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.wx_feedback.access import STAFF
from odoo.addons.wx_feedback.tools import dissatisfaction

VIP_PRIORITY = "3"
# changes that can start or break a dissatisfaction streak
CHURN_FIELDS = {
    "rating",
    "nlp_sentiment",
    "nlp_confidence",
    "nlp_corrected",
    "submitted_at",
}


class WxFeedback(models.Model):
    _inherit = "wx.feedback"

    wx_tier_id = fields.Many2one(
        "wx.churn.tier",
        string="Customer Tier",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The customer's tier when the feedback was given.",
        groups=STAFF,
    )

    @api.model
    def _wx_tier_given_sql(self, feedback_alias, partner_alias):
        """SQL: the customer's tier when the ``wx_feedback`` row
        ``feedback_alias`` was given (``partner_alias``: the row of its
        commercial partner): the tier recorded on it, else -- recorded while
        the customer had no tier -- the tier at its submission by the tier
        history (``wx.churn.tier.history._wx_tier_at_sql``: before the
        customer's first tier, the first tier). What the nightly fill stores
        (``res.partner._wx_fill_feedback_tiers``) and what wx_insight counts
        feedback under before it is filled."""
        feedback = SQL.identifier(feedback_alias)
        return SQL(
            "COALESCE(%s.wx_tier_id, %s)",
            feedback,
            self.env["wx.churn.tier.history"]._wx_tier_at_sql(
                partner_alias,
                SQL("%s.company_id", feedback),
                SQL("%s.submitted_at", feedback),
            ),
        )

    # ------------------------------------------------------------------ ORM

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        Partner = self.env["res.partner"].sudo()
        Company = self.env["res.company"]
        for vals in vals_list:
            if vals.get("partner_id") and "wx_tier_id" not in vals:
                partner = Partner.browse(vals["partner_id"])
                company = Company.browse(vals.get("company_id")) or self.env.company
                vals["wx_tier_id"] = partner._wx_tier(company).id
        feedbacks = super().create(vals_list)
        if not self.env.context.get("wx_feedback_defer_ticket"):
            feedbacks._wx_churn_check()
        return feedbacks

    def write(self, vals):
        result = super().write(vals)
        if CHURN_FIELDS & set(vals):
            if self.env.context.get("wx_feedback_defer_ticket"):
                # a customer's update: checked by the post-submission cron
                # (wx_feedback already queued the ones without a ticket)
                queued = self.filtered(lambda f: not f.ticket_pending)
                if queued:
                    queued.sudo().ticket_pending = True
                    self._wx_trigger_processing()
            else:
                self._wx_churn_check()
        return result

    def _wx_after_submission(self):
        result = super()._wx_after_submission()
        self._wx_churn_check()
        return result

    def _wx_churn_check(self):
        """Raise churn alerts for the customers of these feedbacks when they
        complete a streak of dissatisfaction (in the feedback's company)."""
        if self and not self.env.context.get("wx_churn_no_check"):
            Alert = self.env["wx.churn.alert"]
            for company, feedbacks in self.sudo().grouped("company_id").items():
                Alert._wx_check_partners(feedbacks.commercial_partner_id, company)

    # ------------------------------------------------------------------ routing

    def _compute_team_id(self):
        # routed by the customer's tier at the time; a later tier change does
        # not move existing feedback (hence no dependency on the tier)
        result = super()._compute_team_id()
        for feedback in self.filtered(
            lambda f: f.commercial_partner_id._wx_is_vip(f.company_id)
        ):
            vip_team = feedback.company_id.sudo().wx_vip_team_id
            if vip_team:
                feedback.team_id = vip_team
        return result

    def _wx_ticket_team(self):
        team = super()._wx_ticket_team()
        if self.commercial_partner_id._wx_is_vip(self.company_id):
            return self.company_id.sudo().wx_vip_team_id or team
        return team

    def _wx_ticket_priority(self):
        priority = super()._wx_ticket_priority()
        tier = self.partner_id and self.commercial_partner_id._wx_tier(self.company_id)
        if not tier:
            return priority
        if tier.is_vip:
            return VIP_PRIORITY
        return max(priority, tier.priority or "0")

    def _wx_ticket_reasons(self):
        """VIP customers get a ticket for anything short of positive (a 4-5
        star rating everywhere), even when not dissatisfied."""
        reasons = super()._wx_ticket_reasons()
        if reasons or not self.commercial_partner_id._wx_is_vip(self.company_id):
            return reasons
        ratings = self._wx_ratings()
        if not dissatisfaction.is_positive(ratings):
            reasons.append(
                self.env._(
                    "VIP customer, rating %(rating)s of 5",
                    rating=min(r for r in ratings if r),
                )
            )
        return reasons

    # ------------------------------------------------------------------ SLA review

    def _wx_review_weight(self):
        """The weekly SLA review weighs feedback by the customer's tier (at the
        time of the feedback, else now)."""
        tier = self.wx_tier_id or (
            self.partner_id and self.commercial_partner_id._wx_tier(self.company_id)
        )
        return tier.review_weight if tier else super()._wx_review_weight()
