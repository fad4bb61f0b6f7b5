# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .common import WxChurnCommon


@tagged("post_install", "-at_install")
class TestSlaTiers(WxChurnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_tier(cls.customer_a, 1_000_000)  # VIP
        cls.make_tier(cls.customer_b, 250_000)  # key account
        Policy = cls.env["wx.sla.policy"]
        calendar = cls.env.company.resource_calendar_id

        def policy(name, sequence, ack, solution, **values):
            return Policy.create(
                {
                    "name": name,
                    "sequence": sequence,
                    "calendar_id": calendar.id,
                    "target_ids": [
                        Command.create(
                            {
                                "level": 1,
                                "name": "Ack",
                                "kind": "acknowledge",
                                "minutes": ack,
                            }
                        ),
                        Command.create(
                            {
                                "level": 2,
                                "name": "Fix",
                                "kind": "solution",
                                "minutes": solution,
                            }
                        ),
                    ],
                    **values,
                }
            )

        # the policies of this test come first
        cls.vip_policy = policy(
            "VIP (test)", -20, 5, 60, tier_ids=[Command.set(cls.tier_vip.ids)]
        )
        cls.any_policy = policy("Everyone (test)", -10, 15, 120)

    def ticket(self, partner):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "到货少了两箱",
                "description": "<p>x</p>",
                "partner_id": partner.id,
            }
        )

    def test_a_policy_with_tiers_matches_only_those_customers(self):
        Policy = self.env["wx.sla.policy"]
        vip_ticket = self.ticket(self.contact_a)
        key_ticket = self.ticket(self.customer_b)
        nobody = self.env["helpdesk.ticket"].create(
            {"name": "匿名", "description": "<p>x</p>"}
        )
        self.assertTrue(self.vip_policy._wx_matches(vip_ticket))
        self.assertFalse(self.vip_policy._wx_matches(key_ticket))
        self.assertFalse(self.vip_policy._wx_matches(nobody))
        self.assertTrue(self.any_policy._wx_matches(key_ticket))
        self.assertEqual(Policy._wx_find(vip_ticket), self.vip_policy)
        self.assertEqual(Policy._wx_find(key_ticket), self.any_policy)
        self.assertEqual(vip_ticket.wx_sla_policy_id, self.vip_policy)
        self.assertEqual(key_ticket.wx_sla_policy_id, self.any_policy)
        self.vip_policy.tier_ids |= self.tier_key
        self.assertTrue(self.vip_policy._wx_matches(key_ticket))

    def test_vip_feedback_end_to_end(self):
        feedback = self.feedback(
            1, category_ids=[Command.set(self.categories["delivery"].ids)]
        )
        ticket = feedback.ticket_id
        self.assertEqual(ticket.team_id, self.team_vip)
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(ticket.wx_sla_policy_id, self.vip_policy)
        self.assertEqual(sorted(ticket.wx_sla_line_ids.mapped("minutes")), [5, 60])

    def test_review_weight_follows_the_tier(self):
        vip = self.feedback(2)
        key = self.feedback(2, partner=self.customer_b)
        untiered = self.env["res.partner"].create(
            {"name": "新客户", "is_company": True}
        )
        new = self.feedback(2, partner=untiered)
        self.assertEqual(vip._wx_review_weight(), self.tier_vip.review_weight)
        self.assertEqual(key._wx_review_weight(), self.tier_key.review_weight)
        self.assertEqual(new._wx_review_weight(), 1.0)
        self.tier_vip.review_weight = 5.0
        self.assertEqual(vip._wx_review_weight(), 5.0)

    def test_policy_form_shows_the_tiers(self):
        view = self.env.ref("wx_sla.wx_sla_policy_view_form")
        arch = self.env["wx.sla.policy"].get_view(view.id)["arch"]
        self.assertIn('name="tier_ids"', arch)
