# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

MESSAGE_TYPES = [
    ("link", "Feedback link"),
    ("complaint_reply", "Complaint reply"),
    ("thanks", "Thanks"),
    ("survey", "Survey"),
    ("coupon", "Coupon"),
]


class SmsTemplate(models.Model):
    _inherit = "sms.template"

    wx_message_type = fields.Selection(
        MESSAGE_TYPES,
        string="China SMS Type",
        help="Aliyun and Tencent send approved templates, not free text: the"
        " template mapping of this type (and the customer's language) is used.",
    )
