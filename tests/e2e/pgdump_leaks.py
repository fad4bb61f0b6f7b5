#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""No personal data in clear outside core contacts and the SMS queue.

    .venv/bin/python tests/e2e/pgdump_leaks.py CONFIG DATABASE PORT [LOGFILE]

On a database with the wx addons and their demo data (``./wxf test`` runs
it on its test database after the Odoo tests):

1. a delivered copy of a demo order gets a feedback with a NEW mobile number
   through the H5 page, over HTTP (an Odoo server started on PORT);
2. the auto-reply queue is processed (email and SMS queued);
3. ``pg_dump --data-only`` of the whole database is searched for that
   number (E.164, national, with and without spaces or dashes), the demo
   customers' e-mail addresses (of every feedback's contact and customer)
   and the amounts of the feedback's orders.

The number and the e-mails may appear only in ``res_partner`` (core
contacts) and ``sms_sms`` (the transient queue); amounts not at all in the
wx tables nor in tickets. Prints ``PGDUMP OK`` or ``PGDUMP LEAKS: ...`` with
each table and column, and exits 1 on leaks.
"""

import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
ALLOWED = {"res_partner", "sms_sms"}
AMOUNT_TABLES_PREFIXES = ("wx_", "helpdesk_ticket")

SETUP = """
import json
demo = env["sale.order"].search(
    [("delivery_status", "=", "full"), ("partner_id.child_ids", "!=", False)], limit=1
)
order = demo.copy()
order.action_confirm()
for move in order.picking_ids.move_ids:
    move.quantity = move.product_uom_qty
order.picking_ids.button_validate()
contact = order.partner_id.child_ids[:1]
feedbacks = env["wx.feedback"].search([])
partners = (feedbacks.partner_id | feedbacks.commercial_partner_id | contact
            | order.partner_id)
orders = feedbacks.order_id | order
amounts = sorted(
    {a for o in orders for a in (o.amount_total, o.amount_untaxed) if a >= 100}
)
env.cr.commit()
print("PGDUMP" + json.dumps({
    "path": order._wx_h5_path(contact),
    "emails": sorted({p.email for p in partners if p.email}),
    "amounts": amounts,
    "order": order.id,
}))
"""

PROCESS = """
env["wx.feedback"]._wx_process_pending()
env.cr.commit()
feedback = env["wx.feedback"].search([("order_id", "=", ORDER_ID)])
sms = env["sms.sms"].search_count(
    [("mail_message_id.model", "=", "wx.feedback"),
     ("mail_message_id.res_id", "in", feedback.ids)]
)
print("PGDUMP" + str(len(feedback)) + ":" + str(sms))
"""


def shell(config, db, script, logfile):
    args = [PYTHON, "-m", "odoo", "shell", "-c", config, "-d", db, "--no-http"]
    if logfile:
        args += ["--logfile", logfile]
    out = subprocess.run(
        args, input=script, capture_output=True, text=True, check=False
    )
    for line in out.stdout.splitlines():
        if line.startswith("PGDUMP"):
            return line[len("PGDUMP") :]
    raise SystemExit(
        f"PGDUMP LEAKS: shell failed\n{out.stdout[-2000:]}{out.stderr[-3000:]}"
    )


def new_number():
    """A valid mainland mobile no demo record uses."""
    rng = random.SystemRandom()
    return "199" + "".join(str(rng.randrange(10)) for _ in range(8))


def spellings(national):
    """How a number may be written down."""
    a, b, c = national[:3], national[3:7], national[7:]
    return {
        national,  # also inside +86..., 86..., 0086...
        f"{a} {b} {c}",
        f"{a}-{b}-{c}",
        f"{a}{b} {c}",
        f"+86 {a} {b} {c}",
    }


def submit(port, config, db, path, number, logfile):
    args = [PYTHON, "-m", "odoo", "server", "-c", config, "-d", db]
    args += [
        "--http-port",
        str(port),
        "--max-cron-threads",
        "0",
        "--db-filter",
        f"^{db}$",
    ]
    if logfile:
        args += ["--logfile", logfile]
    server = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(120):
            try:
                requests.get(f"{base}/web/health", timeout=5)
                break
            except requests.RequestException:
                time.sleep(1)
        page = requests.get(base + path, timeout=60)
        if page.status_code != 200:
            raise SystemExit(f"PGDUMP LEAKS: H5 page answered {page.status_code}")
        response = requests.post(
            base + path,
            data={
                "rating": "2",
                "categories": "delivery",
                "description": "送货晚了，请回电",
                "phone": f"+86 {number[:3]} {number[3:7]} {number[7:]}",
            },
            allow_redirects=False,
            timeout=60,
        )
        if response.status_code != 303:
            raise SystemExit(
                f"PGDUMP LEAKS: H5 submission answered {response.status_code}"
            )
    finally:
        server.terminate()
        server.wait(60)


def copy_blocks(dump):
    """``{table: [(column names, row values)]}`` of a --data-only dump."""
    tables = {}
    current = None
    for line in dump.splitlines():
        if current is None:
            match = re.match(r"COPY (?:\w+\.)?\"?(\w+)\"? \((.*)\) FROM stdin;", line)
            if match:
                current = match.group(1)
                columns = [c.strip().strip('"') for c in match.group(2).split(",")]
                tables.setdefault(current, [])
            continue
        if line == "\\.":
            current = None
            continue
        tables[current].append((columns, line.split("\t")))
    return tables


def find(tables, needles, allowed):
    leaks = {}
    for table, rows in tables.items():
        if table in allowed:
            continue
        for columns, values in rows:
            for column, value in zip(columns, values, strict=False):
                for needle in needles:
                    if needle in value:
                        leaks.setdefault((table, column), set()).add(needle)
    return leaks


def main(argv):
    config, db, port = argv[1], argv[2], int(argv[3])
    logfile = argv[4] if len(argv) > 4 else None
    facts = json.loads(shell(config, db, SETUP, logfile))
    national = new_number()
    submit(port, config, db, facts["path"], national, logfile)
    processed = shell(
        config, db, PROCESS.replace("ORDER_ID", str(facts["order"])), logfile
    )
    feedbacks, texts = (int(part) for part in processed.split(":"))
    if feedbacks != 1 or not texts:
        print(
            "PGDUMP LEAKS: expected 1 feedback and its auto-reply SMS, found"
            f" {feedbacks} and {texts}"
        )
        return 1
    dump = subprocess.run(
        ["pg_dump", "--data-only", "--no-owner", "-h", "127.0.0.1", db],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    tables = copy_blocks(dump)
    problems = []
    contact = find(tables, spellings(national), ALLOWED)
    contact.update(find(tables, set(facts["emails"]), ALLOWED))
    amount_tables = {
        t: rows for t, rows in tables.items() if t.startswith(AMOUNT_TABLES_PREFIXES)
    }
    needles = {f"{a:.2f}" for a in facts["amounts"]}
    amounts = find(amount_tables, needles, set())
    for (table, column), found in sorted({**contact, **amounts}.items()):
        shown = sorted(f"{needle[:3]}…" for needle in found)[:3]  # masked
        problems.append(f"{table}.{column}: {', '.join(shown)}")
    if not facts["emails"] or "res_partner" not in tables:
        problems.append("nothing to look for (no demo data?)")
    if problems:
        print("PGDUMP LEAKS: " + "; ".join(problems))
        return 1
    print(
        f"PGDUMP OK: new number, {len(facts['emails'])} e-mails and"
        f" {len(needles)} order amounts absent outside res_partner and sms_sms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
