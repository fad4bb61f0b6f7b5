# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .wx_learn_suggest_mixin import suggestion_field


class WxFeedback(models.Model):
    _name = "wx.feedback"
    _inherit = ("wx.feedback", "wx.learn.suggest.mixin")

    _wx_learn_inverse = "feedback_id"
    wx_learn_suggestion_ids = suggestion_field("feedback_id")

    @api.model_create_multi
    def create(self, vals_list):
        feedbacks = super().create(vals_list)
        # a customer's submission is deferred: its suggestions are computed
        # off the request, with the ticket (_wx_after_submission)
        feedbacks.filtered(
            lambda f: f.description and not f.ticket_pending
        )._wx_learn_suggest()
        return feedbacks

    def _wx_after_submission(self):
        result = super()._wx_after_submission()
        self.filtered("description")._wx_learn_suggest()
        return result

    def _wx_learn_text(self):
        return self.description or ""

    def _submit(self, partner, order, values, files, channel, idempotency_key=None):
        result = super()._submit(
            partner, order, values, files, channel, idempotency_key
        )
        if order and result.outcome in ("created", "updated", "followup"):
            self.env["wx.learn.exposure"].sudo()._wx_record_submission(
                order, channel, result.id
            )
        return result
