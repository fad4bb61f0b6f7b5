# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class WxCustomerNotifyMixin(models.AbstractModel):
    _inherit = "wx.customer.notify.mixin"

    def _wx_queue_sms(self, template, number, **kwargs):
        sms_type = template.sudo().wx_message_type
        if sms_type:
            self = self.with_context(wx_sms_type=sms_type)  # noqa: PLW0642
        return super()._wx_queue_sms(template, number, **kwargs)
