# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Masked forms of contact details, for staff who may not see them in clear.

Phones keep the first 3 and last 4 digits of the national number
(``139****0318``; other countries prefixed by their calling code,
``+852 912****78`` style); e-mails keep the first character and the domain
(``z***@example.com``). Common practice, not a statutory format.
"""

import phonenumbers


def mask_phone(number, region="CN"):
    """``+8613905910318`` / ``139 0591 0318`` -> ``139****0318``."""
    text = (number or "").strip()
    if not text:
        return ""
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None:
        digits = "".join(ch for ch in text if ch.isdigit())
        prefix = ""
    else:
        digits = str(parsed.national_number)
        prefix = "" if parsed.country_code == 86 else f"+{parsed.country_code} "
    if len(digits) < 8:
        return f"{prefix}****"
    return f"{prefix}{digits[:3]}****{digits[-4:]}"


def mask_email(email):
    """``zhou.liqun@example.com`` -> ``z***@example.com``."""
    text = (email or "").strip()
    if not text:
        return ""
    local, at, domain = text.rpartition("@")
    if not at or not local:
        return "***"
    return f"{local[0]}***@{domain}"
