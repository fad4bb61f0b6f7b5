# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import WxFeedbackCommon


@tagged("post_install", "-at_install")
class TestFeedbackAccess(WxFeedbackCommon):
    """Portal A vs B, team X vs Y, manager, public, other company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Feedback = cls.env["wx.feedback"]
        cls.fb_a_delivery = Feedback.create(
            {
                "partner_id": cls.contact_a.id,
                "rating": 2,
                "category_ids": [(6, 0, cls.categories["delivery"].ids)],
            }
        )
        cls.fb_b_freshness = Feedback.create(
            {
                "partner_id": cls.customer_b.id,
                "rating": 1,
                "category_ids": [(6, 0, cls.categories["freshness"].ids)],
            }
        )
        cls.fb_unrouted = Feedback.create(
            {"partner_id": cls.customer_b.id, "rating": 4}
        )
        cls.all_feedback = cls.fb_a_delivery | cls.fb_b_freshness | cls.fb_unrouted
        cls.other_company = cls.env["res.company"].create({"name": "万象鲜果（成都）"})
        cls.fb_other_company = Feedback.create(
            {
                "partner_id": cls.customer_b.id,
                "rating": 3,
                "company_id": cls.other_company.id,
            }
        )

    def visible(self, user):
        return (
            self.env["wx.feedback"]
            .with_user(user)
            .search([("id", "in", (self.all_feedback | self.fb_other_company).ids)])
        )

    def test_portal_users_see_only_their_company(self):
        self.assertEqual(self.visible(self.portal_a), self.fb_a_delivery)
        self.assertEqual(
            self.visible(self.portal_b), self.fb_b_freshness | self.fb_unrouted
        )
        with self.assertRaises(AccessError):
            self.fb_b_freshness.with_user(self.portal_a).read(["description"])

    def test_portal_users_cannot_write(self):
        with self.assertRaises(AccessError):
            self.fb_a_delivery.with_user(self.portal_a).write({"rating": 5})
        with self.assertRaises(AccessError):
            self.env["wx.feedback"].with_user(self.portal_a).create(
                {"partner_id": self.contact_a.id, "rating": 5}
            )

    def test_users_see_their_teams_and_unrouted_feedback(self):
        self.assertEqual(
            self.visible(self.user_logistics), self.fb_a_delivery | self.fb_unrouted
        )
        self.assertEqual(
            self.visible(self.user_purchasing), self.fb_b_freshness | self.fb_unrouted
        )
        with self.assertRaises(AccessError):
            self.fb_b_freshness.with_user(self.user_logistics).write(
                {"state": "closed"}
            )
        with self.assertRaises(AccessError):
            self.fb_a_delivery.with_user(self.user_logistics).unlink()

    def test_manager_sees_all_of_the_allowed_companies(self):
        self.assertEqual(self.visible(self.manager), self.all_feedback)
        self.manager.company_ids |= self.other_company
        self.assertEqual(
            self.env["wx.feedback"]
            .with_user(self.manager)
            .with_context(
                allowed_company_ids=[self.env.company.id, self.other_company.id]
            )
            .search([("id", "in", (self.all_feedback | self.fb_other_company).ids)]),
            self.all_feedback | self.fb_other_company,
        )

    def test_internal_users_without_group_and_public_see_nothing(self):
        with self.assertRaises(AccessError):
            self.visible(self.internal)
        public = self.env.ref("base.public_user")
        with self.assertRaises(AccessError):
            self.visible(public)

    def test_categories_are_read_only_outside_managers(self):
        user = new_test_user(
            self.env, login="wx-cat-user", groups="wx_feedback.group_wx_feedback_user"
        )
        self.assertTrue(self.categories["other"].with_user(user).name)
        with self.assertRaises(AccessError):
            self.categories["other"].with_user(user).write({"name": "x"})
