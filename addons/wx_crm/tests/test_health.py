# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from ..models.res_partner import trend
from .common import WxCrmCommon


@tagged("post_install", "-at_install")
class TestCustomerHealth(WxCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # salespeople who see their own documents only
        for user in (cls.account_manager, cls.account_manager_2):
            user.group_ids |= cls.env.ref("wx_feedback.group_wx_feedback_user")
        cls.alert_a = cls.env["wx.churn.alert"].create(
            {"partner_id": cls.customer_a.id}
        )
        cls.lead_a = cls.alert_a.wx_opportunity_id

    def test_trend(self):
        self.assertEqual(trend([9, 10], [5, 6], 0.5), "up")
        self.assertEqual(trend([3], [8, 9], 0.5), "down")
        self.assertEqual(trend([7], [7.2], 0.5), "stable")
        self.assertFalse(trend([], [7], 0.5))

    def test_winback_count_respects_record_rules(self):
        self.assertEqual(
            self.customer_a.with_user(self.account_manager).wx_winback_count, 1
        )
        # account manager 2 sees only their own opportunities
        self.assertEqual(
            self.customer_a.with_user(self.account_manager_2).wx_winback_count, 0
        )
        action = self.customer_a.with_user(
            self.account_manager
        ).action_wx_winback_opportunities()
        self.assertEqual(
            self.env["crm.lead"]
            .with_user(self.account_manager)
            .with_context(active_test=False)
            .search(action["domain"]),
            self.lead_a,
        )

    @freeze_time("2026-03-05 02:00:00")
    def test_feedback_counts_and_last_dissatisfied(self):
        bad, good = self.streak(1, 5, start="2026-03-03 02:00:00")
        partner = self.customer_a.with_user(self.account_manager)
        self.assertEqual(partner.wx_open_feedback_count, 2)
        self.assertEqual(partner.wx_last_dissatisfied_feedback_id, bad)
        lead = self.lead_a.with_user(self.account_manager)
        self.assertEqual(lead.wx_open_feedback_count, 2)
        self.assertEqual(lead.wx_last_dissatisfied_feedback_id, bad)
        action = lead.action_wx_open_feedback()
        self.assertEqual(self.env["wx.feedback"].search(action["domain"]), bad | good)
        # a salesperson without feedback access counts nothing
        seller = new_test_user(
            self.env, login="wx_crm-seller", groups="sales_team.group_sale_salesman"
        )
        self.assertEqual(self.customer_a.with_user(seller).wx_open_feedback_count, 0)

    def test_open_tickets_counted(self):
        self.env["helpdesk.ticket"].create(
            {
                "name": "Bruised mangoes (test)",
                "description": "x",
                "partner_id": self.contact_a.id,
            }
        )
        self.assertEqual(self.customer_a.wx_open_ticket_count, 1)
        self.assertEqual(self.customer_b.wx_open_ticket_count, 0)

    def test_ticket_shows_the_open_winback(self):
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Late (test)", "description": "x", "partner_id": self.contact_a.id}
        )
        self.assertEqual(ticket.wx_winback_lead_id, self.lead_a)
        self.lead_a.action_set_won()
        ticket.invalidate_recordset()
        self.assertFalse(ticket.wx_winback_lead_id)

    def test_pipeline_groups_by_churn_risk(self):
        groups = self.env["crm.lead"]._read_group(
            [("wx_winback", "=", True), ("partner_id", "=", self.customer_a.id)],
            ["wx_churn_risk"],
            ["__count"],
        )
        self.assertIn(("high", 1), groups)
        self.alert_a.outcome_note = "ok"
        self.alert_a.action_won_back()
        self.assertNotEqual(self.lead_a.wx_churn_risk, "high")
