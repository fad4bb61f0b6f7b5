# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.wx_feedback.access import check_rights

KINDS = [("category", "Category"), ("keyword", "Keyword")]


class WxSlaReviewProblem(models.Model):
    """One of the top problems of a weekly review: a feedback category or a
    keyword, ranked by score = sum of severity x customer weight over its
    feedback."""

    _name = "wx.sla.review.problem"
    _description = "Weekly Review Problem"
    _order = "review_id, kind, rank, id"
    _check_company_auto = True

    review_id = fields.Many2one(
        "wx.sla.review", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    rank = fields.Integer(required=True)
    kind = fields.Selection(KINDS, required=True)
    category_id = fields.Many2one("wx.feedback.category", check_company=True)
    keyword = fields.Char()
    name = fields.Char(string="Problem", compute="_compute_name")
    feedback_count = fields.Integer(string="Feedback")
    severity = fields.Float(
        string="Avg. Severity",
        digits=(16, 2),
        help="Average of max(6 - rating, urgency points) over the feedback;"
        " urgency points: high 5, normal 3, low 1.",
    )
    weight = fields.Float(
        string="Avg. Weight",
        digits=(16, 2),
        help="Average customer weight (customer tier) of the feedback.",
    )
    score = fields.Float(
        digits=(16, 2),
        help="Sum of severity x customer weight over the feedback (count x"
        " average severity x average weight).",
    )
    feedback_ids = fields.Many2many(
        "wx.feedback",
        "wx_sla_review_problem_feedback_rel",
        "problem_id",
        "feedback_id",
        string="Feedback Items",
        check_company=True,
    )

    @api.depends("kind", "category_id", "keyword")
    def _compute_name(self):
        for problem in self:
            if problem.kind == "category":
                problem.name = problem.category_id.name
            else:
                problem.name = problem.keyword

    def action_view_feedback(self):
        check_rights(self, "wx_sla.group_wx_sla_user")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wx_feedback.wx_feedback_action"
        )
        action.update(
            {
                "name": self.name,
                "domain": [("id", "in", self.feedback_ids.ids)],
                "context": {},
            }
        )
        return action
