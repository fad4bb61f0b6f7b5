#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Feedback Overview at scale (target: p95 <= 1,000 ms per widget).

    .venv/bin/python tests/bench/bench_dashboard.py [--feedbacks 1000000]
        [--lines 3000000] [--combinations 20] [--keep]

Creates its own database ``wxf_insight_bench`` (no demo data, wx_insight
installed), loads with set-based SQL 18 months of history: ``--lines``
delivered order lines (3 per order) in 40 product categories, ``--feedbacks``
feedbacks (one per order, 35 % dissatisfied, each filed under its order's
product categories, 5 channels, 6 teams), a survey for 30 % of them, two SLA
lines for each ticket (every fifth feedback), three keywords per feedback and
a delivery record per order (15 % late, up to 4 hours); then times the
full rebuild of the pre-aggregated tables and an incremental refresh of one
changed day, and finally every widget's query (``_wx_widgets``) as a
feedback manager, for ``--combinations`` random filter combinations (period
x tier x region x team x product category). It ends with
``feedback_rows=N lines=N widgets=N p95_ms=N max_ms=N``. The database is
dropped at the end unless ``--keep``.
"""

import argparse
import json
import math
import sys

from benchlib import ROOT, create_database, drop_database, shell

DB = "wxf_insight_bench"
LOG = ROOT / ".local" / "logs" / "bench_dashboard.log"

GENERATE = """
import json, time
from odoo.tools import SQL
started = time.perf_counter()
cr = env.cr
company = env.company
Categ = env["product.category"]
root = Categ.create({"name": "BENCH 水果"})
categs = Categ.create([{"name": f"BENCH 品类 {i}", "parent_id": root.id} for i in range(40)])
products = env["product.product"].create(
    [{"name": f"BENCH 商品 {i}", "type": "service", "categ_id": categs[i % 40].id}
     for i in range(400)]
)
teams = env["helpdesk.ticket.team"].create([{"name": f"BENCH 组 {i}"} for i in range(6)])
stage = env["helpdesk.ticket.stage"].search([], limit=1)
states = env["res.country.state"].search([("country_id.code", "=", "CN")]).ids
tiers = env["wx.churn.tier"].search([]).ids
manager = env["res.users"].create({
    "name": "BENCH manager", "login": "bench-insight-manager",
    "group_ids": [(4, env.ref("wx_feedback.group_wx_feedback_manager").id)],
})
cr.execute(SQL('''
    INSERT INTO res_partner (name, complete_name, is_company, active, type,
                             autopost_bills, lang, state_id, partner_share,
                             wx_tier_id, create_date, write_date, create_uid, write_uid)
    SELECT 'BENCH customer ' || i, 'BENCH customer ' || i, TRUE, TRUE, 'contact',
           'ask', 'zh_CN', (%(states)s)[1 + i %% %(nstates)s], TRUE,
           jsonb_build_object(%(company)s::text, (%(tiers)s)[1 + (i * 7) %% %(ntiers)s]),
           now(), now(), 1, 1
      FROM generate_series(1, 20000) AS i
''', states=states, nstates=len(states), tiers=tiers, ntiers=len(tiers), company=company.id))
cr.execute(SQL("UPDATE res_partner SET commercial_partner_id = id"
               " WHERE commercial_partner_id IS NULL AND name LIKE 'BENCH customer %%'"))
cr.execute(SQL("SELECT min(id), max(id) FROM res_partner WHERE name LIKE 'BENCH customer %%'"))
first, last = cr.fetchone()
orders = LINES // 3
cr.execute(SQL('''
    INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                            state, date_order, effective_date, company_id, currency_id,
                            currency_rate, picking_policy, create_date, write_date,
                            create_uid, write_uid)
    SELECT 'BENCH' || o, c, c, c, 'sale', d - interval '1 day', d, %(company)s,
           %(currency)s, 1.0, 'direct', now(), now(), 1, 1
      FROM (SELECT o, %(first)s + floor(power(random(), 2) * %(n)s)::int AS c,
                   now() - (random() * 548 || ' days')::interval AS d
              FROM generate_series(1, %(orders)s) AS o) AS picked
''', company=company.id, currency=company.currency_id.id, first=first,
     n=last - first + 1, orders=orders))
cr.execute(SQL('''
    INSERT INTO sale_order_line (order_id, name, product_id, product_uom_qty,
                                 qty_delivered, price_unit, price_subtotal, price_total,
                                 company_id, currency_id, customer_lead, sequence,
                                 create_date, write_date, create_uid, write_uid)
    SELECT so.id, 'BENCH', (%(products)s)[1 + floor(random() * 400)::int], 1, 1,
           p, p, p, so.company_id, so.currency_id, 0, line, now(), now(), 1, 1
      FROM sale_order so
     CROSS JOIN generate_series(1, 3) AS line
     CROSS JOIN LATERAL (SELECT round((5 + random() * 500)::numeric, 2) AS p
                         WHERE so.id > 0) AS draw
     WHERE so.name LIKE 'BENCH%%'
''', products=products.ids))
cr.execute(SQL('''
    INSERT INTO wx_feedback (name, partner_id, commercial_partner_id, partner_state_id,
                             order_id, channel, rating, rating_delivery, rating_freshness,
                             rating_service, state, team_id, company_id, submitted_at,
                             first_submitted_at, followup_count, create_date, write_date,
                             create_uid, write_uid)
    SELECT 'BENCH' || so.id, so.partner_id, so.partner_id, p.state_id, so.id,
           (ARRAY['order_page', 'h5', 'api', 'staff', 'email'])[1 + so.id %% 5],
           r, CASE WHEN so.id %% 7 = 0 THEN 2 ELSE 5 END, r, r,
           'resolved', (%(teams)s)[1 + so.id %% 6], so.company_id,
           so.effective_date + interval '5 hours', so.effective_date + interval '5 hours',
           0, now(), now(), 1, 1
      FROM sale_order so
      JOIN res_partner p ON p.id = so.partner_id
     CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.35 THEN 1 + floor(random() * 3)::int
                                     ELSE 4 + floor(random() * 2)::int END AS r
                         WHERE so.id > 0) AS draw
     WHERE so.name LIKE 'BENCH%%'
     ORDER BY so.id
     LIMIT %(feedbacks)s
''', teams=teams.ids, feedbacks=FEEDBACKS))
cr.execute(SQL('''
    INSERT INTO product_category_wx_feedback_rel (wx_feedback_id, product_category_id)
    SELECT DISTINCT f.id, pt.categ_id
      FROM wx_feedback f
      JOIN sale_order_line sol ON sol.order_id = f.order_id
      JOIN product_product pp ON pp.id = sol.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE f.name LIKE 'BENCH%%'
'''))
cr.execute(SQL('''
    INSERT INTO wx_feedback_survey (feedback_id, partner_id, commercial_partner_id,
                                    team_id, product_categ_id, company_id, state,
                                    scheduled_at, sent_at, nps, csat, nps_group,
                                    create_date, write_date, create_uid, write_uid)
    SELECT f.id, f.partner_id, f.commercial_partner_id, f.team_id,
           (SELECT product_category_id FROM product_category_wx_feedback_rel r
             WHERE r.wx_feedback_id = f.id LIMIT 1),
           f.company_id, CASE WHEN f.id %% 3 = 0 THEN 'sent' ELSE 'answered' END,
           f.submitted_at + interval '2 hours', f.submitted_at + interval '2 hours',
           f.id %% 11, 1 + f.id %% 5,
           CASE WHEN f.id %% 3 = 0 THEN NULL WHEN f.id %% 11 >= 9 THEN 'promoter'
                WHEN f.id %% 11 >= 7 THEN 'passive' ELSE 'detractor' END,
           now(), now(), 1, 1
      FROM wx_feedback f WHERE f.name LIKE 'BENCH%%' AND f.id %% 10 < 3
'''))
cr.execute(SQL('''
    INSERT INTO helpdesk_ticket (name, description, number, partner_id, team_id,
                                 company_id, stage_id, active, create_date, write_date,
                                 create_uid, write_uid)
    SELECT 'BENCH' || f.id, 'BENCH', 'BENCH' || f.id, f.partner_id, f.team_id,
           f.company_id, %(stage)s, TRUE, f.submitted_at, now(), 1, 1
      FROM wx_feedback f WHERE f.name LIKE 'BENCH%%' AND f.id %% 5 = 0
''', stage=stage.id))
cr.execute(SQL('''
    INSERT INTO wx_sla_line (ticket_id, name, level, kind, minutes, team_id, company_id,
                             start_at, state, consumed_minutes, reached_at,
                             create_date, write_date, create_uid, write_uid)
    SELECT t.id, k.kind, k.level, k.kind, k.minutes, t.team_id, t.company_id,
           t.create_date, CASE WHEN u < k.minutes THEN 'met' ELSE 'breached' END, u,
           t.create_date + (u || ' minutes')::interval, now(), now(), 1, 1
      FROM helpdesk_ticket t
     CROSS JOIN (VALUES ('acknowledge', 1, 15), ('solution', 2, 120)) AS k(kind, level, minutes)
     CROSS JOIN LATERAL (SELECT (random() * k.minutes * 1.4)::numeric(10, 1) AS u
                         WHERE t.id > 0) AS draw
     WHERE t.name LIKE 'BENCH%%'
'''))
cr.execute(SQL('''
    INSERT INTO wx_nlp_keyword (feedback_id, term, date, team_id, product_categ_id,
                                company_id, create_date, write_date, create_uid, write_uid)
    SELECT f.id, (ARRAY['迟到', '烂果', '缺斤少两', '包装破损', '不新鲜', '送错', '态度差',
                        '冷链', '价格', '准时', '新鲜', '好吃'])[1 + (f.id * 7 + w) %% 12],
           f.submitted_at, f.team_id, NULL, f.company_id, now(), now(), 1, 1
      FROM wx_feedback f CROSS JOIN generate_series(1, 3) AS w
     WHERE f.name LIKE 'BENCH%%'
'''))
warehouse = env["stock.warehouse"].search([], limit=1)
shipping = env["product.product"].create({"name": "BENCH 运费", "type": "service"})
carriers = env["delivery.carrier"].create(
    [{"name": f"BENCH 承运商 {i}", "product_id": shipping.id} for i in range(4)]
).ids
cr.execute(SQL('''
    INSERT INTO wx_delivery_record (order_id, partner_id, company_id, state_id, city,
                                    region, warehouse_id, carrier_id, ordered_at,
                                    promised_at, delivered_at, is_late,
                                    lateness_minutes, create_date, write_date,
                                    create_uid, write_uid)
    SELECT so.id, so.partner_id, so.company_id, p.state_id, 'City ' || (so.id %% 9),
           COALESCE(s.name, '') || '/City ' || (so.id %% 9), %(warehouse)s,
           (%(carriers)s)[1 + so.id %% %(ncarriers)s], so.date_order,
           so.effective_date, so.effective_date + (late || ' minutes')::interval,
           late > 0, GREATEST(late, 0), now(), now(), 1, 1
      FROM sale_order so
      JOIN res_partner p ON p.id = so.partner_id
      LEFT JOIN res_country_state s ON s.id = p.state_id
     CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.15
                                     THEN 1 + floor(random() * 240)::int
                                     ELSE -floor(random() * 60)::int END AS late
                         WHERE so.id > 0) AS draw
     WHERE so.name LIKE 'BENCH%%'
''', warehouse=warehouse.id, carriers=carriers, ncarriers=len(carriers)))
cr.execute(SQL("ANALYZE"))
cr.execute(SQL("SELECT count(*) FROM wx_feedback WHERE name LIKE 'BENCH%%'"))
feedback_rows = cr.fetchone()[0]
cr.execute(SQL("SELECT count(*) FROM sale_order_line WHERE name = 'BENCH'"))
lines = cr.fetchone()[0]
env.cr.commit()
cr.execute(SQL("SELECT count(*) FROM wx_delivery_record"))
deliveries = cr.fetchone()[0]
print("BENCH" + json.dumps({"feedback_rows": feedback_rows, "lines": lines,
      "deliveries": deliveries, "seconds": time.perf_counter() - started}))
"""  # noqa: E501

REFRESH = """
import json, time
from odoo.tools import SQL
Refresh = env["wx.insight.refresh"]
started = time.perf_counter()
Refresh._wx_refresh(full=True)
env.cr.commit()
full = time.perf_counter() - started
rows = {}
for table in ("complaint", "feedback", "survey", "sla", "keyword", "delivery"):
    env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(f"wx_insight_{table}_day")))
    rows[table] = env.cr.fetchone()[0]
# one changed feedback: the incremental refresh recomputes its day only
env.cr.execute(SQL("UPDATE wx_feedback SET rating = 1, write_date = now() at time zone 'utc'"
                   " WHERE id = (SELECT max(id) FROM wx_feedback)"))
env.cr.commit()
started = time.perf_counter()
days = Refresh._wx_refresh()
env.cr.commit()
print("BENCH" + json.dumps({"full_s": full, "incremental_s": time.perf_counter() - started,
      "days": days, "rows": rows}))
"""  # noqa: E501

MEASURE = """
import json, random, time
from datetime import timedelta
from odoo import fields
rng = random.Random(20260315)
manager = env["res.users"].search([("login", "=", "bench-insight-manager")])
Dashboard = env["wx.insight.dashboard"].with_user(manager)
tiers = env["wx.churn.tier"].search([]).ids
states = env["res.country.state"].search([("country_id.code", "=", "CN")]).ids
teams = env["helpdesk.ticket.team"].search([("name", "like", "BENCH")]).ids
categs = env["product.category"].search([("name", "like", "BENCH")]).ids
today = fields.Date.today()
timings = []
per_widget = {}
for _i in range(COMBINATIONS):
    days = rng.choice([7, 30, 30, 91, 365])
    end = today - timedelta(days=rng.randint(0, 180))
    values = {"period": "custom", "date_from": end - timedelta(days=days - 1), "date_to": end}
    for field, choices in (("tier_id", tiers), ("state_id", states), ("team_id", teams),
                           ("categ_id", categs)):
        if choices and rng.random() < 0.5:
            values[field] = rng.choice(choices)
    board = Dashboard.new(values)
    for name, widget in board._wx_widgets():
        started = time.perf_counter()
        widget()
        elapsed = (time.perf_counter() - started) * 1000
        timings.append(elapsed)
        per_widget.setdefault(name, []).append(elapsed)
        env.invalidate_all()
print("BENCH" + json.dumps({"timings": timings, "per_widget": per_widget}))
"""  # noqa: E501


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feedbacks", type=int, default=1_000_000)
    parser.add_argument("--lines", type=int, default=3_000_000)
    parser.add_argument("--combinations", type=int, default=20)
    parser.add_argument("--modules", default="wx_insight")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    LOG.parent.mkdir(parents=True, exist_ok=True)
    drop_database(DB)
    try:
        with open(LOG, "w") as log:
            print(f"installing {args.modules} in {DB} ...", flush=True)
            create_database(DB, args.modules, log)
        script = GENERATE.replace("LINES", str(args.lines)).replace(
            "FEEDBACKS", str(args.feedbacks)
        )
        loaded = shell(DB, script)
        print(f"loaded: {json.dumps(loaded)}", flush=True)
        refreshed = shell(DB, REFRESH)
        print(
            f"full rebuild {refreshed['full_s']:.1f} s, incremental refresh of"
            f" {refreshed['days']} day(s) {refreshed['incremental_s']:.2f} s,"
            f" table rows {json.dumps(refreshed['rows'])}",
            flush=True,
        )
        measured = shell(DB, MEASURE.replace("COMBINATIONS", str(args.combinations)))
        for name, values in measured["per_widget"].items():
            print(f"  {name:<18} p95 {p95(values):7.1f} ms  max {max(values):7.1f} ms")
        timings = measured["timings"]
        print(
            f"feedback_rows={loaded['feedback_rows']} lines={loaded['lines']}"
            f" widgets={len(measured['per_widget'])} p95_ms={p95(timings):.0f}"
            f" max_ms={max(timings):.0f}"
        )
    finally:
        if not args.keep:
            drop_database(DB)
    return 0


if __name__ == "__main__":
    sys.exit(main())
