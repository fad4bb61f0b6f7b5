# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The labelled case-similarity set (``data/case_pairs``): 75 solved cases in
25 kinds of problem (22 Chinese, 2 English, 1 Spanish), 50 new-ticket texts
and 350 labelled (ticket, case) pairs: the 3 cases of the same kind are
similar, 4 hand-picked look-alikes (same fruit or same words, another
problem) are not. Written before the engine; see README "Case library"."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "case_pairs"


def _rows(name, data_dir):
    with open(Path(data_dir) / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def case_text(row):
    """What the library indexes of a case: title, problem, cause, products."""
    return "\n".join(
        row[key] for key in ("title", "problem", "cause", "products") if row[key]
    )


def load(data_dir=DATA_DIR):
    """``(cases, queries, pairs)`` as lists of dicts (CSV rows)."""
    return (
        _rows("cases.csv", data_dir),
        _rows("queries.csv", data_dir),
        _rows("pairs.csv", data_dir),
    )


def relevant_sets(cases, pairs):
    """``{query_key: {case index + 1}}`` of the pairs labelled similar (case
    ids are the 1-based row numbers of ``cases``)."""
    ids = {row["case_key"]: number for number, row in enumerate(cases, 1)}
    relevant = {}
    for pair in pairs:
        relevant.setdefault(pair["query_key"], set())
        if pair["similar"] == "1":
            relevant[pair["query_key"]].add(ids[pair["case_key"]])
    return relevant
