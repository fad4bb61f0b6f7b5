#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Delivery-risk scoring of 10,000 open deliveries inside Odoo.

    .venv/bin/python tests/bench/bench_delay.py [--open 10000] [--db NAME]

Creates the database ``wxf_bench_delay`` (wx_delivery without demo data;
reused when it exists), bulk-loads 600 days of generated history (about
40,000 deliveries) and ``--open`` open deliveries promised in the next
three days, trains a model (``wx.delivery.model._wx_train``), then times
the scoring of every open delivery (``wx.delivery.record._wx_score_ids``:
reading the rows and the known history, features, prediction, reasons,
bulk update). Prints ``train_s=N scored=N score_s=N score_cpu_s=N`` (target:
< 5 s; ``score_cpu_s`` is this process's CPU time, less sensitive to the
machine's load than the wall time; PostgreSQL's share is in ``score_s``).
"""

import argparse
import sys
import tempfile

from benchlib import CONFIG, create_database, odoo, shell

DB = "wxf_bench_delay"

SCRIPT = """
import json, time
from datetime import timedelta
from odoo.addons.wx_delivery.tools.generator import WAREHOUSES, generate
from odoo.addons.wx_delivery.tools.timeutil import today_local
Record = env["wx.delivery.record"]
company = env.company
Record.search([]).unlink()
env["wx.delivery.model"].search([]).unlink()
product = env.ref("delivery.product_product_delivery")
carriers = {}
for name in ("顺丰冷运", "京东冷链", "自有车队", "德邦快运"):
    carrier = env["delivery.carrier"].search([("name", "=", name)], limit=1)
    carriers[name] = (carrier or env["delivery.carrier"].create(
        {"name": name, "delivery_type": "fixed", "product_id": product.id})).id
warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
warehouses = {name: warehouse.id for name in WAREHOUSES}
end = today_local() - timedelta(days=1)
history = [r for r in generate(seed=17, end=end, days=600) if r["delivered_at"]]
Record._wx_insert_rows(history, company, warehouses, carriers)
future = generate(seed=18, end=end, days=1, per_day=%(open)d // 2 + 300, open_days=3)
open_rows = [r for r in future if r["delivered_at"] is None][: %(open)d]
ids = Record._wx_insert_rows(open_rows, company, warehouses, carriers)
env.cr.commit()
started = time.perf_counter()
model = env["wx.delivery.model"]._wx_train(company)
train_s = time.perf_counter() - started
model.state = "active"
env.cr.commit()
started, cpu = time.perf_counter(), time.process_time()
scored = Record._wx_score_ids(company, model, ids)
score_s = time.perf_counter() - started
score_cpu_s = time.process_time() - cpu
env.cr.commit()
levels = dict(Record._read_group([("id", "in", ids)], ["risk_level"], ["__count"]))
print("BENCH" + json.dumps({
    "train_s": round(train_s, 1), "scored": scored, "score_s": round(score_s, 2),
    "score_cpu_s": round(score_cpu_s, 2), "learner": model.learner,
    "history": len(history), "auc": round(model.auc, 4),
    "baseline_auc": round(model.baseline_auc, 4),
    "levels": {k or "none": v for k, v in levels.items()},
}))
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--open", type=int, default=10000)
    parser.add_argument(
        "--db",
        default=DB,
        help="database (with wx_delivery) to use; its records are replaced",
    )
    args = parser.parse_args(argv)
    exists = odoo(
        "shell",
        "-c",
        CONFIG,
        "-d",
        args.db,
        "--no-http",
        "--log-level=critical",
        input="print('BENCHok')",
        capture_output=True,
        check=False,
    )
    if "BENCHok" not in (exists.stdout or ""):
        print(f"creating {args.db} (wx_delivery without demo data, a few minutes)...")
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as log:
            create_database(args.db, "wx_delivery", log)
    result = shell(args.db, SCRIPT % {"open": args.open})
    print(
        f"history={result['history']} learner={result['learner']} auc={result['auc']}"
        f" baseline_auc={result['baseline_auc']} levels={result['levels']}"
    )
    print(
        "train_s={train_s} scored={scored} score_s={score_s}"
        " score_cpu_s={score_cpu_s}".format(**result)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
