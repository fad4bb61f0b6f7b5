# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import WxChurnCommon


@tagged("post_install", "-at_install")
class TestSecurity(WxChurnCommon):
    def test_groups_are_chained(self):
        self.assert_group_chain("wx_churn")
        self.assertTrue(
            self.wx_churn_manager.has_group("wx_feedback.group_wx_feedback_user")
        )
        self.assertFalse(
            self.wx_churn_manager.has_group("wx_feedback.group_wx_feedback_manager")
        )

    def test_menu_under_the_feedback_app(self):
        menu = self.env.ref("wx_churn.loyalty_program_menu")
        self.assertEqual(
            menu.parent_id.parent_id, self.env.ref("wx_feedback.wx_feedback_root_menu")
        )
        self.assertIn("wx_churn.loyalty_program_menu", self.visible_menus(self.manager))
        self.assertNotIn(
            "wx_churn.loyalty_program_menu", self.visible_menus(self.user_logistics)
        )
