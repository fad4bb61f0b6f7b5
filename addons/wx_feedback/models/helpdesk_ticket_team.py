# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    def _retrieve_dashboard(self):
        """helpdesk_mgmt's dashboard counters, labelled in the user's language.

        Odoo reads an addon's Python translations from that addon's folder
        only and helpdesk_mgmt ships no zh_CN: its labels are translated here
        (by the counter's action, so any other counter keeps its own name)."""
        labels = {
            "helpdesk_mgmt.helpdesk_ticket_action_unassigned": self.env._(
                "Open Tickets without team"
            ),
            "helpdesk_mgmt.helpdesk_ticket_action_opened": self.env._("Open Tickets"),
        }
        sections = super()._retrieve_dashboard()
        for section in sections:
            if section.get("action") in labels:
                section["name"] = labels[section["action"]]
        return sections
