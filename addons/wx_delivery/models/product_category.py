# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    wx_perishable = fields.Boolean(
        string="Perishable",
        help="Goods of this category spoil quickly (a delivery-risk factor in heat).",
    )
