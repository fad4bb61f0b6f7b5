# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import WxChurnCommon


@tagged("post_install", "-at_install")
class TestChurnMultiCompany(WxChurnCommon):
    """Each company ranks its customers on what it sold them and watches its
    own streaks of dissatisfaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_company_b()
        cls.tier_vip_b = cls.env["wx.churn.tier"].create(
            {
                "name": "深圳VIP",
                "code": "vip",
                "company_id": cls.company_b.id,
                "threshold_amount": 100_000,
                "is_vip": True,
                "priority": "3",
                "coupon_amount": 200,
            }
        )
        cls.team_vip_b = cls.env["helpdesk.ticket.team"].create(
            {"name": "Shenzhen VIP (test)", "company_id": cls.company_b.id}
        )
        cls.company_b.wx_vip_team_id = cls.team_vip_b
        # a customer of both companies
        cls.shared = cls.env["res.partner"].create(
            {"name": "华南连锁（测试）", "is_company": True, "company_id": False}
        )
        cls.shared_contact = cls.env["res.partner"].create(
            {"name": "吴采购", "parent_id": cls.shared.id}
        )

    def tier(self, partner, company):
        return partner.with_company(company).wx_tier_id

    def test_tiers_are_computed_per_company(self):
        self.confirmed_order(self.shared, 150_000)
        self.confirmed_order(self.shared, 150_000, company=self.company_b)
        self.recompute(self.shared)
        self.assertEqual(self.tier(self.shared, self.company_a), self.tier_standard)
        self.assertEqual(self.tier(self.shared, self.company_b), self.tier_vip_b)
        self.assertEqual(
            self.shared.with_company(self.company_a).wx_tier_amount, 150_000
        )
        self.assertEqual(
            self.shared.with_company(self.company_b).wx_tier_amount, 150_000
        )
        history = self.env["wx.churn.tier.history"].search(
            [("partner_id", "=", self.shared.id)]
        )
        self.assertEqual(
            {(h.company_id, h.to_tier_id) for h in history},
            {
                (self.company_a, self.tier_standard),
                (self.company_b, self.tier_vip_b),
            },
        )
        self.assertTrue(self.shared_contact._wx_is_vip(self.company_b))
        self.assertFalse(self.shared_contact._wx_is_vip(self.company_a))

    def test_an_override_holds_in_its_company_only(self):
        self.confirmed_order(self.shared, 150_000)
        self.recompute(self.shared)
        until = fields.Date.context_today(self.shared) + timedelta(days=10)
        self.shared.with_company(self.company_b).sudo().write(
            {
                "wx_tier_override_id": self.tier_vip_b.id,
                "wx_tier_override_reason": "框架协议",
                "wx_tier_override_until": until,
            }
        )
        self.assertEqual(self.tier(self.shared, self.company_b), self.tier_vip_b)
        self.assertEqual(self.tier(self.shared, self.company_a), self.tier_standard)

    def test_vip_routing_in_the_feedback_company(self):
        self.confirmed_order(self.shared, 150_000, company=self.company_b)
        self.recompute(self.shared)
        Feedback = self.env["wx.feedback"]
        order_b = self.delivered_order(self.shared, company=self.company_b)
        in_b = Feedback.create(
            {
                "partner_id": self.shared_contact.id,
                "order_id": order_b.id,
                "company_id": self.company_b.id,
                "rating": 2,
            }
        )
        self.assertEqual(in_b.wx_tier_id, self.tier_vip_b)
        self.assertEqual(in_b.ticket_id.team_id, self.team_vip_b)
        self.assertEqual(in_b.ticket_id.priority, "3")
        order_a = self.delivered_order(self.shared)
        in_a = Feedback.create(
            {"partner_id": self.shared_contact.id, "order_id": order_a.id, "rating": 2}
        )
        self.assertFalse(in_a.wx_tier_id, "not ranked in company A")
        self.assertNotEqual(in_a.ticket_id.team_id, self.team_vip)
        self.assertNotEqual(in_a.ticket_id.priority, "3")

    @freeze_time("2026-03-05 02:00:00")
    def test_churn_alerts_per_company(self):
        def feedback(rating, hour, company):
            return self.feedback(
                rating,
                partner=self.shared_contact,
                at=self.at(f"2026-03-02 {hour:02d}:00:00"),
                company_id=company.id,
            )

        feedback(1, 1, self.company_a)
        feedback(1, 2, self.company_a)
        feedback(1, 3, self.company_b)
        self.assertFalse(self.alerts(self.shared), "no streak across companies")
        third_a = feedback(2, 4, self.company_a)
        alert_a = self.alerts(self.shared)
        self.assertEqual(len(alert_a), 1)
        self.assertEqual(alert_a.company_id, self.company_a)
        self.assertIn(third_a, alert_a.feedback_ids)
        self.assertEqual(set(alert_a.feedback_ids.company_id), {self.company_a})
        # company A's cooldown does not silence company B
        feedback(2, 5, self.company_b)
        feedback(1, 6, self.company_b)
        alerts = self.alerts(self.shared)
        self.assertEqual(len(alerts), 2)
        alert_b = alerts - alert_a
        self.assertEqual(alert_b.company_id, self.company_b)
        self.assertEqual(set(alert_b.feedback_ids.company_id), {self.company_b})
        self.assertFalse(alert_b.coupon_id, "company A's program is not company B's")

    def test_each_company_applies_its_own_rule(self):
        self.company_b.wx_dissatisfied_rating = 2
        for hour in (1, 2, 3):
            self.feedback(
                3,
                partner=self.shared_contact,
                at=self.at(f"2026-03-02 {hour:02d}:00:00"),
                company_id=self.company_b.id,
            )
        self.assertFalse(self.alerts(self.shared), "3 stars are fine in company B")
