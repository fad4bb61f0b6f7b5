# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class WxChurnAlert(models.Model):
    _inherit = "wx.churn.alert"

    @api.model_create_multi
    def create(self, vals_list):
        alerts = super().create(vals_list)
        Message = self.env["wx.push.message"]
        for alert in alerts.sudo():
            Message._wx_queue_event(
                "churn", alert, alert._wx_push_render(), company=alert.company_id
            )
        return alerts

    def _wx_push_render(self):
        alert = self

        def render(env):
            title = env._(
                "Churn alert %(name)s: %(customer)s",
                name=alert.name,
                customer=alert.partner_id.name or "",
            )
            body = env._(
                "Three dissatisfied answers in a row. Account manager: %(user)s.",
                user=alert.user_id.name or "-",
            )
            return title, body

        return render

    def _wx_sms_params(self, sms_type):
        self.ensure_one()
        return {
            "name": self.name or "",
            "coupon": self.coupon_code or "",
            "amount": str(self.coupon_amount or ""),
            "expiry": str(self.coupon_expiration_date or ""),
        }
