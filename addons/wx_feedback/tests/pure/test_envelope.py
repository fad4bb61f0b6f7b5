# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

import pytest
from wx_feedback.tools import envelope, masking

AAD = "wx.feedback:phone_enc:42"


def _keyring():
    ring = envelope.Keyring()
    for purpose in envelope.PURPOSES:
        ring.add(f"{purpose}-1", purpose, envelope.new_data_key(), active=True)
    return ring


def test_round_trip_and_format():
    ring = _keyring()
    token = ring.encrypt("contact", "+8613905910318", AAD)
    version, kid, blob = token.split(":", 2)
    assert (version, kid) == ("v1", "contact-1")
    raw = base64.b64decode(blob)
    assert len(raw) == 12 + len("+8613905910318") + 16  # nonce || ct || tag
    assert "13905910318" not in token
    assert ring.decrypt(token, AAD) == "+8613905910318"
    assert envelope.key_id_of(token) == "contact-1"


def test_nonce_is_fresh():
    ring = _keyring()
    assert ring.encrypt("contact", "x", AAD) != ring.encrypt("contact", "x", AAD)


def test_wrong_key():
    token = _keyring().encrypt("contact", "secret", AAD)
    other = _keyring()  # same kid names, other key bytes
    with pytest.raises(envelope.DecryptionError):
        other.decrypt(token, AAD)


def test_tampered_ciphertext_and_aad():
    ring = _keyring()
    token = ring.encrypt("contact", "secret", AAD)
    prefix, blob = token.rsplit(":", 1)
    raw = bytearray(base64.b64decode(blob))
    raw[15] ^= 1
    tampered = f"{prefix}:{base64.b64encode(bytes(raw)).decode()}"
    with pytest.raises(envelope.DecryptionError):
        ring.decrypt(tampered, AAD)
    # moved to another record or field
    with pytest.raises(envelope.DecryptionError):
        ring.decrypt(token, "wx.feedback:phone_enc:43")
    with pytest.raises(envelope.DecryptionError):
        ring.decrypt(token[:-8], AAD)
    with pytest.raises(envelope.DecryptionError):
        ring.decrypt("+8613905910318", AAD)
    # a contact key cannot be used where an amount key is expected
    with pytest.raises(envelope.DecryptionError):
        ring.decrypt(token, AAD, purpose="amount")


def test_unknown_kid():
    ring = _keyring()
    token = ring.encrypt("contact", "secret", AAD).replace("contact-1", "contact-9")
    with pytest.raises(envelope.UnknownKeyError):
        ring.decrypt(token, AAD)


def test_rotation_old_kid_readable_new_values_use_new_kid():
    ring = _keyring()
    old = ring.encrypt("contact", "secret", AAD)
    ring.add("contact-2", "contact", envelope.new_data_key(), active=True)
    new = ring.encrypt("contact", "secret", AAD)
    assert envelope.key_id_of(new) == "contact-2"
    assert ring.decrypt(old, AAD) == ring.decrypt(new, AAD) == "secret"
    # re-encrypting under the new key is what the rotation does per value
    again = ring.encrypt("contact", ring.decrypt(old, AAD), AAD)
    assert envelope.key_id_of(again) == "contact-2"


def test_blind_index_keyed_and_rotation_aware():
    ring = _keyring()
    index = ring.blind_index("+8613905910318")
    kid, digest = index.split(":")
    assert kid == "blind-1" and len(digest) == 64 and "13905910318" not in index
    assert index == ring.blind_index("+8613905910318")
    assert index != _keyring().blind_index("+8613905910318")
    ring.add("blind-2", "blind", envelope.new_data_key(), active=True)
    both = ring.blind_indexes("+8613905910318")
    assert both[0] == ring.blind_index("+8613905910318")
    assert index in both and len(both) == 2


def test_wrapping_with_master_key():
    master = envelope.LocalMasterKey(envelope.new_data_key())
    key = envelope.new_data_key()
    wrapped = master.wrap(key, envelope.key_aad("contact", "contact-1"))
    assert key not in wrapped
    ring = envelope.Keyring()
    ring.add_wrapped(master, "contact-1", "contact", wrapped, active=True)
    assert ring.decrypt(ring.encrypt("contact", "a", AAD), AAD) == "a"
    with pytest.raises(envelope.DecryptionError):
        envelope.LocalMasterKey(envelope.new_data_key()).unwrap(
            wrapped, envelope.key_aad("contact", "contact-1")
        )
    with pytest.raises(envelope.DecryptionError):  # wrapped key of another kid
        master.unwrap(wrapped, envelope.key_aad("contact", "contact-2"))


def test_load_master_key(tmp_path):
    with pytest.raises(envelope.MissingKeyError):
        envelope.load_master_key(None, environ={})
    with pytest.raises(envelope.MissingKeyError):
        envelope.load_master_key(str(tmp_path / "absent"), environ={})
    path = tmp_path / "master.key"
    path.write_text(envelope.new_master_key_text())
    assert isinstance(
        envelope.load_master_key(str(path), environ={}), envelope.LocalMasterKey
    )
    path.write_text("short")
    with pytest.raises(envelope.CryptoError):
        envelope.load_master_key(str(path), environ={})
    env = {"WX_MASTER_KEY": envelope.new_master_key_text()}
    assert envelope.load_master_key(None, environ=env)
    assert repr(envelope.load_master_key(None, environ=env)) == "<LocalMasterKey>"


def test_masking():
    assert masking.mask_phone("+8613905910318") == "139****0318"
    assert masking.mask_phone("139 0591 0318") == "139****0318"
    assert masking.mask_phone("+852 9123 4567") == "+852 912****4567"
    assert masking.mask_phone("") == ""
    assert masking.mask_phone("123") == "****"
    assert masking.mask_email("zhou.liqun@example.com") == "z***@example.com"
    assert masking.mask_email("Z@EXAMPLE.COM") == "Z***@EXAMPLE.COM"
    assert masking.mask_email("nonsense") == "***"
    assert masking.mask_email(False) == ""
    assert envelope.normalise_email(" Zhou@Example.COM ") == "zhou@example.com"
