#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Write a generated delivery history (the demo's generator) to a CSV.

.venv/bin/python scripts/delay/generate.py OUT.csv [--seed N] [--end DATE]
    [--days N] [--effect NAME=SCALE ...] [--truth TRUTH.csv]
"""

import argparse
import csv
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _tools  # noqa: F401  (the wx_delivery package without Odoo)
from wx_delivery.tools.generator import DEFAULT_EFFECTS, generate
from wx_delivery.tools.history import write_csv


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 11, 30))
    parser.add_argument("--days", type=int, default=600)
    parser.add_argument("--per-day", type=int, default=70)
    parser.add_argument("--open-days", type=int, default=0)
    parser.add_argument("--effect", action="append", default=[], metavar="NAME=SCALE")
    parser.add_argument(
        "--truth", help="CSV of order_id,p,p_knowable (true probabilities)"
    )
    args = parser.parse_args(argv)
    effects = {}
    for item in args.effect:
        name, _sep, scale = item.partition("=")
        if name not in DEFAULT_EFFECTS:
            parser.error(
                f"unknown effect {name!r}: one of {', '.join(DEFAULT_EFFECTS)}"
            )
        effects[name] = float(scale)
    truth = {} if args.truth else None
    rows = generate(
        truth=truth,
        seed=args.seed,
        end=args.end,
        days=args.days,
        per_day=args.per_day,
        effects=effects,
        open_days=args.open_days,
    )
    write_csv(rows, args.out)
    if truth is not None:
        with open(args.truth, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(("order_id", "p", "p_knowable"))
            for order_id, (p, knowable) in truth.items():
                writer.writerow((order_id, f"{p:.6f}", f"{knowable:.6f}"))
    print(f"rows={len(rows)} out={args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
