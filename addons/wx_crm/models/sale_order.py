# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

from .crm_lead import RECOVERY_DAYS


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ("sale.order", "wx.customer.health.mixin")

    wx_tier_id = fields.Many2one(
        related="partner_id.commercial_partner_id.wx_tier_id", string="Customer Tier"
    )
    wx_churn_risk = fields.Selection(
        related="partner_id.commercial_partner_id.wx_churn_risk"
    )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._wx_notify_vip_leader()
        return orders

    def _wx_churn_refresh_alerts(self):
        """A confirmed order also counts as revenue recovered by the
        customer's win-backs won in the last 60 days."""
        result = super()._wx_churn_refresh_alerts()
        partners = self.sudo().partner_id.commercial_partner_id
        if partners:
            since = fields.Datetime.now() - timedelta(days=RECOVERY_DAYS)
            self.env["crm.lead"].sudo().search(
                [
                    ("wx_winback", "=", True),
                    ("won_status", "=", "won"),
                    ("partner_id", "child_of", partners.ids),
                    ("date_closed", ">=", since),
                ]
            )._wx_refresh_recovered()
        return result

    def _wx_notify_vip_leader(self):
        """A VIP customer's new quotation: a to-do for the VIP team leader."""
        for order in self.sudo().filtered(lambda o: o.state == "draft"):
            company = order.company_id
            leader = company.wx_vip_team_id.user_id
            if not leader or not order.partner_id._wx_is_vip(company):
                continue
            staff = order.with_context(lang=company._wx_lang(recipient=leader))
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=staff.env._(
                    "VIP customer %(customer)s: new quotation %(order)s",
                    customer=order.partner_id.commercial_partner_id.display_name,
                    order=order.name,
                ),
                user_id=leader.id,
            )
