# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.wx_feedback.access import STAFF

from .wx_feedback import VIP_PRIORITY


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    wx_tier_id = fields.Many2one(
        "wx.churn.tier",
        string="Customer Tier",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The customer's tier when the ticket was opened.",
        groups=STAFF,
    )

    @api.model_create_multi
    def create(self, vals_list):
        """Tickets of VIP customers (from feedback, the portal, email or
        staff) go to the VIP team with the top priority."""
        self.check_access("create")
        Partner = self.env["res.partner"].sudo()
        Company = self.env["res.company"].sudo()
        Team = self.env["helpdesk.ticket.team"].sudo()
        for vals in vals_list:
            partner = Partner.browse(vals.get("partner_id") or [])
            company = (
                Company.browse(vals.get("company_id"))
                or Team.browse(vals.get("team_id")).company_id
                or self.env.company
            )
            tier = partner and partner._wx_tier(company)
            vals.setdefault("wx_tier_id", tier.id)
            if not tier:
                continue
            if tier.is_vip:
                vip_team = company.wx_vip_team_id
                keep = self.env.context.get("wx_churn_keep_team")
                if vip_team and not keep and vals.get("team_id") != vip_team.id:
                    vals["team_id"] = vip_team.id
                    vals.pop("stage_id", None)
                vals["priority"] = VIP_PRIORITY
            elif (tier.priority or "0") > (vals.get("priority") or "1"):
                vals["priority"] = tier.priority
        return super().create(vals_list)
