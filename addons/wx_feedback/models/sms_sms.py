# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from ..tools.audit_scrub import mask_phone


class SmsSms(models.Model):
    _inherit = "sms.sms"

    def _handle_call_result_hook(self, results):
        """One outbound-notification event per SMS handed to the provider,
        the number masked."""
        result = super()._handle_call_result_hook(results)
        Event = self.env["wx.audit.event"]
        for sms in self:
            record = (
                self.env[sms.mail_message_id.model].browse(sms.mail_message_id.res_id)
                if sms.mail_message_id.model in self.env and sms.mail_message_id.res_id
                else None
            )
            Event._wx_record(
                "notification",
                record,
                result="fail" if sms.state == "error" else "success",
                detail=f"SMS to {mask_phone(sms.number)}",
            )
        return result
