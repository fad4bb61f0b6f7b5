# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from unittest.mock import patch

import openpyxl
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.wx_churn.tests.common import tier_changes

from ..wizards.wx_insight_dashboard import WxInsightDashboard
from .common import PREVIOUS, WxInsightCommon, utc


@tagged("post_install", "-at_install")
class TestInsight(WxInsightCommon):
    """Every measure on the hand-counted fixture of ``WxInsightCommon``; one
    class (one fixture) for the measures, the rules and the exports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.board = cls.dashboard(user=cls.insight_manager)

    def test_previous_period(self):
        self.assertEqual((self.board.previous_from, self.board.previous_to), PREVIOUS)

    def test_today_is_shanghai_today(self):
        """Facts are counted by Asia/Shanghai day: at 00:30 in Shanghai (still
        the day before in UTC) today's feedback is in the period, whatever
        the user's time zone."""
        Board = self.env["wx.insight.dashboard"]
        with freeze_time("2026-12-06 16:30:00"):  # 2026-12-07 00:30 in Shanghai
            for tz in (False, "UTC", "Europe/Madrid", "Asia/Shanghai"):
                self.insight_manager.tz = tz
                start, end = Board.with_user(self.insight_manager)._wx_period_dates(
                    "last_30"
                )
                self.assertEqual(str(end), "2026-12-07", tz)
                self.assertEqual(str(start), "2026-11-08", tz)

    def test_complaint_rate_per_category(self):
        lines = self.lines(self.board, "complaint")
        fruit = lines[self.fruit.display_name]
        # 1 dissatisfied (F1) / 3 delivered lines; 1 / 5,000 CNY; February:
        # 1 (F4) / 2 lines; the undelivered line of O1 does not count
        self.assertEqual((fruit.total, fruit.hits, fruit.amount), (3, 1, 5000))
        self.assertAlmostEqual(fruit.value, 10000 / 3, places=2)
        self.assertAlmostEqual(fruit.value2, 2.0, places=4)
        self.assertAlmostEqual(fruit.previous, 5000.0, places=2)
        self.assertAlmostEqual(fruit.change, 10000 / 3 - 5000, places=2)
        veg = lines[self.veg.display_name]
        self.assertEqual((veg.total, veg.hits), (1, 1))
        self.assertAlmostEqual(veg.value, 10000.0)
        self.assertFalse(veg.has_previous)  # nothing delivered in February
        zero = lines[self.zero.display_name]
        # a complaint and no line delivered this period: no rate, not 0
        self.assertEqual((zero.total, zero.hits), (0, 1))
        self.assertFalse(zero.has_value)
        self.assertTrue(zero.has_previous)  # 0 complaints / 1 line in February
        self.assertEqual(zero.previous, 0.0)

    def test_kpi_tiles(self):
        kpis = {line.code: line for line in self.board.kpi_line_ids}
        # 3 complaint incidences (Fruit, Vegetables, Zero) / 4 lines;
        # February 1 / 3 lines
        self.assertAlmostEqual(kpis["complaint"].value, 7500.0)
        self.assertAlmostEqual(kpis["complaint"].previous, 10000 / 3, places=2)
        self.assertEqual(self.board.kpi_complaint, "7,500.0")
        self.assertEqual(self.board.kpi_complaint_change, "+4,166.7".replace(",", ""))
        # 3 feedbacks in March, 1 in February
        self.assertEqual((kpis["volume"].value, kpis["volume"].previous), (3, 1))
        self.assertEqual(self.board.kpi_volume_change, "+2")
        # surveys: NPS (1 - 1) / 2 = 0, CSAT 1/2, response 2/3; February 100s
        self.assertEqual(kpis["nps"].value, 0.0)
        self.assertEqual(kpis["nps"].previous, 100.0)
        self.assertAlmostEqual(kpis["csat"].value, 50.0)
        self.assertAlmostEqual(kpis["response"].value, 200 / 3, places=2)
        self.assertEqual(kpis["response"].previous, 100.0)
        # SLA: 1 met of 2 decided
        self.assertAlmostEqual(kpis["sla"].value, 50.0)
        self.assertFalse(kpis["sla"].has_previous)
        self.assertEqual(self.board.kpi_sla_change, "-")

    def test_sla_per_team(self):
        rows = {(line.label, line.code): line for line in self.board.sla_line_ids}
        ack = rows[(self.team_1.display_name, "acknowledge")]
        self.assertEqual((ack.total, ack.hits), (1, 1))
        self.assertEqual((ack.value, ack.value2, ack.value3), (10.0, 15.0, 100.0))
        solution = rows[(self.team_1.display_name, "solution")]
        # 2 lines, 1 reached (150 min) and breached, 1 running
        self.assertEqual((solution.total, solution.hits, solution.value4), (2, 1, 1))
        self.assertEqual(
            (solution.value, solution.value2, solution.value3), (150, 120, 0)
        )

    def test_trend_channel_keywords(self):
        trend = self.lines(self.board, "trend")
        march = trend["2026-03"]
        self.assertEqual((march.total, march.hits), (3, 2))
        self.assertEqual(march.value, 0.0)
        self.assertAlmostEqual(march.value2, 50.0)
        self.assertIn("2026-02", trend)  # twelve months up to the period's end
        channels = {line.code: line for line in self.board.channel_line_ids}
        self.assertEqual(channels["staff"].total, 1)
        self.assertEqual(channels["staff"].hits, 1)
        self.assertEqual((channels["h5"].value, channels["h5"].previous), (1, 1))
        self.assertEqual(channels["api"].total, 1)
        keywords = [
            (line.label, line.total, line.previous)
            for line in self.board.keyword_line_ids
        ]
        self.assertEqual(keywords, [("迟到", 2, 1), ("烂果", 1, 0)])

    def test_filters(self):
        # team 1: its complaints (F1) and every delivered line
        board = self.dashboard(user=self.insight_manager, team_id=self.team_1.id)
        lines = self.lines(board, "complaint")
        self.assertEqual(lines[self.fruit.display_name].hits, 1)
        self.assertEqual(lines[self.fruit.display_name].total, 3)
        self.assertEqual(lines[self.zero.display_name].hits, 0)
        self.assertEqual(
            {line.label for line in board.sla_line_ids}, {self.team_1.display_name}
        )
        # the product category filter
        board = self.dashboard(user=self.insight_manager, categ_id=self.veg.id)
        self.assertEqual(set(self.lines(board, "complaint")), {self.veg.display_name})
        # tier and region: the customer is VIP in Fujian
        board = self.dashboard(
            user=self.insight_manager, tier_id=self.vip.id, state_id=self.fujian.id
        )
        self.assertEqual(len(board.complaint_line_ids), 3)
        if self.other_tier:
            board = self.dashboard(
                user=self.insight_manager, tier_id=self.other_tier.id
            )
            self.assertFalse(board.complaint_line_ids)
            self.assertEqual(board.kpi_complaint, "-")
        board = self.dashboard(user=self.insight_manager, state_id=self.guangdong.id)
        self.assertFalse(
            board.complaint_line_ids | board.channel_line_ids | board.sla_line_ids
        )
        self.assertEqual(board.kpi_volume, "0")

    def test_incremental_refresh(self):
        self.refresh()
        # F2 becomes dissatisfied: only its day is recomputed
        self.env.cr.execute(
            "UPDATE wx_feedback SET rating = 3, write_date = %s WHERE id = %s",
            [fields.Datetime.now(), self.f2.id],
        )
        self.env.invalidate_all()
        days = self.env["wx.insight.refresh"]._wx_refresh()
        self.assertGreaterEqual(days, 1)
        board = (
            self.env["wx.insight.dashboard"]
            .with_user(self.insight_manager)
            .with_company(self.company)
            .create(
                {"period": "custom", "date_from": "2026-03-01", "date_to": "2026-03-31"}
            )
        )
        self.assertEqual(
            self.lines(board, "complaint")[self.fruit.display_name].hits, 2
        )

    def test_summary_rows_are_sums_of_the_facts(self):
        """Rolled-up day rows and month rows (both grains, one builder) sum
        the finest day rows, after a full rebuild and after an incremental
        refresh of one day."""
        self.assertGreater(self.assertSummaryRows(), 0)
        self.env.cr.execute(
            "UPDATE wx_feedback SET rating = 3, write_date = %s WHERE id = %s",
            [fields.Datetime.now(), self.f2.id],
        )
        self.env.invalidate_all()
        self.assertGreaterEqual(self.env["wx.insight.refresh"]._wx_refresh(), 1)
        self.assertGreater(self.assertSummaryRows(), 0)

    def test_drill_down(self):
        line = self.lines(self.board, "complaint")[self.fruit.display_name]
        action = line.with_user(self.insight_manager).action_open_records()
        self.assertEqual(action["res_model"], "wx.feedback")
        found = (
            self.env["wx.feedback"]
            .with_user(self.insight_manager)
            .search(action["domain"])
        )
        self.assertEqual(found, self.f1)
        channel = self.board.channel_line_ids.filtered(lambda x: x.code == "h5")
        action = channel.with_user(self.insight_manager).action_open_records()
        self.assertEqual(
            self.env["wx.feedback"]
            .with_user(self.insight_manager)
            .search(action["domain"]),
            self.f2,
        )
        keyword = self.board.keyword_line_ids.filtered(lambda x: x.label == "迟到")
        action = keyword.with_user(self.insight_manager).action_open_records()
        self.assertEqual(
            len(
                self.env["wx.nlp.keyword"]
                .with_user(self.insight_manager)
                .search(action["domain"])
            ),
            2,
        )
        sla = self.board.sla_line_ids.filtered(lambda x: x.code == "solution")
        action = sla.with_user(self.insight_manager).action_open_records()
        self.assertEqual(
            len(
                self.env["wx.sla.line"]
                .with_user(self.insight_manager)
                .search(action["domain"])
            ),
            2,
        )

    def test_period_across_months(self):
        """10 February - 31 March: February's days from the day rows, March
        from its month row. Fruit: O4's 2 lines and F4 (11 February) with
        March's 3 lines and F1; the tables hold March once per grain."""
        board = self.dashboard(
            user=self.insight_manager, date_from="2026-02-10", date_to="2026-03-31"
        )
        fruit = self.lines(board, "complaint")[self.fruit.display_name]
        self.assertEqual((fruit.total, fruit.hits, fruit.amount), (5, 2, 7000))
        self.assertAlmostEqual(fruit.value, 4000.0)
        channels = {line.code: line.total for line in board.channel_line_ids}
        self.assertEqual(channels, {"staff": 1, "h5": 2, "api": 1})
        # inside a month: day rows only
        board = self.dashboard(
            user=self.insight_manager, date_from="2026-03-11", date_to="2026-03-20"
        )
        fruit = self.lines(board, "complaint")[self.fruit.display_name]
        self.assertEqual((fruit.total, fruit.hits), (1, 1))  # O2, F1
        Complaint = self.env["wx.insight.complaint.day"]
        for grain in ("day", "month"):
            rows = Complaint.search(
                [
                    ("grain", "=", grain),
                    ("rolled_up", "=", 0),
                    ("company_id", "=", self.company.id),
                    ("day", ">=", "2026-03-01"),
                    ("day", "<=", "2026-03-31"),
                ]
            )
            self.assertEqual(sum(rows.mapped("line_count")), 4, grain)
            self.assertEqual(sum(rows.mapped("dissatisfied_count")), 3, grain)
        # summed over tier and region: March's month row per category
        rows = Complaint.search(
            [
                ("grain", "=", "month"),
                ("rolled_up", "=", 3),
                ("company_id", "=", self.company.id),
                ("day", "=", "2026-03-01"),
                ("team_id", "=", False),
            ]
        )
        self.assertEqual(
            {(row.categ_id, row.tier_id, row.state_id, row.line_count) for row in rows},
            {
                (
                    self.fruit,
                    self.env["wx.churn.tier"],
                    self.env["res.country.state"],
                    3,
                ),
                (self.veg, self.env["wx.churn.tier"], self.env["res.country.state"], 1),
            },
        )
        self.assertEqual(
            set(
                Complaint.search(
                    [("grain", "=", "month"), ("company_id", "=", self.company.id)]
                ).mapped("day")
            ),
            {fields.Date.to_date("2026-02-01"), fields.Date.to_date("2026-03-01")},
        )

    def test_tier_at_the_time(self):
        """The customer was in the other tier until 5 March, VIP since (tier
        history), and F4 recorded that other tier in February: February's
        lines and F4 count under the other tier, March's under VIP, whatever
        the customer's tier when the tables are refreshed."""
        if not self.other_tier:
            self.skipTest("a single tier")
        self.env["wx.churn.tier.history"].sudo().create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "date": utc("2026-03-05 09:00"),
                "from_tier_id": self.other_tier.id,
                "to_tier_id": self.vip.id,
                "reason": "computed",
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE wx_feedback SET wx_tier_id = %s WHERE id = %s",
            [self.other_tier.id, self.f4.id],
        )
        # the customer's tier at the refresh: the other one again
        self.env.cr.execute(
            "UPDATE res_partner SET wx_tier_id = jsonb_build_object(%s, %s)"
            " WHERE id = %s",
            [str(self.company.id), self.other_tier.id, self.customer.id],
        )
        self.env.invalidate_all()
        self.refresh()
        february = {"date_from": "2026-02-01", "date_to": "2026-02-28"}
        board = self.dashboard(
            user=self.insight_manager, tier_id=self.other_tier.id, **february
        )
        fruit = self.lines(board, "complaint")[self.fruit.display_name]
        self.assertEqual((fruit.total, fruit.hits), (2, 1))  # O4, F4
        board = self.dashboard(
            user=self.insight_manager, tier_id=self.vip.id, **february
        )
        self.assertFalse(board.complaint_line_ids)
        board = self.dashboard(user=self.insight_manager, tier_id=self.vip.id)
        fruit = self.lines(board, "complaint")[self.fruit.display_name]
        self.assertEqual((fruit.total, fruit.hits), (3, 1))  # March: O1, O2, F1
        self.assertEqual(board.kpi_volume, "3")
        # March under the other tier: nothing (February is its previous period)
        board = self.dashboard(user=self.insight_manager, tier_id=self.other_tier.id)
        self.assertEqual(
            [(line.total, line.hits) for line in board.complaint_line_ids],
            [(0, 0)] * len(board.complaint_line_ids),
        )
        self.assertEqual(board.kpi_volume, "0")

    def test_feedback_before_the_first_tier(self):
        """F1 was recorded while its customer had no tier (none stored); the
        customer got the other tier on 20 March, VIP on 25 March (tier
        history). F1 counts under the other tier, its first, both before and
        after wx_churn's nightly fill stores a tier on it (one rule)."""
        if not self.other_tier:
            self.skipTest("a single tier")
        none = self.env["wx.churn.tier"]
        tier_changes(
            self.env,
            self.customer,
            [
                (utc("2026-03-20 09:00"), none, self.other_tier),
                (utc("2026-03-25 09:00"), self.other_tier, self.vip),
            ],
            company=self.company,
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE wx_feedback SET wx_tier_id = NULL WHERE id = %s", [self.f1.id]
        )
        self.env.invalidate_all()
        for filled in (False, True):
            if filled:
                self.env["res.partner"].with_company(
                    self.company
                )._wx_fill_feedback_tiers()
                self.assertEqual(self.f1.wx_tier_id, self.other_tier)
            self.refresh()
            board = self.dashboard(
                user=self.insight_manager, tier_id=self.other_tier.id
            )
            self.assertEqual(board.kpi_volume, "1", filled)  # F1
            board = self.dashboard(user=self.insight_manager, tier_id=self.vip.id)
            self.assertEqual(board.kpi_volume, "2", filled)  # F2, F3

    # ------------------------------------------------------------ access

    def test_team_leaders_see_their_teams(self):
        board = self.dashboard(user=self.leader_1)
        lines = self.lines(board, "complaint")
        # F1 (team 1) only; every delivered line
        self.assertEqual(lines[self.fruit.display_name].hits, 1)
        self.assertEqual(lines[self.fruit.display_name].total, 3)
        self.assertEqual(lines[self.zero.display_name].hits, 0)
        self.assertEqual(
            {line.code for line in board.channel_line_ids}, {"staff", "h5"}
        )
        self.assertEqual(
            {line.label for line in board.sla_line_ids}, {self.team_1.display_name}
        )
        board = self.dashboard(user=self.leader_2)
        lines = self.lines(board, "complaint")
        self.assertEqual(lines[self.zero.display_name].hits, 1)
        self.assertEqual(lines[self.fruit.display_name].hits, 0)
        self.assertFalse(board.sla_line_ids)
        self.assertEqual(
            [line.label for line in board.keyword_line_ids],
            ["烂果", "迟到"],  # one each: by term
        )
        # a leader's filter on another team shows nothing of it
        board = self.dashboard(user=self.leader_2, team_id=self.team_1.id)
        self.assertFalse(board.sla_line_ids)
        self.assertEqual(board.kpi_volume, "0")

    def test_other_users_are_refused(self):
        with self.assertRaises(AccessError):
            self.dashboard(user=self.internal)
        with self.assertRaises(AccessError):
            self.dashboard(user=self.portal)
        board = self.dashboard(user=self.leader_1)
        with self.assertRaises(AccessError):
            board.with_user(self.leader_2).action_refresh()
        with self.assertRaises(AccessError):
            board.line_ids[:1].with_user(self.internal).action_open_records()
        with self.assertRaises(AccessError):
            self.env["wx.insight.complaint.day"].with_user(self.leader_1).create(
                {"day": "2026-03-01", "company_id": self.company.id}
            )

    def test_bad_input(self):
        with self.assertRaises(ValidationError):
            self.dashboard(
                user=self.leader_1, date_from="2026-04-01", date_to="2026-03-01"
            )
        self.env.flush_all()
        board = self.dashboard(user=self.leader_1)
        with self.assertRaises(UserError):
            board.with_context(wx_kpi="nope").action_open_kpi()
        with self.assertRaises(UserError):
            board.action_open_kpi()
        with self.assertRaises(AccessError):
            board.with_user(self.leader_2).with_context(wx_kpi="nps").action_open_kpi()

    def test_charts_in_the_overview(self):
        # every measure's chart is Odoo's graph view of the dashboard's figures
        views = self.board.chart_views
        self.assertEqual(
            set(views),
            {
                m
                for m, _l in self.env["wx.insight.dashboard.line"]
                ._fields["measure"]
                .selection
            }
            - {"kpi"},
        )
        for view_id in views.values():
            view = self.env["ir.ui.view"].browse(view_id)
            self.assertEqual(
                (view.model, view.type), ("wx.insight.dashboard.line", "graph")
            )

    def test_open_overview(self):
        Dashboard = self.env["wx.insight.dashboard"].with_company(self.company)
        action = Dashboard.with_user(self.leader_1).action_open_overview()
        board = Dashboard.with_user(self.leader_1).browse(action["res_id"])
        self.assertEqual(action["res_model"], "wx.insight.dashboard")
        self.assertEqual(board.period, "last_30")
        self.assertTrue(board.computed_at)
        self.assertEqual(len(board.kpi_line_ids), 8)
        with self.assertRaises(AccessError):
            Dashboard.with_user(self.internal).action_open_overview()

    def test_apply_filters_computes_once(self):
        """The form saves a changed filter (``write`` computes the figures
        for it), then calls Apply Filters: the figures are computed once.
        Apply Filters computes again only when the tables were refreshed
        since."""
        board = self.dashboard(user=self.insight_manager)
        computed = []
        compute = WxInsightDashboard._wx_compute

        def counted(dashboards):
            computed.extend(dashboards.ids)
            return compute(dashboards)

        with patch.object(WxInsightDashboard, "_wx_compute", counted):
            with Form(board) as form:
                form.team_id = self.team_1
            board.action_refresh()
            self.assertEqual(computed, [board.id])
            self.assertEqual(board.kpi_volume, "2")  # F1, F2
            computed.clear()
            board.action_refresh()  # nothing changed
            self.assertEqual(computed, [])
            self.refresh()
            board.action_refresh()
            self.assertEqual(computed, [board.id])
            self.assertEqual(board.kpi_volume, "2")

    def test_kpi_drill_down(self):
        # the complaint tile: March's dissatisfied feedback (F1, F3)
        action = (
            self.board.with_user(self.insight_manager)
            .with_context(wx_kpi="complaint")
            .action_open_kpi()
        )
        Feedback = self.env["wx.feedback"].with_user(self.insight_manager)
        self.assertEqual(Feedback.search(action["domain"]), self.f1 | self.f3)
        # a leader's tile: the feedback of the leader's team only
        board = self.dashboard(user=self.leader_1)
        action = board.with_context(wx_kpi="volume").action_open_kpi()
        found = (
            self.env["wx.feedback"].with_user(self.leader_1).search(action["domain"])
        )
        self.assertEqual(found, self.f1 | self.f2)
        # the SLA tile: March's SLA lines
        action = self.board.with_context(wx_kpi="sla").action_open_kpi()
        self.assertEqual(action["res_model"], "wx.sla.line")

    # ------------------------------------------------------------ exports

    def test_xlsx_content(self):
        board = self.dashboard(user=self.insight_manager, team_id=self.team_1.id)
        report = self.env.ref("wx_insight.wx_insight_dashboard_xlsx")
        content, kind = report.with_user(self.insight_manager)._render(
            report.report_name, board.ids
        )
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        filters = {
            row[0]: row[1] for row in book["Filters"].iter_rows(values_only=True)
        }
        self.assertEqual(filters["From"], "2026-03-01")
        self.assertEqual(filters["Team"], self.team_1.display_name)
        sheet = book["Complaint Rate"]
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(
            rows[0][:5],
            (
                "Product Category",
                "Delivered Lines",
                "Dissatisfied Feedback",
                "Sold (CNY)",
                "Complaints per 10,000 Lines",
            ),
        )
        by_name = {row[0]: row for row in rows[1:]}
        fruit = by_name[self.fruit.display_name]
        self.assertEqual(fruit[1:4], (3, 1, 5000))
        self.assertAlmostEqual(fruit[4], 10000 / 3, places=2)
        zero = by_name[self.zero.display_name]
        self.assertIsNone(zero[4])  # no volume: blank, not 0
        self.assertEqual(zero[2], 0)  # team 1 filter: F3 is team 2's
        sheet = book["Top Keywords"]
        self.assertEqual(list(sheet.iter_rows(values_only=True))[1][:2], ("迟到", 1))

    def test_pdf_in_chinese(self):
        board = self.dashboard(user=self.insight_manager)
        report = self.env.ref("wx_insight.wx_insight_dashboard_pdf")
        html = (
            report.with_user(self.insight_manager)
            ._render_qweb_html(report.report_name, board.ids)[0]
            .decode()
        )
        self.assertIn(self.fruit.display_name, html)
        self.assertIn("Noto Sans CJK SC", html)
        self.assertIn("迟到", html)
