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
multiprocess files); ``--metrics on`` is the default, as odoo.conf has it.

``--metrics both`` measures what the metrics cost, in a way the load of a
shared machine does not decide (README "Metrics"): two servers of the same
code on the same database copy, one with wx_metrics server-wide and one
without, both up all along; rounds of ``--round-requests`` H5 submissions
(``--clients`` concurrent) alternate between them in ABBA order for
``--rounds`` pairs. Per pair: the p95 ratio (on / off) of the two rounds,
run a few seconds apart, and the server CPU time per request (user + system
of the master, its live workers and the ones it reaped: process CPU time
hardly depends on what else the machine runs). Prints the median ratios
with 95 % bootstrap intervals over the pairs and ends with the line
``metrics_overhead p95_ratio=... cpu_ratio=...``.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time

import requests
from benchlib import (
    TEXTS,
    h5_links,
    h5_sender,
    p95_of,
    run_clients,
    shell,
    start_server,
    stop_server,
    tree_cpu,
)

DB = "wxf_bench"
PORT = 8071
BASE = f"http://127.0.0.1:{PORT}"


# --metrics inprocess: the HTTP stack of Odoo called in one process (no
# server, no socket), the wx_metrics wrapper installed, the metrics switched
# on and off request by request (ABBA); CPU time of that process per request
INPROCESS = """
import json, shutil, tempfile, time
from werkzeug.test import Client
from odoo import http
from odoo.addons.wx_metrics import hooks
from odoo.addons.wx_metrics.tools import metrics
links, texts, warmup = LINKS, TEXTS, WARMUP
directory = metrics.setup(tempfile.mkdtemp(prefix="wxf-bench-inprocess-"))
hooks._instrument_http(0)
client = Client(http.root)
spent, count = {True: 0.0, False: 0.0}, {True: 0, False: 0}
for index, link in enumerate(links):
    enabled = index % 4 in (0, 3)
    metrics.STATE.enabled = enabled
    form = {
        "rating": str(1 + index % 5), "rating_delivery": str(1 + index % 5),
        "categories": ["delivery", "freshness"][index % 2],
        "description": texts[index % len(texts)], "phone": "13905910318",
    }
    started = time.process_time()
    response = client.post(link, data=form)
    elapsed = time.process_time() - started
    if index >= warmup and response.status_code < 400:
        spent[enabled] += elapsed
        count[enabled] += 1
shutil.rmtree(directory, ignore_errors=True)
print("BENCH" + json.dumps({"on": [spent[True], count[True]],
                            "off": [spent[False], count[False]]}))
"""


def bench_inprocess(args, links):
    """``--metrics inprocess``: what the metrics code itself costs per H5
    submission, in one process, switched request by request."""
    warmup = 20
    script = (
        INPROCESS.replace("LINKS", repr(links))
        .replace("TEXTS", repr(TEXTS))
        .replace("WARMUP", str(warmup))
    )
    result = shell(DB, script)
    (on_cpu, on_n), (off_cpu, off_n) = result["on"], result["off"]
    on_ms, off_ms = on_cpu / on_n * 1000, off_cpu / off_n * 1000
    print(
        f"metrics_inprocess cpu_ms_per_request_on={on_ms:.2f} off={off_ms:.2f}"
        f" diff_us={(on_ms - off_ms) * 1000:.0f} ratio={on_ms / off_ms:.4f}"
        f" requests={on_n}+{off_n} load={os.getloadavg()[0]:.1f}"
    )


def report(name, latencies, errors, wall):
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p95 = ordered[int(len(ordered) * 0.95) - 1] * 1000
    print(
        f"{name}: {len(latencies)} ok, {len(errors)} failed, p50 {p50:.0f} ms,"
        f" p95 {p95:.0f} ms, {len(latencies) / wall:.1f} req/s"
    )
    return p95


def bootstrap(pairs, statistic, resamples=4000, seed=18):
    """``(value, low, high)``: ``statistic`` of ``pairs`` and its 95 %
    percentile bootstrap interval (pairs resampled with replacement)."""
    rng = random.Random(seed)
    values = sorted(
        statistic([rng.choice(pairs) for _ in pairs]) for _ in range(resamples)
    )
    return (
        statistic(pairs),
        values[int(0.025 * resamples)],
        values[int(0.975 * resamples) - 1],
    )


def abba(rounds):
    """Order of the two settings in each pair: on/off, off/on, off/on, on/off..."""
    return [("on", "off") if i % 4 in (0, 3) else ("off", "on") for i in range(rounds)]


def overhead_figures(pairs):
    """``pairs``: ``[{"on": (p95 s, cpu s, requests, latencies), "off":
    (...)}]``. Returns the p95 and CPU-per-request figures with their
    intervals: the median of the pairs' p95 ratios, the ratio of the p95 of
    all the latencies of each setting (pooled), the ratio of CPU per request."""

    def p95_ratio(sample):
        return statistics.median(x["on"][0] / x["off"][0] for x in sample)

    def pooled_ratio(sample):
        on = [t for x in sample for t in x["on"][3]]
        off = [t for x in sample for t in x["off"][3]]
        return p95_of(on) / p95_of(off)

    def cpu_ratio(sample):
        on = sum(x["on"][1] for x in sample) / sum(x["on"][2] for x in sample)
        off = sum(x["off"][1] for x in sample) / sum(x["off"][2] for x in sample)
        return on / off

    def cpu_ms(setting):
        return (
            1000 * sum(x[setting][1] for x in pairs) / sum(x[setting][2] for x in pairs)
        )

    return {
        "p95": bootstrap(pairs, p95_ratio),
        "pooled": bootstrap(pairs, pooled_ratio, resamples=1000),
        "cpu": bootstrap(pairs, cpu_ratio),
        "cpu_ms_on": cpu_ms("on"),
        "cpu_ms_off": cpu_ms("off"),
    }


def overhead_line(figures, rounds, per_round, loads):
    p95, pooled, cpu = figures["p95"], figures["pooled"], figures["cpu"]
    return (
        f"metrics_overhead p95_ratio={p95[0]:.3f} ci95=[{p95[1]:.3f},{p95[2]:.3f}]"
        f" pooled_p95_ratio={pooled[0]:.3f} ci95=[{pooled[1]:.3f},{pooled[2]:.3f}]"
        f" cpu_ms_per_request_on={figures['cpu_ms_on']:.1f}"
        f" off={figures['cpu_ms_off']:.1f}"
        f" cpu_ratio={cpu[0]:.3f} ci95=[{cpu[1]:.3f},{cpu[2]:.3f}]"
        f" pairs={rounds} requests_per_round={per_round}"
        f" load={loads[0]:.1f}..{loads[1]:.1f}"
    )


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


def bench_one(args, links, category):
    """H5 feedback vs helpdesk_mgmt's portal ticket on one server."""
    global BASE
    warmup = 20
    server = start_server(DB, args.port, "bench_h5.log", metrics=args.metrics == "on")
    BASE = f"http://127.0.0.1:{args.port}"
    try:

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
        run_clients(warmup, 4, requests.Session, h5_sender(BASE, links, 0))
        run_clients(20, 4, portal_session, ticket)
        ours = report(
            "H5 feedback",
            *run_clients(
                args.requests,
                args.clients,
                requests.Session,
                h5_sender(BASE, links, warmup),
            ),
        )
        theirs = report(
            "helpdesk_mgmt portal ticket",
            *run_clients(args.requests, args.clients, portal_session, ticket),
        )
        print(f"p95 ratio (ours / helpdesk_mgmt): {ours / theirs:.2f} (target <= 1.5)")
        print(f"metrics {args.metrics}: H5 p95 {ours:.0f} ms")
    finally:
        stop_server(server)


def bench_overhead(args, links):
    """``--metrics both``: interleaved rounds on two servers (module doc)."""
    warmup = 20
    # --swap: the server without metrics starts first, on the first port (a
    # control for what the start order or the port could do)
    first, second = ("off", "on") if args.swap else ("on", "off")
    ports = {first: args.port, second: args.port + 2}
    servers = {
        setting: start_server(
            DB, port, f"bench_h5_{setting}.log", metrics=setting == "on"
        )
        for setting, port in ports.items()
    }
    bases = {s: f"http://127.0.0.1:{port}" for s, port in ports.items()}
    loads = [os.getloadavg()[0]]
    try:
        next_link = 0
        for setting in ("on", "off"):  # workers' caches, both servers
            run_clients(
                warmup, 4, requests.Session, h5_sender(bases[setting], links, next_link)
            )
            next_link += warmup
        pairs = []
        for number, order in enumerate(abba(args.rounds), 1):
            pair = {}
            for setting in order:
                send = h5_sender(bases[setting], links, next_link)
                next_link += args.round_requests
                before = tree_cpu(servers[setting].pid)
                latencies, errors, _wall = run_clients(
                    args.round_requests, args.clients, requests.Session, send
                )
                cpu = tree_cpu(servers[setting].pid) - before
                if errors or not latencies:
                    raise SystemExit(f"{len(errors)} H5 submissions failed ({setting})")
                pair[setting] = (p95_of(latencies), cpu, len(latencies), latencies)
            pairs.append(pair)
            print(
                f"pair {number}/{args.rounds} ({order[0]} first):"
                f" p95 on {pair['on'][0] * 1000:.0f} ms"
                f" off {pair['off'][0] * 1000:.0f} ms,"
                f" CPU per request on {pair['on'][1] / pair['on'][2] * 1000:.1f} ms"
                f" off {pair['off'][1] / pair['off'][2] * 1000:.1f} ms,"
                f" load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        loads.append(os.getloadavg()[0])
        figures = overhead_figures(pairs)
        print(overhead_line(figures, args.rounds, args.round_requests, loads))
    finally:
        for server in servers.values():
            server.terminate()
        for server in servers.values():
            stop_server(server)


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
        choices=("on", "off", "both", "inprocess"),
        default="on",
        help="wx_metrics loaded server-wide (on, as odoo.conf has it) or not;"
        " both: what it costs, interleaved rounds on two servers; inprocess:"
        " what its code costs, switched request by request in one process",
    )
    parser.add_argument(
        "--rounds", type=int, default=12, help="--metrics both: pairs of rounds"
    )
    parser.add_argument(
        "--round-requests",
        type=int,
        default=40,
        help="--metrics both: H5 submissions per round",
    )
    parser.add_argument(
        "--swap",
        action="store_true",
        help="--metrics both: start the server without metrics first",
    )
    args = parser.parse_args()
    DB, PORT = args.db, args.port
    BASE = f"http://127.0.0.1:{PORT}"
    if args.metrics == "both":
        count = 2 * 20 + 2 * args.rounds * args.round_requests
    else:
        count = 20 + args.requests

    subprocess.run(["dropdb", "-h", "127.0.0.1", "--if-exists", DB], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-T", args.template, DB], check=True)
    try:
        data = h5_links(DB, count)
        if args.metrics == "both":
            bench_overhead(args, data["links"])
        elif args.metrics == "inprocess":
            bench_inprocess(args, data["links"])
        else:
            bench_one(args, data["links"], data["category"])
    finally:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "--if-exists", DB], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
