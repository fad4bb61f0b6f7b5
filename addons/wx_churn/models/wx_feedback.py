# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.wx_feedback.access import STAFF

VIP_PRIORITY = "3"
# changes that can start or break a dissatisfaction streak
CHURN_FIELDS = {"rating", "nlp_sentiment", "nlp_confidence", "submitted_at"}


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

    # ------------------------------------------------------------------ ORM

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        Partner = self.env["res.partner"].sudo()
        for vals in vals_list:
            if vals.get("partner_id") and "wx_tier_id" not in vals:
                partner = Partner.browse(vals["partner_id"])
                vals["wx_tier_id"] = partner.commercial_partner_id.wx_tier_id.id
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
        complete a streak of dissatisfaction."""
        if self and not self.env.context.get("wx_churn_no_check"):
            self.env["wx.churn.alert"]._wx_check_partners(
                self.sudo().commercial_partner_id
            )

    # ------------------------------------------------------------------ routing

    @api.model
    def _wx_vip_team(self):
        """The VIP team (setting wx_churn.vip_team_id, else the VIP Line)."""
        team_id = self.env["wx.churn.alert"]._wx_param("vip_team_id", 0)
        team = self.env["helpdesk.ticket.team"].sudo().browse(team_id).exists()
        return team or self.env.ref(
            "wx_churn.helpdesk_ticket_team_vip", raise_if_not_found=False
        )

    def _compute_team_id(self):
        # routed by the customer's tier at the time; a later tier change does
        # not move existing feedback (hence no dependency on the tier)
        result = super()._compute_team_id()
        vip = self.filtered(lambda f: f.commercial_partner_id._wx_is_vip())
        vip_team = vip and self._wx_vip_team()
        if vip_team:
            vip.team_id = vip_team
        return result

    def _wx_ticket_team(self):
        team = super()._wx_ticket_team()
        if self.commercial_partner_id._wx_is_vip():
            return self._wx_vip_team() or team
        return team

    def _wx_ticket_priority(self):
        priority = super()._wx_ticket_priority()
        tier = self.partner_id and self.commercial_partner_id._wx_tier()
        if not tier:
            return priority
        if tier.is_vip:
            return VIP_PRIORITY
        return max(priority, tier.priority or "0")

    def _wx_ticket_reasons(self):
        reasons = super()._wx_ticket_reasons()
        if reasons or not self.commercial_partner_id._wx_is_vip():
            return reasons
        ratings = [self.rating] + [
            r
            for r in (self.rating_delivery, self.rating_freshness, self.rating_service)
            if r
        ]
        if min(ratings) < 4:
            reasons.append(
                self.env._("VIP customer, rating %(rating)s of 5", rating=min(ratings))
            )
        return reasons

    # ------------------------------------------------------------------ SLA review

    def _wx_review_weight(self):
        """The weekly SLA review weighs feedback by the customer's tier (at the
        time of the feedback, else now)."""
        tier = self.wx_tier_id or (
            self.partner_id and self.commercial_partner_id._wx_tier()
        )
        return tier.review_weight if tier else super()._wx_review_weight()
