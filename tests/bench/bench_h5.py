#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""H5 feedback submission vs OCA helpdesk_mgmt's portal ticket submission.

    .venv/bin/python tests/bench/bench_h5.py [--requests 500] [--clients 10]
        [--metrics on|off]

Needs the demo database of ``./wxf run`` (stop that server first: the demo
database is copied). Copies it to ``wxf_bench``, starts Odoo there with
2 workers on port 8071, then sends, with 10 concurrent clients:

- 500 H5 feedback submissions, each the first rating of its own delivered
  order (POST of the signed link: signature, rate limits, validation, phone
  normalisation, category routing, text analysis when wx_nlp is installed,
  tracking, the ticket and the auto-reply queued for right after);
- 500 portal ticket submissions to helpdesk_mgmt's ``/submitted/ticket``
  (logged-in portal users, CSRF token),

and prints p50 / p95 latency and throughput of each and the p95 ratio.

``--metrics off`` serves without wx_metrics server-wide (no HTTP timing, no
multiprocess files): run it paired with ``--metrics on`` (the default, as
odoo.conf has it) to measure what the metrics cost (README "Metrics").
"""

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
CONFIG = str(ROOT / ".local" / "odoo.conf")
DB = "wxf_bench"
PORT = 8071
BASE = f"http://127.0.0.1:{PORT}"
TEXTS = [
    "一箱草莓一半都发霉了，请尽快处理",
    "芒果很甜，送货也准时，点赞👍",
    "送晚了两个小时，早市都错过了",
    "每箱少了一斤多，麻烦核实",
    "纸箱压扁了，葡萤掉粒严重",
]

SETUP = """
import json
params = env["ir.config_parameter"].sudo()
params.set_param("wx_feedback.h5_rate_limit_ip", "1000000/600")
params.set_param("wx_feedback.h5_rate_limit_token", "1000000/600")
# one delivered order per submission, like one new ticket per portal post:
# copies of the demo orders, confirmed and delivered, without feedback yet
demo = env["sale.order"].search([("delivery_status", "=", "full")])
orders = env["sale.order"]
for index in range(COUNT):
    order = demo[index % len(demo)].copy()
    order.action_confirm()
    for move in order.picking_ids.move_ids:
        move.quantity = move.product_uom_qty
    order.picking_ids.button_validate()
    orders |= order
links = [o._wx_h5_path(o.partner_id.child_ids[:1] or o.partner_id) for o in orders]
category = env["helpdesk.ticket.category"].search([], limit=1)
env.cr.commit()
print("BENCH" + json.dumps({"links": links, "category": category.id}))
"""


def shell(script):
    out = subprocess.run(
        [PYTHON, "-m", "odoo", "shell", "-c", CONFIG, "-d", DB, "--no-http"],
        input=script,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH"))
    return json.loads(line[len("BENCH") :])


def run_clients(count, clients, make_session, send):
    """``count`` requests spread over ``clients`` threads; latencies in s."""
    latencies, errors = [], []
    lock = threading.Lock()
    counter = iter(range(count))

    def worker():
        session = make_session()
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            started = time.perf_counter()
            status = send(session, index)
            elapsed = time.perf_counter() - started
            with lock:
                (latencies if status < 400 else errors).append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def report(name, latencies, errors, wall):
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p95 = ordered[int(len(ordered) * 0.95) - 1] * 1000
    print(
        f"{name}: {len(latencies)} ok, {len(errors)} failed, p50 {p50:.0f} ms,"
        f" p95 {p95:.0f} ms, {len(latencies) / wall:.1f} req/s"
    )
    return p95


def portal_session():
    for _attempt in range(5):
        try:
            return _portal_session()
        except (IndexError, requests.RequestException):
            time.sleep(1)
    raise RuntimeError("could not log in as wx_portal")


def _portal_session():
    session = requests.Session()
    page = session.get(f"{BASE}/web/login", timeout=30)
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    session.post(
        f"{BASE}/web/login",
        data={"login": "wx_portal", "password": "wx_portal", "csrf_token": token},
        timeout=30,
    )
    form = session.get(f"{BASE}/new/ticket", timeout=30).text
    session.csrf = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    return session


def main():
    global DB, PORT, BASE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument(
        "--template",
        default="wxf_demo",
        help="database with the demo data to copy (default wxf_demo)",
    )
    parser.add_argument("--db", default=DB, help=f"the copy (default {DB})")
    parser.add_argument("--port", type=int, default=PORT, help=f"default {PORT}")
    parser.add_argument(
        "--metrics",
        choices=("on", "off"),
        default="on",
        help="wx_metrics loaded server-wide (on, as odoo.conf has it) or not",
    )
    args = parser.parse_args()
    DB, PORT = args.db, args.port
    BASE = f"http://127.0.0.1:{PORT}"

    subprocess.run(["dropdb", "-h", "127.0.0.1", "--if-exists", DB], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-T", args.template, DB], check=True)
    warmup = 20
    data = shell(SETUP.replace("COUNT", str(args.requests + warmup)))
    links, category = data["links"], data["category"]
    # prefork re-executes sys.argv[0] for its gevent worker: start Odoo from a
    # script file, not with "python -m odoo"
    launcher = ROOT / ".local" / "odoo-launcher.py"
    launcher.write_text("from odoo.cli.command import main\n\nmain()\n")
    server = subprocess.Popen(
        [
            PYTHON,
            str(launcher),
            "server",
            "-c",
            CONFIG,
            "-d",
            DB,
            "--db-filter",
            f"^{DB}$",
            "--workers",
            "2",
            "--max-cron-threads",
            "0",
            "--http-port",
            str(PORT),
            "--gevent-port",
            str(PORT + 1),
            "--load",
            "base,rpc,web" + (",wx_metrics" if args.metrics == "on" else ""),
            "--logfile",
            str(ROOT / ".local" / "logs" / "bench_h5.log"),
        ],
    )
    try:
        for _ in range(120):
            try:
                requests.get(f"{BASE}/web/login", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.5)

        def h5(session, index, offset=0):
            link = links[(offset + index) % len(links)]
            response = session.post(
                BASE + link,
                data={
                    "rating": str(1 + index % 5),
                    "rating_delivery": str(1 + index % 5),
                    "categories": ["delivery", "freshness"][index % 2],
                    "description": TEXTS[index % len(TEXTS)],
                    "phone": "13905910318",
                },
                allow_redirects=False,  # both answer 303 to their result page
                timeout=60,
            )
            return response.status_code

        def ticket(session, index):
            response = session.post(
                f"{BASE}/submitted/ticket",
                data={
                    "csrf_token": session.csrf,
                    "category": category,
                    "subject": f"反馈 {index}",
                    "description": TEXTS[index % len(TEXTS)],
                },
                allow_redirects=False,
                timeout=60,
            )
            return response.status_code

        # warm both paths up (asset and registry caches of both workers)
        run_clients(warmup, 4, requests.Session, h5)
        run_clients(20, 4, portal_session, ticket)

        def h5_fresh(session, index):
            return h5(session, index, offset=warmup)

        ours = report(
            "H5 feedback",
            *run_clients(args.requests, args.clients, requests.Session, h5_fresh),
        )
        theirs = report(
            "helpdesk_mgmt portal ticket",
            *run_clients(args.requests, args.clients, portal_session, ticket),
        )
        print(f"p95 ratio (ours / helpdesk_mgmt): {ours / theirs:.2f} (target <= 1.5)")
        print(f"metrics {args.metrics}: H5 p95 {ours:.0f} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)
        subprocess.run(["dropdb", "-h", "127.0.0.1", "--if-exists", DB], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
