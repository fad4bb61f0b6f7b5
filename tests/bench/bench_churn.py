#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Customer tier recomputation at scale (target: < 60 s).

    .venv/bin/python tests/bench/bench_churn.py [--customers 50000]
        [--lines 1000000] [--lines-per-order 4] [--keep]

Creates its own database ``wxf_bench_churn`` (no demo data, wx_churn
installed), generates with set-based SQL ``--customers`` customer companies
and ``--lines`` order lines in orders spread over the last 15 months (one
recent confirmed order per customer, then 90 % confirmed, a few big customers
and a long tail of small ones), then times, each in a fresh ``odoo shell``:

1. the first recomputation: every customer gets a tier and a history row;
2. the nightly cron the day after, with nothing changed but the amounts;
3. the nightly cron after 2 % of the customers ordered a lot more;

and prints seconds, SQL queries, customers checked and changed, and the tier
distribution. The database is dropped at the end unless ``--keep``.
"""

import argparse
import sys
import time

from benchlib import ROOT, create_database, drop_database, shell

DB = "wxf_bench_churn"
LOG = ROOT / ".local" / "logs" / "bench_churn.log"

GENERATE = """
import json, time
from odoo import Command
from odoo.tools import SQL
started = time.perf_counter()
cr = env.cr
company = env.company
product = env["product.product"].create({"name": "BENCH fruit", "type": "consu"})
states = env["res.country.state"].search([("country_id.code", "=", "CN")]).ids or [None]
cr.execute(SQL(
    '''
    INSERT INTO res_partner (name, complete_name, is_company, active, type,
                             autopost_bills, lang, state_id, partner_share,
                             create_date, write_date, create_uid, write_uid)
    SELECT 'BENCH customer ' || i, 'BENCH customer ' || i, TRUE, TRUE,
           'contact', 'ask', 'zh_CN', (%(states)s)[1 + i %% %(nstates)s], TRUE,
           now(), now(), 1, 1
      FROM generate_series(1, %(customers)s) AS i
    ''',
    states=states, nstates=len(states), customers=CUSTOMERS,
))
cr.execute(SQL("UPDATE res_partner SET commercial_partner_id = id"
               " WHERE commercial_partner_id IS NULL"
               " AND name LIKE 'BENCH customer %%'"))
cr.execute(SQL("SELECT min(id), max(id) FROM res_partner"
               " WHERE name LIKE 'BENCH customer %%'"))
first, last = cr.fetchone()
orders = LINES // PER_ORDER
# skewed: customer i gets a share of the orders that falls like 1/sqrt(i)
cr.execute(SQL(
    '''
    INSERT INTO sale_order (name, partner_id, partner_invoice_id,
                            partner_shipping_id, state, date_order, company_id,
                            currency_id, currency_rate, picking_policy,
                            create_date, write_date, create_uid, write_uid)
    SELECT 'BENCH' || o, c, c, c,
           CASE WHEN o > %(n)s AND o %% 10 = 0 THEN 'cancel' ELSE 'sale' END,
           now() - (random() * (CASE WHEN o > %(n)s THEN 456 ELSE 360 END)
                    || ' days')::interval,
           %(company)s, %(currency)s, 1.0, 'direct', now(), now(), 1, 1
      FROM (SELECT o,
                   -- one recent order per customer, then a skewed share
                   CASE WHEN o <= %(n)s THEN %(first)s + o - 1
                        ELSE %(first)s + floor(power(random(), 2) * %(n)s)::int
                   END AS c
              FROM generate_series(1, %(orders)s) AS o) AS picked
    ''',
    company=company.id, currency=company.currency_id.id, first=first,
    n=last - first + 1, orders=orders,
))
cr.execute(SQL(
    '''
    INSERT INTO sale_order_line (order_id, name, product_id, product_uom_qty,
                                 price_unit, price_subtotal, price_total,
                                 company_id, currency_id, customer_lead,
                                 sequence, create_date, write_date,
                                 create_uid, write_uid)
    SELECT so.id, 'BENCH fruit', %(product)s, qty, price, qty * price,
           qty * price, so.company_id, so.currency_id, 0, line, now(), now(),
           1, 1
      FROM sale_order so
     CROSS JOIN generate_series(1, %(per_order)s) AS line
     CROSS JOIN LATERAL (SELECT (1 + floor(random() * 40))::numeric AS qty,
                                round((5 + random() * 220)::numeric, 2) AS price
                         WHERE so.id > 0) AS draw
     WHERE so.name LIKE 'BENCH%%'
    ''',
    product=product.id, per_order=PER_ORDER,
))
cr.execute(SQL(
    '''
    UPDATE sale_order so
       SET amount_untaxed = totals.amount, amount_total = totals.amount,
           amount_tax = 0
      FROM (SELECT order_id, SUM(price_subtotal) AS amount
              FROM sale_order_line GROUP BY order_id) AS totals
     WHERE so.id = totals.order_id AND so.name LIKE 'BENCH%%'
    '''
))
cr.execute(SQL("ANALYZE res_partner; ANALYZE sale_order; ANALYZE sale_order_line"))
cr.execute(SQL("SELECT count(*) FROM sale_order_line WHERE name = 'BENCH fruit'"))
lines = cr.fetchone()[0]
cr.execute(SQL("SELECT count(*) FROM sale_order WHERE name LIKE 'BENCH%%'"))
order_count = cr.fetchone()[0]
env.cr.commit()
print("BENCH" + json.dumps({"customers": last - first + 1, "orders": order_count,
      "lines": lines, "seconds": time.perf_counter() - started}))
"""

MEASURE = """
import json, time
from unittest.mock import patch
from odoo.tools import SQL
cr = env.cr
Partner = env["res.partner"]
PREPARE
queries = cr.sql_log_count
started = time.perf_counter()
RUN
seconds = time.perf_counter() - started
queries = cr.sql_log_count - queries
env.cr.commit()
cr.execute(SQL(
    '''SELECT t.code, count(*) FROM res_partner p
       CROSS JOIN LATERAL jsonb_each_text(p.wx_tier_id) AS tier
       JOIN wx_churn_tier t ON t.id = tier.value::int GROUP BY t.code'''
))
tiers = dict(cr.fetchall())
cr.execute(SQL("SELECT count(*) FROM wx_churn_tier_history"))
history = cr.fetchone()[0]
print("BENCH" + json.dumps({"seconds": seconds, "queries": queries,
      "stats": stats, "tiers": tiers, "history": history}))
"""

FIRST = (
    "",
    "stats = Partner._wx_recompute_tiers()",
)
# the cron, outside a cron worker, commits each batch; count what it reports
CRON = """
reported = {"checked": 0, "changed": 0}
apply = type(Partner)._wx_apply_tier_rows
def counting(self, rows, tiers, now):
    checked, changed = apply(self, rows, tiers, now)
    reported["checked"] += checked
    reported["changed"] += changed
    return checked, changed
patcher = patch.object(type(Partner), "_wx_apply_tier_rows", counting)
patcher.start()
"""
CRON_RUN = (
    "Partner._cron_recompute_tiers()\n"
    "stats = {'customers': reported['checked'], 'changed': reported['changed']}"
)
# the tier fields are company-dependent: jsonb {company id: value}
AGE_CHECKS = (
    'cr.execute(SQL("UPDATE res_partner SET wx_tier_computed_at = ('
    "SELECT jsonb_object_agg(key, to_char(value::timestamp - interval '1 day',"
    " 'YYYY-MM-DD HH24:MI:SS')) FROM jsonb_each_text(wx_tier_computed_at))"
    ' WHERE wx_tier_computed_at IS NOT NULL"))\n'
    "env.cr.commit()\n"
)
# the day after: every customer was last checked a day ago
NEXT_NIGHT = (CRON + AGE_CHECKS, CRON_RUN)
BIG_ORDERS = (
    CRON
    + """
cr.execute(SQL(
    '''UPDATE sale_order so SET amount_untaxed = amount_untaxed + 400000,
              amount_total = amount_total + 400000
        WHERE so.id IN (SELECT DISTINCT ON (partner_id) id FROM sale_order
                         WHERE name LIKE 'BENCH%%' AND state = 'sale'
                           AND partner_id %% 50 = 0
                           AND date_order > now() - interval '300 days'
                      ORDER BY partner_id, id)'''
))
"""
    + AGE_CHECKS,
    CRON_RUN,
)


def measure(step):
    prepare, run = step
    return shell(DB, MEASURE.replace("PREPARE", prepare).replace("RUN", run))


def show(name, result):
    stats = result["stats"]
    print(
        f"{name}: {result['seconds']:.1f} s, {result['queries']} queries,"
        f" {stats['customers']} customers checked, {stats['changed']} changed tier;"
        f" tiers {result['tiers']}; {result['history']} history rows"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--lines-per-order", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    LOG.parent.mkdir(parents=True, exist_ok=True)
    drop_database(DB)
    started = time.perf_counter()
    with open(LOG, "w", encoding="utf-8") as log:
        create_database(DB, "wx_churn", log)
    print(f"database {DB} with wx_churn: {time.perf_counter() - started:.0f} s")
    try:
        data = shell(
            DB,
            GENERATE.replace("CUSTOMERS", str(args.customers))
            .replace("LINES", str(args.lines))
            .replace("PER_ORDER", str(args.lines_per_order)),
        )
        print(
            f"generated {data['customers']} customers, {data['orders']} orders,"
            f" {data['lines']} order lines in {data['seconds']:.0f} s"
        )
        results = [
            ("first recomputation (everyone gets a tier)", measure(FIRST)),
            ("nightly cron, nothing new", measure(NEXT_NIGHT)),
            ("nightly cron, 2 % ordered 400,000 more", measure(BIG_ORDERS)),
        ]
        for name, result in results:
            show(name, result)
        worst = max(result["seconds"] for _name, result in results)
        print(f"slowest run {worst:.1f} s (target < 60 s)")
        return 0 if worst < 60 else 1
    finally:
        if not args.keep:
            drop_database(DB)


if __name__ == "__main__":
    sys.exit(main())
