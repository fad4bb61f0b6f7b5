# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Data keys of the field encryption, stored wrapped by the master key.

The master key never enters the database: it comes from the key file named by
``master_key_file`` in the ``[wx_feedback]`` section of odoo.conf (or
``WX_FEEDBACK_MASTER_KEY_FILE``), or from ``WX_MASTER_KEY`` (base64), or from
a KMS provider (``kms_provider = package.module:factory`` in the same section:
a callable returning a ``tools.envelope.MasterKeyProvider``). A database dump
holds only wrapped data keys and ciphertexts.

Nobody but the superuser reads this model (its access line grants nothing);
unwrapped keys are cached per database in this process, never logged.
"""

import base64
import importlib
import logging
import threading

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, config

from ..tools import envelope, settings

_logger = logging.getLogger(__name__)

_lock = threading.RLock()
_keyrings = {}  # dbname -> envelope.Keyring


class WxCryptoUnavailable(UserError):
    """Encrypted data is needed and the master key is missing or wrong."""


def _master_key_provider():
    path = config["config"]
    factory = settings.get("kms_provider", path)
    if factory:
        module_name, _sep, attr = factory.partition(":")
        return getattr(importlib.import_module(module_name), attr)()
    return envelope.load_master_key(settings.get("master_key_file", path))


class WxCryptoKey(models.Model):
    _name = "wx.crypto.key"
    _description = "Encryption Data Key"
    _order = "id"
    _rec_name = "kid"

    kid = fields.Char(string="Key ID", required=True, readonly=True)
    purpose = fields.Selection(
        [
            ("contact", "Contact Details"),
            ("amount", "Amounts"),
            ("blind", "Blind Index"),
            ("secret", "Secrets"),
        ],
        required=True,
        readonly=True,
    )
    wrapped_key = fields.Char(
        readonly=True, help="The data key wrapped by the master key (base64)."
    )
    state = fields.Selection(
        [
            ("active", "Active"),
            ("retiring", "Retiring (still readable during a rotation)"),
            ("retired", "Retired"),
        ],
        required=True,
        default="active",
        readonly=True,
    )

    _kid_unique = models.UniqueIndex("(kid)")
    _one_active_per_purpose = models.UniqueIndex("(purpose) WHERE state = 'active'")

    # ------------------------------------------------------------------ keyring

    @api.model
    def _wx_keyring(self, purpose=None, kid=None, lock=False):
        """The keyring of this database, loaded (or reloaded) so that it has
        the active key of ``purpose`` (created on first use) and the key
        ``kid``; raise :class:`WxCryptoUnavailable` when it cannot be.

        ``lock`` (encryption) holds a share lock on the active key's row until
        the transaction ends: a rotation that retires it waits for the
        transactions still writing under it, so its final scan sees them."""
        dbname = self.env.cr.dbname
        with _lock:
            ring = _keyrings.get(dbname)
            if purpose:
                active = self._wx_active_kid(purpose, lock=lock)
                if not active:
                    active = self._wx_create_key(purpose)
                if ring is None or ring.active_kid(purpose) != active:
                    ring = None
            if ring is not None and kid and not ring.has(kid):
                ring = None
            if ring is None:
                ring = self._wx_load_keyring()
                _keyrings[dbname] = ring
        if kid and not ring.has(kid):
            raise WxCryptoUnavailable(
                self.env._(
                    "Encrypted data names key %(kid)s, which this database does not"
                    " hold (retired, or restored from another database).",
                    kid=kid,
                )
            )
        return ring

    @api.model
    def _wx_check_available(self):
        """Raise :class:`WxCryptoUnavailable` now, before anything is written,
        when contact details could not be encrypted."""
        self._wx_keyring("contact")
        self._wx_keyring("blind")

    @api.model
    def _wx_unavailable(self, exc):
        message = self.env._(
            "Contact details and amounts are encrypted and cannot be read or"
            " written on this server: %(reason)s Ask the administrator to set the"
            " master key (master_key_file in the [wx_feedback] section of"
            " odoo.conf, or WX_MASTER_KEY).",
            reason=str(exc),
        )
        return WxCryptoUnavailable(message)

    @api.model
    def _wx_provider(self):
        try:
            return _master_key_provider()
        except envelope.CryptoError as exc:
            raise self._wx_unavailable(exc) from None

    @api.model
    def _wx_active_kid(self, purpose, lock=False):
        rows = self.env.execute_query(
            SQL(
                "SELECT kid FROM wx_crypto_key"
                " WHERE purpose = %s AND state = 'active'%s",
                purpose,
                SQL(" FOR SHARE") if lock else SQL(),
            )
        )
        return rows[0][0] if rows else None

    @api.model
    def _wx_load_keyring(self):
        provider = self._wx_provider()
        ring = envelope.Keyring()
        rows = self.env.execute_query(
            SQL(
                "SELECT kid, purpose, wrapped_key, state FROM wx_crypto_key"
                " WHERE state IN ('active', 'retiring') ORDER BY id"
            )
        )
        try:
            for kid, purpose, wrapped, state in rows:
                ring.add_wrapped(
                    provider,
                    kid,
                    purpose,
                    base64.b64decode(wrapped),
                    active=state == "active",
                )
        except envelope.CryptoError as exc:
            raise self._wx_unavailable(exc) from None
        return ring

    @api.model
    def _wx_create_key(self, purpose, state="active"):
        """Insert a new wrapped data key for ``purpose``; return the active
        kid of the purpose afterwards (another worker may have won the race
        for the first key: then its key is used)."""
        provider = self._wx_provider()
        kid = envelope.new_kid(purpose)
        wrapped = provider.wrap(envelope.new_data_key(), envelope.key_aad(purpose, kid))
        self.env.execute_query(
            SQL(
                """INSERT INTO wx_crypto_key (kid, purpose, wrapped_key, state,
                                              create_uid, create_date,
                                              write_uid, write_date)
                   VALUES (%s, %s, %s, %s, %s, now() at time zone 'UTC',
                           %s, now() at time zone 'UTC')
                   ON CONFLICT DO NOTHING""",
                kid,
                purpose,
                base64.b64encode(wrapped).decode(),
                state,
                self.env.uid,
                self.env.uid,
            )
        )
        self.invalidate_model()
        return kid if state != "active" else self._wx_active_kid(purpose)

    @api.model
    def _wx_forget_keyrings(self):
        """Drop the cached keyrings of this process (tests, rotation)."""
        with _lock:
            _keyrings.pop(self.env.cr.dbname, None)

    # ------------------------------------------------------------------ values

    @api.model
    def _wx_encrypt(self, purpose, clear, aad):
        """``v1:<kid>:<b64>`` of ``clear`` (str) under the active key."""
        ring = self._wx_keyring(purpose, lock=True)
        return ring.encrypt(purpose, clear, aad)

    @api.model
    def _wx_decrypt(self, token, aad, purpose=None):
        """The clear text of a stored value (False for an empty one)."""
        if not token:
            return False
        ring = self._wx_keyring(kid=envelope.key_id_of(token) or None)
        try:
            return ring.decrypt(token, aad, purpose)
        except envelope.CryptoError as exc:
            raise self._wx_unavailable(exc) from None

    @api.model
    def _wx_blind_index(self, normalised):
        """Blind index of a normalised value under the active blind key."""
        return self._wx_keyring("blind", lock=True).blind_index(normalised)

    @api.model
    def _wx_blind_indexes(self, normalised):
        """Its blind indexes under every readable blind key (for searches
        while a rotation is under way); none before the first blind key."""
        if not self._wx_active_kid("blind"):
            return []
        return self._wx_keyring("blind").blind_indexes(normalised)

    # ------------------------------------------------------------------ rotation

    @api.model
    def _wx_encrypted_columns(self):
        """``(model, field name, spec)`` of every encrypted field of the
        installed models: models declare ``_wx_encrypted_fields`` as a tuple
        of ``(field, column, purpose, blind index column or None, kind)``,
        ``kind`` being ``phone`` or ``email`` (how the blind index
        normalises) or None."""
        found = []
        for name in sorted(self.env.registry):
            Model = self.env[name]
            if Model._abstract or not Model._auto:
                continue
            for field, *spec in getattr(Model, "_wx_encrypted_fields", ()):
                found.append((Model, field, tuple(spec)))
        return found

    @api.model
    def _wx_rotate(self, purposes=None, batch_size=500, commit=None):
        """Rotate the data keys of ``purposes`` (default: every purpose with a
        key): a new active key per purpose, the former one *retiring* (still
        readable); re-encrypt every value (and recompute every blind index)
        still under a retiring key, in batches committed one by one; then
        retire the old keys (their wrapped bytes are erased). Resumable: run
        again after an interruption, it finishes the interrupted rotation
        (with its new keys, whatever ``purposes`` says) and stops there.

        ``commit(done)`` commits a batch (default ``ir.cron._commit_progress``).
        Returns ``{"rotated": [kids], "values": n, "indexes": n}``.
        """
        Cron = self.env["ir.cron"]
        commit = commit or (lambda done: Cron._commit_progress(done))

        def purposes_in(state):
            rows = self.env.execute_query(
                SQL(
                    "SELECT DISTINCT purpose FROM wx_crypto_key WHERE state = %s", state
                )
            )
            return sorted(row[0] for row in rows)

        # an unfinished rotation is finished first, with its new keys
        if not purposes_in("retiring"):
            for purpose in purposes or purposes_in("active"):
                self.env.execute_query(
                    SQL(
                        "UPDATE wx_crypto_key SET state = 'retiring',"
                        " write_date = now() at time zone 'UTC'"
                        " WHERE purpose = %s AND state = 'active'",
                        purpose,
                    )
                )
                self._wx_create_key(purpose)
        self._wx_forget_keyrings()
        commit(0)
        old_kids = [
            kid
            for (kid,) in self.env.execute_query(
                SQL(
                    "SELECT kid FROM wx_crypto_key WHERE state = 'retiring' ORDER BY id"
                )
            )
        ]
        counts = {"rotated": old_kids, "values": 0, "indexes": 0}
        if old_kids:
            for Model, field, spec in self._wx_encrypted_columns():
                self._wx_rotate_column(
                    Model, field, spec, old_kids, batch_size, commit, counts
                )
            self.env.execute_query(
                SQL(
                    "UPDATE wx_crypto_key SET state = 'retired', wrapped_key = NULL,"
                    " write_date = now() at time zone 'UTC'"
                    " WHERE state = 'retiring'"
                )
            )
            self._wx_forget_keyrings()
            commit(0)
        return counts

    @api.model
    def _wx_rotate_column(
        self, Model, field, spec, old_kids, batch_size, commit, counts
    ):
        column, purpose, bidx_column, kind = spec
        table = SQL.identifier(Model._table)
        old_blind = [kid for kid in old_kids if kid.startswith("blind-")]
        old_value = [kid for kid in old_kids if not kid.startswith("blind-")]
        stale = (
            [
                SQL(
                    "split_part(%s, ':', 2) IN %s",
                    SQL.identifier(column),
                    tuple(old_value),
                )
            ]
            if old_value
            else []
        )
        if bidx_column and old_blind:
            stale.append(
                SQL(
                    "split_part(%s, ':', 1) IN %s",
                    SQL.identifier(bidx_column),
                    tuple(old_blind),
                )
            )
        if not stale:
            return
        while True:
            rows = self.env.execute_query(
                SQL(
                    "SELECT id, %s FROM %s WHERE %s IS NOT NULL AND (%s)"
                    " ORDER BY id LIMIT %s FOR UPDATE",
                    SQL.identifier(column),
                    table,
                    SQL.identifier(column),
                    SQL(" OR ").join(stale),
                    batch_size,
                )
            )
            if not rows:
                break
            for record_id, token in rows:
                aad = envelope.aad_for(Model._name, field, record_id)
                clear = self._wx_decrypt(token, aad, purpose)
                assignments = [
                    SQL(
                        "%s = %s",
                        SQL.identifier(column),
                        self._wx_encrypt(purpose, clear, aad),
                    )
                ]
                if bidx_column:
                    normalised = (
                        envelope.normalise_email(clear) if kind == "email" else clear
                    )
                    assignments.append(
                        SQL(
                            "%s = %s",
                            SQL.identifier(bidx_column),
                            self._wx_blind_index(normalised),
                        )
                    )
                    counts["indexes"] += 1
                self.env.execute_query(
                    SQL(
                        "UPDATE %s SET %s WHERE id = %s",
                        table,
                        SQL(", ").join(assignments),
                        record_id,
                    )
                )
                counts["values"] += 1
            Model.invalidate_model([column] + ([bidx_column] if bidx_column else []))
            commit(len(rows))
