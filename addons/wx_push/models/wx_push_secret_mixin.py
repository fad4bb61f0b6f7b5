# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.wx_feedback.tools import envelope


class WxPushSecretMixin(models.AbstractModel):
    """Credentials stored encrypted (AES-256-GCM under a ``secret`` data key
    of wx.crypto.key, bound to model, field and record): each field of
    ``_wx_encrypted_fields`` is a non-stored Char read and written in clear
    through the ORM (for system administrators only, by its ``groups``),
    its ciphertext kept in the ``<field>_enc`` column. Listed in
    ``_wx_encrypted_fields``, the values follow ``./wxf keys rotate``."""

    _name = "wx.push.secret.mixin"
    _description = "Encrypted Credentials"
    _wx_encrypted_fields = ()

    def _wx_secret_aad(self, field):
        return envelope.aad_for(self._name, field, self._origin.id or self.id)

    def _compute_wx_secrets(self):
        Keys = self.env["wx.crypto.key"]
        for record in self:
            stored = record.sudo()
            for field, column, purpose, *__ in self._wx_encrypted_fields:
                token = stored[column]
                record[field] = (
                    Keys._wx_decrypt(token, record._wx_secret_aad(field), purpose)
                    if token
                    else False
                )

    def _wx_store_secret(self, field):
        """Encrypt the value of ``field`` just written into its column. One
        inverse per field: a write of one secret must not touch another
        (the ORM keeps the fields of a shared inverse out of its cache)."""
        Keys = self.env["wx.crypto.key"]
        spec = next(s for s in self._wx_encrypted_fields if s[0] == field)
        __, column, purpose, *__ = spec
        for record in self:
            clear = record[field] or False
            record.sudo().write(
                {
                    column: clear
                    and Keys._wx_encrypt(purpose, clear, record._wx_secret_aad(field))
                }
            )
