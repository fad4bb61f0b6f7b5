# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import WxCrmCommon


@tagged("post_install", "-at_install")
class TestVipCare(WxCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = new_test_user(
            cls.env,
            login="wx_crm-vip-leader",
            groups="helpdesk_mgmt.group_helpdesk_user,sales_team.group_sale_salesman_all_leads",
        )
        cls.team_vip.user_id = cls.leader

    def make_vip(self):
        self.customer_a.write(
            {
                "wx_tier_override_id": self.tier_vip.id,
                "wx_tier_override_reason": "Flagship store (test)",
                "wx_tier_override_until": date.today() + timedelta(days=30),
            }
        )

    def leader_activities(self, record):
        return record.activity_ids.filtered(lambda a: a.user_id == self.leader)

    def test_tier_change_posts_to_the_chatter(self):
        self.make_vip()
        message = self.customer_a.message_ids[0]
        self.assertIn(self.tier_vip.name, message.body)

    def test_vip_opportunity_and_quotation_notify_the_leader(self):
        self.make_vip()
        lead = self.env["crm.lead"].create(
            {
                "name": "More durians",
                "type": "opportunity",
                "partner_id": self.contact_a.id,
            }
        )
        self.assertEqual(len(self.leader_activities(lead)), 1)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_a.id,
                "order_line": [Command.create({"product_id": self.service.id})],
            }
        )
        activity = self.leader_activities(order)
        self.assertEqual(len(activity), 1)
        self.assertIn(order.name, activity.summary)

    def test_other_customers_notify_nobody(self):
        lead = self.env["crm.lead"].create(
            {"name": "Apples", "type": "opportunity", "partner_id": self.customer_b.id}
        )
        self.assertFalse(self.leader_activities(lead))
        order = self.env["sale.order"].create({"partner_id": self.customer_b.id})
        self.assertFalse(self.leader_activities(order))

    def test_vip_feedback_shows_on_the_salespersons_activities(self):
        self.make_vip()
        feedback = self.feedback(2)
        activity = self.customer_a.activity_ids.filtered(
            lambda a: a.user_id == self.account_manager
        )
        self.assertEqual(len(activity), 1)
        self.assertIn(feedback.name, activity.summary)
        self.feedback(4, partner=self.customer_b)
        self.assertFalse(self.customer_b.activity_ids, "not a VIP customer")

    def test_vip_feedback_from_the_h5_page_is_assigned_by_odoobot(self):
        """The H5 page creates feedback as the public user, who has no
        e-mail address: the salesperson's assignment mail must still have
        a sender (it failed to send, an ERROR in the log)."""
        self.make_vip()
        public = self.env.ref("base.public_user")
        feedback = (
            self.env["wx.feedback"]
            .with_user(public)
            .sudo()
            .with_context(wx_feedback_no_auto_reply=True)
            .create({"partner_id": self.contact_a.id, "rating": 2, "channel": "h5"})
        )
        activity = self.customer_a.activity_ids.filtered(
            lambda a: a.user_id == self.account_manager
        )
        self.assertEqual(len(activity), 1)
        self.assertIn(feedback.name, activity.summary)
        self.assertEqual(activity.create_uid, self.env.ref("base.user_root"))
        notice = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.customer_a.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.account_manager.partner_id.ids),
            ]
        )
        self.assertTrue(notice)
        self.assertNotEqual(notice.author_id, public.partner_id)
        self.assertTrue(notice.email_from, "the assignment mail has a sender")
