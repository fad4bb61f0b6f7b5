# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    wx_ticket_rating_threshold = fields.Integer(
        string="Open a ticket at or under (stars)",
        config_parameter="wx_feedback.ticket_rating_threshold",
        default=3,
        help="For feedback without a category; categories have their own.",
    )
    wx_default_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Default Team",
        config_parameter="wx_feedback.default_team_id",
        help="Team of the tickets whose categories name none.",
    )
    wx_reply_hours = fields.Integer(
        string="Default reply promise (hours)",
        config_parameter="wx_feedback.reply_hours",
        default=24,
    )
    wx_survey_delay_hours = fields.Integer(
        string="Survey delay (hours)",
        config_parameter="wx_feedback.survey_delay_hours",
        default=2,
    )
    wx_survey_validity_days = fields.Integer(
        string="Survey link valid (days)",
        config_parameter="wx_feedback.survey_validity_days",
        default=28,
    )
    wx_survey_fatigue_days = fields.Integer(
        string="At most one survey per customer every (days)",
        config_parameter="wx_feedback.survey_fatigue_days",
        default=30,
    )
