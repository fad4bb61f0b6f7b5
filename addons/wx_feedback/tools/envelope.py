# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Envelope encryption of personal data (AES-256-GCM) and keyed blind indexes.

Layout (the invariants the ORM side relies on):

- A **master key** (32 bytes) lives outside the database: a key file
  (``wx_master_key_file`` in odoo.conf) or the environment (``WX_MASTER_KEY``,
  base64), or any object implementing :class:`MasterKeyProvider` (the KMS
  hook: an HSM or a cloud KMS wraps and unwraps data keys and the master key
  never reaches Odoo). It only wraps and unwraps data keys.
- **Data keys** (32 random bytes each) have a key id (``kid``) and one
  purpose: ``contact`` (phones, e-mails), ``amount`` (order amounts),
  ``blind`` (HMAC key of the blind indexes), ``secret`` (other secrets).
  They are stored wrapped (AES-GCM under the master key, associated data
  ``wx-data-key:<purpose>:<kid>``), so a database dump alone decrypts nothing.
- A **value** is stored as ``v1:<kid>:<base64(nonce || ciphertext || tag)>``
  with a fresh 12-byte random nonce and associated data binding the value to
  its place (``model:field:record id``): a ciphertext copied to another row
  or field does not decrypt.
- A **blind index** is ``<kid>:<HMAC-SHA256(blind key, normalised value)>``:
  equality search without decryption. The value is normalised first (E.164
  for phones, stripped and lower-cased for e-mails) so spellings match.

Nothing here logs, and error messages never carry plaintext or key bytes.
"""

import base64
import binascii
import hashlib
import hmac
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1"
NONCE_SIZE = 12
KEY_SIZE = 32
PURPOSES = ("contact", "amount", "blind", "secret")


class CryptoError(Exception):
    """Base class: nothing could be encrypted or decrypted."""


class MissingKeyError(CryptoError):
    """No master key is configured (file or environment)."""


class UnknownKeyError(CryptoError):
    """The value names a key id this keyring does not hold."""


class DecryptionError(CryptoError):
    """Wrong key, or the ciphertext or its associated data were altered."""


class MasterKeyProvider:
    """What wraps and unwraps data keys; subclass it for a KMS or an HSM.

    ``wrap`` returns opaque bytes to store; ``unwrap`` gives the data key
    back or raises :class:`DecryptionError`. ``aad`` binds the wrapped key to
    its purpose and key id. A KMS provider would call the KMS's
    encrypt/decrypt (or GenerateDataKey) with ``aad`` as encryption context.
    """

    def wrap(self, data_key, aad):
        raise NotImplementedError

    def unwrap(self, wrapped, aad):
        raise NotImplementedError


class LocalMasterKey(MasterKeyProvider):
    """A 32-byte master key held in memory (read from a file or the
    environment); wraps with AES-256-GCM."""

    def __init__(self, key):
        if not isinstance(key, bytes) or len(key) != KEY_SIZE:
            raise CryptoError("The master key must be 32 bytes.")
        self._aes = AESGCM(key)

    def __repr__(self):
        return "<LocalMasterKey>"

    def wrap(self, data_key, aad):
        nonce = os.urandom(NONCE_SIZE)
        return nonce + self._aes.encrypt(nonce, data_key, aad.encode())

    def unwrap(self, wrapped, aad):
        try:
            return self._aes.decrypt(
                wrapped[:NONCE_SIZE], wrapped[NONCE_SIZE:], aad.encode()
            )
        except (InvalidTag, ValueError):
            raise DecryptionError(
                "A data key does not unwrap with this master key (wrong master"
                " key file?)."
            ) from None


def parse_master_key(text):
    """The 32 key bytes of a key file / env value (base64, 44 characters)."""
    try:
        key = base64.b64decode((text or "").strip(), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_SIZE:
        raise CryptoError("The master key must be 32 bytes in base64.")
    return key


def new_master_key_text():
    """A fresh master key in the file format (base64 of 32 random bytes)."""
    return base64.b64encode(secrets.token_bytes(KEY_SIZE)).decode() + "\n"


def load_master_key(path=None, environ=None):
    """The master key provider from ``WX_MASTER_KEY`` (base64) or else the
    key file ``path``; raise :class:`MissingKeyError` when neither is there."""
    environ = os.environ if environ is None else environ
    if environ.get("WX_MASTER_KEY"):
        return LocalMasterKey(parse_master_key(environ["WX_MASTER_KEY"]))
    if path:
        try:
            with open(path, encoding="ascii") as handle:
                return LocalMasterKey(parse_master_key(handle.read()))
        except OSError:
            raise MissingKeyError(
                "The master key file named by wx_master_key_file cannot be read."
            ) from None
    raise MissingKeyError(
        "No master key: set wx_master_key_file in odoo.conf or WX_MASTER_KEY."
    )


def key_aad(purpose, kid):
    return f"wx-data-key:{purpose}:{kid}"


def new_data_key():
    return secrets.token_bytes(KEY_SIZE)


def new_kid(purpose):
    """A fresh key id: purpose and 8 random hex digits (``contact-1f2e3d4c``)."""
    return f"{purpose}-{secrets.token_hex(4)}"


def aad_for(model, field, record_id):
    """Associated data binding a value to its model, field and record."""
    return f"{model}:{field}:{record_id}"


def key_id_of(token):
    """The key id a stored value names, or None when it is not a v1 value."""
    parts = (token or "").split(":", 2)
    if len(parts) == 3 and parts[0] == VERSION:
        return parts[1]
    return None


class Keyring:
    """Unwrapped data keys by key id, and the active key id per purpose.

    Values encrypted under any key the keyring holds decrypt (old key ids stay
    readable during a rotation); new values use the purpose's active key.
    """

    def __init__(self):
        self._keys = {}  # kid -> (purpose, key bytes)
        self._active = {}  # purpose -> kid

    def __repr__(self):
        return f"<Keyring {sorted(self._keys)}>"

    def add(self, kid, purpose, key, active=False):
        if purpose not in PURPOSES:
            raise CryptoError(f"Unknown key purpose {purpose!r}.")
        if len(key) != KEY_SIZE or ":" in kid:
            raise CryptoError("A data key must be 32 bytes with a kid without ':'.")
        self._keys[kid] = (purpose, key)
        if active:
            self._active[purpose] = kid

    def add_wrapped(self, provider, kid, purpose, wrapped, active=False):
        self.add(kid, purpose, provider.unwrap(wrapped, key_aad(purpose, kid)), active)

    def has(self, kid):
        return kid in self._keys

    def active_kid(self, purpose):
        return self._active.get(purpose)

    def kids(self, purpose):
        return [kid for kid, (p, _key) in self._keys.items() if p == purpose]

    def _key(self, kid, purpose=None):
        try:
            key_purpose, key = self._keys[kid]
        except KeyError:
            raise UnknownKeyError(f"Unknown key id {kid!r}.") from None
        if purpose and key_purpose != purpose:
            raise DecryptionError(f"Key {kid!r} is not a {purpose} key.")
        return key

    def encrypt(self, purpose, plaintext, aad, kid=None):
        """``v1:<kid>:<b64(nonce||ct||tag)>`` of ``plaintext`` (str) under
        the purpose's active key (or ``kid``), bound to ``aad``."""
        kid = kid or self._active.get(purpose)
        if not kid:
            raise UnknownKeyError(f"No active {purpose} key.")
        nonce = os.urandom(NONCE_SIZE)
        sealed = AESGCM(self._key(kid, purpose)).encrypt(
            nonce, plaintext.encode("utf-8"), aad.encode("utf-8")
        )
        return f"{VERSION}:{kid}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token, aad, purpose=None):
        """The plaintext of a stored value; raises :class:`DecryptionError`
        on a wrong key or altered data and :class:`UnknownKeyError` when the
        key id is not in the keyring."""
        parts = (token or "").split(":", 2)
        if len(parts) != 3 or parts[0] != VERSION:
            raise DecryptionError("Not an encrypted value of a known version.")
        key = self._key(parts[1], purpose)
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except (binascii.Error, ValueError):
            raise DecryptionError("The encrypted value is not valid base64.") from None
        if len(blob) < NONCE_SIZE + 16:
            raise DecryptionError("The encrypted value is truncated.")
        try:
            clear = AESGCM(key).decrypt(
                blob[:NONCE_SIZE], blob[NONCE_SIZE:], aad.encode("utf-8")
            )
        except InvalidTag:
            raise DecryptionError(
                "The encrypted value does not authenticate (altered, moved to"
                " another record, or another key)."
            ) from None
        return clear.decode("utf-8")

    def blind_index(self, normalised, kid=None):
        """``<kid>:<HMAC-SHA256 hex>`` of an already normalised value under
        the active blind key (or ``kid``); the key id tells a rotation which
        indexes still need recomputing."""
        kid = kid or self._active.get("blind")
        if not kid:
            raise UnknownKeyError("No active blind-index key.")
        digest = hmac.new(
            self._key(kid, "blind"), normalised.encode("utf-8"), hashlib.sha256
        ).hexdigest()
        return f"{kid}:{digest}"

    def blind_indexes(self, normalised):
        """The value's blind index under every blind key held (active first):
        what a search matches while a rotation is under way."""
        kids = self.kids("blind")
        active = self._active.get("blind")
        kids.sort(key=lambda kid: kid != active)
        return [self.blind_index(normalised, kid) for kid in kids]


def normalise_email(email):
    """The form of an e-mail address its blind index is computed on."""
    return (email or "").strip().lower()
