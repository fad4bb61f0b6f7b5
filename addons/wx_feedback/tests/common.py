# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class WxFeedbackCommon(BaseCommon):
    """Users and teams shared by the tests of every wx addon."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_logistics = new_test_user(
            cls.env,
            login="wx-test-logistics",
            groups="wx_feedback.group_wx_feedback_user",
        )
        cls.user_purchasing = new_test_user(
            cls.env,
            login="wx-test-purchasing",
            groups="wx_feedback.group_wx_feedback_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="wx-test-manager",
            groups="wx_feedback.group_wx_feedback_manager",
        )
        cls.internal = new_test_user(
            cls.env, login="wx-test-internal", groups="base.group_user"
        )
        cls.portal = new_test_user(
            cls.env, login="wx-test-portal", groups="base.group_portal"
        )
        team_model = cls.env["helpdesk.ticket.team"]
        cls.team_logistics = team_model.create(
            {"name": "Logistics (test)", "user_ids": [(6, 0, cls.user_logistics.ids)]}
        )
        cls.team_purchasing = team_model.create(
            {
                "name": "Purchasing (test)",
                "user_ids": [(6, 0, cls.user_purchasing.ids)],
            }
        )

    def visible_menus(self, user):
        """XML ids of the menus ``user`` sees, as the web client computes them."""
        menu_ids = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        return set(self.env["ir.ui.menu"].browse(menu_ids).get_external_id().values())

    def assert_group_chain(self, addon):
        """``addon``'s user group implies feedback user, its manager implies
        its user, and the feedback manager implies its manager."""
        user_group = self.env.ref(f"{addon}.group_{addon}_user")
        manager_group = self.env.ref(f"{addon}.group_{addon}_manager")
        feedback_user = self.env.ref("wx_feedback.group_wx_feedback_user")
        self.assertIn(feedback_user, user_group.all_implied_ids)
        self.assertIn(user_group, manager_group.all_implied_ids)
        self.assertEqual(user_group.privilege_id, manager_group.privilege_id)
        self.assertEqual(
            user_group.privilege_id.category_id,
            self.env.ref("wx_feedback.module_category_customer_feedback"),
        )
        self.assertTrue(self.manager.has_group(f"{addon}.group_{addon}_manager"))
        self.assertFalse(self.user_logistics.has_group(f"{addon}.group_{addon}_user"))
