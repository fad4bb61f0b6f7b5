# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .crm_lead import SYNC


class WxChurnAlert(models.Model):
    _inherit = "wx.churn.alert"

    wx_opportunity_id = fields.Many2one(
        "crm.lead",
        string="Win-back Opportunity",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    wx_lost_reason_id = fields.Many2one(
        related="wx_opportunity_id.lost_reason_id", string="Lost Reason"
    )

    @api.model_create_multi
    def create(self, vals_list):
        alerts = super().create(vals_list)
        Lead = self.env["crm.lead"]
        for alert in alerts:
            Lead._wx_winback_for_alert(alert)
        return alerts

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals and not self.env.context.get(SYNC):
            for alert in self.sudo().with_context(**{SYNC: True}):
                if alert.wx_opportunity_id:
                    alert.wx_opportunity_id._wx_follow_alert(alert)
        return result
