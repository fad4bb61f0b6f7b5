# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

ALERT_FIELDS = (
    "name",
    "date",
    "state",
    "streak_length",
    "tier_id",
    "feedback_ids",
    "coupon_code",
    "coupon_amount",
    "coupon_expiration_date",
    "coupon_sent_at",
    "coupon_used",
    "outcome_note",
)
TIER_HISTORY_FIELDS = ("date", "from_tier_id", "to_tier_id", "amount", "reason", "note")


class WxPersonalData(models.AbstractModel):
    """The churn alerts and tier history of a customer in its personal data
    export, and the staff notes of its alerts in the erasure."""

    _inherit = "wx.personal.data"

    @api.model
    def _wx_churn_alerts_of(self, partner, feedback):
        return (
            self.env["wx.churn.alert"]
            .sudo()
            .search(
                [
                    "|",
                    ("partner_id", "=", partner.id),
                    ("feedback_ids", "in", feedback.ids),
                ],
                order="id",
            )
        )

    @api.model
    def _wx_personal_data(self, partner):
        sections, attachments = super()._wx_personal_data(partner)
        feedback = self._wx_feedback_of(partner)
        sections["churn_alerts"] = self._wx_rows(
            self._wx_churn_alerts_of(partner, feedback), ALERT_FIELDS
        )
        sections["tier_history"] = self._wx_rows(
            self.env["wx.churn.tier.history"]
            .sudo()
            .search([("partner_id", "=", partner.id)], order="id"),
            TIER_HISTORY_FIELDS,
        )
        return sections, attachments

    @api.model
    def _wx_erase_personal_data(self, partner):
        """The alerts about this customer lose the staff's notes on the visit
        (and their tracked values); their facts (dates, streak, coupon) stay
        for the churn statistics. Tier history is purchase figures, kept."""
        counts = super()._wx_erase_personal_data(partner)
        alerts = (
            self.env["wx.churn.alert"].sudo().search([("partner_id", "=", partner.id)])
        )
        self._wx_drop_tracking(alerts)
        alerts.filtered("outcome_note").write({"outcome_note": False})
        counts["churn_alerts"] = len(alerts)
        return counts
