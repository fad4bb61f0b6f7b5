# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WxSlaCommon, sla_policy


@tagged("post_install", "-at_install")
class TestSlaMultiCompany(WxSlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_company_b()
        cls.calendar.company_id = False  # one set of business hours for both
        no_team = cls.env["helpdesk.ticket.team"]
        # first by sequence and matching any team: if company did not count,
        # it would take every ticket
        cls.policy_a = sla_policy(
            cls.env, "Company A only (test)", cls.calendar, no_team, sequence=0
        )
        cls.policy_a.company_id = cls.company_a
        cls.policy_b = sla_policy(
            cls.env,
            "Shenzhen (test)",
            cls.calendar,
            cls.team_b,
            sequence=1,
            company_id=cls.company_b.id,
        )

    def ticket_b(self, team):
        return (
            self.env["helpdesk.ticket"]
            .with_company(self.company_b)
            .create(
                {
                    "name": "荔枝到货温度偏高",
                    "description": "<p>荔枝到货温度偏高</p>",
                    "team_id": team.id if team else False,
                    "company_id": self.company_b.id,
                    "partner_id": self.contact_company_b.id,
                }
            )
        )

    def test_a_company_a_policy_never_matches_a_company_b_ticket(self):
        ticket_a = self.new_ticket()
        self.assertEqual(ticket_a.wx_sla_policy_id, self.policy_a)
        ticket_b = self.ticket_b(self.team_b)
        self.assertEqual(ticket_b.company_id, self.company_b)
        self.assertFalse(self.policy_a._wx_matches(ticket_b))
        self.assertEqual(ticket_b.wx_sla_policy_id, self.policy_b)
        self.assertEqual(ticket_b.wx_sla_line_ids.policy_id, self.policy_b)
        self.assertEqual(
            set(ticket_b.wx_sla_line_ids.mapped("company_id")), {self.company_b}
        )

    def test_shared_policies_serve_every_company(self):
        ticket_b = self.ticket_b(False)
        standard = self.env.ref("wx_sla.wx_sla_policy_standard")
        self.assertFalse(standard.company_id)
        self.assertNotEqual(ticket_b.wx_sla_policy_id, self.policy_a)
        self.assertFalse(self.policy_b._wx_matches(ticket_b), "not the team")
        candidates = self.env["wx.sla.policy"]._wx_candidates(self.company_b)
        self.assertNotIn(self.policy_a, candidates)
        self.assertIn(standard, candidates)

    def test_a_policy_names_teams_of_its_company_only(self):
        with self.assertRaises(UserError):
            self.policy_a.team_ids = [Command.set(self.team_b.ids)]
        with self.assertRaises(UserError):
            self.policy_b.category_ids = [
                Command.set(
                    self.env["wx.feedback.category"]
                    .create(
                        {
                            "name": "A (test)",
                            "code": "a_only",
                            "company_id": self.company_a.id,
                        }
                    )
                    .ids
                )
            ]
