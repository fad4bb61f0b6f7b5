# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.wx_feedback.access import STAFF


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    wx_winback_lead_id = fields.Many2one(
        "crm.lead",
        string="Open Win-back",
        compute="_compute_wx_winback_lead_id",
        groups=STAFF,
        help="The customer's open win-back opportunity, when you may read it.",
    )

    @api.depends_context("uid")
    def _compute_wx_winback_lead_id(self):
        Lead = self.env["crm.lead"]
        readable = Lead.has_access("read")
        for ticket in self:
            customer = ticket.partner_id.commercial_partner_id
            ticket.wx_winback_lead_id = (
                Lead.search(
                    [
                        ("wx_winback_partner_id", "=", customer.id),
                        ("company_id", "=", ticket.company_id.id),
                    ],
                    limit=1,
                )
                if readable and customer.id
                else False
            )
