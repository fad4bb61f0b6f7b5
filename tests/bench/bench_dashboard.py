#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Feedback Overview at scale (target: p95 <= 1,000 ms per widget).

    nice .venv/bin/python tests/bench/bench_dashboard.py [--feedbacks 1000000]
        [--lines 3000000] [--combinations 20] [--keep] [--reuse]

Creates its own database ``wxf_bench_insight`` (no demo data, wx_insight
installed) and loads 18 months of history in set-based SQL only
(``INSERT ... SELECT`` over ``generate_series``, no ORM loop): 20,000
customers (most in Fujian and its neighbours, 5 % VIP) who order again and
again (a few almost daily), ``--lines`` delivered order lines (1 to 5 an
order, 3 on average) of 400 products in 40 categories, each customer
buying mostly in the few categories of its trade; ``--feedbacks``
feedbacks (85 % of the orders get one, the rest come without an order; 20 %
dissatisfied; teams as the routing sends them), a survey for 30 % of them,
a ticket with two SLA lines for each complaint and one in ten of the
others, three keywords per feedback and a delivery record per order (12 %
late, one carrier 25 %). Then it times the full rebuild of the
pre-aggregated tables and an incremental refresh of one changed day, and
finally every widget's query (``_wx_widgets``) as a feedback manager, for
``--combinations`` random filter combinations (period x tier x region x
team x product category). It ends with
``feedback_rows=N lines=N widgets=N p95_ms=N max_ms=N``. The database is
dropped at the end unless ``--keep``.
"""

import argparse
import json
import math
import os
import sys

from benchlib import ROOT, create_database, drop_database, shell

DB = "wxf_bench_insight"
LOG = ROOT / ".local" / "logs" / "bench_dashboard.log"

GENERATE = """
import json, time
from odoo.tools import SQL
started = time.perf_counter()
cr = env.cr
# a bulk load: no need to wait for the WAL flush of every statement
cr.execute(SQL("SET synchronous_commit TO off"))
cr.execute(SQL("SET work_mem TO '128MB'"))
company = env.company
Categ = env["product.category"]
root = Categ.create({"name": "BENCH 水果"})
categs = Categ.create([{"name": f"BENCH 品类 {i}", "parent_id": root.id} for i in range(40)])
# 10 products per category: product i is in category i % 40
products = env["product.product"].create(
    [{"name": f"BENCH 商品 {i}", "type": "service", "categ_id": categs[i % 40].id}
     for i in range(400)]
)
teams = env["helpdesk.ticket.team"].create(
    [{"name": f"BENCH {name}"} for name in ("VIP专线", "物流组", "采购组", "品控组", "客服组", "售后组")]
)
stage = env["helpdesk.ticket.stage"].search([], limit=1)
# the customers are where a Fujian wholesaler sells: mostly Fujian and its
# neighbours, a long tail over the other provinces
near = ["FJ", "GD", "ZJ", "JX", "SH", "JS", "GX", "HA"]
states = env["res.country.state"].search([("country_id.code", "=", "CN")]).sorted(
    lambda s: (near.index(s.code) if s.code in near else len(near), s.id)
).ids
# 5 % of the customers in the VIP tier, 25 % in the next, the rest in the others
tiers = env["wx.churn.tier"].search([]).sorted(lambda t: (not t.is_vip, -t.threshold_amount))
buckets = [tiers[min(i, len(tiers) - 1)].id for i in [0] * 5 + [1] * 25 + [2] * 70]
manager = env["res.users"].create({
    "name": "BENCH manager", "login": "bench-insight-manager",
    "group_ids": [(4, env.ref("wx_feedback.group_wx_feedback_manager").id)],
})
cr.execute(SQL('''
    INSERT INTO res_partner (name, complete_name, is_company, active, type,
                             autopost_bills, lang, state_id, partner_share,
                             wx_tier_id, create_date, write_date, create_uid, write_uid)
    SELECT 'BENCH customer ' || i, 'BENCH customer ' || i, TRUE, TRUE, 'contact',
           'ask', 'zh_CN',
           (%(states)s)[1 + floor(power(random(), 2.5) * %(nstates)s)::int], TRUE,
           jsonb_build_object(%(company)s::text,
                              (%(buckets)s)[1 + floor(random() * 100)::int]),
           now() - interval '1 day', now() - interval '1 day', 1, 1
      FROM generate_series(1, 20000) AS i
''', states=states, nstates=len(states), buckets=buckets, company=company.id))
cr.execute(SQL("UPDATE res_partner SET commercial_partner_id = id"
               " WHERE commercial_partner_id IS NULL AND name LIKE 'BENCH customer %%'"))
cr.execute(SQL("SELECT min(id), max(id) FROM res_partner WHERE name LIKE 'BENCH customer %%'"))
first, last = cr.fetchone()
# 18 months of orders, recent ones more frequent (a growing business); a few
# big customers order almost daily, most now and then
orders = LINES // 3
cr.execute(SQL('''
    INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                            state, date_order, effective_date, company_id, currency_id,
                            currency_rate, picking_policy, create_date, write_date,
                            create_uid, write_uid)
    SELECT 'BENCH' || o, c, c, c, 'sale', d - interval '1 day', d, %(company)s,
           %(currency)s, 1.0, 'direct', now() - interval '1 day', now() - interval '1 day', 1, 1
      FROM (SELECT o, %(first)s + floor(power(random(), 2) * %(n)s)::int AS c,
                   now() - interval '1 day' * 548 * power(random(), 1.3) AS d
              FROM generate_series(1, %(orders)s) AS o) AS picked
''', company=company.id, currency=company.currency_id.id, first=first,
     n=last - first + 1, orders=orders))
cr.execute(SQL("SELECT min(id), max(id) FROM sale_order WHERE name LIKE 'BENCH%%'"))
first_order, last_order = cr.fetchone()
# 1 to 5 lines an order (3 on average: id * 7919 mod 5 takes every value once
# over 5 consecutive orders); a customer buys mostly in the few categories of
# its trade (from category partner_id mod 40 on), 10 products in each
cr.execute(SQL('''
    INSERT INTO sale_order_line (order_id, name, product_id, product_uom_qty,
                                 qty_delivered, price_unit, price_subtotal, price_total,
                                 company_id, currency_id, customer_lead, sequence,
                                 create_date, write_date, create_uid, write_uid)
    SELECT so.id, 'BENCH',
           (%(products)s)[1 + (so.partner_id + floor(power(random(), 3) * 40)::int) %% 40
                            + 40 * floor(random() * 10)::int],
           q, q, p, p * q, p * q, so.company_id, so.currency_id, 0, line,
           now() - interval '1 day', now() - interval '1 day', 1, 1
      FROM sale_order so
     CROSS JOIN LATERAL generate_series(1, 1 + (so.id::bigint * 7919) %% 5) AS line
     CROSS JOIN LATERAL (SELECT round((5 + random() * 60)::numeric, 2) AS p,
                                1 + floor(random() * 20)::int AS q
                         WHERE so.id > 0 AND line > 0) AS draw
     WHERE so.id BETWEEN %(first_order)s AND %(last_order)s
''', products=products.ids, first_order=first_order, last_order=last_order))
# 85 % of the orders get a feedback (5 to 45 hours after delivery), the other
# feedbacks come without an order (phone, email); 20 % dissatisfied (1-3
# stars); teams as the routing sends them: VIP customers to the VIP line,
# complaints to logistics / purchasing / quality, the others to customer
# service and after-sales
with_order = min(FEEDBACKS, (last_order - first_order + 1) * 85 // 100)
cr.execute(SQL('''
    INSERT INTO wx_feedback (name, partner_id, commercial_partner_id, partner_state_id,
                             order_id, channel, rating, rating_delivery, rating_freshness,
                             rating_service, state, team_id, company_id, wx_tier_id,
                             submitted_at, first_submitted_at, followup_count,
                             create_date, write_date, create_uid, write_uid)
    SELECT 'BENCH' || so.id, so.partner_id, so.partner_id, p.state_id, so.id,
           (ARRAY['order_page', 'h5', 'h5', 'api', 'order_page'])[1 + so.id %% 5],
           r, CASE WHEN r <= 3 AND so.id %% 3 = 0 THEN 2 ELSE 5 END, r, r,
           'resolved',
           (%(teams)s)[CASE WHEN tier = %(vip)s THEN 1
                            WHEN r <= 3 THEN 2 + so.id %% 3
                            ELSE 5 + so.id %% 2 END],
           so.company_id, tier, at, at, 0, now() - interval '1 day', now() - interval '1 day', 1, 1
      FROM sale_order so
      JOIN res_partner p ON p.id = so.partner_id
     CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.2 THEN 1 + floor(random() * 3)::int
                                     ELSE 4 + floor(random() * 2)::int END AS r,
                                (p.wx_tier_id ->> %(company)s)::int AS tier,
                                so.effective_date
                                + interval '1 hour' * (5 + random() * 40) AS at
                         WHERE so.id > 0) AS draw
     WHERE so.id BETWEEN %(first_order)s AND %(last_order)s
       AND (so.id * 7) %% 100 < 85
     LIMIT %(with_order)s
''', teams=teams.ids, vip=buckets[0], company=str(company.id), first_order=first_order,
     last_order=last_order, with_order=with_order))
cr.execute(SQL('''
    INSERT INTO wx_feedback (name, partner_id, commercial_partner_id, partner_state_id,
                             channel, rating, state, team_id, company_id, wx_tier_id,
                             submitted_at, first_submitted_at, followup_count,
                             create_date, write_date, create_uid, write_uid)
    SELECT 'BENCH-' || i, p.id, p.id, p.state_id,
           (ARRAY['staff', 'email'])[1 + i %% 2], r, 'resolved',
           (%(teams)s)[CASE WHEN r <= 3 THEN 2 + i %% 3 ELSE 5 + i %% 2 END],
           %(company_id)s, (p.wx_tier_id ->> %(company)s)::int, at, at,
           0, now() - interval '1 day', now() - interval '1 day', 1, 1
      FROM (SELECT i, %(first)s + floor(power(random(), 2) * %(n)s)::int AS c,
                   CASE WHEN random() < 0.2 THEN 1 + floor(random() * 3)::int
                        ELSE 4 + floor(random() * 2)::int END AS r,
                   now() - interval '1 day' * 548 * power(random(), 1.3) AS at
              FROM generate_series(1, %(rest)s) AS i) AS picked
      JOIN res_partner p ON p.id = picked.c
''', teams=teams.ids, company=str(company.id), company_id=company.id, first=first,
     n=last - first + 1, rest=max(0, FEEDBACKS - with_order)))
cr.execute(SQL("SELECT min(id), max(id) FROM wx_feedback WHERE name LIKE 'BENCH%%'"))
first_feedback, last_feedback = cr.fetchone()
in_bench = SQL("f.id BETWEEN %s AND %s", first_feedback, last_feedback)
cr.execute(SQL('''
    INSERT INTO product_category_wx_feedback_rel (wx_feedback_id, product_category_id)
    SELECT DISTINCT f.id, pt.categ_id
      FROM wx_feedback f
      JOIN sale_order_line sol ON sol.order_id = f.order_id
      JOIN product_product pp ON pp.id = sol.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
     WHERE %(in_bench)s
''', in_bench=in_bench))
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
           now() - interval '1 day', now() - interval '1 day', 1, 1
      FROM wx_feedback f WHERE %(in_bench)s AND f.id %% 10 < 3
''', in_bench=in_bench))
# a ticket for every dissatisfied feedback and for one in ten of the others
cr.execute(SQL('''
    INSERT INTO helpdesk_ticket (name, description, number, partner_id, team_id,
                                 company_id, stage_id, active, wx_tier_id, create_date,
                                 write_date, create_uid, write_uid)
    SELECT 'BENCH' || f.id, 'BENCH', 'BENCH' || f.id, f.partner_id, f.team_id,
           f.company_id, %(stage)s, TRUE, f.wx_tier_id, f.submitted_at, now(), 1, 1
      FROM wx_feedback f WHERE %(in_bench)s AND (f.rating <= 3 OR f.id %% 10 = 0)
''', stage=stage.id, in_bench=in_bench))
cr.execute(SQL('''
    INSERT INTO wx_sla_line (ticket_id, name, level, kind, minutes, team_id, company_id,
                             start_at, state, consumed_minutes, reached_at,
                             create_date, write_date, create_uid, write_uid)
    SELECT t.id, k.kind, k.level, k.kind, k.minutes, t.team_id, t.company_id,
           t.create_date, CASE WHEN u < k.minutes THEN 'met' ELSE 'breached' END, u,
           t.create_date + interval '1 minute' * u, now() - interval '1 day', now() - interval '1 day', 1, 1
      FROM helpdesk_ticket t
     CROSS JOIN (VALUES ('acknowledge', 1, 15), ('solution', 2, 120)) AS k(kind, level, minutes)
     CROSS JOIN LATERAL (SELECT (random() * k.minutes * 1.4)::numeric(10, 1) AS u
                         WHERE t.id > 0) AS draw
     WHERE t.name LIKE 'BENCH%%'
'''))
# three keywords a feedback: complaints speak of what went wrong
cr.execute(SQL('''
    INSERT INTO wx_nlp_keyword (feedback_id, term, date, team_id, product_categ_id,
                                company_id, create_date, write_date, create_uid, write_uid)
    SELECT f.id,
           CASE WHEN f.rating <= 3
                THEN (ARRAY['迟到', '烂果', '缺斤少两', '包装破损', '不新鲜', '送错', '态度差',
                            '冷链'])[1 + floor(power(random(), 1.5) * 8)::int]
                ELSE (ARRAY['新鲜', '好吃', '准时', '价格', '包装', '甜', '服务好',
                            '分量足'])[1 + floor(power(random(), 1.5) * 8)::int] END,
           f.submitted_at, f.team_id,
           (SELECT product_category_id FROM product_category_wx_feedback_rel r
             WHERE r.wx_feedback_id = f.id LIMIT 1),
           f.company_id, now() - interval '1 day', now() - interval '1 day', 1, 1
      FROM wx_feedback f CROSS JOIN generate_series(1, 3) AS w
     WHERE %(in_bench)s AND w > 0
''', in_bench=in_bench))
warehouse = env["stock.warehouse"].search([], limit=1)
shipping = env["product.product"].create({"name": "BENCH 运费", "type": "service"})
carriers = env["delivery.carrier"].create(
    [{"name": f"BENCH 承运商 {i}", "product_id": shipping.id} for i in range(4)]
).ids
# a delivery record per order: 12 % late (up to 4 hours), the last carrier 25 %
cr.execute(SQL('''
    INSERT INTO wx_delivery_record (order_id, partner_id, company_id, state_id, city,
                                    region, warehouse_id, carrier_id, ordered_at,
                                    promised_at, delivered_at, is_late,
                                    lateness_minutes, create_date, write_date,
                                    create_uid, write_uid)
    SELECT so.id, so.partner_id, so.company_id, p.state_id, 'City ' || (so.partner_id %% 9),
           COALESCE(s.name, '') || '/City ' || (so.partner_id %% 9), %(warehouse)s,
           (%(carriers)s)[1 + so.id %% %(ncarriers)s], so.date_order,
           so.effective_date, so.effective_date + interval '1 minute' * late,
           late > 0, GREATEST(late, 0), now() - interval '1 day', now() - interval '1 day', 1, 1
      FROM sale_order so
      JOIN res_partner p ON p.id = so.partner_id
      LEFT JOIN res_country_state s ON s.id = p.state_id
     CROSS JOIN LATERAL (SELECT CASE WHEN random() < CASE WHEN so.id %% %(ncarriers)s
                                                          = %(ncarriers)s - 1
                                                          THEN 0.25 ELSE 0.12 END
                                     THEN 1 + floor(random() * 240)::int
                                     ELSE -floor(random() * 60)::int END AS late
                         WHERE so.id > 0) AS draw
     WHERE so.id BETWEEN %(first_order)s AND %(last_order)s
''', warehouse=warehouse.id, carriers=carriers, ncarriers=len(carriers),
     first_order=first_order, last_order=last_order))
cr.execute(SQL("ANALYZE"))
cr.execute(SQL("SELECT count(*) FROM wx_feedback f WHERE %s", in_bench))
feedback_rows = cr.fetchone()[0]
cr.execute(SQL("SELECT count(*) FROM sale_order_line WHERE order_id BETWEEN %s AND %s",
               first_order, last_order))
lines = cr.fetchone()[0]
cr.execute(SQL("SELECT count(*) FROM wx_delivery_record"))
deliveries = cr.fetchone()[0]
cr.execute(SQL("SELECT count(DISTINCT partner_id), count(*) FROM sale_order"
               " WHERE id BETWEEN %s AND %s", first_order, last_order))
customers, orders = cr.fetchone()
env.cr.commit()
print("BENCH" + json.dumps({"feedback_rows": feedback_rows, "lines": lines,
      "orders": orders, "ordering_customers": customers,
      "deliveries": deliveries, "seconds": time.perf_counter() - started}))
"""  # noqa: E501

COUNT = """
import json
from odoo.tools import SQL
env.cr.execute(SQL("SELECT count(*) FROM wx_feedback WHERE name LIKE 'BENCH%%'"))
feedback_rows = env.cr.fetchone()[0]
env.cr.execute(SQL("SELECT count(*) FROM sale_order_line WHERE name = 'BENCH'"))
lines = env.cr.fetchone()[0]
print("BENCH" + json.dumps({"feedback_rows": feedback_rows, "lines": lines}))
"""

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
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="the database an earlier run loaded (kept or interrupted):"
        " rebuild the tables and measure only",
    )
    args = parser.parse_args()
    LOG.parent.mkdir(parents=True, exist_ok=True)
    if not args.reuse:
        drop_database(DB)
    try:
        if args.reuse:
            loaded = shell(DB, COUNT)
            print(f"reusing {DB}: {json.dumps(loaded)}", flush=True)
        else:
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
        load_before = os.getloadavg()[0]
        measured = shell(DB, MEASURE.replace("COMBINATIONS", str(args.combinations)))
        print(
            f"load average (1 min) {load_before:.1f} before the widgets,"
            f" {os.getloadavg()[0]:.1f} after",
            flush=True,
        )
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
