# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

VIP_TEAM_XMLID = "wx_churn.helpdesk_ticket_team_vip"


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    @api.model
    def _wx_churn_ensure_vip_team(self):
        """Install step: use the configured VIP team, else the one the
        Customer Feedback demo ships, else create the VIP Line."""
        params = self.env["ir.config_parameter"].sudo()
        configured = self.browse(self.env["wx.churn.alert"]._wx_param("vip_team_id", 0))
        team = configured.exists() or self.env.ref(
            "wx_feedback.helpdesk_ticket_team_vip_demo", raise_if_not_found=False
        )
        if not team:
            team = self.env.ref(VIP_TEAM_XMLID, raise_if_not_found=False)
        if not team:
            team = self.sudo().create({"name": "VIP Line", "sequence": 5})
            if "zh_CN" in dict(self.env["res.lang"].get_installed()):
                team.with_context(lang="zh_CN").name = "VIP专线"
            self.env["ir.model.data"]._update_xmlids(
                [{"xml_id": VIP_TEAM_XMLID, "record": team, "noupdate": True}]
            )
        params.set_param("wx_churn.vip_team_id", team.id)
        return team
