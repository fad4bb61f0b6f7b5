# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time

from odoo import api, models

from ..tools import metrics


class WxFeedback(models.Model):
    _inherit = "wx.feedback"

    @api.model
    def _submit(self, partner, order, values, files, channel, idempotency_key=None):
        try:
            result = super()._submit(
                partner, order, values, files, channel, idempotency_key
            )
        except Exception:
            metrics.count_submission(channel, "error")
            raise
        metrics.count_submission(channel, result.outcome)
        return result

    @api.model
    def _nlp_values(self, text):
        started = time.perf_counter()
        values = super()._nlp_values(text)
        if values:
            metrics.observe_nlp(time.perf_counter() - started)
        return values
