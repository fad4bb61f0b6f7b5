# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


def jpeg_bytes(size=(8, 8), exif=None):
    """A real small JPEG (Pillow ships with Odoo), optionally with EXIF."""
    from PIL import Image

    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif else {}
    Image.new("RGB", size, (220, 120, 30)).save(buffer, "JPEG", **kwargs)
    return buffer.getvalue()


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
        cls.customer_a = cls.env["res.partner"].create(
            {"name": "永辉超市（测试）", "is_company": True, "lang": "zh_CN"}
        )
        cls.contact_a = cls.env["res.partner"].create(
            {"name": "周采购", "parent_id": cls.customer_a.id, "phone": "13905910318"}
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "百果园（测试）", "is_company": True, "lang": "en_US"}
        )
        cls.portal_a = new_test_user(
            cls.env,
            login="wx-test-portal-a",
            groups="base.group_portal",
            partner_id=cls.contact_a.id,
        )
        cls.portal_b = new_test_user(
            cls.env, login="wx-test-portal-b", groups="base.group_portal"
        )
        cls.portal_b.partner_id.parent_id = cls.customer_b
        cls.product = cls.env["product.product"].create(
            {"name": "海南台农芒果 (test)", "type": "consu", "list_price": 18.0}
        )
        cls.categories = {c.code: c for c in cls.env["wx.feedback.category"].search([])}
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

        cls.categories["delivery"].team_id = cls.team_logistics
        cls.categories["freshness"].team_id = cls.team_purchasing

    @classmethod
    def delivered_order(cls, customer, deliver=True):
        """A confirmed order of ``customer``, delivered unless ``deliver`` is False."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": 20}
                    )
                ],
            }
        )
        order.action_confirm()
        if deliver:
            order.picking_ids.move_ids.quantity = 20
            order.picking_ids.button_validate()
        return order

    @staticmethod
    def b64(data):
        return base64.b64encode(data).decode()

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


class WxI18nCommon(WxFeedbackCommon):
    """zh_CN and es_ES active, the terms of helpdesk_mgmt and wx_feedback
    loaded again: these tests do not depend on how the database was made."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("zh_CN", "es_ES"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            ["helpdesk_mgmt", "wx_feedback"], ["zh_CN", "es_ES"]
        )

    def in_lang(self, lang):
        return self.env(context=dict(self.env.context, lang=lang))
