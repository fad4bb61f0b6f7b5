# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Filling the pre-aggregated insight tables (README: "Insight for managers").

Why pre-aggregated tables and not views: the dashboard filters a period of
a few weeks out of 18 months of data by tier, region, team and product
category. A SQL view over the raw rows would scan up to 3,000,000 order
lines and join 1,000,000 feedbacks for every widget; the day tables hold a
few tens of thousands of rows (one per day and combination of the
dimensions), so every widget is a small indexed GROUP BY.

Why ordinary tables refreshed by day and not materialized views: a
materialized view can only be refreshed whole (minutes at that volume, and
``CONCURRENTLY`` still recomputes everything); the tables are refreshed
incrementally: every ten minutes the cron finds the days whose source rows
changed since the last run (``write_date``) and recomputes only those days
(DELETE + INSERT ... SELECT ... GROUP BY in one transaction: readers see the
old or the new figures, never half). What ``write_date`` cannot show
(deleted rows, a customer whose tier or province changed, a feedback
resubmitted on another day) is caught by the nightly full rebuild.

Two grains in each table: day rows, and month rows (the sum of a month's
day rows, rebuilt with the months of the recomputed days). A long period
reads twelve month rows per combination instead of 365 day rows: with
1,000,000 feedbacks and 3,000,000 lines the day rows barely compress the
sources (README: "Scale"), the month rows do.

Each day and month is also stored summed over the subsets of the filter
dimensions (``rolled_up``, see ``wx.insight.fact.mixin``), so that an
unfiltered or lightly filtered widget reads a few rows, not one per
combination of every dimension.

Tier is the customer's tier at the time of the fact, never the tier at the
refresh: the tier wx_churn recorded on the feedback (or ticket) when it was
given, else (order lines, deliveries, feedback given before tiers existed)
the tier wx_churn's tier history says the customer had at that moment.

Days are calendar days in Asia/Shanghai. Everything is SQL: no Python loop
over records.
"""

import logging
import uuid
from datetime import datetime, time, timedelta
from itertools import combinations

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools.measures import next_month
from .wx_insight_fact_mixin import ROLLUP_BITS

_logger = logging.getLogger(__name__)

TZ = "Asia/Shanghai"
PARAM = "wx_insight.refreshed_at"
# changes with every refresh that rebuilt rows: the dashboards compare it
STAMP = "wx_insight.refresh_stamp"
FACT_COLUMNS = "create_uid, create_date, write_uid, write_date"
LATE_CATEGORY = "delivery"
# Asia/Shanghai has had no daylight saving time since 1991
SHANGHAI_OFFSET = timedelta(hours=8)


def _day(column):
    """The Asia/Shanghai calendar day of a UTC timestamp column."""
    return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date", column, TZ)


class WxInsightRefresh(models.AbstractModel):
    _name = "wx.insight.refresh"
    _description = "Insight: refresh of the pre-aggregated tables"

    # ------------------------------------------------------------------ entry points

    @api.model
    def _cron_refresh(self):
        """Every ten minutes: the days changed since the last run."""
        self.sudo()._wx_refresh(full=False)

    @api.model
    def _cron_rebuild(self):
        """Every night: everything (deletions, tier and region changes)."""
        self.sudo()._wx_refresh(full=True)

    @api.model
    def _wx_refresh(self, full=False):
        """Recompute the tables (all of them, or the changed days); returns
        the number of days recomputed (-1: everything)."""
        params = self.env["ir.config_parameter"].sudo()
        started = fields.Datetime.now()
        since = params.get_param(PARAM)
        self.env.flush_all()
        if full or not since:
            days = None
        else:
            days = self._wx_changed_days(fields.Datetime.to_datetime(since))
            if not days:
                params.set_param(PARAM, fields.Datetime.to_string(started))
                return 0
        for builder in self._wx_builders():
            builder(days)
        params.set_param(PARAM, fields.Datetime.to_string(started))
        params.set_param(STAMP, uuid.uuid4().hex)
        self.env.invalidate_all()
        _logger.info(
            "insight tables refreshed: %s", "all days" if days is None else len(days)
        )
        return -1 if days is None else len(days)

    @api.model
    def _wx_stamp(self):
        """The stamp of the last refresh that rebuilt rows (None before the
        first), read in this transaction's snapshot (not from the
        parameters' cache): it agrees with the rows this transaction reads,
        as the refresh sets it in its own transaction."""
        self.env["ir.config_parameter"].flush_model(["key", "value"])
        rows = self.env.execute_query(
            SQL("SELECT value FROM ir_config_parameter WHERE key = %s", STAMP)
        )
        return rows[0][0] if rows else None

    def _wx_builders(self):
        return [
            self._wx_build_complaint,
            self._wx_build_feedback,
            self._wx_build_survey,
            self._wx_build_sla,
            self._wx_build_keyword,
            self._wx_build_delivery,
        ]

    @api.model
    def _wx_sources(self):
        """``(table, timestamp column)`` whose day a changed row dirties."""
        return [
            ("wx_feedback", "submitted_at"),
            ("sale_order", "effective_date"),
            ("wx_feedback_survey", "sent_at"),
            ("wx_sla_line", "start_at"),
            ("wx_delivery_record", "delivered_at"),
        ]

    @api.model
    def _wx_changed_days(self, since):
        """Days (Asia/Shanghai) of the source rows written since ``since``
        (a margin of a minute covers transactions that were still running)."""
        since = since - timedelta(minutes=1)
        parts = [
            SQL(
                "SELECT DISTINCT %s FROM %s WHERE write_date >= %s AND %s IS NOT NULL",
                _day(SQL.identifier(table, column)),
                SQL.identifier(table),
                since,
                SQL.identifier(table, column),
            )
            for table, column in self._wx_sources()
        ]
        rows = self.env.execute_query(SQL(" UNION ").join(parts))
        return sorted({day for (day,) in rows if day})

    # ------------------------------------------------------------------ helpers

    def _wx_replace_days(self, table, days, dims, sums, select):
        """Replace the day rows of ``table`` for ``days`` (None: all of them)
        by ``select(cond)`` (columns: day, ``dims``, ``sums``), where
        ``cond(column)`` restricts a UTC timestamp column to those days (a
        range PostgreSQL can use an index for, then the exact days); then
        the month rows of their months."""
        if days is None:
            self.env.cr.execute(SQL("TRUNCATE %s", SQL.identifier(table)))

            def cond(column):
                return SQL("TRUE")
        else:
            self.env.cr.execute(
                SQL(
                    "DELETE FROM %s WHERE grain = 'day' AND day = ANY(%s)",
                    SQL.identifier(table),
                    days,
                )
            )
            low = datetime.combine(min(days), time()) - SHANGHAI_OFFSET
            high = (
                datetime.combine(max(days), time())
                + timedelta(days=1)
                - SHANGHAI_OFFSET
            )

            def cond(column):
                return SQL(
                    "%s >= %s AND %s < %s AND %s = ANY(%s)",
                    column,
                    low,
                    column,
                    high,
                    _day(column),
                    list(days),
                )

        columns = SQL(", ").join(SQL.identifier(c) for c in ("day", *dims, *sums))
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (grain, rolled_up, %s, %s)"
                " SELECT 'day', 0, facts.*, %s,"
                " now() AT TIME ZONE 'UTC', %s, now() AT TIME ZONE 'UTC'"
                " FROM (%s) AS facts",
                SQL.identifier(table),
                columns,
                SQL(FACT_COLUMNS),
                self.env.uid,
                self.env.uid,
                select(cond),
            )
        )
        self._wx_insert_sums(
            table,
            "day",
            SQL("TRUE") if days is None else SQL("day = ANY(%s)", days),
            dims,
            sums,
        )
        if days is None:
            months = SQL("TRUE")
        else:
            firsts = sorted({day.replace(day=1) for day in days})
            self.env.cr.execute(
                SQL(
                    "DELETE FROM %s WHERE grain = 'month' AND day = ANY(%s)",
                    SQL.identifier(table),
                    firsts,
                )
            )
            months = SQL(
                "day >= %s AND day < %s AND date_trunc('month', day)::date = ANY(%s)",
                firsts[0],
                next_month(firsts[-1]),
                firsts,
            )
        self._wx_insert_sums(table, "month", months, dims, sums)

    def _wx_insert_sums(self, table, grain, where, dims, sums):
        """Sum the finest day rows (``rolled_up`` 0) that match ``where``
        into rows of ``grain`` (one ``GROUPING SETS`` pass) over every subset
        of the table's ``_wx_rollup_fields`` summed over; ``rolled_up`` holds
        the bits of the dimensions summed over, whose columns stay NULL.

        ``day``: per day, the non-empty subsets (the finest day rows are the
        facts themselves). ``month``: per calendar month (``day``: the
        month's first day), every subset, the empty one included."""
        rollable = [
            name
            for name in self.env[table.replace("_", ".")]._wx_rollup_fields
            if name in dims
        ]
        fixed = [name for name in dims if name not in rollable]
        sets = []
        for size in range(1 if grain == "day" else 0, len(rollable) + 1):
            for rolled in combinations(rollable, size):
                kept = ["fact_day", *fixed, *(n for n in rollable if n not in rolled)]
                sets.append(
                    SQL("(%s)", SQL(", ").join(SQL.identifier(n) for n in kept))
                )
        if not sets:
            return
        self.env.cr.execute(
            SQL(
                "INSERT INTO %(table)s (grain, rolled_up, %(columns)s, %(facts)s)"
                " SELECT %(grain)s, %(mask)s, %(dims)s, %(sums)s,"
                " %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'"
                " FROM (SELECT %(fact_day)s AS fact_day, * FROM %(table)s"
                "       WHERE grain = 'day' AND rolled_up = 0 AND %(where)s) AS facts"
                " GROUP BY GROUPING SETS (%(sets)s)",
                table=SQL.identifier(table),
                columns=SQL(", ").join(
                    SQL.identifier(c) for c in ("day", *dims, *sums)
                ),
                facts=SQL(FACT_COLUMNS),
                grain=grain,
                mask=SQL(" + ").join(
                    SQL("GROUPING(%s) * %s", SQL.identifier(n), ROLLUP_BITS[n])
                    for n in rollable
                )
                if rollable
                else SQL("0"),
                dims=SQL(", ").join(SQL.identifier(c) for c in ("fact_day", *dims)),
                sums=SQL(", ").join(SQL("SUM(%s)", SQL.identifier(c)) for c in sums),
                uid=self.env.uid,
                fact_day=SQL("day")
                if grain == "day"
                else SQL("date_trunc('month', day)::date"),
                where=where,
                sets=SQL(", ").join(sets),
            )
        )

    def _wx_tier_at(self, partner_alias, company_column, moment):
        """The customer's tier in that company at ``moment``: wx_churn's one
        rule (``wx.churn.tier.history._wx_tier_at_sql``)."""
        return self.env["wx.churn.tier.history"]._wx_tier_at_sql(
            partner_alias, company_column, moment
        )

    def _wx_dissatisfied_ids(self):
        """SELECT of the dissatisfied feedback ids: the suite's one rule
        (``wx.feedback._wx_dissatisfied_domain``), every company's own."""
        Feedback = self.env["wx.feedback"].sudo().with_context(active_test=False)
        return Feedback._search(Feedback._wx_dissatisfied_domain()).subselect()

    def _wx_late_feedback_order_ids(self):
        """SELECT of the orders with feedback about delivery timeliness: tagged
        with the delivery category, or the delivery aspect rated at or under
        the company's dissatisfied stars."""
        Feedback = self.env["wx.feedback"].sudo().with_context(active_test=False)
        domains = [Domain("category_ids.code", "=", LATE_CATEGORY)]
        for company in self.env["res.company"].sudo().search([]):
            rule = company._wx_dissatisfaction_rule()
            domains.append(
                Domain("company_id", "=", company.id)
                & Domain("rating_delivery", ">", 0)
                & Domain("rating_delivery", "<=", rule.rating_max)
            )
        domain = Domain.OR(domains) & Domain("order_id", "!=", False)
        query = Feedback._search(domain)
        return query.subselect(SQL.identifier(query.table, "order_id"))

    # ------------------------------------------------------------------ tables

    def _wx_feedback_tier(self, feedback_alias, partner_alias):
        """The tier recorded on the feedback when it was given, else its
        customer's at its submission: wx_churn's one rule
        (``wx.feedback._wx_tier_given_sql``, which its nightly fill stores)."""
        return self.env["wx.feedback"]._wx_tier_given_sql(feedback_alias, partner_alias)

    def _wx_build_complaint(self, days):
        def select(cond):
            return SQL(
                """
                WITH orders AS MATERIALIZED (
                    SELECT so.id, so.company_id, %(line_day)s AS day,
                           %(line_tier)s AS tier_id, cp.state_id
                      FROM sale_order so
                      JOIN res_partner p ON p.id = so.partner_id
                      JOIN res_partner cp ON cp.id = p.commercial_partner_id
                     WHERE so.state = 'sale' AND %(orders_in_days)s
                )
                SELECT day, company_id, categ_id, tier_id, state_id, team_id,
                       SUM(line_count), ROUND(SUM(amount))::int, SUM(dissatisfied)
                  FROM (
                    SELECT o.day, o.company_id, pt.categ_id, o.tier_id, o.state_id,
                           NULL::int AS team_id, COUNT(*) AS line_count,
                           SUM(sol.price_subtotal) AS amount, 0 AS dissatisfied
                      FROM orders o
                      JOIN sale_order_line sol ON sol.order_id = o.id
                      JOIN product_product pp ON pp.id = sol.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     WHERE sol.qty_delivered > 0 AND sol.display_type IS NULL
                     GROUP BY 1, 2, 3, 4, 5
                    UNION ALL
                    SELECT %(feedback_day)s, f.company_id, rel.product_category_id,
                           %(feedback_tier)s, f.partner_state_id, f.team_id,
                           0, 0, COUNT(*)
                      FROM wx_feedback f
                      JOIN product_category_wx_feedback_rel rel
                        ON rel.wx_feedback_id = f.id
                      JOIN res_partner cp ON cp.id = f.commercial_partner_id
                     WHERE f.id IN %(dissatisfied)s AND %(feedback_in_days)s
                     GROUP BY 1, 2, 3, 4, 5, 6
                  ) AS parts
                 GROUP BY 1, 2, 3, 4, 5, 6
                """,
                line_day=_day(SQL("so.effective_date")),
                feedback_day=_day(SQL("f.submitted_at")),
                line_tier=self._wx_tier_at(
                    "cp", SQL("so.company_id"), SQL("so.effective_date")
                ),
                feedback_tier=self._wx_feedback_tier("f", "cp"),
                dissatisfied=self._wx_dissatisfied_ids(),
                orders_in_days=SQL(
                    "so.effective_date IS NOT NULL AND %s",
                    cond(SQL("so.effective_date")),
                ),
                feedback_in_days=cond(SQL("f.submitted_at")),
            )

        self._wx_replace_days(
            "wx_insight_complaint_day",
            days,
            ["company_id", "categ_id", "tier_id", "state_id", "team_id"],
            ["line_count", "amount", "dissatisfied_count"],
            select,
        )

    def _wx_build_feedback(self, days):
        def select(cond):
            return SQL(
                """
                WITH main_categ AS (
                    SELECT DISTINCT ON (rel.wx_feedback_id) rel.wx_feedback_id,
                           rel.product_category_id
                      FROM product_category_wx_feedback_rel rel
                      JOIN product_category c ON c.id = rel.product_category_id
                     ORDER BY rel.wx_feedback_id, c.complete_name, c.id
                )
                SELECT %(day)s, f.company_id, %(tier)s, f.partner_state_id,
                       mc.product_category_id, f.team_id, f.channel, COUNT(*),
                       COUNT(bad.id)
                  FROM wx_feedback f
                  JOIN res_partner cp ON cp.id = f.commercial_partner_id
                  LEFT JOIN main_categ mc ON mc.wx_feedback_id = f.id
                  -- a join, not "IN (...)" in the aggregate's FILTER: PostgreSQL
                  -- runs a subplan that does not fit work_mem once per row
                  LEFT JOIN (%(dissatisfied)s) AS bad(id) ON bad.id = f.id
                 WHERE %(in_days)s
                 GROUP BY 1, 2, 3, 4, 5, 6, 7
                """,
                day=_day(SQL("f.submitted_at")),
                tier=self._wx_feedback_tier("f", "cp"),
                dissatisfied=self._wx_dissatisfied_ids(),
                in_days=cond(SQL("f.submitted_at")),
            )

        self._wx_replace_days(
            "wx_insight_feedback_day",
            days,
            ["company_id", "tier_id", "state_id", "categ_id", "team_id", "channel"],
            ["feedback_count", "dissatisfied_count"],
            select,
        )

    def _wx_build_survey(self, days):
        def select(cond):
            return SQL(
                """
                SELECT %(day)s, s.company_id, %(tier)s, cp.state_id,
                       s.product_categ_id, s.team_id, COUNT(*),
                       COUNT(*) FILTER (WHERE s.state = 'answered'),
                       COUNT(*) FILTER (WHERE s.nps_group IS NOT NULL),
                       COUNT(*) FILTER (WHERE s.nps_group = 'promoter'),
                       COUNT(*) FILTER (WHERE s.nps_group = 'detractor'),
                       COUNT(*) FILTER (WHERE s.state = 'answered' AND s.csat > 0),
                       COUNT(*) FILTER (WHERE s.state = 'answered' AND s.csat >= 4)
                  FROM wx_feedback_survey s
                  JOIN wx_feedback f ON f.id = s.feedback_id
                  JOIN res_partner cp ON cp.id = s.commercial_partner_id
                 WHERE s.sent_at IS NOT NULL AND %(in_days)s
                 GROUP BY 1, 2, 3, 4, 5, 6
                """,
                day=_day(SQL("s.sent_at")),
                tier=self._wx_feedback_tier("f", "cp"),
                in_days=cond(SQL("s.sent_at")),
            )

        self._wx_replace_days(
            "wx_insight_survey_day",
            days,
            ["company_id", "tier_id", "state_id", "categ_id", "team_id"],
            [
                "sent_count",
                "answered_count",
                "nps_count",
                "promoter_count",
                "detractor_count",
                "csat_count",
                "csat_satisfied_count",
            ],
            select,
        )

    def _wx_build_sla(self, days):
        def select(cond):
            return SQL(
                """
                SELECT %(day)s, l.company_id, %(tier)s, cp.state_id, l.team_id,
                       l.kind, COUNT(*),
                       COUNT(*) FILTER (WHERE l.reached_at IS NOT NULL),
                       COUNT(*) FILTER (WHERE l.state = 'met'),
                       COUNT(*) FILTER (WHERE l.state = 'breached'),
                       COALESCE(SUM(l.consumed_minutes)
                                FILTER (WHERE l.reached_at IS NOT NULL), 0),
                       SUM(l.minutes)
                  FROM wx_sla_line l
                  JOIN helpdesk_ticket t ON t.id = l.ticket_id
                  LEFT JOIN res_partner p ON p.id = t.partner_id
                  LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
                 WHERE %(in_days)s
                 GROUP BY 1, 2, 3, 4, 5, 6
                """,
                day=_day(SQL("l.start_at")),
                # the tier wx_churn recorded when the ticket was opened
                tier=SQL(
                    "COALESCE(t.wx_tier_id, %s)",
                    self._wx_tier_at("cp", SQL("l.company_id"), SQL("t.create_date")),
                ),
                in_days=cond(SQL("l.start_at")),
            )

        self._wx_replace_days(
            "wx_insight_sla_day",
            days,
            ["company_id", "tier_id", "state_id", "team_id", "kind"],
            [
                "line_count",
                "reached_count",
                "met_count",
                "breached_count",
                "minutes_sum",
                "target_sum",
            ],
            select,
        )

    def _wx_build_keyword(self, days):
        def select(cond):
            return SQL(
                """
                SELECT %(day)s, k.company_id, %(tier)s, f.partner_state_id,
                       k.product_categ_id, k.team_id, k.term, COUNT(*)
                  FROM wx_nlp_keyword k
                  JOIN wx_feedback f ON f.id = k.feedback_id
                  JOIN res_partner cp ON cp.id = f.commercial_partner_id
                 WHERE %(in_days)s
                 GROUP BY 1, 2, 3, 4, 5, 6, 7
                """,
                day=_day(SQL("f.submitted_at")),
                tier=self._wx_feedback_tier("f", "cp"),
                in_days=cond(SQL("f.submitted_at")),
            )

        self._wx_replace_days(
            "wx_insight_keyword_day",
            days,
            ["company_id", "tier_id", "state_id", "categ_id", "team_id", "term"],
            ["keyword_count"],
            select,
        )

    def _wx_build_delivery(self, days):
        def select(cond):
            return SQL(
                """
                SELECT %(day)s, d.company_id, %(tier)s, d.state_id, d.region,
                       d.warehouse_id, d.carrier_id, COALESCE(d.is_late, FALSE),
                       %(lateness)s,
                       COUNT(*) FILTER (WHERE d.is_late),
                       COALESCE(SUM(%(lateness)s), 0),
                       COUNT(*),
                       COUNT(late.order_id)
                  FROM wx_delivery_record d
                  LEFT JOIN res_partner p ON p.id = d.partner_id
                  LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
                  -- a join, not "IN (...)" in the aggregate's FILTER (see above)
                  LEFT JOIN (SELECT DISTINCT order_id FROM (%(late_feedback)s)
                             AS orders(order_id)) AS late
                    ON late.order_id = d.order_id
                 WHERE d.delivered_at IS NOT NULL AND %(in_days)s
                 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
                """,
                day=_day(SQL("d.delivered_at")),
                tier=self._wx_tier_at("cp", SQL("d.company_id"), SQL("d.delivered_at")),
                late_feedback=self._wx_late_feedback_order_ids(),
                # wx_delivery's minutes (whole, rounded down) as they are
                lateness=SQL("CASE WHEN d.is_late THEN d.lateness_minutes ELSE 0 END"),
                in_days=cond(SQL("d.delivered_at")),
            )

        self._wx_replace_days(
            "wx_insight_delivery_day",
            days,
            [
                "company_id",
                "tier_id",
                "state_id",
                "region",
                "warehouse_id",
                "carrier_id",
                "is_late",
                "lateness_minutes",
            ],
            ["late_count", "lateness_total", "delivery_count", "late_feedback_count"],
            select,
        )
