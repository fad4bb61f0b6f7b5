# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Validate a feedback submission from any channel (form, H5 page or API).

Everything is checked before anything is saved, and every bad field is
reported at once, so a customer fixes the form in one go and nothing is ever
half-saved.
"""

import re

from . import phone as phone_tools
from .i18n import InputError, _lt

TEXT_MAX = 2000
DIMENSIONS = ("rating_delivery", "rating_freshness", "rating_service")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _integer(value):
    """``value`` as an int when it is a whole number (int or digit string)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,2}\s*", value):
        return int(value)
    return None


def _codes(value):
    if value in (None, "", False):
        return []
    if isinstance(value, str):
        return [code.strip() for code in value.split(",") if code.strip()]
    if isinstance(value, (list, tuple)) and all(isinstance(c, str) for c in value):
        return [code.strip() for code in value if code.strip()]
    return None


def clean(data, category_codes, region="CN"):
    """Checked values of a submission, or InputError naming each bad field.

    ``data`` keys: rating (1-5, required), rating_delivery / rating_freshness /
    rating_service (1-5, or 0 / empty for "not rated"), description (text),
    categories (codes, list or comma-separated), phone (optional).
    ``category_codes``: the codes that exist.
    """
    errors = {}
    values = {}

    rating = _integer(data.get("rating"))
    if rating is None or not 1 <= rating <= 5:
        errors["rating"] = (_lt("Choose an overall rating from 1 to 5 stars."), {})
    values["rating"] = rating

    for field in DIMENSIONS:
        raw = data.get(field)
        value = 0 if raw in (None, "", False) else _integer(raw)
        if value is None or not 0 <= value <= 5:
            errors[field] = (_lt("Ratings go from 1 to 5 stars (0 = not rated)."), {})
        values[field] = value

    text = data.get("description")
    if text in (None, False):
        text = ""
    if not isinstance(text, str):
        errors["description"] = (_lt("The feedback text must be text."), {})
        text = ""
    text = CONTROL_CHARS.sub("", text.replace("\r\n", "\n")).strip()
    if len(text) > TEXT_MAX:
        errors["description"] = (
            _lt(
                "The text has %(length)s characters; feedback may be at most"
                " %(max)s characters."
            ),
            {"length": len(text), "max": TEXT_MAX},
        )
    values["description"] = text

    codes = _codes(data.get("categories"))
    unknown = (
        sorted(set(codes or []) - set(category_codes)) if codes is not None else []
    )
    if codes is None or unknown:
        errors["categories"] = (
            _lt("Unknown category: %(codes)s."),
            {"codes": ", ".join(unknown) or repr(data.get("categories"))[:60]},
        )
    values["categories"] = list(dict.fromkeys(codes or []))

    raw_phone = data.get("phone")
    values["phone"] = False
    if raw_phone not in (None, "", False):
        if not isinstance(raw_phone, str):
            raw_phone = str(raw_phone)
        try:
            values["phone"] = phone_tools.normalize(raw_phone, region)
        except InputError as exc:
            errors.update(exc.errors)

    if errors:
        raise InputError(errors)
    return values


def fingerprint(values):
    """Stable text of a submission, to tell a retry from a different request."""
    parts = [f"{key}={values[key]!r}" for key in sorted(values)]
    return "\n".join(parts)
