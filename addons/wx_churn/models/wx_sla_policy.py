# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class WxSlaPolicy(models.Model):
    _inherit = "wx.sla.policy"

    tier_ids = fields.Many2many(
        "wx.churn.tier",
        string="Customer Tiers",
        check_company=True,
        help="Matches tickets of customers of these tiers; empty: any customer.",
    )

    def _wx_matches(self, ticket):
        if not super()._wx_matches(ticket):
            return False
        if not self.tier_ids:
            return True
        partner = ticket.sudo().partner_id
        return bool(partner) and partner._wx_tier(ticket.company_id) in self.tier_ids
