# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    wx_wecom_userid = fields.Char(
        string="WeCom User ID",
        groups="base.group_user",
        help="The user's id in the company's WeCom (企业微信) directory: personal"
        " alerts go to it through the WeCom application.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["wx_wecom_userid"]
