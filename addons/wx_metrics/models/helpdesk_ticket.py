# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..tools import metrics


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        if metrics.STATE.enabled:
            # team names in English keep the label set small and stable
            for ticket in tickets.sudo().with_context(lang="en_US"):
                metrics.count_ticket(ticket.team_id.name)
        return tickets
