#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The figures of the capacity model (README "Capacity"): what one H5
submission costs in Odoo and PostgreSQL, in the request and downstream.

    .venv/bin/python tests/bench/bench_capacity.py [--workers 1,2,4]
        [--clients 1,2,4,8,16] [--requests 50] [--photos 30] [--port 8185]
        [--pg-port 8189]

Everything runs against a PostgreSQL cluster of the bench's own
(``.local/bench_capacity/``, Unix socket, ``--pg-port``; created the first
time, kept stopped between runs): the shared server of this machine also
serves the other checkouts, so its WAL position and CPU time would count
their work too. ``pg_stat_statements`` is loaded there.

1. A database ``cap_template`` with every addon and the demo data (as
   ``./wxf run`` makes ``wxf_demo``; made once, kept) is copied to
   ``cap_bench``; the H5 links of new delivered orders are made there
   (``benchlib.h5_links``).
2. **Request sweep.** For each ``--workers`` count, Odoo in prefork mode
   (wx_metrics server-wide as in production, no cron worker: what a
   submission defers stays queued for step 4) takes ``--requests`` H5
   submissions at each ``--clients`` concurrency. Per step: throughput,
   p50 / p95, Odoo CPU per submission (user + system of the server's
   process tree), PostgreSQL CPU per submission (every process of the
   cluster), ``pg_stat_statements`` execution time and WAL bytes per
   submission, and the load average of the machine.
3. **Photos.** ``--photos`` submissions with one phone photo each
   (a 1600x1200 JPEG) at 2 workers and 2 clients: CPU and the filestore
   bytes per photo.
4. **Downstream.** With the demo's outside world up (the wx_push fakes and
   an SMTP sink, ``./wxf run``'s), one ``odoo shell`` runs, as the cron
   workers would, every cron with a due trigger plus the mail, SMS and push
   queues until nothing is due: the post-submission job (ticket, SLA, NLP
   keywords, case suggestions, churn check, auto-reply), the e-mails, SMS
   and chat alerts it queued. Its CPU time, the cluster's, statements and
   WAL per feedback.
5. Rows written per table (``pg_stat_user_tables``), bytes of tables and
   indexes (``pg_total_relation_size`` deltas) and of WAL per feedback,
   audit rows, then the plan of ``scripts/wxflib/capacity.py`` for 10,000,
   100,000 and 1,000,000 feedbacks a day.

Wall-clock figures depend on what else the two shared cores run (printed as
``load``); CPU figures hardly do: the model scales on CPU. The last lines::

    capacity odoo_cpu_ms=N pg_cpu_ms=N service_ms=N downstream_odoo_cpu_ms=N
        downstream_pg_cpu_ms=N db_bytes=N wal_bytes=N ...
    plan daily=N peak_rate=N nodes=N ...
"""

import argparse
import io
import json
import os
import random
import shutil
import statistics
import sys
import time
from datetime import datetime, timezone

import requests
from benchlib import (
    CONFIG,
    ROOT,
    PrivateCluster,
    create_database,
    h5_links,
    h5_sender,
    odoo,
    p95_of,
    run_clients,
    shell,
    start_server,
    stop_server,
    tree_cpu,
)
from wxflib import capacity
from wxflib.cli import ADDONS, LANGUAGES, start_demo_services, stop_demo_services

TEMPLATE = "cap_template"
DB = "cap_bench"
STATE = ROOT / ".local" / "bench_capacity"
PROCESS_CRON = "wx_feedback.ir_cron_process_submissions"
AUDIT_TABLES = ("auditlog_log", "auditlog_log_line", "wx_audit_event")

SNAPSHOT = """
SELECT json_build_object(
  'wal', pg_current_wal_lsn() - '0/0'::pg_lsn,
  'tables', (SELECT json_object_agg(relname, json_build_array(
                 n_tup_ins, n_tup_upd, n_tup_del,
                 pg_total_relation_size(relid), pg_indexes_size(relid)))
             FROM pg_stat_user_tables),
  'statements', (SELECT json_build_array(coalesce(sum(total_exec_time), 0),
                                         coalesce(sum(calls), 0))
                 FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                 WHERE d.datname = current_database()))
"""

QUICK = """
SELECT json_build_object(
  'wal', pg_current_wal_lsn() - '0/0'::pg_lsn,
  'statements', (SELECT json_build_array(coalesce(sum(total_exec_time), 0),
                                         coalesce(sum(calls), 0))
                 FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                 WHERE d.datname = current_database()))
"""

# run in odoo shell: what the cron workers do after the submissions
DOWNSTREAM = """
import json, sys, time
sys.path.insert(0, BENCH_DIR)
from benchlib import tree_cpu
from odoo import fields
Cron = env["ir.cron"].sudo()
queues = {
    "mail.ir_cron_mail_scheduler_action": lambda: env["mail.mail"].sudo().search_count(
        [("state", "=", "outgoing")]),
    "sms.ir_cron_sms_scheduler_action": lambda: env["sms.sms"].sudo().search_count(
        [("state", "=", "outgoing")]),
    "wx_push.ir_cron_push_send": lambda: env["wx.push.message"].sudo().search_count(
        env["wx.push.message"]._wx_due_domain()),
}
pending = lambda: env["wx.feedback"].sudo().search_count(env["wx.feedback"]._PENDING)
before = {"pending": pending(), **{k: f() for k, f in queues.items()}}
runs = {}
cpu0, wall0, pg0 = time.process_time(), time.perf_counter(), tree_cpu(PG_PID)
for _round in range(60):
    env.invalidate_all()
    due = env["ir.cron.trigger"].sudo().search(
        [("call_at", "<=", fields.Datetime.now())]).cron_id
    for xmlid, count in queues.items():
        if count():
            due |= env.ref(xmlid)
    due = due.filtered("active")
    if not due:
        break
    for cron in due:
        started = time.process_time()
        cron.method_direct_trigger()
        env.cr.commit()
        name = cron.get_external_id().get(cron.id) or cron.ir_actions_server_id.name
        entry = runs.setdefault(name, [0, 0.0])
        entry[0] += 1
        entry[1] += time.process_time() - started
cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
pg = tree_cpu(PG_PID) - pg0
env.invalidate_all()
after = {"pending": pending(), **{k: f() for k, f in queues.items()}}
Message = env["wx.push.message"].sudo()
states = {s: Message.search_count([("state", "=", s)]) for s in
          ("queued", "sending", "sent", "failed", "dead")}
tickets = env["helpdesk.ticket"].sudo().search_count([("wx_feedback_id", "!=", False)])
env.cr.commit()
print("BENCH" + json.dumps({"cpu": cpu, "wall": wall, "pg_cpu": pg, "runs": runs,
                            "before": before, "after": after, "push": states,
                            "tickets": tickets}))
"""


def snapshot(pg, query=SNAPSHOT):
    return json.loads(pg.sql(query, DB))


def delta(before, after):
    """Per table: ``[inserted, updated, deleted, bytes, index bytes]`` added."""
    out = {}
    for name, values in after["tables"].items():
        old = before["tables"].get(name, [0, 0, 0, 0, 0])
        diff = [a - b for a, b in zip(values, old, strict=True)]
        if any(diff):
            out[name] = diff
    return out


def filestore_bytes(db):
    folder = ROOT / ".local" / "data" / "filestore" / db
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def photo_jpeg(seed):
    """A phone photo as the H5 page uploads it: 1600x1200 JPEG, quality 85,
    smooth shapes and sensor noise (150 kB or so). Each seed gives another
    photo: the filestore keeps one file per content."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    image = Image.new("RGB", (1600, 1200), (180, 140, 60))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y, r = rng.randrange(1600), rng.randrange(1200), rng.randrange(40, 220)
        color = tuple(rng.randrange(40, 250) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=color)
    image = image.filter(ImageFilter.GaussianBlur(6))
    noise = Image.effect_noise((1600, 1200), 18).convert("RGB")
    image = Image.blend(image, noise, 0.12)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def measure_round(server, pg, count, clients, send):
    """One round of traffic: latencies and the CPU / statements / WAL it
    cost."""
    before, odoo0, pg0 = snapshot(pg, QUICK), tree_cpu(server.pid), pg.cpu()
    latencies, errors, wall = run_clients(count, clients, requests.Session, send)
    odoo_cpu, pg_cpu = tree_cpu(server.pid) - odoo0, pg.cpu() - pg0
    after = snapshot(pg, QUICK)
    done = max(1, len(latencies))
    return {
        "ok": len(latencies),
        "failed": len(errors),
        "rate": len(latencies) / wall,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": p95_of(latencies) if latencies else float("nan"),
        "odoo_cpu_ms": odoo_cpu / done * 1000,
        "pg_cpu_ms": pg_cpu / done * 1000,
        "pg_exec_ms": (after["statements"][0] - before["statements"][0]) / done,
        "statements": (after["statements"][1] - before["statements"][1]) / done,
        "wal": (after["wal"] - before["wal"]) / done,
        "load": os.getloadavg()[0],
    }


def step_line(prefix, fig):
    return (
        f"{prefix} ok={fig['ok']} failed={fig['failed']}"
        f" rate={fig['rate']:.2f}/s p50={fig['p50'] * 1000:.0f}ms"
        f" p95={fig['p95'] * 1000:.0f}ms odoo_cpu_ms={fig['odoo_cpu_ms']:.1f}"
        f" pg_cpu_ms={fig['pg_cpu_ms']:.1f} pg_exec_ms={fig['pg_exec_ms']:.1f}"
        f" statements={fig['statements']:.0f} wal_kb={fig['wal'] / 1024:.1f}"
        f" load={fig['load']:.1f}"
    )


def table_lines(title, per_table, count, top=12):
    rows = sum(v[0] for v in per_table.values()) / count
    size = sum(v[3] for v in per_table.values()) / count
    print(f"{title}: {rows:.1f} rows and {size / 1024:.1f} kB per feedback")
    ranked = sorted(per_table.items(), key=lambda kv: -kv[1][3])[:top]
    for name, (ins, upd, dele, size, index) in ranked:
        print(
            f"  {name:<34} +{ins / count:5.1f} rows ~{upd / count:4.1f} upd"
            f" -{dele / count:4.1f} del {size / count / 1024:6.2f} kB"
            f" (indexes {index / count / 1024:5.2f} kB)"
        )


def ensure_template(pg, config):
    exists = pg.sql(f"SELECT 1 FROM pg_database WHERE datname = '{TEMPLATE}'")
    if exists:
        return
    print(f"creating {TEMPLATE} (every addon, demo data: many minutes)", flush=True)
    with open(ROOT / ".local" / "logs" / f"{TEMPLATE}.log", "a") as log:
        create_database(
            TEMPLATE, ",".join(ADDONS), log, config, demo=True, languages=LANGUAGES
        )


def sweep(args, pg, config, links, offset):
    """Step 2; returns ``({workers: [step figures]}, next link)``."""
    results = {}
    for workers in args.workers:
        server = start_server(
            DB, args.port, f"{DB}_{workers}.log", workers=workers, config=config
        )
        base = f"http://127.0.0.1:{args.port}"
        try:
            run_clients(
                args.warmup, 2, requests.Session, h5_sender(base, links, offset)
            )
            offset += args.warmup
            results[workers] = []
            for clients in args.clients:
                fig = measure_round(
                    server,
                    pg,
                    args.requests,
                    clients,
                    h5_sender(base, links, offset),
                )
                offset += args.requests
                fig["clients"] = clients
                results[workers].append(fig)
                print(
                    step_line(f"workers={workers} clients={clients}", fig), flush=True
                )
        finally:
            stop_server(server)
    return results, offset


def photos(args, pg, config, links, offset):
    shots = [photo_jpeg(seed) for seed in range(args.photos)]
    files0 = filestore_bytes(DB)
    server = start_server(DB, args.port, f"{DB}_photo.log", workers=2, config=config)
    try:
        fig = measure_round(
            server,
            pg,
            args.photos,
            2,
            h5_sender(
                f"http://127.0.0.1:{args.port}",
                links,
                offset,
                lambda index: {
                    "attachments": ("photo.jpg", shots[index], "image/jpeg")
                },
            ),
        )
    finally:
        stop_server(server)
    fig["photo_bytes"] = statistics.mean(len(shot) for shot in shots)
    fig["filestore"] = (filestore_bytes(DB) - files0) / max(1, fig["ok"])
    print(
        step_line(
            f"photo ({fig['photo_bytes'] / 1024:.0f} kB) workers=2 clients=2", fig
        )
        + f" filestore_kb_per_photo={fig['filestore'] / 1024:.1f}",
        flush=True,
    )
    return fig, offset + args.photos


def downstream(args, pg, config):
    services = start_demo_services(config, args.port, db=DB, mail_folder=STATE / "mail")
    try:
        script = DOWNSTREAM.replace("BENCH_DIR", repr(str(ROOT / "tests" / "bench")))
        return shell(DB, script.replace("PG_PID", str(pg.pid())), config)
    finally:
        stop_demo_services(services)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])

    def numbers(text):
        return [int(x) for x in text.split(",")]

    parser.add_argument("--workers", type=numbers, default=[1, 2, 4])
    parser.add_argument("--clients", type=numbers, default=[1, 2, 4, 8, 16])
    parser.add_argument("--requests", type=int, default=50, help="per step")
    parser.add_argument("--warmup", type=int, default=10, help="per server")
    parser.add_argument("--photos", type=int, default=30)
    parser.add_argument("--port", type=int, default=8185)
    parser.add_argument("--pg-port", type=int, default=8189)
    parser.add_argument(
        "--keep", action="store_true", help="keep cap_bench and the cluster running"
    )
    parser.add_argument(
        "--report",
        metavar="JSON",
        help="only print the figures and plans of an earlier run's"
        " .local/bench_capacity/last.json",
    )
    args = parser.parse_args()
    if args.report:
        with open(args.report, encoding="utf-8") as raw:
            report(json.load(raw))
        return 0
    (ROOT / ".local" / "logs").mkdir(parents=True, exist_ok=True)
    started = datetime.now(timezone.utc)
    print(
        f"bench_capacity {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores,"
        f" load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    pg = PrivateCluster(STATE, args.pg_port).start()
    config = pg.odoo_config(ROOT / ".local" / "bench_capacity.conf", CONFIG)
    try:
        ensure_template(pg, config)
        odoo("db", "-c", config, "drop", DB, check=False, capture_output=True)
        odoo("db", "-c", config, "duplicate", TEMPLATE, DB, capture_output=True)
        count = (
            len(args.workers) * (args.warmup + len(args.clients) * args.requests)
            + args.photos
        )
        made = time.perf_counter()
        links = h5_links(DB, count, config)["links"]
        print(
            f"{count} delivered orders to rate in {time.perf_counter() - made:.0f} s",
            flush=True,
        )
        # what the demo data and the new orders left queued (e-mails without
        # a server, demo feedback) is sent first, not counted
        drained = downstream(args, pg, config)
        print(
            f"drained the demo's queues first: {drained['before']}"
            f" in {drained['wall']:.0f} s",
            flush=True,
        )
        pg.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", DB)
        pg.sql("SELECT pg_stat_statements_reset()", DB)
        base = snapshot(pg)
        results, offset = sweep(args, pg, config, links, 0)
        time.sleep(1)  # the workers' backends have exited: their counters are in
        after_sweep = snapshot(pg)
        photo, offset = photos(args, pg, config, links, offset)
        time.sleep(1)
        after_photo = snapshot(pg)
        down = downstream(args, pg, config)
        time.sleep(1)
        after_down = snapshot(pg)
        raw = {
            "args": {"workers": args.workers, "warmup": args.warmup},
            "results": results,
            "photo": photo,
            "down": down,
            "snaps": [base, after_sweep, after_photo, after_down],
            "started": f"{started:%Y-%m-%d %H:%M} UTC",
        }
        (STATE / "last.json").write_text(json.dumps(raw))
        report(raw)
    finally:
        if not args.keep:
            odoo("db", "-c", config, "drop", DB, check=False, capture_output=True)
            shutil.rmtree(STATE / "mail", ignore_errors=True)
            pg.stop()
    print(
        f"ended {datetime.now(timezone.utc):%H:%M} UTC, load {os.getloadavg()[0]:.1f}"
    )
    return 0


def report(raw):
    """Figures and plans from what a run measured (also ``--report``)."""
    results = {int(w): steps for w, steps in raw["results"].items()}
    photo, down = raw["photo"], raw["down"]
    base, after_sweep, after_photo, after_down = raw["snaps"]
    plain = sum(f["ok"] for steps in results.values() for f in steps)
    plain += len(raw["args"]["workers"]) * raw["args"]["warmup"]
    feedbacks = plain + photo["ok"]
    print()
    for workers, steps in results.items():
        best = capacity.best_rate([(f["rate"], f["p95"]) for f in steps])
        top = max(steps, key=lambda f: f["rate"])
        cpu = statistics.median(f["odoo_cpu_ms"] for f in steps)
        within = (
            f"{best:.2f}/s ({best / workers:.2f}/s per worker)"
            if best
            else "none (p95 > 500 ms at every step)"
        )
        print(
            f"workers={workers}: best rate with p95<=500ms {within}; highest"
            f" {top['rate']:.2f}/s (p95 {top['p95'] * 1000:.0f} ms, load"
            f" {top['load']:.1f}); Odoo CPU {cpu:.1f} ms per submission (median"
            f" of steps) = {1000 / cpu:.1f}/s per busy core"
        )
    steps = [f for fs in results.values() for f in fs]
    weight = sum(f["ok"] for f in steps)

    def mean(key):
        return sum(f[key] * f["ok"] for f in steps) / weight

    # a submission's time in its worker, from CPU figures (the wall-clock
    # latency of this shared machine is inflated by the others' load); its
    # spread (p95 / p50) from the one-client steps
    alone = [f for f in steps if f["clients"] == 1]
    service = mean("odoo_cpu_ms") + mean("pg_exec_ms")
    spread = statistics.median(f["p95"] / f["p50"] for f in alone)
    request = delta(base, after_sweep)
    table_lines("request phase (H5 POST)", request, plain)
    table_lines("photo round", delta(after_sweep, after_photo), photo["ok"])
    down_tables = delta(after_photo, after_down)
    table_lines("downstream (cron work)", down_tables, feedbacks)
    print(
        f"downstream: {down['cpu']:.1f} s Odoo CPU, {down['pg_cpu']:.1f} s"
        f" PostgreSQL CPU, {down['wall']:.1f} s wall for {feedbacks} feedbacks;"
        f" tickets {down['tickets']}; before {down['before']} after"
        f" {down['after']}; push {down['push']}"
    )
    for name, (runs, cpu) in sorted(down["runs"].items(), key=lambda kv: -kv[1][1]):
        print(f"  {name:<60} runs={runs:<3} cpu={cpu:.2f} s")

    def per_feedback(column, tables=None):
        """Request figures per submission plus downstream per feedback."""

        def total(per_table):
            return sum(
                v[column] for t, v in per_table.items() if tables is None or t in tables
            )

        return total(request) / plain + total(down_tables) / feedbacks

    rows = per_feedback(0)
    db_bytes = per_feedback(3)
    audit_rows = per_feedback(0, AUDIT_TABLES)
    audit_bytes = per_feedback(3, AUDIT_TABLES)
    # the indexes the screens, reports and crons read: the audit tables are
    # appended to and read by the verify and the auditors only
    index_bytes = per_feedback(4) - per_feedback(4, AUDIT_TABLES)
    wal = (after_sweep["wal"] - base["wal"]) / plain + (
        after_down["wal"] - after_photo["wal"]
    ) / feedbacks
    measured = capacity.Measured(
        odoo_cpu_ms=mean("odoo_cpu_ms"),
        pg_cpu_ms=mean("pg_cpu_ms"),
        service_ms=service,
        service_p95_ms=service * spread,
        downstream_odoo_cpu_ms=down["cpu"] / feedbacks * 1000,
        downstream_pg_cpu_ms=down["pg_cpu"] / feedbacks * 1000,
        job_ms=(down["runs"][PROCESS_CRON][1] + down["pg_cpu"]) / feedbacks * 1000,
        db_bytes=db_bytes,
        index_bytes=index_bytes,
        wal_bytes=wal,
        photo_bytes=photo["filestore"],
        rows=rows,
        audit_rows=audit_rows,
        audit_bytes=audit_bytes,
    )
    print(
        f"capacity odoo_cpu_ms={measured.odoo_cpu_ms:.1f}"
        f" pg_cpu_ms={measured.pg_cpu_ms:.1f}"
        f" pg_exec_ms={mean('pg_exec_ms'):.1f}"
        f" service_ms={measured.service_ms:.0f}"
        f" service_p95_ms={measured.service_p95_ms:.0f}"
        f" one_client_p50_ms={statistics.median(f['p50'] for f in alone) * 1000:.0f}"
        f" downstream_odoo_cpu_ms={measured.downstream_odoo_cpu_ms:.1f}"
        f" downstream_pg_cpu_ms={measured.downstream_pg_cpu_ms:.1f}"
        f" job_ms={measured.job_ms:.1f}"
        f" rows={measured.rows:.1f} audit_rows={measured.audit_rows:.1f}"
        f" db_kb={measured.db_bytes / 1024:.1f}"
        f" index_kb={measured.index_bytes / 1024:.1f}"
        f" audit_kb={measured.audit_bytes / 1024:.1f}"
        f" wal_kb={measured.wal_bytes / 1024:.1f}"
        f" photo_kb={measured.photo_bytes / 1024:.1f}"
        f" photo_odoo_cpu_ms={photo['odoo_cpu_ms']:.1f}"
        f" feedbacks={feedbacks}"
    )
    assume = capacity.Assumptions()
    print(f"assumptions {assume}")
    gib = 2**30
    for daily in (10_000, 100_000, 1_000_000):
        fig = capacity.plan(daily, measured, assume).figures
        print(
            f"plan daily={daily} peak_rate={fig['peak_rate']:.1f}/s"
            f" web_cores={fig['web_cores']:.1f} web_workers={fig['web_workers']}"
            f" p95_ms={fig['p95_ms']:.0f}"
            f" nodes={fig['nodes']}x{assume.node_cores}vCPU"
            f" workers_per_node={fig['workers_per_node']}"
            f" cron_cores={fig['cron_cores']:.1f} job_share={fig['job_share']:.2f}"
            f" pg_cores={fig['pg_cores']:.1f}"
            f" connections={fig['connections']}"
            f" wal_peak_mb_s={fig['wal_peak_bytes_s'] / 2**20:.2f}"
            f" db_gib_day={fig['db_bytes_day'] / gib:.2f}"
            f" db_gib_year={fig['db_bytes_year'] / gib:.0f}"
            f" hot_index_gib={fig['hot_index_bytes'] / gib:.0f}"
            f" audit_rows_year={fig['audit_rows_year']:.3g}"
            f" wal_gib_day={fig['wal_bytes_day'] / gib:.2f}"
            f" photos_gib_year={fig['photo_bytes_year'] / gib:.0f}"
        )
        for what, why in capacity.limits(capacity.plan(daily, measured, assume)):
            print(f"  limit {what}: {why}")
    print(
        f"one primary of {assume.pg_cores} vCPU at {assume.pg_cpu_target:.0%}"
        f" takes up to {capacity.max_daily(measured, assume):,.0f} feedbacks a"
        " day; the serial post-submission job up to"
        f" {capacity.max_daily_serial(measured, assume):,.0f}"
    )


if __name__ == "__main__":
    sys.exit(main())
