#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Evaluate the delivery-risk model on a history CSV.

    .venv/bin/python scripts/delay/evaluate.py HISTORY.csv

Trains on the earliest 80% of the rows by ordered_at, tests on the latest
20% and ends with ``auc=N pr_auc=N brier=N baseline_auc=N rows=N``
(baseline: each region's late rate in the training part). The holiday
calendar is wx_sla's PRC calendar from the addons' data files. Every
candidate (logistic regression with and without the time-decayed rates,
gradient-boosted trees, blend, stack; Platt or isotonic calibration) is
printed with its validation figures (which choose) and its test figures.
``--truth TRUTH.csv`` (from simulate.py) adds the figures of the true
probabilities on the same test rows: no model can do better.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _tools  # noqa: F401  (the wx_delivery package without Odoo)
from wx_delivery.tools import learn
from wx_delivery.tools.history import HistoryError, read_csv
from wx_delivery.tools.holidays import prc_calendar


def print_truth(path, result):
    """The Brier score and AUC of the true probabilities on the test rows."""
    import csv

    import numpy as np
    from wx_delivery.tools import metrics

    with open(path, encoding="utf-8", newline="") as stream:
        truth = {row["order_id"]: row for row in csv.DictReader(stream)}
    y = learn.labels(result["test_part"])
    for column, label in (("p", "true"), ("p_knowable", "knowable")):
        p = np.array([float(truth[r["order_id"]][column]) for r in result["test_part"]])
        print(
            f"{label} probabilities on the test rows: auc={metrics.roc_auc(y, p):.4f}"
            f" brier={metrics.brier(y, p):.4f}"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("history", help="delivery history CSV")
    parser.add_argument("--share", type=float, default=0.8, help="training share")
    parser.add_argument(
        "--learner",
        action="append",
        choices=learn.LEARNERS,
        help="restrict the comparison to these learners (repeatable)",
    )
    parser.add_argument(
        "--truth",
        help="true probabilities of the history (simulate.py --truth): prints"
        " their AUC and Brier on the same test rows, the floor of any model",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        rows = read_csv(args.history)
        result = learn.evaluate(
            rows,
            prc_calendar(),
            share=args.share,
            learners=tuple(args.learner or learn.LEARNERS),
            log=print,
        )
    except (OSError, HistoryError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print("comparison (chosen on the validation slice of the training part;")
    print("  the test figures are shown for information, not used to choose):")
    for name, figures in result["test_comparison"].items():
        validation = result["validation"].get(name, {})
        print(
            f"  {name:16s} validation auc={validation.get('auc', 0):.4f}"
            f" brier={validation.get('brier', 0):.4f}"
            f" calibration={validation.get('calibration', '-'):8s}"
            f" | test auc={figures['auc']:.4f} brier={figures['brier']:.4f}"
        )
    print(
        f"train={result['train_rows']} test={result['test_rows']}"
        f" late_rate={result['late_rate']:.3f} learner={result['learner']}"
        f" baseline_brier={result['baseline_brier']:.4f}"
        f" seconds={time.perf_counter() - started:.1f}"
    )
    if args.truth:
        print_truth(args.truth, result)
    print("calibration (predicted / observed / rows per decile):")
    for predicted, observed, count in result["calibration"]:
        print(f"  {predicted:.3f} {observed:.3f} {count}")
    print(learn.summary_line(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
