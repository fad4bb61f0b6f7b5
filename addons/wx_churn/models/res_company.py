# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    wx_vip_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="VIP Team",
        check_company=True,
        help="Feedback and tickets of this company's VIP customers go to this"
        " team (none: they keep their category's team).",
    )
