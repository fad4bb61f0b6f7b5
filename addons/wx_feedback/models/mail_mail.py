# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from ..tools.audit_scrub import mask_email


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(
        self, success_pids, success_emails, failure_reason=False, failure_type=None
    ):
        """One outbound-notification event per e-mail sent or failed, the
        recipients masked (before auto-delete removes the mail)."""
        Event = self.env["wx.audit.event"]
        for mail in self:
            recipients = set(success_emails or []) | set(
                mail.recipient_ids.mapped("email")
            )
            if mail.email_to:
                recipients.add(mail.email_to)
            masked = ", ".join(sorted(mask_email(r) for r in recipients if r))
            record = (
                self.env[mail.model].browse(mail.res_id)
                if mail.model in self.env and mail.res_id
                else None
            )
            Event._wx_record(
                "notification",
                record,
                result="fail" if failure_type or failure_reason else "success",
                detail=f"e-mail to {masked or '-'}",
            )
        return super()._postprocess_sent_message(
            success_pids,
            success_emails,
            failure_reason=failure_reason,
            failure_type=failure_type,
        )
