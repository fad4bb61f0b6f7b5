# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import WxInsightCommon


@tagged("post_install", "-at_install")
class TestInsightAccess(WxInsightCommon):
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
            board.with_context(wx_measure="nope").action_open_chart()
        action = board.with_context(wx_measure="complaint").action_open_chart()
        self.assertEqual(action["res_model"], "wx.insight.dashboard.line")
        self.assertIn(("measure", "=", "complaint"), action["domain"])
