# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Texts shared between the training-only sets and the evaluation sets.

Compares every text of ``data/training_writers/*.csv`` with the texts of the
evaluation sets (``data/writers/*.csv`` and ``devset.csv``) after the engine's
normalisation (width, case, spaces) and prints, per training-only set, how
many of its texts equal some evaluation text, with the longest length. Only
the training-only texts are printed (never an evaluation text that is not
equal to one of them), so a writer's set can be checked without reading the
evaluation sets. ``--max-chars N`` fails (exit status 1) when a shared text
is longer than N characters.

    .venv/bin/python scripts/nlp/overlap.py
    .venv/bin/python scripts/nlp/overlap.py --max-chars 8
"""

import argparse
import sys

from _engine import DATA, engine_package
from corpora import TRAINING_WRITERS, WRITERS, read_labelled_csv


def shared_texts():
    """``{training-only set: sorted shared normalised texts}``."""
    from wx_nlp.engine.textutil import normalize

    def key(text):
        return " ".join(normalize(text).split())

    evaluation = {key(row["text"]) for row in read_labelled_csv(DATA / "devset.csv")}
    for writer in WRITERS:
        path = DATA / "writers" / f"{writer}.csv"
        evaluation.update(key(row["text"]) for row in read_labelled_csv(path))
    out = {}
    for name in TRAINING_WRITERS:
        rows = read_labelled_csv(DATA / "training_writers" / f"{name}.csv")
        out[name] = sorted({key(row["text"]) for row in rows} & evaluation)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-chars", type=int, default=None)
    args = parser.parse_args(argv)
    engine_package()
    longest = 0
    total = 0
    for name, texts in shared_texts().items():
        size = max((len(text) for text in texts), default=0)
        longest = max(longest, size)
        total += len(texts)
        print(f"{name:<12} shared={len(texts)} longest={size} {texts}")
    print(f"shared_texts={total} longest_chars={longest}")
    if args.max_chars is not None and longest > args.max_chars:
        sys.exit(1)


if __name__ == "__main__":
    main()
