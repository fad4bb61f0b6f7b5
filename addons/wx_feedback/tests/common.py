# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import importlib.util
import io
import json
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger
from odoo.tools.misc import file_path

from odoo.addons.base.tests.common import BaseCommon


def jpeg_bytes(size=(8, 8), exif=None):
    """A real small JPEG (Pillow ships with Odoo), optionally with EXIF."""
    from PIL import Image

    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif else {}
    Image.new("RGB", size, (220, 120, 30)).save(buffer, "JPEG", **kwargs)
    return buffer.getvalue()


def migration_script(addon, version, name):
    """The module of ``<addon>/migrations/<version>/<name>.py``, loaded as
    Odoo loads it, so its functions can be tested."""
    path = file_path(f"{addon}/migrations/{version}/{name}.py")
    module_name = f"{addon}_migration_{version}_{name}".replace(".", "_")
    spec = importlib.util.spec_from_file_location(module_name.replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
    def delivered_order(
        cls, customer, deliver=True, company=None, lines=None, **values
    ):
        """A confirmed order of ``customer`` (in ``company``, default: the
        current one), delivered unless ``deliver`` is False. ``lines``:
        ``(product, quantity)`` pairs (default: 20 of ``cls.product``);
        ``values``: more values of the order (carrier, commitment date...)."""
        Order = cls.env["sale.order"].with_company(company or cls.env.company)
        order = Order.create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in (lines or [(cls.product, 20)])
                ],
                **values,
            }
        )
        order.action_confirm()
        if deliver:
            cls.deliver_pickings(order.picking_ids)
        return order.with_env(cls.env)

    @classmethod
    def deliver_pickings(cls, pickings):
        """Validate ``pickings`` with their full demand."""
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
        pickings.button_validate()

    @classmethod
    def setup_company_b(cls):
        """A second company, 万象鲜果（深圳）, for the multi-company tests of
        every wx addon: its own team, categories (``freshness`` and
        ``delivery``, the codes the first company shares), feedback user,
        customer and delivered order.

        Sets ``company_a`` (the current company), ``company_b``, ``team_b``,
        ``user_b``, ``categories_b`` (code -> category), ``customer_company_b``,
        ``contact_company_b`` and ``order_b``.
        """
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create(
            {
                "name": "万象鲜果（深圳）(test)",
                "currency_id": cls.company_a.currency_id.id,
            }
        )
        cls.env.user.company_ids |= cls.company_b
        cls.user_b = new_test_user(
            cls.env,
            login="wx-test-company-b",
            groups="wx_feedback.group_wx_feedback_user",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.team_b = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Shenzhen service (test)",
                "company_id": cls.company_b.id,
                "user_ids": [Command.set(cls.user_b.ids)],
            }
        )
        cls.categories_b = {
            code: cls.env["wx.feedback.category"].create(
                {
                    "name": f"{code} (Shenzhen)",
                    "code": code,
                    "company_id": cls.company_b.id,
                    "team_id": cls.team_b.id,
                    "is_complaint": code == "freshness",
                }
            )
            for code in ("freshness", "delivery")
        }
        cls.customer_company_b = cls.env["res.partner"].create(
            {
                "name": "深圳鲜果坊（测试）",
                "is_company": True,
                "company_id": cls.company_b.id,
                "lang": "zh_CN",
            }
        )
        cls.contact_company_b = cls.env["res.partner"].create(
            {
                "name": "林店长",
                "parent_id": cls.customer_company_b.id,
                "company_id": cls.company_b.id,
            }
        )
        cls.order_b = cls.delivered_order(cls.customer_company_b, company=cls.company_b)

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


class WxRpcMixin:
    """Model methods called over HTTP as a given user: ``/web/dataset/call_kw``
    as the web client does (any logged-in user, portal included), and
    ``/json/2`` with an API key as an integration does. For HttpCase tests."""

    def call_kw_as(self, user, model, method, args, kwargs=None):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def assert_call_kw_denied(self, user, model, method, args, kwargs=None):
        """The call answers an AccessError (HTTP 200 with a JSON-RPC error,
        not a server error)."""
        with (
            self.assertRaises(JsonRpcException) as caught,
            mute_logger("odoo.http", "odoo.models"),
        ):
            self.call_kw_as(user, model, method, args, kwargs)
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")

    def json2_as(self, user, model, method, body):
        key = (
            self.env["res.users.apikeys"]
            .with_user(user)
            ._generate(
                scope="rpc",
                name="test",
                expiration_date=datetime.now() + timedelta(days=1),
            )
        )
        with mute_logger("odoo.http"):
            return self.url_open(
                f"/json/2/{model}/{method}",
                data=json.dumps(body),
                headers={
                    "Content-Type": "application/json",
                    "Authorization": f"Bearer {key}",
                },
            )


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
