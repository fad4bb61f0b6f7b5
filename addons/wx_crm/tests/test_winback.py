# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from ..hooks import post_init_hook
from .common import WxCrmCommon


@tagged("post_install", "-at_install")
class TestWinback(WxCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.confirmed_order(cls.customer_a, 120_000)
        cls.old_order = cls.confirmed_order(
            cls.customer_a, 50_000, date="2024-01-10 02:00:00"
        )

    def alert(self, partner=None):
        return self.env["wx.churn.alert"].create(
            {"partner_id": (partner or self.customer_a).id}
        )

    @freeze_time("2026-03-05 02:00:00")
    def test_streak_opens_one_winback_opportunity(self):
        feedbacks = self.streak(1, 2, 1)
        alert = self.alerts()
        self.assertEqual(len(alert), 1)
        lead = alert.wx_opportunity_id
        self.assertEqual(lead, self.winbacks())
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.stage_id, self.stage_open)
        self.assertIn(self.tag, lead.tag_ids)
        self.assertEqual(lead.user_id, self.account_manager)
        self.assertEqual(lead.company_id, self.env.company)
        self.assertEqual(lead.wx_churn_alert_ids, alert)
        self.assertEqual(
            lead.wx_feedback_ids, self.env["wx.feedback"].concat(*feedbacks)
        )
        self.assertEqual(lead.wx_coupon_id, alert.coupon_id)
        self.assertIn(feedbacks[0].name, lead.description)
        self.assertEqual(lead.wx_churn_risk, "high", "an open churn alert")

    def test_no_copy_of_the_customer_contact_details(self):
        self.customer_a.write(
            {"email": "caigou@yonghui.example", "phone": "13905910318"}
        )
        lead = self.alert().wx_opportunity_id
        self.assertFalse(lead.email_from)
        self.assertFalse(lead.phone)
        self.assertFalse(lead.partner_email_update, "no ribbon offering to sync")
        self.assertEqual(self.customer_a.email, "caigou@yonghui.example")
        # an ordinary opportunity of the same customer still copies them
        other = self.env["crm.lead"].create(
            {"name": "Plain", "type": "opportunity", "partner_id": self.customer_a.id}
        )
        self.assertEqual(other.email_from, "caigou@yonghui.example")

    def test_expected_revenue_is_trailing_twelve_month_sales(self):
        lead = self.alert().wx_opportunity_id
        # the 2024 order is outside the 12 months; wx_churn's own figure
        rows = self.env["res.partner"]._wx_tier_rows(partner_ids=[self.customer_a.id])
        self.assertEqual(lead.expected_revenue, 120_000)
        self.assertEqual(lead.expected_revenue, rows[0][1])

    def test_second_alert_reuses_the_open_opportunity(self):
        first = self.alert()
        second = self.alert()
        lead = first.wx_opportunity_id
        self.assertTrue(lead)
        self.assertEqual(second.wx_opportunity_id, lead)
        self.assertEqual(len(self.winbacks()), 1)
        self.assertEqual(lead.wx_churn_alert_ids, first | second)
        self.assertIn(second.name, lead.message_ids[0].body)
        # another customer gets its own
        other = self.alert(self.customer_b).wx_opportunity_id
        self.assertNotEqual(other, lead)
        self.assertEqual(other.user_id, self.account_manager_2)

    def test_a_closed_winback_is_not_reused(self):
        first = self.alert()
        first.wx_opportunity_id.action_set_won()
        second = self.alert()
        self.assertNotEqual(second.wx_opportunity_id, first.wx_opportunity_id)
        self.assertEqual(len(self.winbacks()), 2)

    def test_unique_index_is_the_last_guard(self):
        lead = self.alert().wx_opportunity_id
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            lead.copy({"wx_winback": True})
            self.env.flush_all()

    def test_install_hook_opens_winbacks_of_earlier_alerts(self):
        alert = self.alert()
        closed = self.alert(self.customer_b)
        closed.outcome_note = "ok"
        closed.action_lost()
        (alert | closed).wx_opportunity_id.unlink()
        post_init_hook(self.env)
        self.assertEqual(alert.wx_opportunity_id.stage_id, self.stage_open)
        self.assertFalse(closed.wx_opportunity_id, "closed alerts stay out")

    # ------------------------------------------------------------------ sync

    def test_alert_visited_moves_the_opportunity(self):
        alert = self.alert()
        alert.with_user(self.account_manager).action_visited()
        self.assertEqual(alert.wx_opportunity_id.stage_id, self.stage_visited)

    def test_opportunity_stage_moves_the_alert(self):
        alert = self.alert()
        lead = alert.wx_opportunity_id.with_user(self.account_manager)
        lead.stage_id = self.stage_visited
        self.assertEqual(alert.state, "visited")
        self.assertTrue(alert.visited_at)
        self.assertFalse(alert.activity_ids, "the visit activity is done")

    def test_opportunity_won_wins_the_alert_back(self):
        alert = self.alert()
        lead = alert.wx_opportunity_id.with_user(self.account_manager)
        lead.action_set_won()
        self.assertEqual(alert.state, "won_back")
        self.assertIn(lead.name, alert.outcome_note)
        self.assertEqual(lead.won_status, "won")
        self.assertFalse(lead.wx_winback_partner_id, "no longer the open one")

    def test_revenue_recovered_within_60_days_of_the_win(self):
        alert = self.alert()
        lead = alert.wx_opportunity_id
        with freeze_time("2026-03-05 02:00:00"):
            lead.action_set_won()
        self.assertEqual(lead.wx_recovered_amount, 0.0)
        with freeze_time("2026-04-01 02:00:00"):
            self.confirmed_order(self.contact_a, 8_000)
        self.assertEqual(lead.wx_recovered_amount, 8_000)
        with freeze_time("2026-05-20 02:00:00"):
            self.confirmed_order(self.customer_a, 3_000)  # after 60 days
        self.assertEqual(lead.wx_recovered_amount, 8_000)

    def test_opportunity_lost_loses_the_alert_with_the_reason(self):
        alert = self.alert()
        lead = alert.wx_opportunity_id.with_user(self.account_manager)
        reason = self.env["crm.lost.reason"].create({"name": "Moved to a rival"})
        lead.action_set_lost(lost_reason_id=reason.id)
        self.assertEqual(alert.state, "lost")
        self.assertIn("Moved to a rival", alert.outcome_note)
        self.assertEqual(alert.wx_lost_reason_id, reason)

    def test_alert_won_back_and_lost_move_the_opportunity(self):
        alert = self.alert()
        alert.outcome_note = "Visited, new delivery slot agreed"
        alert.with_user(self.account_manager).action_won_back()
        lead = alert.wx_opportunity_id
        self.assertEqual(lead.won_status, "won")
        self.assertIn("new delivery slot", lead.message_ids[0].body)
        other = self.alert(self.customer_b)
        other.outcome_note = "Chose another supplier"
        other.with_user(self.account_manager_2).action_lost()
        lost = other.wx_opportunity_id
        self.assertEqual(lost.won_status, "lost")
        self.assertFalse(lost.active)
        self.assertEqual(lost.lost_reason_id, self.churned)
        # reopening the alert restores the opportunity
        other.with_user(self.account_manager_2).action_reopen()
        self.assertTrue(lost.active)
        self.assertEqual(lost.stage_id, self.stage_visited)
        self.assertEqual(other.state, "visited")

    def test_no_recursion_between_the_two_sides(self):
        alert = self.alert()
        lead = alert.wx_opportunity_id
        count = len(lead.message_ids) + len(alert.message_ids)
        lead.stage_id = self.stage_visited
        lead.action_set_won()
        self.assertEqual(alert.state, "won_back")
        # a handful of tracking messages, not a loop
        self.assertLess(len(lead.message_ids) + len(alert.message_ids) - count, 12)
