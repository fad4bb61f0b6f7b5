# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..access import STAFF
from .wx_customer_notify_mixin import customer_free_author


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"
    _check_company_auto = True

    wx_feedback_id = fields.Many2one(
        "wx.feedback",
        string="Customer Feedback",
        index="btree_not_null",
        copy=False,
        check_company=True,
        groups=STAFF,
    )
    wx_feedback_rating = fields.Integer(
        related="wx_feedback_id.rating", string="Feedback Rating", groups=STAFF
    )
    wx_survey_nps = fields.Integer(
        string="NPS Answer", compute="_compute_wx_survey_answer", groups=STAFF
    )
    wx_survey_csat = fields.Integer(
        string="CSAT Answer", compute="_compute_wx_survey_answer", groups=STAFF
    )

    def _message_compute_author(self, author_id=None, email_from=None):
        author_id, email_from = super()._message_compute_author(author_id, email_from)
        return author_id, customer_free_author(self, author_id, email_from)

    @api.depends("wx_feedback_id.survey_ids.state")
    def _compute_wx_survey_answer(self):
        for ticket in self:
            answered = ticket.wx_feedback_id.survey_ids.filtered(
                lambda s: s.state == "answered"
            ).sorted("answered_at")[-1:]
            ticket.wx_survey_nps = answered.nps
            ticket.wx_survey_csat = answered.csat

    def write(self, vals):
        result = super().write(vals)
        if vals.get("stage_id"):
            self._wx_sync_feedback_state()
        return result

    def _wx_sync_feedback_state(self):
        """Resolving or closing the ticket resolves / closes its feedback."""
        for ticket in self.filtered("wx_feedback_id"):
            state = ticket.stage_id.wx_feedback_state
            feedback = ticket.wx_feedback_id.sudo()
            if state == "resolved" and feedback.state == "closed":
                continue  # already past resolution
            if state and feedback.state != state:
                feedback.state = state
            elif not state and feedback.state != "in_progress":
                # reopened, or taken up: the feedback is being worked on
                feedback.state = "in_progress"
