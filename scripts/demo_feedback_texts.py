# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Realistic customer feedback texts for the wx_feedback demo data.

The texts live in ``demo_feedback_texts.csv`` beside this file (one row per
message, ``categories`` joined by ``|``, ``photo`` 0/1); this module reads them.

220 hand-written messages from the B2B buyers of a fresh-fruit wholesaler
(supermarkets, fruit shops, restaurants, canteens, a Hong Kong fruit shop and
a Madrid importer): about 175 in Chinese, 25 in English and 20 in Spanish.
They cover praise, mixed and complaint cases, including the hard ones for text
analysis: negation, contrast, sarcasm, emoji, one-word replies, repeated
complaints, threats, questions, bill disputes and mixed Chinese/English.

Each entry carries the labels the demo generator stores with it:

- ``lang``: ``zh_CN``, ``en_US`` or ``es_ES``;
- ``rating``: overall stars, 1 to 5;
- ``delivery``, ``freshness``, ``service``: dimension stars, 0 = not rated;
- ``categories``: topic codes the text is about (``delivery``, ``freshness``,
  ``weight``, ``packaging``, ``order``, ``service``, ``price``, ``other``);
  generic praise may have none;
- ``channel``: ``order_page``, ``h5``, ``api``, ``staff`` (phone calls written
  down by staff) or ``email``;
- ``state``: ``new``, ``in_progress``, ``resolved`` or ``closed``;
- ``photo``: whether the customer attached a photo.
"""

import csv
from pathlib import Path

CSV = Path(__file__).with_suffix(".csv")
_INTEGERS = ("rating", "delivery", "freshness", "service")


def _read(path=CSV):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = []
        for row in csv.DictReader(handle):
            for key in _INTEGERS:
                row[key] = int(row[key])
            row["categories"] = [c for c in row["categories"].split("|") if c]
            row["photo"] = row["photo"] == "1"
            rows.append(row)
        return rows


FEEDBACK_TEXTS = _read()
