# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The file a customer receives for a PIPL access / portability request
(Art. 45): one ZIP holding ``personal_data.json`` (every section the addons
contribute) and the files (photos, videos, message attachments) under
``attachments/``. No Odoo import: built and checked in milliseconds."""

import datetime
import io
import json
import re
import zipfile

JSON_NAME = "personal_data.json"
ATTACHMENT_DIR = "attachments"
FORMAT_VERSION = 1

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_name(name, fallback="file"):
    """A file name that cannot leave the ZIP's folder: no path separators, no
    leading dots, no control characters; at most 100 characters."""
    name = _UNSAFE.sub("_", str(name or "")).strip("._")
    return name[:100] or fallback


def attachment_path(attachment_id, name):
    """Where a file sits in the ZIP: unique by its id."""
    return f"{ATTACHMENT_DIR}/{int(attachment_id)}_{safe_name(name)}"


def to_json_value(value):
    """JSON of a value: dates in ISO 8601, bytes never (files go to
    ``attachments/``); callers turn the False of an empty field into None."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        raise TypeError("binary values go to the attachments, not the JSON")
    if isinstance(value, (list, tuple)):
        return [to_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json_value(item) for key, item in value.items()}
    return value


def build_zip(sections, files, meta=None):
    """ZIP bytes: ``personal_data.json`` = ``{"format": 1, "meta": meta,
    **sections}`` and each ``(path, bytes)`` of ``files`` (paths from
    :func:`attachment_path`). Sections are lists of plain dicts."""
    document = {"format": FORMAT_VERSION, "meta": to_json_value(meta or {})}
    for key, rows in sections.items():
        if key in document:
            raise ValueError(f"reserved section name: {key}")
        document[key] = to_json_value(rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            JSON_NAME,
            json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True),
        )
        seen = set()
        for path, data in files:
            if path in seen or not path.startswith(f"{ATTACHMENT_DIR}/"):
                raise ValueError(f"bad or duplicate path in the export: {path}")
            seen.add(path)
            archive.writestr(path, data)
    return buffer.getvalue()
