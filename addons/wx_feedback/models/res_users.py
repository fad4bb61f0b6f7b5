# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Logins (successful and failed) and changes of a user's groups, recorded as
security events (等保2.0 §8.1.4.3 a-b); no clear e-mail in portal access notes."""

from odoo import api, models
from odoo.exceptions import AccessDenied

from ..tools import masking


def group_names(groups):
    return ", ".join(sorted(groups.sudo().mapped("full_name")))


class ResUsers(models.Model):
    _inherit = "res.users"

    def _login(self, credential, user_agent_env):
        Event = self.env["wx.audit.event"]
        typed = credential.get("login")
        try:
            auth_info = super()._login(credential, user_agent_env)
        except AccessDenied:
            known = self.sudo().search(self._get_login_domain(typed or ""), limit=1)
            Event._wx_record_committed(
                "login_failed",
                result="fail",
                detail=f"authentication: {credential.get('type') or 'password'}",
                login=typed or "",
                user=known,
            )
            raise
        user = self.sudo().browse(auth_info["uid"])
        Event._wx_record(
            "login",
            user,
            detail=f"authentication: {credential.get('type') or 'password'}",
            user=user,
        )
        return auth_info

    @api.constrains("group_ids")
    def _wx_record_group_change(self):
        """Runs after every create and write that sets groups (the values
        before and after are in the change log of res.users)."""
        for user in self:
            self.env["wx.audit.event"]._wx_record(
                "permission",
                user,
                detail=f"groups now: {group_names(user.group_ids)}",
            )

    def _get_portal_access_update_body(self, access_granted):
        """The contact's chatter note on portal access names the e-mail
        masked (``z***@example.com``): Odoo writes it in clear into every
        such message, a copy of the contact's address."""
        body = super()._get_portal_access_update_body(access_granted)
        email = self.partner_id.email
        if email and email in body:
            body = body.replace(email, masking.mask_email(email))
        return body
