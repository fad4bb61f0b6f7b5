# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import WxChurnCommon


@tagged("post_install", "-at_install")
class TestWinBackCoupon(WxChurnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_tier(cls.customer_a, 300_000)  # key account: 300 coupon
        cls.program = cls.env.ref("wx_churn.loyalty_program_winback")
        cls.fruit = cls.env["product.product"].create(
            {"name": "阳光玫瑰葡萄 (test)", "type": "consu", "list_price": 35.0}
        )

    def raise_alert(self, partner=None, **context):
        """Three 1-star feedbacks on three orders worth 2,000 over 20 days: a
        streak that earns a coupon (see the anti-farming tests below)."""
        partner = partner or self.contact_a
        now = fields.Datetime.now()
        Feedback = self.env["wx.feedback"].with_context(
            wx_feedback_no_auto_reply=True, **context
        )
        for days in (20, 10, 0):
            order = self.confirmed_order(
                partner.commercial_partner_id, 2_000, now - timedelta(days=days + 1)
            )
            at = now - timedelta(days=days)
            Feedback.create(
                {
                    "partner_id": partner.id,
                    "order_id": order.id,
                    "rating": 1,
                    "channel": "staff",
                    "submitted_at": at,
                    "first_submitted_at": at,
                }
            )
        return self.alerts(partner.commercial_partner_id)

    def new_order(self, amount, partner=None):
        return self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer_a).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.fruit.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def apply(self, order, code):
        status = order._try_apply_code(code)
        if "error" in status:
            return status
        ((coupon, rewards),) = status.items()
        return order._apply_program_reward(rewards, coupon)

    # ------------------------------------------------------------------ issue

    def test_coupon_issued_once_with_the_tier_value(self):
        alert = self.raise_alert()
        coupon = alert.coupon_id
        self.assertTrue(coupon)
        self.assertEqual(coupon.program_id, self.program)
        self.assertEqual(coupon.partner_id, self.customer_a)
        self.assertEqual(coupon.points, 300.0)
        self.assertEqual(alert.coupon_amount, 300.0)
        self.assertEqual(
            coupon.expiration_date,
            fields.Date.context_today(alert) + timedelta(days=60),
        )
        self.assertTrue(alert.coupon_sent_at)
        self.assertFalse(alert._wx_issue_coupon(), "a second call issues nothing")
        alert.with_user(self.wx_churn_manager).action_issue_coupon()
        self.assertEqual(alert.coupon_id, coupon)
        cards = self.env["loyalty.card"].search(
            [
                ("partner_id", "=", self.customer_a.id),
                ("program_id", "=", self.program.id),
            ]
        )
        self.assertEqual(cards, coupon)

    def test_vip_customers_get_more(self):
        self.confirmed_order(self.customer_a, 700_000)
        self.recompute(self.customer_a)
        self.assertEqual(self.raise_alert().coupon_amount, 800.0)

    def test_no_program_or_no_value_no_coupon(self):
        self.tier_key.coupon_amount = 0
        alert = self.raise_alert()
        self.assertFalse(alert.coupon_id)
        with self.assertRaises(UserError):
            alert.with_user(self.wx_churn_manager).action_issue_coupon()
        self.tier_key.coupon_amount = 200
        alert.with_user(self.wx_churn_manager).action_issue_coupon()
        self.assertEqual(alert.coupon_id.points, 200)

    def test_other_program_from_the_settings(self):
        other = self.program.copy({"name": "Spring win-back"})
        self.env["ir.config_parameter"].sudo().set_param(
            "wx_churn.coupon_program_id", other.id
        )
        self.assertEqual(self.raise_alert().coupon_id.program_id, other)

    # ------------------------------------------------------------------ farming

    def burst(self, amount=2_000, days=(2, 1, 0)):
        """Three 1-star customer feedbacks on orders of ``amount``, ``days``
        ago: the alert opens, the coupon depends on the anti-farming rule."""
        now = fields.Datetime.now()
        Feedback = self.env["wx.feedback"].with_context(wx_feedback_no_auto_reply=True)
        for day in days:
            order = self.confirmed_order(
                self.customer_a, amount, now - timedelta(days=day + 1)
            )
            at = now - timedelta(days=day)
            Feedback.create(
                {
                    "partner_id": self.contact_a.id,
                    "order_id": order.id,
                    "rating": 1,
                    "channel": "h5",
                    "submitted_at": at,
                    "first_submitted_at": at,
                }
            )
        return self.alerts().sorted("id")[-1:]

    def refusal_note(self, alert):
        return alert.message_ids.filtered(
            lambda m: "No win-back coupon" in (m.body or "")
        )

    def test_a_burst_of_low_ratings_opens_an_alert_without_coupon(self):
        alert = self.burst()
        self.assertTrue(alert.activity_ids, "the account manager still visits")
        self.assertFalse(alert.coupon_id)
        self.assertIn("span less than 7 days", self.refusal_note(alert).body)
        self.assertFalse(self.env["sms.sms"].search([("body", "like", "Coupon")]))

    def test_low_ratings_of_cheap_orders_earn_no_coupon(self):
        alert = self.burst(amount=150, days=(20, 10, 0))
        self.assertFalse(alert.coupon_id)
        self.assertIn("fewer than 2 orders worth 1000", self.refusal_note(alert).body)
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("wx_churn.coupon_min_order_amount", 100)
        self.assertFalse(alert._wx_coupon_refusal(), "the threshold is a setting")

    def test_no_second_coupon_while_the_first_is_unused_nor_beyond_the_cap(self):
        first = self.raise_alert()
        self.assertTrue(first.coupon_id)
        with freeze_time(fields.Datetime.now() + timedelta(days=40)):
            second = self.raise_alert().sorted("id")[-1]
            self.assertNotEqual(second, first)
            self.assertFalse(second.coupon_id)
            self.assertIn("still unused", self.refusal_note(second).body)
            first.coupon_used = True  # used: a later streak may earn another
            self.assertFalse(second._wx_coupon_refusal())
            self.env["ir.config_parameter"].sudo().set_param(
                "wx_churn.coupon_max_per_year", 1
            )
            self.assertIn("per 12 months (1)", second._wx_coupon_refusal())

    def test_a_manager_may_override_the_rule_others_may_not(self):
        alert = self.burst()
        self.assertFalse(alert.coupon_id)
        self.assertIn("span less than 7 days", alert._wx_coupon_refusal())
        with self.assertRaises(AccessError):  # issuing is a manager's decision
            alert.with_user(self.account_manager).action_issue_coupon()
        self.assertFalse(alert.coupon_id)
        alert.with_user(self.wx_churn_manager).action_issue_coupon()
        self.assertEqual(alert.coupon_id.points, 300.0)

    def test_the_coupon_sms_goes_to_the_stored_mobile_not_a_typed_one(self):
        alert = self.raise_alert()
        alert.feedback_ids.write({"phone": "+8613800138000"})  # typed in the form
        self.assertEqual(alert._wx_coupon_phone(), "+8613905910318")
        sms = self.env["sms.sms"].search([("mail_message_id.res_id", "=", alert.id)])
        self.assertEqual(sms.mapped("number"), ["+8613905910318"])

    # ------------------------------------------------------------------ send

    def test_sent_by_email_and_sms_in_the_customer_language(self):
        alert = self.raise_alert()
        template = self.env.ref("wx_churn.mail_template_winback_coupon")
        self.assertEqual(alert._wx_coupon_recipient(), self.contact_a)
        self.assertEqual(template._render_lang(alert.ids)[alert.id], "zh_CN")
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "wx.churn.alert"),
                ("res_id", "=", alert.id),
                ("recipient_ids", "in", self.contact_a.ids),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.contact_a)
        self.assertIn(alert.coupon_code, mail.body_html)
        self.assertIn('lang="zh_CN"', mail.body_html)
        sms = self.env["sms.sms"].search([("mail_message_id.res_id", "=", alert.id)])
        self.assertEqual(sms.number, "+8613905910318")
        self.assertEqual(sms.state, "outgoing")
        self.assertIn(alert.coupon_code, sms.body)
        # a Spanish customer giving feedback as the company, without a phone
        self.customer_b.write(
            {"lang": "es_ES", "email": "compras@frutas.example.com", "phone": False}
        )
        alert_b = self.raise_alert(self.customer_b)
        self.assertEqual(alert_b._wx_coupon_recipient(), self.customer_b)
        self.assertEqual(template._render_lang(alert_b.ids)[alert_b.id], "es_ES")
        self.assertFalse(alert_b._wx_coupon_phone())
        self.assertFalse(
            self.env["sms.sms"].search([("mail_message_id.res_id", "=", alert_b.id)])
        )

    def test_issued_without_sending_when_asked(self):
        alert = self.raise_alert(wx_churn_no_send=True)
        self.assertTrue(alert.coupon_id)
        self.assertFalse(alert.coupon_sent_at)
        self.assertFalse(
            self.env["mail.mail"].search(
                [
                    ("model", "=", "wx.churn.alert"),
                    ("res_id", "=", alert.id),
                    ("recipient_ids", "in", self.contact_a.ids),
                ]
            )
        )

    # ------------------------------------------------------------------ redeem

    def test_redeemable_once_in_a_sale_order(self):
        alert = self.raise_alert()
        order = self.new_order(1_000.0)
        self.assertEqual(self.apply(order, alert.coupon_code), {})
        self.assertEqual(order.amount_untaxed, 700.0, "300 off")
        self.assertEqual(order.amount_total, 700.0)
        self.assertFalse(alert.coupon_used, "not before the order is confirmed")
        order.action_confirm()
        self.assertTrue(alert.coupon_used, "refreshed at confirmation")
        self.assertEqual(alert.coupon_order_id, order)
        self.assertTrue(alert.reordered_within_60d)
        self.assertEqual(alert.reorder_id, order)
        self.assertEqual((alert.coupon_redemption_rate, alert.reorder_rate), (100, 100))
        self.assertEqual(alert.coupon_id.points, 0)
        second = self.new_order(500.0)
        self.assertIn("error", second._try_apply_code(alert.coupon_code))
        self.assertEqual(second.amount_total, 500.0)

    def test_a_small_order_takes_what_it_can(self):
        alert = self.raise_alert()
        order = self.new_order(120.0)
        self.apply(order, alert.coupon_code)
        self.assertEqual(order.amount_total, 0.0)

    def test_unknown_and_expired_codes(self):
        alert = self.raise_alert()
        order = self.new_order(1_000.0)
        self.assertIn("error", order._try_apply_code("NOT-A-CODE"))
        alert.coupon_id.expiration_date = fields.Date.today() - timedelta(days=1)
        self.assertIn("error", order._try_apply_code(alert.coupon_code))
        self.assertEqual(order.amount_total, 1_000.0)

    # ------------------------------------------------------------------ outcomes

    def test_reorder_only_within_sixty_days(self):
        alert = self.raise_alert()
        with freeze_time(fields.Datetime.now() + timedelta(days=61)):
            self.confirmed_order(self.customer_a, 5_000)
        alert._wx_refresh_outcomes()
        self.assertFalse(alert.reordered_within_60d)
        self.assertFalse(alert.coupon_used)
        with freeze_time(fields.Datetime.now() + timedelta(days=59)):
            order = self.confirmed_order(self.contact_a, 5_000)
        alert._wx_refresh_outcomes()
        self.assertTrue(alert.reordered_within_60d, "orders of contacts count")
        self.assertEqual(alert.reorder_id, order)
        self.assertFalse(alert.coupon_used, "ordered without the coupon")

    def test_daily_cron_refreshes_outcomes(self):
        alert = self.raise_alert()
        order = self.new_order(800.0)
        self.apply(order, alert.coupon_code)
        order.action_confirm()
        alert.write({"coupon_used": False, "reordered_within_60d": False})
        alert.outcome_checked_at = False
        progress = []

        def commit(cron, processed=0, remaining=None, deactivate=False):
            progress.append((processed, remaining))
            return 60.0

        with patch.object(self.env.registry["ir.cron"], "_commit_progress", commit):
            self.env["wx.churn.alert"]._cron_refresh_outcomes()
        self.assertTrue(alert.coupon_used)
        self.assertTrue(alert.reordered_within_60d)
        self.assertTrue(progress)
        self.assertEqual(progress[-1][1], 0)
