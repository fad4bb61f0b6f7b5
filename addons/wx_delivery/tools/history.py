# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The delivery-history CSV: one row per delivery (or open order).

Header (exactly these columns, in this order)::

    order_id,customer_id,region,warehouse,carrier,ordered_at,promised_at,
    delivered_at,weight_kg,lines,perishable_share,temperature_c,rain_mm

Times are ISO 8601 local time without zone; ``delivered_at`` is empty for
open orders; the weather columns may be empty. Late means
``delivered_at > promised_at`` (:func:`is_late`)."""

import csv
import io
from datetime import datetime

COLUMNS = (
    "order_id",
    "customer_id",
    "region",
    "warehouse",
    "carrier",
    "ordered_at",
    "promised_at",
    "delivered_at",
    "weight_kg",
    "lines",
    "perishable_share",
    "temperature_c",
    "rain_mm",
)
TIMES = ("ordered_at", "promised_at", "delivered_at")
NUMBERS = ("weight_kg", "perishable_share", "temperature_c", "rain_mm")
OPTIONAL = ("delivered_at", "temperature_c", "rain_mm", "weight_kg", "perishable_share")


class HistoryError(ValueError):
    """A history file that cannot be read, with the line that says why."""


def is_late(row):
    """Late: delivered after the promised time (open rows are not late yet)."""
    return row["delivered_at"] is not None and row["delivered_at"] > row["promised_at"]


def _time(text):
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        raise ValueError("times are local time without zone")
    return moment


def parse_row(raw, line=0):
    """A CSV row (dict of strings) as typed values; HistoryError on bad input."""
    row = {}
    try:
        for name in COLUMNS:
            text = (raw.get(name) or "").strip()
            if not text:
                if name in OPTIONAL:
                    row[name] = None
                    continue
                if name in ("customer_id", "region", "warehouse", "carrier", "lines"):
                    row[name] = "" if name != "lines" else 1
                    continue
                raise ValueError(f"{name} is empty")
            if name in TIMES:
                row[name] = _time(text)
            elif name in NUMBERS:
                row[name] = float(text)
            elif name == "lines":
                row[name] = int(float(text))
            else:
                row[name] = text
    except ValueError as error:
        raise HistoryError(f"line {line}: {error}") from None
    return row


def read_rows(stream):
    """Rows of a history CSV (a text stream), typed; checks the header."""
    reader = csv.DictReader(stream)
    header = tuple(name.strip() for name in (reader.fieldnames or ()))
    if header != COLUMNS:
        missing = [c for c in COLUMNS if c not in header]
        raise HistoryError(
            "the header must be " + ",".join(COLUMNS)
            + (f" (missing: {', '.join(missing)})" if missing else " (order differs)")
        )
    return [parse_row(raw, line) for line, raw in enumerate(reader, start=2)]


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return read_rows(stream)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def write_rows(rows, stream):
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_text(row.get(name)) for name in COLUMNS])


def to_csv_text(rows):
    buffer = io.StringIO()
    write_rows(rows, buffer)
    return buffer.getvalue()


def write_csv(rows, path):
    with open(path, "w", encoding="utf-8", newline="") as stream:
        write_rows(rows, stream)
