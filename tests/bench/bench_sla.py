#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# ruff: noqa: E501  (the Odoo shell scripts below are long SQL strings)
"""The SLA minute cron over 100,000 running SLA lines.

    .venv/bin/python tests/bench/bench_sla.py [--lines 100000] [--due 2000]

Creates the database ``wxf_bench_sla`` (wx_sla without demo data; reused
when it exists), fills it in SQL with tickets of the standard policy and
``--lines`` running SLA lines (two per ticket, acknowledge and solution,
deadlines spread over the next working days) and prints, for each scenario:
seconds, lines handled, steps fired, and SQL queries per batch of 2,000.

1. steady minute: ``--due`` acknowledge lines breached now: breach marked,
   the "at breach" step fires (assign to the team leader, notify them);
2. backlog: every acknowledge line breached at once (e.g. after an outage),
   breach marking only (their ladder steps already fired);
3. the empty pass: nothing due (the index lookup alone).
"""

import argparse
import subprocess
import sys

from benchlib import ROOT, create_database, shell

DB = "wxf_bench_sla"

FILL = """
import json, time
from datetime import timedelta
from odoo import fields
from odoo.tools import SQL

LINES, DUE = %(lines)d, %(due)d
now = fields.Datetime.now()
policy = env.ref("wx_sla.wx_sla_policy_standard")
ack, solution = policy.target_ids.sorted("level")
# a team with a leader: the breach steps assign the ticket to them and
# notify them (one posted note per step, the others are logged in batch)
team = env["helpdesk.ticket.team"].search([("name", "=", "Bench")], limit=1) or env[
    "helpdesk.ticket.team"].create({"name": "Bench"})
team.user_id = env.ref("base.user_admin")
stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
env.cr.execute("DELETE FROM wx_sla_line; DELETE FROM helpdesk_ticket WHERE name LIKE 'bench %%'")
tickets = LINES // 2
env.execute_query(SQL(
    "INSERT INTO helpdesk_ticket (number, name, description, stage_id, team_id, company_id,"
    " priority, active, wx_sla_policy_id, create_date, write_date, create_uid, write_uid)"
    " SELECT 'B' || g, 'bench ' || g, '<p>bench</p>', %%s, %%s, %%s, '1', true, %%s,"
    " %%s, %%s, 1, 1 FROM generate_series(1, %%s) g",
    stage.id, team.id, env.company.id, policy.id, now, now, tickets))
# deadlines: DUE acknowledge lines due a few seconds ago, the rest spread
# over the next 3 days; next check = 5 / 30 minutes before (first step)
env.execute_query(SQL(
    "INSERT INTO wx_sla_line (ticket_id, policy_id, target_id, name, level, kind, minutes,"
    " calendar_id, team_id, company_id, start_at, resumed_at, consumed_minutes, deadline,"
    " state, next_check_at, create_date, write_date, create_uid, write_uid)"
    " SELECT t.id, %%(policy)s, tg.id, tg.name->>'en_US', tg.level, tg.kind, tg.minutes,"
    "  %%(calendar)s, t.team_id, t.company_id, %%(now)s, %%(now)s, 0, d.deadline, 'running',"
    "  d.deadline - make_interval(mins => CASE tg.level WHEN 1 THEN 5 ELSE 30 END),"
    "  %%(now)s, %%(now)s, 1, 1"
    " FROM (SELECT id, team_id, company_id, row_number() OVER (ORDER BY id) AS n"
    "       FROM helpdesk_ticket WHERE name LIKE 'bench %%%%') t"
    " CROSS JOIN wx_sla_policy_target tg"
    " CROSS JOIN LATERAL (SELECT CASE WHEN tg.level = 1 AND t.n <= %%(due)s"
    "   THEN %%(now)s - interval '10 seconds'"
    "   ELSE %%(now)s + make_interval(mins => 10 + (t.n %%%% 4320)::int) END AS deadline) d"
    " WHERE tg.policy_id = %%(policy)s",
    policy=policy.id, calendar=policy.calendar_id.id, now=now, due=DUE))
# the due lines are past their deadline: their 'before' step fired already
env.execute_query(SQL(
    "INSERT INTO wx_sla_escalation_log (line_id, step_id, ticket_id, fired_at, summary,"
    " create_date, write_date, create_uid, write_uid)"
    " SELECT l.id, s.id, l.ticket_id, %%(now)s, 'bench', %%(now)s, %%(now)s, 1, 1"
    " FROM wx_sla_line l JOIN wx_sla_escalation s ON s.target_id = l.target_id"
    " WHERE l.deadline <= %%(now)s AND s.trigger = 'before'", now=now))
env.execute_query(SQL("UPDATE wx_sla_line SET next_check_at = deadline WHERE deadline <= %%s", now))
env.cr.execute("ANALYZE wx_sla_line")
env.cr.commit()
count = env["wx.sla.line"].search_count([("state", "=", "running")])
print("BENCH" + json.dumps({"running": count}))
"""

PASS = """
import json, time
from odoo import fields
Line = env["wx.sla.line"]
SCENARIO = %(scenario)r
if SCENARIO == "backlog":
    # every acknowledge line past its deadline, steps already fired
    env.cr.execute(
        "UPDATE wx_sla_line SET deadline = now() at time zone 'UTC' - interval '1 minute',"
        " next_check_at = now() at time zone 'UTC' - interval '1 minute'"
        " WHERE level = 1 AND state = 'running'")
    env.cr.execute(
        "INSERT INTO wx_sla_escalation_log (line_id, step_id, ticket_id, fired_at,"
        " create_date, write_date, create_uid, write_uid)"
        " SELECT l.id, s.id, l.ticket_id, now(), now(), now(), 1, 1 FROM wx_sla_line l"
        " JOIN wx_sla_escalation s ON s.target_id = l.target_id"
        " WHERE l.level = 1 ON CONFLICT DO NOTHING")
    env.cr.commit()
due = Line.search_count([("next_check_at", "<=", fields.Datetime.now())])
logs_before = env["wx.sla.escalation.log"].search_count([])
batches, queries = [], []
start = time.perf_counter()
while True:
    before = env.cr.sql_log_count
    done = Line._wx_process_due()
    env.cr.commit()
    if not done:
        break
    batches.append(done)
    queries.append(env.cr.sql_log_count - before)
seconds = time.perf_counter() - start
fired = env["wx.sla.escalation.log"].search_count([]) - logs_before
breached = Line.search_count([("state", "=", "breached")])
print("BENCH" + json.dumps({"due": due, "seconds": round(seconds, 2), "batches": len(batches),
    "handled": sum(batches), "fired": fired, "breached_total": breached,
    "queries_per_batch_max": max(queries, default=0),
    "queries_per_batch_avg": round(sum(queries) / len(queries), 1) if queries else 0}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=2_000)
    args = parser.parse_args()
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-lqt"], check=True, capture_output=True, text=True
    ).stdout
    if f" {DB} " not in exists:
        print(f"creating {DB} (wx_sla, no demo data)...", file=sys.stderr)
        log_path = ROOT / ".local" / "logs" / "bench_sla.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "w", encoding="utf-8") as log:
            create_database(DB, "wx_sla", log)
    filled = shell(DB, FILL % {"lines": args.lines, "due": args.due})
    print(f"running SLA lines: {filled['running']:,}")
    for scenario in ("steady", "empty", "backlog"):
        result = shell(DB, PASS % {"scenario": scenario})
        print(
            f"{scenario:8} due {result['due']:>7,}  {result['seconds']:6.2f} s"
            f"  handled {result['handled']:,} in {result['batches']} batches,"
            f" steps fired {result['fired']:,},"
            f" queries/batch avg {result['queries_per_batch_avg']}"
            f" max {result['queries_per_batch_max']}"
        )


if __name__ == "__main__":
    main()
