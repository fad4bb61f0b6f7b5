# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..tools.payloads import truncate_bytes

TEXT_BYTES = 600


class WxFeedback(models.Model):
    _inherit = "wx.feedback"

    @api.model_create_multi
    def create(self, vals_list):
        feedbacks = super().create(vals_list)
        feedbacks._wx_push_alerts()
        return feedbacks

    def _wx_push_alerts(self):
        """High-urgency and VIP feedback alert their team's chat groups and
        leaders, queued with the feedback (same transaction) and sent by the
        outbox within seconds."""
        Message = self.env["wx.push.message"]
        for feedback in self.sudo():
            if feedback.nlp_urgency == "high":
                event = "urgent"
            elif feedback.wx_tier_id.is_vip:
                event = "vip"
            else:
                continue
            Message._wx_queue_event(
                event, feedback, feedback._wx_push_render(event), team=feedback.team_id
            )

    def _wx_push_render(self, event):
        feedback = self

        def render(env):
            if event == "urgent":
                title = env._(
                    "Urgent feedback %(name)s from %(customer)s",
                    name=feedback.name,
                    customer=feedback.commercial_partner_id.name or "",
                )
            else:
                title = env._(
                    "VIP feedback %(name)s from %(customer)s",
                    name=feedback.name,
                    customer=feedback.commercial_partner_id.name or "",
                )
            lines = [
                env._(
                    "Rating: %(rating)s/5, order %(order)s",
                    rating=feedback.rating or "-",
                    order=feedback.order_id.name or "-",
                )
            ]
            if feedback.team_id:
                lines.append(env._("Team: %(team)s", team=feedback.team_id.name))
            if feedback.description:
                lines.append(truncate_bytes(feedback.description, TEXT_BYTES))
            return title, "\n".join(lines)

        return render

    def _wx_sms_params(self, sms_type):
        """The values an approved SMS template of this feedback may use."""
        self.ensure_one()
        values = {
            "name": self.name or "",
            "order": self.order_id.name or "",
            "team": self.team_id.name or "",
            "hours": str(self._wx_promised_hours()),
        }
        if sms_type == "survey":
            values["url"] = self._wx_survey_url()
        return values
