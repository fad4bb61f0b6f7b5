#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The outbox against the local fakes, with failures and an outage.

    .venv/bin/python tests/bench/bench_push.py [--alerts 1000] [--sms 1000]
        [--robots 5] [--fail 0.2] [--outage 10] [--workers 2]

Creates the database ``wxf_bench_push`` (wx_push without demo data; reused
when it exists), starts the fakes of ``wx_push/tools/fakes.py`` in this
process (WeCom and DingTalk robots with their 20-a-minute limits and the
10-minute DingTalk block, Aliyun and Tencent SMS), queues ``--alerts``
alerts over ``--robots`` robots (3 WeCom, 2 DingTalk by default) and
``--sms`` SMS (Aliyun, Tencent as fallback) in one transaction, and runs
``--workers`` Odoo processes that each loop on the outbox cron
(``_cron_send``) until nothing is left. The fakes fail ``--fail`` of the
calls (HTTP 502, the provider's busy code, timeouts) and are down for
``--outage`` seconds shortly after the start.

Each alert and SMS carries a unique token; the fakes count the tokens they
received (an alert in a digest counts once), so the last line is

    delivered=N duplicates=N lost=N rate_violations=N p95_delay_s=N

(the delay: from the commit of the queue to the fake's receipt).

``--latency N`` also measures urgent feedback to WeCom: an Odoo server (2
HTTP workers, 2 cron workers, as in production) takes N H5 submissions of
urgent text (one every ``--gap`` seconds, each its own delivered order); it
prints the p50 and p95 from the H5 POST to the fake robot's receipt.
"""

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import types

import requests
from benchlib import CONFIG, PYTHON, ROOT, create_database, odoo, shell

# the fakes without the addon's Odoo models: a stand-in package over the
# addon folder (as the pure tests' conftest does)
_package = types.ModuleType("wx_push")
_package.__path__ = [str(ROOT / "addons" / "wx_push")]
sys.modules.setdefault("wx_push", _package)
from wx_push.tools.fakes import FakeServer

DB = "wxf_bench_push"
PORT = 18470
ROBOT_KEYWORD = "告警"

SETUP = """
import json
from odoo import Command
cfg = json.loads(%(cfg)r)
env["wx.push.message"].search([]).unlink()
env["wx.push.send.log"].search([]).unlink()
env["sms.sms"].search([]).unlink()
Destination = env["wx.push.destination"].with_context(active_test=False)
Destination.search([]).unlink()
robots = []
for i in range(cfg["robots"]):
    kind = "dingtalk" if i %% 5 in (3, 4) else "wecom_robot"
    robots.append(Destination.create({
        "name": f"bench robot {i}", "kind": kind, "key": f"bench-{i}",
        "secret": f"SECbench{i}" if kind == "dingtalk" else False,
        "keywords": %(keyword)r if kind == "dingtalk" else False,
        "base_url": cfg["url"],
    }).id)
company = env.company
company.write({
    "wx_sms_provider": "aliyun", "wx_sms_fallback": "tencent",
    "wx_sms_sign_name": "万象鲜果",
    "wx_aliyun_key_id": "ak-bench", "wx_aliyun_secret": "sk-bench",
    "wx_aliyun_endpoint": cfg["url"] + "/aliyun/",
    "wx_tencent_secret_id": "AKIDbench", "wx_tencent_secret_key": "tc-bench",
    "wx_tencent_app_id": "1400000001",
    "wx_tencent_endpoint": cfg["url"] + "/tencent/",
})
Mapping = env["wx.push.sms.template"]
Mapping.search([]).unlink()
Mapping.create([
    {"provider": "aliyun", "message_type": "thanks", "template_code": "SMS_BENCH",
     "param_names": "content"},
    {"provider": "tencent", "message_type": "thanks", "template_code": "3001",
     "param_names": "content"},
])
# an SMS whose answer was lost (a timeout) waits this long for its receipt
# before it is sent again (600 s in production; the fakes push no receipt
# for what they dropped)
env["ir.config_parameter"].set_param("wx_push.sms_receipt_wait", cfg["receipt_wait"])
env.cr.commit()
print("BENCH" + json.dumps({"robots": robots}))
"""

QUEUE = """
import json, time
cfg = json.loads(%(cfg)r)
Message = env["wx.push.message"]
rows = []
for i in range(cfg["alerts"]):
    dest = env["wx.push.destination"].browse(cfg["robots"][i %% len(cfg["robots"])])
    rows.append({
        "name": f"%(keyword)s bench-a{i:05d}",
        "body": "紧急反馈：芒果一半烂了，今天必须换",
        "url": f"http://localhost/odoo/wx.feedback/{i}", "event": "urgent",
        "channel": dest.kind, "destination_id": dest.id,
        "dedupe_key": f"bench:alert:{i}",
    })
Message._wx_enqueue(rows)
# SMS through Odoo's SMS path: sms.sms rows, then the SMS queue run turns
# them into outbox rows (as the SMS cron does)
partner = env["res.partner"].create({"name": "bench customer"})
sms = env["sms.sms"].with_context(wx_sms_type="thanks").create([
    {"number": f"+86139{i:08d}", "body": f"bench-s{i:05d} 感谢您的评价",
     "partner_id": partner.id, "state": "outgoing"}
    for i in range(cfg["sms"])
])
sms.send(unlink_sent=False)
env.cr.commit()
print("BENCH" + json.dumps({"queued_at": time.time(),
      "rows": Message.search_count([])}))
"""

WORKER = """
import json, time
from odoo.addons.wx_push.tools import clients
clients.TIMEOUT_S = %(timeout)s
Message = env["wx.push.message"]
deadline = time.time() + %(budget)s
calls = 0
while time.time() < deadline:
    Message._cron_send()
    env.cr.commit()
    env.invalidate_all()
    left = Message.search_count([("state", "in", ("queued", "sending", "failed"))])
    if not left:
        break
    time.sleep(0.2)
states = {s: Message.search_count([("state", "=", s)]) for s in
          ("queued", "sending", "sent", "failed", "dead")}
print("BENCH" + json.dumps(states))
"""

LATENCY_SETUP = """
import json
cfg = json.loads(%(cfg)r)
params = env["ir.config_parameter"].sudo()
params.set_param("wx_feedback.h5_rate_limit_ip", "1000000/600")
params.set_param("wx_feedback.h5_rate_limit_token", "1000000/600")
Destination = env["wx.push.destination"].with_context(active_test=False)
env["wx.push.message"].search([]).unlink()
Destination.search([]).unlink()
Destination.create({"name": "urgent robot", "kind": "wecom_robot", "key": "urgent",
                    "base_url": cfg["url"]})
customer = env["res.partner"].create({"name": "bench 超市", "is_company": True})
contact = env["res.partner"].create({"name": "bench 采购", "parent_id": customer.id,
                                     "phone": "13905910318"})
product = env["product.product"].create({"name": "bench 芒果", "type": "consu",
                                         "list_price": 10})
links = {}
for i in range(cfg["count"]):
    order = env["sale.order"].create({"partner_id": customer.id, "order_line": [
        (0, 0, {"product_id": product.id, "product_uom_qty": 5})]})
    order.action_confirm()
    for move in order.picking_ids.move_ids:
        move.quantity = move.product_uom_qty
    order.picking_ids.button_validate()
    links[order.name] = order._wx_h5_path(contact)
env.cr.commit()
print("BENCH" + json.dumps(links))
"""


def p95(values):
    if not values:
        return 0.0
    values = sorted(values)
    return values[max(0, round(0.95 * len(values)) - 1)]


def ensure_database(log):
    exists = odoo(
        "shell",
        "-c",
        CONFIG,
        "-d",
        DB,
        "--no-http",
        "--log-level=critical",
        input="print('BENCHok')",
        capture_output=True,
        check=False,
    )
    if "BENCHok" not in (exists.stdout or ""):
        print(f"creating {DB} (wx_push without demo data, a few minutes)...")
        create_database(DB, "wx_push", log)
    else:
        odoo(
            "server",
            "-c",
            CONFIG,
            "-d",
            DB,
            "-u",
            "wx_push",
            "--stop-after-init",
            "--no-http",
            "--logfile",
            log.name,
        )


def throughput(args, fake):
    cfg = {"robots": args.robots, "url": fake.url, "receipt_wait": args.receipt_wait}
    robots = shell(DB, SETUP % {"cfg": json.dumps(cfg), "keyword": ROBOT_KEYWORD})[
        "robots"
    ]
    for i in range(args.robots):
        if i % 5 in (3, 4):
            fake.add_dingtalk_robot(f"bench-{i}", f"SECbench{i}", [ROBOT_KEYWORD])
        else:
            fake.add_wecom_robot(f"bench-{i}")
    fake.add_aliyun("ak-bench", "sk-bench", ["万象鲜果"], {"SMS_BENCH": ["content"]})
    fake.add_tencent("AKIDbench", "tc-bench", "1400000001", ["万象鲜果"], {"3001": 1})
    cfg = {"robots": robots, "alerts": args.alerts, "sms": args.sms}
    queued = shell(DB, QUEUE % {"cfg": json.dumps(cfg), "keyword": ROBOT_KEYWORD})
    start = queued["queued_at"]
    print(f"queued {queued['rows']} outbox rows; sending with {args.workers} workers")
    # failures from now on; the outage 3 seconds in
    fake.fail_rate = args.fail
    fake.outage(args.outage, start=time.time() + 3)
    script = WORKER % {"timeout": args.timeout, "budget": args.budget}
    workers = [
        subprocess.Popen(
            [
                PYTHON,
                "-m",
                "odoo",
                "shell",
                "-c",
                CONFIG,
                "-d",
                DB,
                "--no-http",
                "--log-level=warn",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(args.workers)
    ]
    outputs = [w.communicate(script)[0] for w in workers]
    wall = time.time() - start
    states = [
        json.loads(line[5:])
        for out in outputs
        for line in out.splitlines()
        if line.startswith("BENCH")
    ]
    print(
        f"outbox states at the end: {states[-1] if states else '?'}; wall {wall:.1f} s"
    )
    first_seen = {}
    counts = {}
    pattern = re.compile(r"bench-[as]\d{5}")
    for message in fake.received:
        for token in set(pattern.findall(message["text"])):
            counts[token] = counts.get(token, 0) + 1
            first_seen.setdefault(token, message["at"])
    expected = {f"bench-a{i:05d}" for i in range(args.alerts)} | {
        f"bench-s{i:05d}" for i in range(args.sms)
    }
    delivered = len(expected & set(counts))
    duplicates = sum(c - 1 for c in counts.values())
    lost = len(expected - set(counts))
    delays = [first_seen[t] - start for t in expected & set(first_seen)]
    calls = {
        ch: len(fake.messages(ch))
        for ch in ("wecom_robot", "dingtalk", "aliyun", "tencent")
    }
    print(f"provider calls delivered: {calls}; rejected calls: {len(fake.rejected)}")
    print(
        f"delivered={delivered} duplicates={duplicates} lost={lost}"
        f" rate_violations={fake.rate_violations} p95_delay_s={p95(delays):.1f}"
    )


def latency(args, fake):
    """Urgent H5 submissions (a real Odoo server, 2 HTTP workers and 2 cron
    workers) to the fake WeCom robot: from the POST to the fake's receipt."""
    fake.reset()
    fake.add_wecom_robot("urgent")
    cfg = {"url": fake.url, "count": args.latency}
    links = shell(DB, LATENCY_SETUP % {"cfg": json.dumps(cfg)})
    # prefork re-executes sys.argv[0] for its gevent worker: start Odoo from
    # a script file, not with "python -m odoo" (as bench_h5.py does)
    launcher = ROOT / ".local" / "odoo-launcher.py"
    launcher.write_text("from odoo.cli.command import main\n\nmain()\n")
    base = f"http://127.0.0.1:{PORT + 1}"
    log = ROOT / ".local" / "logs" / "bench_push_server.log"
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
            "2",
            "--http-port",
            str(PORT + 1),
            "--logfile",
            str(log),
        ],
    )
    try:
        for _ in range(120):
            try:
                requests.get(f"{base}/web/login", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.5)
        sent = {}
        for order, path in links.items():
            sent[order] = time.time()
            response = requests.post(
                base + path,
                data={
                    "rating": "1",
                    "categories": "freshness",
                    "description": "一箱草莓一半都发霉了，今天必须换，急！",
                },
                allow_redirects=False,
                timeout=60,
            )
            if response.status_code >= 400:
                print(f"H5 {order}: HTTP {response.status_code}")
            time.sleep(args.gap)
        deadline = time.time() + 120

        def received_all():
            text = "\n".join(m["text"] for m in list(fake.received))
            return all(order in text for order in sent)

        while time.time() < deadline and not received_all():
            time.sleep(0.5)
        delays = []
        for order, at in sent.items():
            seen = [m["at"] for m in fake.received if order in m["text"]]
            if seen:
                delays.append(min(seen) - at)
        median = statistics.median(delays) if delays else 0
        print(
            f"urgent H5 feedback -> WeCom robot: {len(delays)}/{len(sent)} received,"
            f" p50={median:.2f} s p95={p95(delays):.2f} s"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=1000)
    parser.add_argument("--sms", type=int, default=1000)
    parser.add_argument("--robots", type=int, default=5)
    parser.add_argument("--fail", type=float, default=0.2)
    parser.add_argument("--outage", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--timeout", type=float, default=2.0, help="client timeout of the workers (s)"
    )
    parser.add_argument(
        "--budget", type=int, default=600, help="seconds the workers keep going at most"
    )
    parser.add_argument(
        "--receipt-wait",
        type=int,
        default=20,
        help="seconds an SMS without an answer waits for its receipt",
    )
    parser.add_argument("--latency", type=int, default=0)
    parser.add_argument(
        "--gap", type=float, default=3.0, help="seconds between H5 submissions"
    )
    parser.add_argument(
        "--skip-throughput", action="store_true", help="only the --latency part"
    )
    args = parser.parse_args()
    fake = FakeServer(port=PORT, seed=7).start()
    fake.timeout_s = args.timeout + 1
    try:
        with open(ROOT / ".local" / "logs" / f"{DB}.log", "a") as log:
            ensure_database(log)
        if not args.skip_throughput:
            throughput(args, fake)
        if args.latency:
            latency(args, fake)
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
