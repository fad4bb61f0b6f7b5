# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Contact phone numbers: validate, store as E.164, show masked."""

import phonenumbers

from .i18n import InputError, _lt

MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def normalize(raw, region="CN", field="phone"):
    """E.164 form of a mobile number (``+8613812345678``), or raise InputError.

    Mainland numbers may come with or without +86 / 0086 / 86 and with spaces
    or dashes; other countries need their international prefix.
    """
    text = (raw or "").strip()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in MOBILE_TYPES
    ):
        raise InputError(
            {
                field: (
                    _lt("%(phone)s is not a valid mobile number."),
                    {"phone": text[:40] or "''"},
                )
            }
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask(e164):
    """``+8613812345678`` -> ``+86 138****5678``: first 3 and last 4 digits."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return "****"
    national = str(number.national_number)
    if len(national) < 8:
        return f"+{number.country_code} ****"
    return f"+{number.country_code} {national[:3]}****{national[-4:]}"
