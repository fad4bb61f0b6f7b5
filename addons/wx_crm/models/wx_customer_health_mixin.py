# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.wx_feedback.access import FEEDBACK_USER, STAFF, check_rights


class WxCustomerHealthMixin(models.AbstractModel):
    """The customer's health, read through ``partner_id``'s company: open
    feedback and tickets, NPS and CSAT trends, the last dissatisfied
    feedback, and the two smart buttons that open them (opportunities and
    sale orders show the same)."""

    _name = "wx.customer.health.mixin"
    _description = "Customer Health on a Document"

    # the document's customer: the models using the mixin define it fully
    partner_id = fields.Many2one("res.partner")

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

    def action_wx_open_feedback(self):
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        return self.partner_id.commercial_partner_id.action_wx_open_feedback()

    def action_wx_open_tickets(self):
        check_rights(self, STAFF)
        self.ensure_one()
        return self.partner_id.commercial_partner_id.action_wx_open_tickets()
