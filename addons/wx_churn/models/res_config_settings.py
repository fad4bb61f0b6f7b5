# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    wx_churn_vip_team_id = fields.Many2one(
        related="company_id.wx_vip_team_id", readonly=False
    )
    wx_churn_vip_hotline = fields.Char(
        string="VIP Hotline",
        config_parameter="wx_churn.vip_hotline",
        help="Shown to VIP customers on their portal and mobile feedback pages.",
    )
    wx_churn_streak_length = fields.Integer(
        string="Dissatisfied in a row",
        config_parameter="wx_churn.streak_length",
        default=3,
    )
    wx_churn_cooldown_days = fields.Integer(
        string="Cooldown (days)",
        config_parameter="wx_churn.cooldown_days",
        default=30,
    )
    wx_churn_default_user_id = fields.Many2one(
        "res.users",
        string="Account manager fallback",
        config_parameter="wx_churn.default_user_id",
        domain="[('share', '=', False)]",
        help="Gets the alerts of customers without a salesperson.",
    )
    wx_churn_coupon_program_id = fields.Many2one(
        "loyalty.program",
        string="Win-back coupon program",
        config_parameter="wx_churn.coupon_program_id",
        domain="[('program_type', '=', 'coupons')]",
    )
    wx_churn_coupon_validity_days = fields.Integer(
        string="Coupon valid (days)",
        config_parameter="wx_churn.coupon_validity_days",
        default=60,
    )

    @api.constrains("wx_churn_streak_length", "wx_churn_cooldown_days")
    def _check_wx_churn_numbers(self):
        for settings in self:
            if settings.wx_churn_streak_length < 1:
                raise ValidationError(
                    self.env._("A churn streak needs at least 1 feedback.")
                )
            if settings.wx_churn_cooldown_days < 0 or (
                settings.wx_churn_coupon_validity_days < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The cooldown cannot be negative and coupons must be valid"
                        " at least 1 day."
                    )
                )
