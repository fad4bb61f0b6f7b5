# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Binary evaluation on the fruit reviews of SophonPlus' online_shopping_10_cats.

The corpus has no licence: it is used for evaluation only, never shipped,
trained or tuned on. Get ``online_shopping_10_cats.csv`` (columns
``cat,label,review``; label 1 positive, 0 negative) from
https://github.com/SophonPlus/ChineseNlpCorpus (datasets/online_shopping_10_cats)
and run (``CSV`` is the path of that file)::

    .venv/bin/python scripts/nlp/eval_online_shopping.py CSV

A review is predicted positive when the engine's score is >= 0 (a neutral
label still leans one way). Prints per-class figures and ends with
``fruit_binary_macro_f1=… texts=… texts_per_s=…``.
"""

import argparse
import csv
import time

from _engine import engine_package


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv")
    parser.add_argument("--category", default="水果")
    parser.add_argument("--model", help="model file (default: the shipped one)")
    args = parser.parse_args(argv)
    engine_pkg = engine_package()
    from wx_nlp.engine import metrics

    with open(args.csv, encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["cat"] == args.category]
    texts = [row["review"] for row in rows]
    gold = ["pos" if row["label"] == "1" else "neg" for row in rows]
    engine = engine_pkg.new_engine(model=args.model)
    engine.sentiment("预热")
    started = time.perf_counter()
    predicted = ["pos" if engine.sentiment(text)[1] >= 0 else "neg" for text in texts]
    elapsed = time.perf_counter() - started
    report = metrics.per_class(gold, predicted, ("neg", "pos"))
    for label, item in report.items():
        print(
            f"{label}: precision={item['precision']:.4f} recall={item['recall']:.4f}"
            f" f1={item['f1']:.4f} n={item['support']}"
        )
    macro = metrics.macro_f1(gold, predicted, ["neg", "pos"])
    print(
        f"fruit_binary_macro_f1={macro:.4f} texts={len(texts)} "
        f"texts_per_s={len(texts) / elapsed:.0f}"
    )


if __name__ == "__main__":
    main()
