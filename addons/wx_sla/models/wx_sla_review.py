# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from odoo.addons.wx_feedback.access import check_rights

_logger = logging.getLogger(__name__)

# the review week runs Monday 00:00 to Sunday 24:00 in this time zone
REVIEW_TZ = "Asia/Shanghai"
URGENCY_POINTS = {"high": 5, "normal": 3, "low": 1}
TOP_PROBLEMS = 3
WORST_BREACHES = 5
STATES = [("draft", "Draft"), ("in_review", "In Review"), ("done", "Done")]
SLA_USER = "wx_sla.group_wx_sla_user"
SLA_MANAGER = "wx_sla.group_wx_sla_manager"


def week_start(day):
    """The Monday of the week of ``day``."""
    return day - timedelta(days=day.weekday())


def week_bounds_utc(date_from):
    """Naive UTC datetimes of the start and the end (excluded) of the week
    beginning on ``date_from``, in the review time zone."""
    tz = pytz.timezone(REVIEW_TZ)

    def to_utc(day):
        local = tz.localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    return to_utc(date_from), to_utc(date_from + timedelta(days=7))


class WxSlaReview(models.Model):
    """Weekly review (三级复盘) of one company's customer-service week.

    Generated every Monday for the week before (Monday to Sunday,
    Asia/Shanghai) as a snapshot:

    * the top problems, by category and by keyword, among the week's
      dissatisfied feedback (the company's rule, ``wx.feedback.
      _wx_dissatisfied_domain``) or feedback with a ticket.
      Each feedback has a severity ``max(6 - rating, urgency points)`` with
      urgency points high 5, normal 3, low 1 (none when not analysed) and a
      customer weight (``wx.feedback._wx_review_weight()``, the customer tier
      once wx_churn is installed). A problem's score is the sum of
      severity x weight over its feedback, i.e. count x average severity x
      average weight: a category with fewer but more severe feedback, or
      from more important customers, can outrank a frequent mild one;
    * the SLA attainment of the targets started in the week, per team and
      level: met / (met + breached);
    * the worst breaches of the week (most minutes over the target);
    * the action items: the open ones of the previous review carry over.
    """

    _name = "wx.sla.review"
    _description = "Weekly SLA Review"
    _inherit = ("mail.thread", "mail.activity.mixin")
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    date_from = fields.Date(string="Week From", required=True, readonly=True)
    date_to = fields.Date(string="Week To", required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        STATES, required=True, default="draft", tracking=True, index=True
    )
    generated_at = fields.Datetime(string="Figures Of", readonly=True)
    feedback_count = fields.Integer(
        string="Feedback Reviewed",
        readonly=True,
        help="Feedback of the week that was dissatisfied (the company's rule in"
        " the Customer Feedback settings) or got a ticket: the feedback the"
        " problems are ranked from.",
    )
    problem_ids = fields.One2many(
        "wx.sla.review.problem", "review_id", string="Top Problems", readonly=True
    )
    attainment_ids = fields.One2many(
        "wx.sla.review.attainment", "review_id", string="SLA Attainment", readonly=True
    )
    worst_line_ids = fields.Many2many(
        "wx.sla.line",
        "wx_sla_review_worst_line_rel",
        "review_id",
        "line_id",
        string="Worst Breaches",
        readonly=True,
        check_company=True,
        help="The breached targets started in the week with the most minutes"
        " over the target (working minutes once reached, clock minutes since"
        " the deadline while still open).",
    )
    action_ids = fields.One2many(
        "wx.sla.review.action", "review_id", string="Action Items"
    )
    attainment_total = fields.Integer(
        string="SLA Targets", compute="_compute_attainment_totals", store=True
    )
    attainment_rate = fields.Float(
        string="Attainment",
        compute="_compute_attainment_totals",
        store=True,
        aggregator="avg",
        help="Met targets over the met and breached ones started in the week.",
    )
    open_action_count = fields.Integer(
        string="Open Actions", compute="_compute_open_action_count"
    )

    _company_week_unique = models.UniqueIndex(
        "(company_id, date_from)", "There is already a review of this week."
    )

    @api.depends(
        "attainment_ids.total", "attainment_ids.met", "attainment_ids.breached"
    )
    def _compute_attainment_totals(self):
        for review in self:
            rows = review.attainment_ids
            met = sum(rows.mapped("met"))
            decided = met + sum(rows.mapped("breached"))
            review.attainment_total = sum(rows.mapped("total"))
            review.attainment_rate = met / decided if decided else 0.0

    @api.depends("action_ids.state")
    def _compute_open_action_count(self):
        for review in self:
            review.open_action_count = len(
                review.action_ids.filtered(lambda a: a.state == "open")
            )

    @api.constrains("date_from", "date_to")
    def _check_week(self):
        for review in self:
            sunday = review.date_from + timedelta(days=6)
            if review.date_from.weekday() or review.date_to != sunday:
                raise ValidationError(
                    self.env._("A review covers one week, from Monday to Sunday.")
                )

    def unlink(self):
        self.check_access("unlink")
        # items carried over into these reviews become open again where
        # they came from
        self.action_ids.unlink()
        return super().unlink()

    # ------------------------------------------------------------------ generation

    @api.model
    def _wx_generate(self, date_from, company=None):
        """The review of the week of ``date_from`` for ``company`` (default:
        the current one), generated when it does not exist yet."""
        company = company or self.env.company
        date_from = week_start(fields.Date.to_date(date_from))
        existing = self._wx_find(date_from, company)
        if existing:
            return existing
        # shared by the company's managers: written in the company's language
        Review = self.with_context(lang=company._wx_lang())
        values = {
            "name": Review._wx_week_name(date_from),
            "date_from": date_from,
            "date_to": date_from + timedelta(days=6),
            "company_id": company.id,
        }
        review = Review.create(values)
        review._wx_compute_figures()
        review._wx_carry_over_actions()
        _logger.info("SLA review %s generated for company %s", review.id, company.id)
        return self.browse(review.id)

    @api.model
    def _wx_find(self, date_from, company):
        review = self.sudo().search(
            [("company_id", "=", company.id), ("date_from", "=", date_from)], limit=1
        )
        return self.browse(review.id)

    @api.model
    def _wx_week_name(self, date_from):
        year, week, _day = date_from.isocalendar()
        return self.env._(
            "%(year)s-W%(week)s review", year=year, week=str(week).zfill(2)
        )

    def action_refresh(self):
        """Compute the figures again (a draft review only); actions stay."""
        check_rights(self, SLA_MANAGER, "write")
        for review in self:
            if review.state != "draft":
                raise UserError(
                    self.env._("Only a draft review can have its figures refreshed.")
                )
        self._wx_compute_figures()
        return True

    def _wx_compute_figures(self):
        now = fields.Datetime.now()
        for review in self:
            start, end = week_bounds_utc(review.date_from)
            feedbacks = review._wx_review_feedbacks(start, end)
            review.write(
                {
                    "generated_at": now,
                    "feedback_count": len(feedbacks),
                    "problem_ids": [Command.clear()]
                    + [
                        Command.create(values)
                        for values in self._wx_problem_values(feedbacks)
                    ],
                    "attainment_ids": [Command.clear()]
                    + [
                        Command.create(values)
                        for values in review._wx_attainment_values(start, end)
                    ],
                    "worst_line_ids": [
                        Command.set(review._wx_worst_lines(start, end, now).ids)
                    ],
                }
            )

    def _wx_review_feedbacks(self, start, end):
        """Feedback of the week that needs looking at: dissatisfied or ticketed."""
        self.ensure_one()
        Feedback = self.env["wx.feedback"].sudo()
        return Feedback.search(
            Domain("company_id", "=", self.company_id.id)
            & Domain("submitted_at", ">=", start)
            & Domain("submitted_at", "<", end)
            & (
                Feedback._wx_dissatisfied_domain(self.company_id)
                | Domain("ticket_id", "!=", False)
            )
        )

    @api.model
    def _wx_severity(self, feedback):
        """``max(6 - rating, urgency points)``: 1 (5 stars, low urgency) to 5
        (1 star or high urgency)."""
        return max(6 - feedback.rating, URGENCY_POINTS.get(feedback.nlp_urgency, 0))

    @api.model
    def _wx_problem_values(self, feedbacks):
        """Values of the top problems by category, then by keyword."""
        by_category = defaultdict(list)
        by_keyword = defaultdict(list)
        for feedback in feedbacks:
            scored = (
                feedback,
                self._wx_severity(feedback),
                feedback._wx_review_weight(),
            )
            for category in feedback.category_ids:
                by_category[category].append(scored)
            for term in set(feedback.nlp_keyword_ids.mapped("term")):
                by_keyword[term].append(scored)
        values = []
        for kind, groups in (("category", by_category), ("keyword", by_keyword)):
            rows = []
            for key, items in groups.items():
                count = len(items)
                rows.append(
                    {
                        "kind": kind,
                        "category_id": key.id if kind == "category" else False,
                        "keyword": key if kind == "keyword" else False,
                        "feedback_count": count,
                        "severity": sum(item[1] for item in items) / count,
                        "weight": sum(item[2] for item in items) / count,
                        "score": sum(item[1] * item[2] for item in items),
                        "feedback_ids": [Command.set([item[0].id for item in items])],
                        "sort_name": key.name if kind == "category" else key,
                    }
                )
            rows.sort(key=lambda r: (-r["score"], -r["feedback_count"], r["sort_name"]))
            for rank, row in enumerate(rows[:TOP_PROBLEMS], start=1):
                del row["sort_name"]
                values.append({**row, "rank": rank})
        return values

    def _wx_attainment_values(self, start, end):
        """Per team, level and target: targets started in the week and how
        many were met or breached."""
        self.ensure_one()
        groups = (
            self.env["wx.sla.line"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("start_at", ">=", start),
                    ("start_at", "<", end),
                ],
                ["team_id", "level", "name", "state"],
                ["__count"],
            )
        )
        rows = {}
        for team, level, name, state, count in groups:
            row = rows.setdefault(
                (team.id, level, name),
                {
                    "team_id": team.id,
                    "level": level,
                    "target_name": name,
                    "total": 0,
                    "met": 0,
                    "breached": 0,
                    "sort": (team.name or "", level, name),
                },
            )
            row["total"] += count
            if state in ("met", "breached"):
                row[state] += count
        values = sorted(rows.values(), key=lambda r: r.pop("sort"))
        for sequence, row in enumerate(values):
            row["sequence"] = sequence
        return values

    def _wx_worst_lines(self, start, end, now):
        self.ensure_one()
        lines = (
            self.env["wx.sla.line"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("start_at", ">=", start),
                    ("start_at", "<", end),
                    ("state", "=", "breached"),
                ]
            )
        )
        ranked = sorted(lines, key=lambda x: (-self._wx_overrun(x, now), x.id))
        return self.env["wx.sla.line"].union(*ranked[:WORST_BREACHES])

    @api.model
    def _wx_overrun(self, line, now=None):
        """Minutes over the target of a breached line: the working minutes
        used beyond the target once reached, else the clock minutes since
        the deadline."""
        if line.reached_at or not line.deadline:
            return max(line.consumed_minutes - line.minutes, 0.0)
        now = now or fields.Datetime.now()
        return max((now - line.deadline).total_seconds() / 60.0, 0.0)

    def _wx_carry_over_actions(self):
        """Copy the open actions of the previous review of the company."""
        for review in self:
            previous = self.sudo().search(
                [
                    ("company_id", "=", review.company_id.id),
                    ("date_from", "<", review.date_from),
                ],
                order="date_from desc",
                limit=1,
            )
            actions = previous.action_ids.filtered(lambda a: a.state == "open")
            if not actions:
                continue
            self.env["wx.sla.review.action"].sudo().create(
                [
                    {
                        "review_id": review.id,
                        "name": action.name,
                        "user_id": action.user_id.id,
                        "date_deadline": action.date_deadline,
                        "note": action.note,
                        "carried_from_id": action.id,
                    }
                    for action in actions
                ]
            )
            actions.state = "carried"

    # ------------------------------------------------------------------ cron

    @api.model
    def _wx_previous_week(self, now=None):
        """The Monday of the week before the one of ``now`` (review time zone)."""
        now = now or fields.Datetime.now()
        local = pytz.utc.localize(now).astimezone(pytz.timezone(REVIEW_TZ))
        return week_start(local.date()) - timedelta(days=7)

    @api.model
    def _cron_generate_weekly(self):
        """Generate last week's review of every company and give its managers
        a to-do activity."""
        companies = self.env["res.company"].sudo().search([("active", "=", True)])
        date_from = self._wx_previous_week()
        for done, company in enumerate(companies, start=1):
            if not self._wx_find(date_from, company):
                review = self._wx_generate(date_from, company)
                review._wx_schedule_manager_activities()
            remaining = len(companies) - done
            if self.env["ir.cron"]._commit_progress(1, remaining=remaining) <= 0:
                break

    def _wx_managers(self):
        self.ensure_one()
        group = self.env.ref("wx_sla.group_wx_sla_manager")
        return group.sudo().all_user_ids.filtered(
            lambda u: u.active and not u.share and self.company_id in u.company_ids
        )

    def _wx_schedule_manager_activities(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        for review in self:
            today = pytz.utc.localize(fields.Datetime.now()).astimezone(
                pytz.timezone(REVIEW_TZ)
            )
            for user in review._wx_managers():
                # in the manager's language
                user_env = self.with_context(
                    lang=review.company_id._wx_lang(recipient=user)
                ).env
                review.activity_schedule(
                    activity_type_id=todo.id,
                    date_deadline=today.date(),
                    summary=user_env._("Weekly SLA review"),
                    note=user_env._(
                        "Review the week %(name)s: top problems, SLA attainment,"
                        " worst breaches and action items.",
                        name=review.name,
                    ),
                    user_id=user.id,
                )

    # ------------------------------------------------------------------ buttons

    def action_start_review(self):
        check_rights(self, SLA_MANAGER, "write")
        self.filtered(lambda r: r.state == "draft").state = "in_review"
        return True

    def action_done(self):
        check_rights(self, SLA_MANAGER, "write")
        for review in self:
            if review.state != "in_review":
                raise UserError(
                    self.env._("Only a review in progress can be marked as done.")
                )
            missing = review.action_ids.filtered(
                lambda a: a.state == "open" and not (a.user_id and a.date_deadline)
            )
            if missing:
                raise UserError(
                    self.env._(
                        "Every open action item needs an owner and a due date:"
                        " %(items)s",
                        items=", ".join(missing.mapped("name")),
                    )
                )
        self.state = "done"
        # the managers' "review the week" to-dos are fulfilled
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_reset_draft(self):
        check_rights(self, SLA_MANAGER, "write")
        self.state = "draft"
        return True

    def action_export_xlsx(self):
        check_rights(self, SLA_USER)
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/wx_sla/review/{self.id}/xlsx",
            "target": "download",
        }

    # ------------------------------------------------------------------ export

    def _wx_xlsx_filename(self):
        self.ensure_one()
        return f"{self.name}.xlsx"

    def _wx_xlsx(self):
        """The review as an XLSX workbook (bytes), read as the current user."""
        self.ensure_one()
        import xlsxwriter  # external dependency of the addon

        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF4"})
        percent = workbook.add_format({"num_format": "0.0%"})
        number = workbook.add_format({"num_format": "0.00"})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})

        def sheet(name, headers, rows, formats=None):
            worksheet = workbook.add_worksheet(name)
            worksheet.write_row(0, 0, headers, bold)
            worksheet.set_column(0, len(headers) - 1, 16)
            worksheet.freeze_panes(1, 0)
            for row_index, row in enumerate(rows, start=1):
                for col, value in enumerate(row):
                    cell_format = (formats or {}).get(col)
                    if value is False or value is None:
                        worksheet.write_blank(row_index, col, None, cell_format)
                    elif isinstance(value, datetime):
                        worksheet.write_datetime(row_index, col, value, cell_format)
                    elif hasattr(value, "isoformat"):
                        worksheet.write_datetime(
                            row_index,
                            col,
                            datetime.combine(value, time.min),
                            cell_format,
                        )
                    else:
                        worksheet.write(row_index, col, value, cell_format)

        kinds = dict(
            self.env["wx.sla.review.problem"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        sheet(
            "Problems",
            [
                self.env._("Kind"),
                self.env._("Rank"),
                self.env._("Problem"),
                self.env._("Feedback"),
                self.env._("Avg. Severity"),
                self.env._("Avg. Weight"),
                self.env._("Score"),
            ],
            [
                (
                    kinds.get(p.kind),
                    p.rank,
                    p.name,
                    p.feedback_count,
                    p.severity,
                    p.weight,
                    p.score,
                )
                for p in self.problem_ids
            ],
            {4: number, 5: number, 6: number},
        )
        sheet(
            "Attainment",
            [
                self.env._("Team"),
                self.env._("Level"),
                self.env._("Target"),
                self.env._("Targets"),
                self.env._("Met"),
                self.env._("Breached"),
                self.env._("Open"),
                self.env._("Attainment"),
            ],
            [
                (
                    a.team_id.name or self.env._("No team"),
                    a.level,
                    a.target_name,
                    a.total,
                    a.met,
                    a.breached,
                    a.open_count,
                    a.rate,
                )
                for a in self.attainment_ids
            ],
            {7: percent},
        )
        tz = pytz.timezone(REVIEW_TZ)

        def local(value):
            if not value:
                return False
            return pytz.utc.localize(value).astimezone(tz).replace(tzinfo=None)

        sheet(
            "Breaches",
            [
                self.env._("Ticket"),
                self.env._("Team"),
                self.env._("Level"),
                self.env._("Target"),
                self.env._("Target (min)"),
                self.env._("Started"),
                self.env._("Deadline"),
                self.env._("Reached"),
                self.env._("Minutes Over"),
            ],
            [
                (
                    self._wx_ticket_label(line),
                    line.team_id.name or "",
                    line.level,
                    line.name,
                    line.minutes,
                    local(line.start_at),
                    local(line.deadline),
                    local(line.reached_at),
                    round(self._wx_overrun(line), 1),
                )
                for line in self._wx_worst_lines_sorted()
            ],
            {5: datetime_format, 6: datetime_format, 7: datetime_format},
        )
        states = dict(
            self.env["wx.sla.review.action"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        sheet(
            "Actions",
            [
                self.env._("Action"),
                self.env._("Owner"),
                self.env._("Due"),
                self.env._("Status"),
                self.env._("Carried Over"),
                self.env._("Note"),
            ],
            [
                (
                    a.name,
                    a.user_id.name or "",
                    a.date_deadline,
                    states.get(a.state),
                    self.env._("Yes") if a.carried_from_id else "",
                    a.note or "",
                )
                for a in self.action_ids
            ],
            {2: date_format},
        )
        workbook.close()
        return buffer.getvalue()

    @api.model
    def _wx_ticket_label(self, line):
        """Reference and title of the ticket of a breach: part of the review,
        shown to its readers even when the ticket is another team's."""
        return line.ticket_id.sudo().display_name

    def _wx_worst_lines_sorted(self):
        """The worst breaches, worst first (for the report and the export)."""
        self.ensure_one()
        return self.worst_line_ids.sorted(lambda x: (-self._wx_overrun(x), x.id))
