# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from ..tools import masking


class ResUsers(models.Model):
    _inherit = "res.users"

    def _get_portal_access_update_body(self, access_granted):
        """The contact's chatter note on portal access names the e-mail
        masked (``z***@example.com``): Odoo writes it in clear into every
        such message, a copy of the contact's address."""
        body = super()._get_portal_access_update_body(access_granted)
        email = self.partner_id.email
        if email and email in body:
            body = body.replace(email, masking.mask_email(email))
        return body
