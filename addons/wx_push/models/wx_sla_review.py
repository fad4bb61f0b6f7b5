# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class WxSlaReview(models.Model):
    _inherit = "wx.sla.review"

    def _wx_schedule_manager_activities(self):
        """The weekly review is out: its summary goes to the chat groups
        that take it."""
        result = super()._wx_schedule_manager_activities()
        Message = self.env["wx.push.message"]
        for review in self.sudo():
            Message._wx_queue_event(
                "review", review, review._wx_push_render(), company=review.company_id
            )
        return result

    def _wx_push_render(self):
        review = self

        def render(env):
            title = env._("Weekly review: %(name)s", name=review.name)
            lines = [
                env._(
                    "Feedback reviewed: %(count)s, SLA attainment: %(rate)s%%",
                    count=review.feedback_count,
                    rate=round((review.attainment_rate or 0.0) * 100, 1),
                )
            ]
            for problem in review.problem_ids.sorted("rank")[:3]:
                lines.append(f"{problem.rank}. {problem.display_name}")
            return title, "\n".join(lines)

        return render
