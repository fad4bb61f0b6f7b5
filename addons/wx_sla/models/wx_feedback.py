# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class WxFeedback(models.Model):
    _inherit = "wx.feedback"

    def _wx_review_weight(self):
        """Weight of this feedback's customer in the weekly review ranking
        (wx_churn weighs by customer tier)."""
        self.ensure_one()
        return 1.0
