# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import WxFeedbackCommon


@tagged("post_install", "-at_install")
class TestSecurity(WxFeedbackCommon):
    def test_groups_are_chained(self):
        self.assertTrue(
            self.user_logistics.has_group("helpdesk_mgmt.group_helpdesk_user_team")
        )
        self.assertFalse(
            self.user_logistics.has_group("helpdesk_mgmt.group_helpdesk_user")
        )
        self.assertTrue(self.manager.has_group("wx_feedback.group_wx_feedback_user"))
        self.assertTrue(self.manager.has_group("helpdesk_mgmt.group_helpdesk_manager"))
        privilege = self.env.ref("wx_feedback.res_groups_privilege_wx_feedback")
        self.assertEqual(
            privilege.group_ids,
            self.env.ref("wx_feedback.group_wx_feedback_user")
            | self.env.ref("wx_feedback.group_wx_feedback_manager"),
        )

    def test_app_menu_visibility(self):
        root = "wx_feedback.wx_feedback_root_menu"
        config = "wx_feedback.wx_feedback_config_menu"
        user_menus = self.visible_menus(self.user_logistics)
        self.assertIn(root, user_menus)
        self.assertIn("wx_feedback.wx_feedback_ticket_menu", user_menus)
        self.assertNotIn(config, user_menus)
        manager_menus = self.visible_menus(self.manager)
        self.assertIn(config, manager_menus)
        self.assertIn("wx_feedback.wx_feedback_team_menu", manager_menus)
        self.assertNotIn(root, self.visible_menus(self.internal))
        with self.assertRaises(AccessError):
            self.visible_menus(self.portal)

    def test_user_sees_only_own_team_tickets(self):
        ticket_model = self.env["helpdesk.ticket"]
        mine = ticket_model.create(
            {
                "name": "Late delivery",
                "description": "x",
                "team_id": self.team_logistics.id,
            }
        )
        other = ticket_model.create(
            {
                "name": "Short weight",
                "description": "x",
                "team_id": self.team_purchasing.id,
            }
        )
        visible = ticket_model.with_user(self.user_logistics).search(
            [("id", "in", (mine | other).ids)]
        )
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            other.with_user(self.user_logistics).read(["name"])
        self.assertEqual(
            ticket_model.with_user(self.manager).search(
                [("id", "in", (mine | other).ids)]
            ),
            mine | other,
        )
