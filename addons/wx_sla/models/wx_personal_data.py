# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

SLA_FIELDS = (
    "ticket_id",
    "name",
    "level",
    "start_at",
    "deadline",
    "reached_at",
    "state",
)


class WxPersonalData(models.AbstractModel):
    """The service-level facts of a customer's tickets in their personal data
    export (when we promised to answer them, and when we did). The erasure
    keeps them: they hold no text, and they are the SLA statistics."""

    _inherit = "wx.personal.data"

    @api.model
    def _wx_personal_data(self, partner):
        sections, attachments = super()._wx_personal_data(partner)
        feedback = self._wx_feedback_of(partner)
        tickets = self._wx_tickets_of(partner, feedback)
        sections["sla"] = self._wx_rows(
            self.env["wx.sla.line"]
            .sudo()
            .search([("ticket_id", "in", tickets.ids)], order="ticket_id, level"),
            SLA_FIELDS,
        )
        return sections, attachments
