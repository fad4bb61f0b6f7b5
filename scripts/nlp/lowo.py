# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Leave-one-writer-out evaluation on ``data/writers/*.csv``.

For each writer, the sentiment combiner (``refit_combiner.py``), then the
urgency model (``train_urgency.py``) and the category model
(``train_categories.py``) are trained without that writer (team texts + the
other writers + the training-only sets of ``data/training_writers/``, which
are never held out) and the engine is evaluated on the writer's set. The
hashed n-gram sentiment models never read the evaluation writers (they read
the training-only sets); the learned text signals of the urgency and the
category models are parts of those models, so they are retrained in every
fold without the writer.
Prints, per fold, the evaluation line of ``evaluate.py``, then the minimum
over the folds.

    .venv/bin/python scripts/nlp/lowo.py
    .venv/bin/python scripts/nlp/lowo.py --errors stall   # list that fold's errors
"""

import argparse
import re
import sys

from _engine import DATA, engine_package
from corpora import WRITERS, read_labelled_csv
from evaluate import evaluate
from refit_combiner import refit
from train_categories import train as train_categories
from train_urgency import train


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=WRITERS, help="list errors of one fold")
    parser.add_argument(
        "--shipped",
        action="store_true",
        help="evaluate the shipped urgency model (no retraining)",
    )
    parser.add_argument(
        "--keep-combiner",
        action="store_true",
        help="keep the shipped sentiment combiner in every fold",
    )
    parser.add_argument(
        "--keep-categories",
        action="store_true",
        help="the plain category rule (total term weight >= 1) in every fold",
    )
    args = parser.parse_args(argv)
    engine_pkg = engine_package()
    if args.shipped:
        engine = engine_pkg.new_engine()
    else:  # every fold trains its own urgency model
        engine = engine_pkg.new_engine(
            urgency_model=engine_pkg.UrgencyModel.neutral(),
            category_model=engine_pkg.CategoryModel.rule(),
        )
    engine.analyze("预热")
    figures = {}
    for writer in WRITERS:
        rows = read_labelled_csv(DATA / "writers" / f"{writer}.csv")
        fold = engine
        if not args.shipped:
            if not args.keep_combiner:
                fold = fold.with_model(refit(fold, exclude=(writer,)))
            fold = fold.with_urgency_model(train(fold, exclude=(writer,)))
            if not args.keep_categories:
                fold = fold.with_category_model(
                    train_categories(fold, exclude=(writer,))
                )
        _lines, summary, results = evaluate(rows, fold)
        print(f"{writer:<12} {summary}", flush=True)
        figures[writer] = {
            key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", summary)
        }
        if args.errors == writer:
            for row, result in zip(rows, results, strict=True):
                if (row["urgency"], row["sentiment"], set(row["categories"])) != (
                    result.urgency,
                    result.sentiment,
                    set(result.categories),
                ):
                    print(
                        f"  {row['id']} sent {row['sentiment']}->{result.sentiment} "
                        f"urg {row['urgency']}->{result.urgency} "
                        f"cat {'|'.join(row['categories'])}->"
                        f"{'|'.join(result.categories)}"
                        f"  {row['text'][:120]}"
                    )
    keys = next(iter(figures.values())).keys()
    worst = " ".join(
        f"{key}={min(item[key] for item in figures.values()):.4f}" for key in keys
    )
    print(f"{'min':<12} {worst}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
