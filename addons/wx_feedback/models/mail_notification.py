# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..tools import masking


class MailNotification(models.Model):
    _inherit = "mail.notification"

    @api.model_create_multi
    def create(self, vals_list):
        """SMS the suite sends (``wx.customer.notify.mixin``) keep only the
        masked number on their notification: the clear number stays in the
        transient ``sms.sms`` queue row, deleted once sent."""
        self.check_access("create")
        if self.env.context.get("wx_mask_sms_number"):
            for vals in vals_list:
                if vals.get("sms_number"):
                    vals["sms_number"] = masking.mask_phone(vals["sms_number"])
        return super().create(vals_list)
