# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.fields import Domain


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        self.check_access("write")
        result = super().action_confirm()
        self._wx_churn_refresh_alerts()
        return result

    def _wx_churn_refresh_alerts(self):
        """A confirmed order may be the reorder (or use the coupon) of a churn
        alert: refresh the customer's open outcomes at once."""
        partners = self.sudo().partner_id.commercial_partner_id
        if not partners:
            return
        Alert = self.env["wx.churn.alert"].sudo()
        alerts = Alert.search(
            Domain("partner_id", "in", partners.ids) & Alert._wx_outcome_domain()
        )
        alerts._wx_refresh_outcomes()
