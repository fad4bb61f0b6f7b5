# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.wx_feedback.access import FEEDBACK_USER, check_rights
from odoo.addons.wx_feedback.tools.nps import NpsResult

from ..models.wx_insight_fact_mixin import ROLLUP_BITS
from ..models.wx_insight_refresh import SHANGHAI_OFFSET, TZ
from ..tools import measures

PERIODS = [
    ("last_30", "Last 30 Days"),
    ("this_month", "This Month"),
    ("last_month", "Last Month"),
    ("this_quarter", "This Quarter"),
    ("last_12", "Last 12 Months"),
    ("custom", "Custom"),
]
TREND_MONTHS = 12
TOP_KEYWORDS = 20
P90 = 0.9
# the filters each fact table has (README: which filter applies to which measure)
FILTERS = {
    "wx.insight.complaint.day": {"tier_id", "state_id", "categ_id", "team_id"},
    "wx.insight.feedback.day": {"tier_id", "state_id", "categ_id", "team_id"},
    "wx.insight.survey.day": {"tier_id", "state_id", "categ_id", "team_id"},
    "wx.insight.sla.day": {"tier_id", "state_id", "team_id"},
    "wx.insight.keyword.day": {"tier_id", "state_id", "categ_id", "team_id"},
    "wx.insight.delivery.day": {"tier_id", "state_id"},
}
CHART_MEASURES = (
    "complaint",
    "ontime_region",
    "ontime_warehouse",
    "ontime_carrier",
    "sla",
    "trend",
    "channel",
    "keyword",
)
KPI_FIELDS = (
    "complaint",
    "complaint_amount",
    "ontime",
    "nps",
    "csat",
    "response",
    "volume",
    "sla",
)


def _measure_fields():
    """``<measure>_line_ids``: the figures of one measure (a tab, a chart)."""
    return {
        f"{measure}_line_ids": fields.One2many(
            "wx.insight.dashboard.line",
            "dashboard_id",
            domain=[("measure", "=", measure)],
        )
        for measure in ("kpi", *CHART_MEASURES)
    }


def _kpi_fields():
    result = {}
    for code in KPI_FIELDS:
        result[f"kpi_{code}"] = fields.Char(readonly=True)
        result[f"kpi_{code}_change"] = fields.Char(readonly=True)
    return result


class WxInsightDashboard(models.TransientModel):
    """The Feedback Overview: one manager's filters and the figures computed
    for them from the pre-aggregated tables (``wx.insight.*.day``), under
    the user's record rules (team leaders: their teams)."""

    _name = "wx.insight.dashboard"
    _description = "Feedback Overview"

    name = fields.Char(compute="_compute_name")
    period = fields.Selection(PERIODS, required=True, default="last_30")
    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._wx_default_dates()[0]
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: self._wx_default_dates()[1]
    )
    previous_from = fields.Date(compute="_compute_previous")
    previous_to = fields.Date(compute="_compute_previous")
    tier_id = fields.Many2one("wx.churn.tier", string="Customer Tier")
    state_id = fields.Many2one("res.country.state", string="Region (Province)")
    team_id = fields.Many2one("helpdesk.ticket.team")
    categ_id = fields.Many2one("product.category", string="Product Category")
    computed_at = fields.Datetime(readonly=True)
    tables_stamp = fields.Char(
        readonly=True,
        help="The refresh of the pre-aggregated tables the figures were read"
        " from (wx.insight.refresh's stamp).",
    )
    chart_views = fields.Json(
        compute="_compute_chart_views",
        help="Graph view of each measure, for the charts drawn in the form.",
    )
    line_ids = fields.One2many("wx.insight.dashboard.line", "dashboard_id")
    locals().update(_measure_fields())
    locals().update(_kpi_fields())

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for dashboard in self:
            if dashboard.date_from > dashboard.date_to:
                raise ValidationError(self.env._("The period ends before it starts."))

    # ------------------------------------------------------------------ period

    @api.model
    def _wx_period_dates(self, period, today=None):
        # the facts are counted by Asia/Shanghai day: so is today (a user
        # without a time zone, or elsewhere, would miss today's feedback
        # for the hours their date lags Shanghai's)
        today = today or fields.Date.context_today(self.with_context(tz=TZ))
        if period == "this_month":
            return today.replace(day=1), today
        if period == "last_month":
            return measures.last_full_month(today)
        if period == "this_quarter":
            first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
            return first, today
        if period == "last_12":
            return today.replace(day=1) - relativedelta(months=11), today
        return today - timedelta(days=29), today

    @api.model
    def _wx_default_dates(self):
        return self._wx_period_dates(self.env.context.get("default_period", "last_30"))

    @api.onchange("period")
    def _onchange_period(self):
        if self.period != "custom":
            self.date_from, self.date_to = self._wx_period_dates(self.period)

    @api.model
    def _wx_period_values(self, vals):
        """A named period sets the dates (also without the form's onchange,
        e.g. over RPC); custom keeps the dates given."""
        period = vals.get("period")
        if period and period != "custom" and period in dict(PERIODS):
            start, end = self._wx_period_dates(period)
            vals.setdefault("date_from", start)
            vals.setdefault("date_to", end)
        return vals

    @api.depends("date_from", "date_to")
    def _compute_previous(self):
        for dashboard in self:
            if dashboard.date_from and dashboard.date_to:
                try:
                    previous = measures.previous_period(
                        dashboard.date_from, dashboard.date_to
                    )
                except ValueError:
                    previous = (False, False)
            else:
                previous = (False, False)
            dashboard.previous_from, dashboard.previous_to = previous

    def _compute_chart_views(self):
        views = {
            measure: self.env.ref(
                f"wx_insight.wx_insight_dashboard_line_view_graph_{measure}"
            ).id
            for measure in CHART_MEASURES
        }
        for dashboard in self:
            dashboard.chart_views = views

    @api.depends("date_from", "date_to")
    def _compute_name(self):
        for dashboard in self:
            dashboard.name = self.env._(
                "Feedback Overview %(start)s - %(end)s",
                start=dashboard.date_from,
                end=dashboard.date_to,
            )

    # ------------------------------------------------------------------ ORM

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        for vals in vals_list:
            self._wx_period_values(vals)
        dashboards = super().create(vals_list)
        dashboards._wx_compute()
        return dashboards

    def write(self, vals):
        self.check_access("write")
        vals = self._wx_period_values(dict(vals))
        result = super().write(vals)
        if {"date_from", "date_to", "tier_id", "state_id", "team_id", "categ_id"} & set(
            vals
        ):
            self._wx_compute()
        return result

    # ------------------------------------------------------------------ actions

    def action_refresh(self):
        """Apply Filters: compute the figures of the dashboards whose figures
        are not those of their filters and of the tables as last refreshed.

        The form saves changed filters before it calls the button, and
        ``write`` computes the figures for them then: computing again here
        would do the same work twice. Without a filter change, the figures
        are computed again only when the tables were refreshed since."""
        check_rights(self, FEEDBACK_USER, "write")
        stamp = self.env["wx.insight.refresh"]._wx_stamp() or False
        self.filtered(lambda d: d.tables_stamp != stamp)._wx_compute()
        return True

    def action_export_xlsx(self):
        """Every measure of the dashboard, with its filters, as XLSX."""
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        return self.env.ref("wx_insight.wx_insight_dashboard_xlsx").report_action(self)

    def action_print_pdf(self):
        """The management report (Chinese) of the dashboard's period."""
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        return self.env.ref("wx_insight.wx_insight_dashboard_pdf").report_action(self)

    @api.model
    def action_open_overview(self):
        """The menu's entry: a dashboard of the last 30 days, computed under
        the user's rules, opened in its form."""
        check_rights(self, FEEDBACK_USER, "create")
        dashboard = self.create({"period": "last_30"})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Feedback Overview"),
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_open_kpi(self):
        """The records behind a KPI tile (``wx_kpi`` in the button's
        context): the same drill-down as the tile's measure."""
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        code = self.env.context.get("wx_kpi")
        line = self.kpi_line_ids.filtered(lambda kpi: kpi.code == code)[:1]
        if code not in KPI_FIELDS or not line:
            raise UserError(self.env._("Unknown figure: %(code)s", code=code))
        return self._wx_drill_action(line)

    # ------------------------------------------------------------------ figures

    def _wx_domain(self, model, date_from, date_to, team_rows=False, keep=()):
        """The dashboard's filters on a fact table, for the period given, on
        the rows summed over every filter dimension neither filtered nor in
        ``keep`` (the widget's groupby). ``team_rows``: rows without team
        (delivered lines) stay in under a team filter."""
        self.ensure_one()
        domain = self._wx_period_domain(date_from, date_to)
        available = FILTERS[model]
        rolled = 0
        for name in self.env[model]._wx_rollup_fields:
            if name not in keep and not (name in available and self[name]):
                rolled |= ROLLUP_BITS[name]
        domain &= Domain("rolled_up", "=", rolled)
        if self.tier_id and "tier_id" in available:
            domain &= Domain("tier_id", "=", self.tier_id.id)
        if self.state_id and "state_id" in available:
            domain &= Domain("state_id", "=", self.state_id.id)
        if self.categ_id and "categ_id" in available:
            domain &= Domain("categ_id", "child_of", self.categ_id.id)
        if self.team_id and "team_id" in available:
            teams = [self.team_id.id, False] if team_rows else [self.team_id.id]
            domain &= Domain("team_id", "in", teams)
        return domain

    @api.model
    def _wx_period_domain(self, date_from, date_to):
        """The rows of a fact table that hold the period: the month rows of
        its whole months and the day rows of the days left at either end."""
        day_ranges, months = measures.split_period(date_from, date_to)
        parts = [
            Domain("grain", "=", "day")
            & Domain("day", ">=", low)
            & Domain("day", "<=", high)
            for low, high in day_ranges
        ]
        if months:
            parts.append(
                Domain("grain", "=", "month")
                & Domain("day", ">=", months[0])
                & Domain("day", "<=", months[1])
            )
        return Domain.OR(parts)

    def _wx_sums(self, model, groupby, aggregates, period="current", **kwargs):
        """``{group key: (sums...)}`` of ``aggregates`` over a fact table
        under the filters, for the current or previous period (the user's
        record rules apply: ``_read_group`` as the user)."""
        start, end = (
            (self.date_from, self.date_to)
            if period == "current"
            else (self.previous_from, self.previous_to)
        )
        extra = kwargs.pop("domain", None)
        domain = self._wx_domain(model, start, end, keep=groupby, **kwargs)
        if extra is not None:
            domain &= extra
        rows = self.env[model]._read_group(domain, groupby, aggregates)
        if not groupby:
            return {None: tuple(v or 0 for v in rows[0])}
        size = len(groupby)
        return {
            (row[0] if size == 1 else row[:size]): tuple(v or 0 for v in row[size:])
            for row in rows
        }

    def _wx_widgets(self):
        """``(name, method)`` of every widget's figures (the bench times
        each one)."""
        return [
            ("complaint", self._wx_complaint),
            ("ontime_region", self._wx_ontime_region),
            ("ontime_warehouse", self._wx_ontime_warehouse),
            ("ontime_carrier", self._wx_ontime_carrier),
            ("sla", self._wx_sla),
            ("trend", self._wx_trend),
            ("channel", self._wx_channel),
            ("keyword", self._wx_keywords),
        ]

    def _wx_compute(self):
        """Recompute every figure for the current filters."""
        Line = self.env["wx.insight.dashboard.line"]
        stamp = self.env["wx.insight.refresh"]._wx_stamp() or False
        for dashboard in self:
            dashboard.line_ids.unlink()
            values, kpis = [], {}
            for _name, builder in dashboard._wx_widgets():
                rows, found = builder()
                values += rows
                kpis.update(found)
            titles = dashboard._wx_kpi_titles()
            for sequence, code in enumerate(KPI_FIELDS):
                current, previous, digits, unit = kpis[code]
                values.append(
                    dashboard._wx_line(
                        "kpi",
                        sequence,
                        code,
                        0,
                        titles[code],
                        current=current,
                        previous=previous,
                    )
                )
                kpis[code] = (
                    "-" if current is None else f"{current:,.{digits}f}{unit}",
                    measures.format_change(
                        measures.change(current, previous), digits, unit
                    ),
                )
            Line.create(values)
            update = {
                "computed_at": fields.Datetime.now(),
                "tables_stamp": stamp,
            }
            for code, (shown, change) in kpis.items():
                update[f"kpi_{code}"] = shown
                update[f"kpi_{code}_change"] = change
            dashboard.write(update)

    def _wx_kpi_titles(self):
        return {
            "complaint": self.env._("Complaints per 10,000 lines"),
            "complaint_amount": self.env._("Complaints per 10,000 CNY"),
            "ontime": self.env._("On-time delivery"),
            "nps": self.env._("NPS"),
            "csat": self.env._("CSAT"),
            "response": self.env._("Survey response rate"),
            "volume": self.env._("Feedback volume"),
            "sla": self.env._("SLA attainment"),
        }

    def _wx_line(
        self,
        measure,
        sequence,
        code,
        key_id,
        label,
        current=None,
        previous=None,
        **more,
    ):
        values = {
            "dashboard_id": self.id,
            "measure": measure,
            "sequence": sequence,
            "code": str(code) if code is not None else False,
            "key_id": key_id or 0,
            "label": label or "",
            "value": current or 0.0,
            "has_value": current is not None,
            "previous": previous or 0.0,
            "has_previous": previous is not None,
            "change": measures.change(current, previous) or 0.0,
        }
        for name in ("value2", "value3"):
            if name in more:
                raw = more.pop(name)
                values[name] = raw or 0.0
                values[f"has_{name}"] = more.pop(f"has_{name}", raw is not None)
        values.update(more)
        return values

    def _wx_complaint(self):
        model = "wx.insight.complaint.day"
        aggregates = ["line_count:sum", "amount:sum", "dissatisfied_count:sum"]
        current = self._wx_sums(model, ["categ_id"], aggregates, team_rows=True)
        previous = self._wx_sums(
            model, ["categ_id"], aggregates, "previous", team_rows=True
        )
        rows = []
        categs = sorted(
            set(current) | set(previous), key=lambda c: (c.complete_name or "", c.id)
        )
        totals = [0, 0, 0]
        previous_totals = [0, 0, 0]
        for sequence, categ in enumerate(categs):
            lines, amount, complaints = current.get(categ, (0, 0, 0))
            p_lines, _p_amount, p_complaints = previous.get(categ, (0, 0, 0))
            totals = [
                a + b for a, b in zip(totals, (lines, amount, complaints), strict=True)
            ]
            previous_totals = [
                a + b
                for a, b in zip(
                    previous_totals, previous.get(categ, (0, 0, 0)), strict=True
                )
            ]
            per_amount = measures.rate(complaints, amount, measures.PER_AMOUNT)
            rows.append(
                self._wx_line(
                    "complaint",
                    sequence,
                    categ.id,
                    categ.id,
                    categ.display_name,
                    current=measures.rate(complaints, lines, measures.PER_LINES),
                    previous=measures.rate(p_complaints, p_lines, measures.PER_LINES),
                    total=lines,
                    hits=complaints,
                    amount=amount,
                    value2=per_amount,
                    has_value2=per_amount is not None,
                    value4=p_complaints,
                )
            )
        kpis = {
            "complaint": (
                measures.rate(totals[2], totals[0], measures.PER_LINES),
                measures.rate(
                    previous_totals[2], previous_totals[0], measures.PER_LINES
                ),
                1,
                "",
            ),
            "complaint_amount": (
                measures.rate(totals[2], totals[1], measures.PER_AMOUNT),
                measures.rate(
                    previous_totals[2], previous_totals[1], measures.PER_AMOUNT
                ),
                2,
                "",
            ),
        }
        return rows, kpis

    def _wx_p90(self, dimension, date_from, date_to):
        """``{dimension value: p90 lateness}`` of the late deliveries under the
        filters (nearest rank, as ``percentile_disc``), in SQL over the
        user's readable rows."""
        Delivery = self.env["wx.insight.delivery.day"]
        domain = self._wx_domain(Delivery._name, date_from, date_to) & Domain(
            "is_late", "=", True
        )
        query = Delivery._search(domain)
        table = query.table
        inner = query.select(
            SQL(
                "%s AS dim, %s AS v, %s AS n",
                SQL.identifier(table, dimension),
                SQL.identifier(table, "lateness_minutes"),
                SQL.identifier(table, "delivery_count"),
            )
        )
        rows = self.env.execute_query(
            SQL(
                """
                WITH t AS (SELECT dim, v, SUM(n) AS n FROM (%s) AS r GROUP BY dim, v),
                c AS (SELECT dim, v,
                             SUM(n) OVER (PARTITION BY dim ORDER BY v) AS cum,
                             SUM(n) OVER (PARTITION BY dim) AS tot FROM t)
                SELECT dim, MIN(v) FROM c WHERE cum >= %s * tot GROUP BY dim
                """,
                inner,
                P90,
            )
        )
        return dict(rows)

    def _wx_ontime_region(self):
        return self._wx_ontime("ontime_region", "region")

    def _wx_ontime_warehouse(self):
        return self._wx_ontime("ontime_warehouse", "warehouse_id")

    def _wx_ontime_carrier(self):
        return self._wx_ontime("ontime_carrier", "carrier_id")

    def _wx_ontime(self, measure, dimension):
        """On-time rate, average and p90 lateness and lateness feedback per
        value of ``dimension`` (the KPI: over every delivery, with the
        region rows)."""
        model = "wx.insight.delivery.day"
        aggregates = [
            "delivery_count:sum",
            "late_count:sum",
            "lateness_total:sum",
            "late_feedback_count:sum",
        ]
        current = self._wx_sums(model, [dimension], aggregates)
        previous = self._wx_sums(model, [dimension], aggregates, "previous")
        p90 = self._wx_p90(dimension, self.date_from, self.date_to)

        def label_of(key):
            if isinstance(key, models.BaseModel):
                # the name of a warehouse or carrier, which feedback users
                # may not read otherwise (stock / sales rights)
                return key.sudo().display_name or ""
            return key or ""

        rows = []
        for sequence, key in enumerate(
            sorted(set(current) | set(previous), key=label_of)
        ):
            delivered, late, lateness, feedback = current.get(key, (0, 0, 0, 0))
            p_delivered, p_late, _lateness, _feedback = previous.get(key, (0, 0, 0, 0))
            record = isinstance(key, models.BaseModel)
            key_id = key.id if record else 0
            average = measures.rate(lateness, late)
            p90_value = p90.get(key_id if record else key)
            rows.append(
                self._wx_line(
                    measure,
                    sequence,
                    key_id if record else (key or ""),
                    key_id,
                    label_of(key) or self.env._("Undefined"),
                    current=measures.percent(delivered - late, delivered),
                    previous=measures.percent(p_delivered - p_late, p_delivered),
                    total=delivered,
                    hits=late,
                    value2=average,
                    has_value2=average is not None,
                    value3=p90_value,
                    has_value3=p90_value is not None,
                    value4=feedback,
                )
            )
        kpis = {}
        if measure == "ontime_region":
            total = [sum(v[i] for v in current.values()) for i in range(2)]
            p_total = [sum(v[i] for v in previous.values()) for i in range(2)]
            kpis["ontime"] = (
                measures.percent(total[0] - total[1], total[0]),
                measures.percent(p_total[0] - p_total[1], p_total[0]),
                1,
                "%",
            )
        return rows, kpis

    def _wx_sla(self):
        model = "wx.insight.sla.day"
        aggregates = [
            "line_count:sum",
            "reached_count:sum",
            "met_count:sum",
            "breached_count:sum",
            "minutes_sum:sum",
            "target_sum:sum",
        ]
        current = self._wx_sums(model, ["team_id", "kind"], aggregates)
        previous = self._wx_sums(model, ["team_id", "kind"], aggregates, "previous")
        kinds = dict(self.env[model]._fields["kind"]._description_selection(self.env))
        rows = []
        keys = sorted(
            set(current) | set(previous),
            key=lambda k: (k[0].display_name or "", k[1] or ""),
        )
        totals = [0, 0]
        p_totals = [0, 0]
        for sequence, key in enumerate(keys):
            team, kind = key
            count, reached, met, breached, minutes, target = current.get(key, (0,) * 6)
            _c, p_reached, p_met, p_breached, p_minutes, _t = previous.get(
                key, (0,) * 6
            )
            totals = [totals[0] + met, totals[1] + met + breached]
            p_totals = [p_totals[0] + p_met, p_totals[1] + p_met + p_breached]
            attainment = measures.percent(met, met + breached)
            rows.append(
                self._wx_line(
                    "sla",
                    sequence,
                    kind,
                    team.id,
                    team.display_name or self.env._("No team"),
                    current=measures.rate(minutes, reached),
                    previous=measures.rate(p_minutes, p_reached),
                    detail=kinds.get(kind, kind),
                    total=count,
                    hits=reached,
                    value2=measures.rate(target, count),
                    has_value2=bool(count),
                    value3=attainment,
                    has_value3=attainment is not None,
                    value4=breached,
                )
            )
        kpis = {
            "sla": (
                measures.percent(*totals),
                measures.percent(*p_totals),
                1,
                "%",
            )
        }
        return rows, kpis

    @staticmethod
    def _wx_survey_figures(sums):
        sent, answered, nps_count, promoters, detractors, csat_count, csat_ok = sums
        return (
            NpsResult(promoters, nps_count - promoters - detractors, detractors).score,
            measures.percent(csat_ok, csat_count),
            measures.percent(answered, sent),
        )

    def _wx_trend(self):
        model = "wx.insight.survey.day"
        aggregates = [
            "sent_count:sum",
            "answered_count:sum",
            "nps_count:sum",
            "promoter_count:sum",
            "detractor_count:sum",
            "csat_count:sum",
            "csat_satisfied_count:sum",
        ]
        first = self.date_to.replace(day=1) - relativedelta(months=TREND_MONTHS - 1)
        domain = self._wx_domain(model, first, self.date_to)
        groups = self.env[model]._read_group(domain, ["day:month"], aggregates)
        rows = []
        for sequence, (month, *sums) in enumerate(sorted(groups, key=lambda g: g[0])):
            nps, csat, response = self._wx_survey_figures([v or 0 for v in sums])
            rows.append(
                self._wx_line(
                    "trend",
                    sequence,
                    fields.Date.to_string(month),
                    0,
                    month.strftime("%Y-%m"),
                    current=nps,
                    total=sums[0],
                    hits=sums[1],
                    value2=csat,
                    has_value2=csat is not None,
                    value3=response,
                    has_value3=response is not None,
                )
            )
        current = self._wx_survey_figures(self._wx_sums(model, [], aggregates)[None])
        previous = self._wx_survey_figures(
            self._wx_sums(model, [], aggregates, "previous")[None]
        )
        kpis = {
            "nps": (current[0], previous[0], 1, ""),
            "csat": (current[1], previous[1], 1, "%"),
            "response": (current[2], previous[2], 1, "%"),
        }
        return rows, kpis

    def _wx_channel(self):
        model = "wx.insight.feedback.day"
        aggregates = ["feedback_count:sum", "dissatisfied_count:sum"]
        current = self._wx_sums(model, ["channel"], aggregates)
        previous = self._wx_sums(model, ["channel"], aggregates, "previous")
        names = dict(
            self.env[model]._fields["channel"]._description_selection(self.env)
        )
        rows = []
        for sequence, channel in enumerate(sorted(set(current) | set(previous))):
            count, dissatisfied = current.get(channel, (0, 0))
            p_count = previous.get(channel, (0, 0))[0]
            rows.append(
                self._wx_line(
                    "channel",
                    sequence,
                    channel,
                    0,
                    names.get(channel, channel),
                    current=count,
                    previous=p_count,
                    total=count,
                    hits=dissatisfied,
                )
            )
        total = sum(v[0] for v in current.values())
        p_total = sum(v[0] for v in previous.values())
        return rows, {"volume": (total, p_total, 0, "")}

    def _wx_keywords(self):
        model = "wx.insight.keyword.day"
        domain = self._wx_domain(model, self.date_from, self.date_to)
        groups = self.env[model]._read_group(
            domain,
            ["term"],
            ["keyword_count:sum"],
            order="keyword_count:sum desc, term",
            limit=TOP_KEYWORDS,
        )
        terms = [term for term, _count in groups]
        previous = {}
        if terms:
            previous = self._wx_sums(
                model,
                ["term"],
                ["keyword_count:sum"],
                "previous",
                domain=Domain("term", "in", terms),
            )
        rows = [
            self._wx_line(
                "keyword",
                sequence,
                term,
                0,
                term,
                current=count,
                previous=previous.get(term, (0,))[0],
                total=count,
            )
            for sequence, (term, count) in enumerate(groups)
        ]
        return rows, {}

    # ------------------------------------------------------------------ drill-down

    def _wx_utc_bounds(self, date_from=None, date_to=None):
        start = datetime.combine(date_from or self.date_from, time()) - SHANGHAI_OFFSET
        end = (
            datetime.combine(date_to or self.date_to, time())
            + timedelta(days=1)
            - SHANGHAI_OFFSET
        )
        return start, end

    def _wx_partner_domain(self, prefix):
        domain = Domain.TRUE
        if self.tier_id:
            domain &= Domain(f"{prefix}.wx_tier_id", "=", self.tier_id.id)
        if self.state_id:
            domain &= Domain(f"{prefix}.state_id", "=", self.state_id.id)
        return domain

    def _wx_drill_action(self, line):
        """Window action on the records behind ``line``."""
        self.ensure_one()
        measure = line.measure
        code = line.code if measure != "kpi" else None
        if measure == "kpi":
            measure = {
                "complaint": "complaint",
                "complaint_amount": "complaint",
                "ontime": "ontime_region",
                "sla": "sla",
                "nps": "trend",
                "csat": "trend",
                "response": "trend",
                "volume": "channel",
            }[line.code]
        if measure.startswith("ontime"):
            model, domain = self._wx_drill_delivery(line, measure, code)
        else:
            model, domain = {
                "complaint": self._wx_drill_feedback,
                "channel": self._wx_drill_feedback,
                "sla": self._wx_drill_sla,
                "trend": self._wx_drill_survey,
                "keyword": self._wx_drill_keyword,
            }[measure](line, measure, code)
        self.env[model].check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": line.label or line.display_name,
            "res_model": model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": list(domain),
            "context": {"create": False},
        }

    def _wx_in_period(self, field, start=None, end=None):
        if start is None:
            start, end = self._wx_utc_bounds()
        return Domain(field, ">=", start) & Domain(field, "<", end)

    def _wx_drill_feedback(self, line, measure, code):
        domain = self._wx_in_period("submitted_at") & self._wx_partner_domain(
            "commercial_partner_id"
        )
        if self.team_id:
            domain &= Domain("team_id", "=", self.team_id.id)
        if self.categ_id:
            domain &= Domain("product_categ_ids", "child_of", self.categ_id.id)
        if measure == "complaint":
            domain &= self.env["wx.feedback"]._wx_dissatisfied_domain()
            if code:
                domain &= Domain("product_categ_ids", "in", [line.key_id])
        elif code:
            domain &= Domain("channel", "=", code)
        return "wx.feedback", domain

    def _wx_drill_delivery(self, line, measure, code):
        domain = self._wx_in_period("delivered_at") & self._wx_partner_domain(
            "partner_id.commercial_partner_id"
        )
        if self.state_id:
            domain &= Domain("state_id", "=", self.state_id.id)
        if code:
            field = {
                "ontime_region": "region",
                "ontime_warehouse": "warehouse_id",
                "ontime_carrier": "carrier_id",
            }[measure]
            value = line.key_id if field != "region" else line.code
            domain &= Domain(field, "=", value or False)
        return "wx.delivery.record", domain

    def _wx_drill_sla(self, line, measure, code):
        domain = self._wx_in_period("start_at") & self._wx_partner_domain(
            "ticket_id.partner_id.commercial_partner_id"
        )
        team = line.key_id if code else self.team_id.id
        if team:
            domain &= Domain("team_id", "=", team)
        if code:
            domain &= Domain("kind", "=", code)
        return "wx.sla.line", domain

    def _wx_drill_survey(self, line, measure, code):
        if code:
            month = fields.Date.to_date(code)
            period = self._wx_in_period(
                "sent_at",
                *self._wx_utc_bounds(month, month + relativedelta(months=1, days=-1)),
            )
        else:
            period = self._wx_in_period("sent_at")
        domain = period & self._wx_partner_domain("commercial_partner_id")
        if self.team_id:
            domain &= Domain("team_id", "=", self.team_id.id)
        if self.categ_id:
            domain &= Domain("product_categ_id", "child_of", self.categ_id.id)
        return "wx.feedback.survey", domain

    def _wx_drill_keyword(self, line, measure, code):
        domain = (
            self._wx_in_period("date")
            & Domain("term", "=", line.code)
            & self._wx_partner_domain("feedback_id.commercial_partner_id")
        )
        if self.team_id:
            domain &= Domain("team_id", "=", self.team_id.id)
        if self.categ_id:
            domain &= Domain("product_categ_id", "child_of", self.categ_id.id)
        return "wx.nlp.keyword", domain
