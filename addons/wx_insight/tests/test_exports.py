# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

import openpyxl

from odoo.tests import tagged

from .common import WxInsightCommon


@tagged("post_install", "-at_install")
class TestInsightExports(WxInsightCommon):
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
