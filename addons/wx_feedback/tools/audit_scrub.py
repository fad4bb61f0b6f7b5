# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the audit trail may keep of a value: contact details masked, secrets
redacted (PIPL Art. 51, 等保2.0 §8.1.4.11: an audit log is no second copy of
the personal data it watches).

Masks come from ``masking`` (first 3 and last 4 digits of the national
number, ``139****0318``; first character of an e-mail's local part and its
domain, ``z***@example.com``). No odoo import."""

import re

from .masking import mask_email, mask_phone

REDACTED = "[redacted]"

# a CN mobile number, alone or in text: +86 / 0086 / 86 prefixes, spaces or
# dashes between the groups (as people type them)
_CN_MOBILE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)"
)
# other international numbers written in E.164 (+ and 8 to 15 digits)
_E164 = re.compile(r"(?<![\w+])\+(\d{7,14})(\d)(?!\d)")
_EMAIL = re.compile(
    r"(?<![\w.+-])([\w.+-])[\w.+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)

# field names whose values are contact details / secrets
_CONTACT_NAME = re.compile(r"phone|mobile|email|e_mail", re.IGNORECASE)
_SECRET_NAME = re.compile(
    r"password|passwd|secret|token|api_key|apikey|signature_key|private_key"
)


def scrub_text(value):
    """Every CN mobile number, E.164 number and e-mail address inside a text
    masked; anything else unchanged."""
    if not isinstance(value, str) or not value:
        return value
    value = _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", value)
    value = _CN_MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", value)
    return _E164.sub(lambda m: mask_phone("+" + m.group(1) + m.group(2)), value)


def mask_login(login):
    """A login as the trail may keep it: masked when it is an e-mail or a
    phone number, as typed otherwise."""
    text = str(login or "")
    if "@" in text:
        return mask_email(text)
    if re.fullmatch(r"[\d\s+()-]{7,}", text):
        return mask_phone(text)
    return text


def is_secret_field(name):
    return bool(_SECRET_NAME.search(name or ""))


def is_contact_field(name):
    return bool(_CONTACT_NAME.search(name or ""))


def scrub_field_value(field_name, value, *, model=None):
    """The value of ``field_name`` as an audit line stores it: secrets (and
    every system parameter's value) redacted, contact fields masked, any other
    text scrubbed of phone numbers and e-mails."""
    if value in (None, False, "", "False"):
        return value
    if is_secret_field(field_name) or (
        model == "ir.config_parameter" and field_name == "value"
    ):
        return REDACTED
    text = value if isinstance(value, str) else str(value)
    if is_contact_field(field_name) and "@" not in text and "[" not in text:
        return mask_phone(text) if re.search(r"\d", text) else text
    return scrub_text(text)
