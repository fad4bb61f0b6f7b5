# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    wx_dissatisfied_rating = fields.Integer(
        related="company_id.wx_dissatisfied_rating", readonly=False
    )
    wx_dissatisfied_nps = fields.Integer(
        related="company_id.wx_dissatisfied_nps", readonly=False
    )
    wx_dissatisfied_csat = fields.Integer(
        related="company_id.wx_dissatisfied_csat", readonly=False
    )
    wx_negative_confidence = fields.Float(
        related="company_id.wx_negative_confidence", readonly=False
    )
    wx_default_team_id = fields.Many2one(
        related="company_id.wx_default_team_id", readonly=False
    )
    wx_media_retention_days = fields.Integer(
        related="company_id.wx_media_retention_days", readonly=False
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
