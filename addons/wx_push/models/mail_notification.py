# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    # sms.sms knows an opted-out number; the chatter notification of an SMS
    # refused for it says so too
    failure_type = fields.Selection(selection_add=[("sms_optout", "Opted Out")])
