# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import WxFeedbackCommon, WxRpcMixin
from .public_methods import PUBLIC_METHODS

# the fields of ours a portal customer reads on the records the rules give
# them; every other field the wx addons add to these models is staff-only
PORTAL_FIELDS = {
    "wx.feedback": {
        "name",
        "partner_id",
        "commercial_partner_id",
        "order_id",
        "rating",
        "rating_delivery",
        "rating_freshness",
        "rating_service",
        "rating_stars",
        "category_ids",
        "description",
        "attachment_ids",
        "lang",
        "state",
        "company_id",
        "submitted_at",
        "first_submitted_at",
        "followup_count",
    },
    "res.partner": set(),
    "helpdesk.ticket": set(),
    "sale.order": set(),
    "wx.feedback.survey": set(),
}


# every model has them
MAGIC_FIELDS = {
    "id",
    "display_name",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
}


@tagged("post_install", "-at_install")
class TestFeedbackRpcAccess(WxFeedbackCommon, WxRpcMixin, HttpCase):
    """The wrong user calling model methods over RPC: an AccessError, never
    a server error, and nothing changed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "万象鲜果（成都）"})
        cls.feedback_a = cls.env["wx.feedback"].create(
            {
                "partner_id": cls.contact_a.id,
                "rating": 2,
                "phone": "13905910318",
                "description": "芒果烂了一半",
                "category_ids": [Command.set(cls.categories["freshness"].ids)],
            }
        )
        cls.colleague = cls.env["res.partner"].create(
            {"name": "李会计", "parent_id": cls.customer_a.id, "phone": "13800138000"}
        )
        # salespeople of the main company who also handle feedback
        cls.sales_all = new_test_user(
            cls.env,
            login="wx-test-sales-all",
            groups="wx_feedback.group_wx_feedback_user,"
            "sales_team.group_sale_salesman_all_leads",
        )
        cls.sales_own = new_test_user(
            cls.env,
            login="wx-test-sales-own",
            groups="wx_feedback.group_wx_feedback_user,sales_team.group_sale_salesman",
        )
        cls.order_other_company = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer_b.id,
                "company_id": cls.other_company.id,
                "user_id": False,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 5})
                ],
            }
        )
        cls.order_a = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer_a.id,
                "user_id": cls.sales_all.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 5})
                ],
            }
        )

    # ------------------------------------------------------------------ 8: fields

    def test_portal_reads_no_internal_field(self):
        """Every field the wx addons add to the records a portal customer
        can read is staff-only, except the reviewed ones the portal shows."""
        wx_addons = set(PUBLIC_METHODS)
        for model_name, allowed in PORTAL_FIELDS.items():
            Model = self.env[model_name].with_user(self.portal_a)
            for name, field in Model._fields.items():
                if field._module not in wx_addons or name in MAGIC_FIELDS:
                    continue
                with self.subTest(model=model_name, field=name):
                    readable = Model.has_access("read") and Model._has_field_access(
                        field, "read"
                    )
                    self.assertEqual(readable, name in allowed)

    def test_portal_search_read_of_internal_fields_is_refused(self):
        for model_name, record, field in (
            ("wx.feedback", self.feedback_a, "phone"),
            ("wx.feedback", self.feedback_a, "ticket_reason"),
            ("wx.feedback", self.feedback_a, "team_id"),
            ("wx.feedback", self.feedback_a, "idempotency_key"),
            ("helpdesk.ticket", self.feedback_a.ticket_id, "wx_feedback_id"),
        ):
            with self.subTest(model=model_name, field=field):
                self.assert_call_kw_denied(
                    self.portal_a,
                    model_name,
                    "search_read",
                    [[("id", "=", record.id)]],
                    {"fields": [field]},
                )
        # the portal's fields are there
        rows = self.call_kw_as(
            self.portal_a,
            "wx.feedback",
            "search_read",
            [[("id", "=", self.feedback_a.id)]],
            {"fields": sorted(PORTAL_FIELDS["wx.feedback"])},
        )
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["description"], "芒果烂了一半")
        # and the portal pages that show them still render
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/feedback/{self.feedback_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("芒果烂了一半", page.text)
        self.assertNotIn("13905910318", page.text)
        self.assertIn(self.feedback_a.name, self.url_open("/my/feedback").text)

    # ------------------------------------------------------------------ 9: chatter

    def test_portal_customer_cannot_post_nor_notify_anyone(self):
        messages = self.feedback_a.message_ids
        self.assert_call_kw_denied(
            self.portal_a,
            "wx.feedback",
            "message_post",
            [[self.feedback_a.id]],
            {
                "body": "hello",
                "message_type": "comment",
                "partner_ids": [self.colleague.id, self.customer_b.id],
            },
        )
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/mail/message/post",
                json={
                    "params": {
                        "thread_model": "wx.feedback",
                        "thread_id": self.feedback_a.id,
                        "post_data": {
                            "body": "hello",
                            "message_type": "comment",
                            "partner_ids": [self.customer_b.id],
                        },
                    }
                },
            )
        self.assertNotEqual(response.status_code, 500)
        self.assertIn("error", response.json())
        self.feedback_a.invalidate_recordset()
        self.assertEqual(self.feedback_a.message_ids, messages)
        # staff post as before
        self.feedback_a.with_user(self.user_purchasing).message_post(
            body="called back", message_type="comment"
        )

    # ------------------------------------------------------------------ 5: links

    def test_feedback_link_only_for_an_order_the_user_reads(self):
        Wizard = self.env["wx.feedback.link.wizard"]
        wizards = Wizard.search_count([])
        # another company's order, and a colleague's order for a salesperson
        # who sees only their own
        for user, order in (
            (self.sales_all, self.order_other_company),
            (self.sales_own, self.order_a),
            (self.portal_a, self.order_a),
        ):
            with self.subTest(user=user.login, order=order.name):
                self.assert_call_kw_denied(
                    user, "sale.order", "action_wx_feedback_link", [order.ids]
                )
        self.assertEqual(Wizard.search_count([]), wizards)
        # nor by creating the wizard directly: no signed link comes out
        wizard_id = self.call_kw_as(
            self.sales_all,
            "wx.feedback.link.wizard",
            "create",
            [{"order_id": self.order_other_company.id}],
        )
        rows = self.call_kw_as(
            self.sales_all, "wx.feedback.link.wizard", "read", [[wizard_id], ["url"]]
        )
        self.assertFalse(rows[0]["url"])
        # a contact of another customer on a readable order: no link either
        wizard_id = self.call_kw_as(
            self.sales_all,
            "wx.feedback.link.wizard",
            "create",
            [{"order_id": self.order_a.id, "partner_id": self.customer_b.id}],
        )
        rows = self.call_kw_as(
            self.sales_all, "wx.feedback.link.wizard", "read", [[wizard_id], ["url"]]
        )
        self.assertFalse(rows[0]["url"])
        # the order's own salesperson gets it
        action = self.call_kw_as(
            self.sales_all, "sale.order", "action_wx_feedback_link", [self.order_a.ids]
        )
        rows = self.call_kw_as(
            self.sales_all,
            "wx.feedback.link.wizard",
            "read",
            [[action["res_id"]], ["url"]],
        )
        self.assertIn(f"/fb/{self.order_a.id}/{self.customer_a.id}/", rows[0]["url"])

    def test_feedback_actions_refused_to_other_teams_and_portal(self):
        before = self.feedback_a.read(["write_uid", "write_date", "state"])
        for user in (self.portal_a, self.user_logistics):
            for method in ("action_start", "action_close", "action_open_ticket"):
                with self.subTest(user=user.login, method=method):
                    self.assert_call_kw_denied(
                        user, "wx.feedback", method, [self.feedback_a.ids]
                    )
        response = self.json2_as(
            self.user_logistics,
            "wx.feedback",
            "action_close",
            {"ids": self.feedback_a.ids},
        )
        self.assertEqual(response.status_code, 403)
        self.feedback_a.invalidate_recordset()
        self.assertEqual(
            self.feedback_a.read(["write_uid", "write_date", "state"]), before
        )
