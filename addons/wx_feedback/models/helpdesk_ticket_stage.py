# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    wx_feedback_state = fields.Selection(
        [("resolved", "Resolved"), ("closed", "Closed")],
        string="Feedback State",
        help="State given to the customer feedback of a ticket reaching this"
        " stage: resolved feedback gets a satisfaction survey.",
    )
