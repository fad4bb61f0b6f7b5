# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class WxFeedbackSurvey(models.Model):
    _inherit = "wx.feedback.survey"

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "answered" or {"nps", "csat"} & set(vals):
            answered = self.filtered(lambda s: s.state == "answered")
            if answered and not self.env.context.get("wx_churn_no_check"):
                Alert = self.env["wx.churn.alert"]
                for company, surveys in answered.sudo().grouped("company_id").items():
                    Alert._wx_check_partners(surveys.commercial_partner_id, company)
        return result
