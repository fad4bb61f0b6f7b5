# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.wx_feedback.access import FEEDBACK_USER, STAFF, check_rights

from .crm_lead import RECOVERY_DAYS


class SaleOrder(models.Model):
    _inherit = "sale.order"

    wx_tier_id = fields.Many2one(
        related="partner_id.commercial_partner_id.wx_tier_id", string="Customer Tier"
    )
    wx_churn_risk = fields.Selection(
        related="partner_id.commercial_partner_id.wx_churn_risk"
    )
    wx_open_feedback_count = fields.Integer(
        related="partner_id.commercial_partner_id.wx_open_feedback_count",
        string="Open Feedback",
    )
    wx_open_ticket_count = fields.Integer(
        related="partner_id.commercial_partner_id.wx_open_ticket_count",
        string="Open Tickets",
    )
    wx_nps_trend = fields.Selection(
        related="partner_id.commercial_partner_id.wx_nps_trend"
    )
    wx_csat_trend = fields.Selection(
        related="partner_id.commercial_partner_id.wx_csat_trend"
    )
    wx_last_dissatisfied_feedback_id = fields.Many2one(
        related="partner_id.commercial_partner_id.wx_last_dissatisfied_feedback_id"
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

    def action_wx_open_feedback(self):
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        return self.partner_id.commercial_partner_id.action_wx_open_feedback()

    def action_wx_open_tickets(self):
        check_rights(self, STAFF)
        self.ensure_one()
        return self.partner_id.commercial_partner_id.action_wx_open_tickets()
