# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Evaluate the wx_nlp engine on a labelled CSV.

The CSV has the header ``id,lang,text,sentiment,urgency,categories``
(sentiment neg/neu/pos, urgency high/normal/low, categories joined by ``|``).
Prints per-class precision / recall / F1 and ends with exactly one line::

    sentiment_macro_f1=… urgency_high_recall=… urgency_high_precision=… \
category_micro_f1=… texts_per_s=…

    .venv/bin/python scripts/nlp/evaluate.py addons/wx_nlp/data/devset.csv
    .venv/bin/python scripts/nlp/evaluate.py addons/wx_nlp/data/devset.csv \
        --split holdout      # ids not divisible by 3 (never used for tuning)
"""

import argparse
import sys
import time

from _engine import engine_package
from corpora import devset_split, read_labelled_csv

SENTIMENTS = ("neg", "neu", "pos")
URGENCIES = ("high", "normal", "low")


def evaluate(rows, engine):
    """Figures of ``engine`` on labelled rows; returns ``(report_lines, summary)``."""
    from wx_nlp.engine import CATEGORY_CODES, metrics

    texts = [row["text"] for row in rows]
    started = time.perf_counter()
    results = engine.analyze_many(texts)
    elapsed = time.perf_counter() - started
    lines = []

    def table(title, report):
        lines.append(title)
        lines.append(f"  {'class':<10} {'prec':>6} {'rec':>6} {'f1':>6} {'n':>5}")
        for label, item in report.items():
            lines.append(
                f"  {label:<10} {item['precision']:6.3f} {item['recall']:6.3f} "
                f"{item['f1']:6.3f} {item['support']:5d}"
            )

    gold = [row["sentiment"] for row in rows]
    predicted = [result.sentiment for result in results]
    sentiment = metrics.per_class(gold, predicted, SENTIMENTS)
    table("sentiment", sentiment)
    present = [label for label in SENTIMENTS if sentiment[label]["support"]]
    macro = sum(sentiment[label]["f1"] for label in present) / max(len(present), 1)

    urgency = metrics.per_class(
        [row["urgency"] for row in rows], [r.urgency for r in results], URGENCIES
    )
    table("urgency", urgency)

    categories, micro = metrics.multilabel(
        [set(row["categories"]) for row in rows],
        [set(r.categories) for r in results],
        CATEGORY_CODES,
    )
    table("categories", categories)
    lines.append(
        f"  {'micro':<10} {micro['precision']:6.3f} {micro['recall']:6.3f} "
        f"{micro['f1']:6.3f} {micro['support']:5d}"
    )
    lines.append(f"texts={len(rows)} seconds={elapsed:.3f}")
    summary = (
        f"sentiment_macro_f1={macro:.4f} "
        f"urgency_high_recall={urgency['high']['recall']:.4f} "
        f"urgency_high_precision={urgency['high']['precision']:.4f} "
        f"category_micro_f1={micro['f1']:.4f} "
        f"texts_per_s={len(rows) / elapsed if elapsed else 0.0:.0f}"
    )
    return lines, summary, results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", help="labelled CSV file")
    parser.add_argument("--split", choices=("all", "tune", "holdout"), default="all")
    parser.add_argument("--model", help="model file (default: the shipped one)")
    parser.add_argument(
        "--errors", action="store_true", help="also list misclassified rows"
    )
    args = parser.parse_args(argv)
    engine_pkg = engine_package()
    rows = devset_split(read_labelled_csv(args.csv), args.split)
    if not rows:
        raise SystemExit("no rows to evaluate")
    engine = engine_pkg.new_engine(model=args.model)
    engine.analyze("预热")  # load jieba and the model before timing
    lines, summary, results = evaluate(rows, engine)
    if args.errors:
        for row, result in zip(rows, results, strict=True):
            wrong = []
            if row["sentiment"] != result.sentiment:
                wrong.append(f"sent {row['sentiment']}->{result.sentiment}")
            if row["urgency"] != result.urgency:
                wrong.append(f"urg {row['urgency']}->{result.urgency}")
            if set(row["categories"]) != set(result.categories):
                cats = "|".join(result.categories)
                wrong.append(f"cat {'|'.join(row['categories'])}->{cats}")
            if wrong:
                lines.append(f"{row['id']:>5} {'; '.join(wrong)}  {row['text']}")
    sys.stdout.write("\n".join(lines) + "\n" + summary + "\n")


if __name__ == "__main__":
    main()
