# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    wx_delivery_leader_id = fields.Many2one(
        related="company_id.wx_delivery_leader_id", readonly=False
    )
    wx_delivery_medium = fields.Float(
        related="company_id.wx_delivery_medium", readonly=False
    )
    wx_delivery_high = fields.Float(
        related="company_id.wx_delivery_high", readonly=False
    )
    wx_delivery_notify_customer = fields.Boolean(
        related="company_id.wx_delivery_notify_customer", readonly=False
    )
