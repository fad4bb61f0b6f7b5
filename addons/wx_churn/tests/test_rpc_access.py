# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.wx_feedback.tests.common import WxRpcMixin

from .common import WxChurnCommon


@tagged("post_install", "-at_install")
class TestCouponRpcAccess(WxChurnCommon, WxRpcMixin, HttpCase):
    """Win-back coupons over RPC: managers only, one per alert, to the
    alert's customer; no write reissues or redirects one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_tier(cls.customer_a, 300_000)  # key account: 300 coupon
        cls.program = cls.env.ref("wx_churn.loyalty_program_winback")
        cls.other_company = cls.env["res.company"].create({"name": "万象鲜果（成都）"})

    def cards(self):
        return self.env["loyalty.card"].search([("program_id", "=", self.program.id)])

    def open_alert(self, partner, **values):
        """An alert without coupon yet (as a manager would record one)."""
        return self.env["wx.churn.alert"].create({"partner_id": partner.id, **values})

    def test_account_manager_cannot_reissue_nor_redirect_a_coupon(self):
        for _i in range(3):
            self.feedback(1)
        alert = self.alerts()
        # a same-day burst earns no coupon by itself: a manager's decision
        alert.with_user(self.wx_churn_manager).action_issue_coupon()
        coupon = alert.coupon_id
        self.assertTrue(coupon)
        cards = self.cards()
        for values in (
            {"coupon_id": False},  # so that the button issues another one
            {"coupon_amount": 99_999},
            {"partner_id": self.customer_b.id},  # the next coupon elsewhere
            {"company_id": self.other_company.id},
            {"feedback_ids": [Command.clear()]},
        ):
            with self.subTest(values=values):
                self.assert_call_kw_denied(
                    self.account_manager, "wx.churn.alert", "write", [alert.ids, values]
                )
        # the button is the managers'
        self.assert_call_kw_denied(
            self.account_manager, "wx.churn.alert", "action_issue_coupon", [alert.ids]
        )
        # nor can anyone create an alert that carries a coupon
        self.assert_call_kw_denied(
            self.wx_churn_manager,
            "wx.churn.alert",
            "create",
            [{"partner_id": self.customer_a.id, "coupon_amount": 500}],
        )
        # a manager's second issue does nothing
        self.assertIs(
            self.call_kw_as(
                self.wx_churn_manager,
                "wx.churn.alert",
                "action_issue_coupon",
                [alert.ids],
            ),
            True,
        )
        alert.invalidate_recordset()
        self.assertEqual(alert.coupon_id, coupon)
        self.assertEqual(alert.partner_id, self.customer_a)
        self.assertEqual(self.cards(), cards)
        # what account managers do write still works
        self.call_kw_as(
            self.account_manager,
            "wx.churn.alert",
            "write",
            [alert.ids, {"outcome_note": "visited, the mangoes were replaced"}],
        )

    def test_manager_issues_once_and_only_for_the_alerts_customer(self):
        alert = self.open_alert(self.customer_a)
        cards = self.cards()
        self.call_kw_as(
            self.wx_churn_manager, "wx.churn.alert", "action_issue_coupon", [alert.ids]
        )
        self.call_kw_as(
            self.wx_churn_manager, "wx.churn.alert", "action_issue_coupon", [alert.ids]
        )
        new = self.cards() - cards
        self.assertEqual(len(new), 1)
        self.assertEqual(new.partner_id, self.customer_a)
        self.assertEqual(alert.coupon_id, new)

    def test_manager_of_another_company_or_customer_gets_no_coupon(self):
        cards = self.cards()
        other_alert = self.open_alert(self.customer_b, company_id=self.other_company.id)
        self.assert_call_kw_denied(
            self.wx_churn_manager,
            "wx.churn.alert",
            "action_issue_coupon",
            [other_alert.ids],
        )
        response = self.json2_as(
            self.wx_churn_manager,
            "wx.churn.alert",
            "action_issue_coupon",
            {"ids": other_alert.ids},
        )
        self.assertEqual(response.status_code, 403)
        # an alert of this company about another company's customer
        foreign = self.env["res.partner"].create(
            {
                "name": "成都水果批发",
                "is_company": True,
                "company_id": self.other_company.id,
            }
        )
        # such an alert cannot even exist: the customer must belong to the
        # alert's company (check_company), so no coupon can be aimed at it
        with self.assertRaises(UserError):
            self.open_alert(foreign)
        # a closed alert
        closed = self.open_alert(self.customer_a)
        closed.write({"outcome_note": "moved to a competitor"})
        closed.action_lost()
        with (
            self.assertRaises(JsonRpcException) as caught,
            mute_logger("odoo.http"),
        ):
            self.call_kw_as(
                self.wx_churn_manager,
                "wx.churn.alert",
                "action_issue_coupon",
                [closed.ids],
            )
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.UserError")
        self.assertEqual(self.cards(), cards)
        self.assertFalse((other_alert | closed).coupon_id)


@tagged("post_install", "-at_install")
class TestTimelineRpcAccess(WxChurnCommon, WxRpcMixin, HttpCase):
    """The customer timeline shows a user only the orders, feedback,
    tickets, surveys and alerts the user may read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls.confirmed_order(cls.customer_a, 1_000)
        cls.order_b = cls.confirmed_order(cls.customer_b, 2_000)
        cls.churn_only = new_test_user(
            cls.env,
            login="wx_churn-test-no-sales",
            groups="wx_churn.group_wx_churn_user",
        )

    def rows(self, user, partner):
        return self.call_kw_as(
            user,
            "wx.churn.timeline",
            "search_read",
            [[("partner_id", "=", partner.id)]],
            {"fields": ["kind", "res_id"]},
        )

    def kinds(self, rows):
        return {(row["kind"], row["res_id"]) for row in rows}

    def test_rows_follow_the_documents_rules(self):
        for _i in range(3):
            self.feedback(1, partner=self.customer_b)
        routed = self.feedback(
            2,
            partner=self.customer_b,
            category_ids=[Command.set(self.categories["delivery"].ids)],
        )
        self.assertEqual(routed.team_id, self.team_logistics)
        alert_b = self.alerts(self.customer_b)
        self.assertTrue(alert_b)
        seen_by_admin = self.kinds(
            self.env["wx.churn.timeline"].search_read(
                [("partner_id", "=", self.customer_b.id)], ["kind", "res_id"]
            )
        )
        self.assertIn(("order", self.order_b.id), seen_by_admin)
        self.assertIn(("feedback", routed.id), seen_by_admin)
        self.assertIn(("alert", alert_b.id), seen_by_admin)
        # customer B's account manager sees B's order and alert
        seen = self.kinds(self.rows(self.account_manager_2, self.customer_b))
        self.assertIn(("order", self.order_b.id), seen)
        self.assertIn(("alert", alert_b.id), seen)
        self.assertNotIn(("feedback", routed.id), seen)  # logistics team only
        # customer A's account manager: not B's order, nor B's alert
        seen = self.kinds(self.rows(self.account_manager, self.customer_b))
        self.assertNotIn(("order", self.order_b.id), seen)
        self.assertNotIn(("alert", alert_b.id), seen)
        # a churn user without sales rights sees no order at all
        seen = self.kinds(self.rows(self.churn_only, self.customer_a))
        self.assertFalse({kind for kind, _id in seen} & {"order"})
        self.assertEqual(
            self.env["wx.churn.timeline"]
            .with_user(self.churn_only)
            .search_count([("kind", "=", "order")]),
            0,
        )
        # reading a hidden row by its id is refused, over RPC too
        hidden = self.env["wx.churn.timeline"].search(
            [("kind", "=", "order"), ("res_id", "=", self.order_b.id)]
        )
        self.assertEqual(len(hidden), 1)
        for user in (self.account_manager, self.churn_only):
            with self.subTest(user=user.login):
                self.assert_call_kw_denied(
                    user, "wx.churn.timeline", "read", [hidden.ids, ["reference"]]
                )
                self.assert_call_kw_denied(
                    user, "wx.churn.timeline", "action_open_document", [hidden.ids]
                )
        # grouped counts follow the same rules
        groups = self.call_kw_as(
            self.account_manager,
            "wx.churn.timeline",
            "formatted_read_group",
            [[("partner_id", "=", self.customer_b.id)], ["kind"], ["__count"]],
        )
        counts = {group["kind"]: group["__count"] for group in groups}
        self.assertNotIn("order", counts)
        self.assertNotIn("alert", counts)
