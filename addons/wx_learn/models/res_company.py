# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    wx_learn_h5_variant_id = fields.Many2one(
        "wx.learn.variant",
        string="Default H5 Form Variant",
        help="The promoted variant whose switches the H5 feedback page uses"
        " when no experiment runs on it.",
        groups="base.group_user",
    )
    wx_learn_order_page_variant_id = fields.Many2one(
        "wx.learn.variant",
        string="Default Order Page Form Variant",
        help="The promoted variant whose switches the order page form uses"
        " when no experiment runs on it.",
        groups="base.group_user",
    )
    # bumped (transactionally) by every change of the case library: each
    # worker compares it with the version of its in-memory index
    wx_learn_case_version = fields.Integer(
        readonly=True, default=0, groups="base.group_system"
    )
