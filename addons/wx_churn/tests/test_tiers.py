# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import WxChurnCommon, tier_changes


@tagged("post_install", "-at_install")
class TestTiers(WxChurnCommon):
    def customer(self, name="客户 (test)"):
        return self.env["res.partner"].create({"name": name, "is_company": True})

    def last_change(self, customer):
        return self.env["wx.churn.tier.history"].search(
            [("partner_id", "=", customer.id)], order="id desc", limit=1
        )

    # ------------------------------------------------------------------ boundaries

    def test_boundaries_are_inclusive(self):
        expected = {
            1_000_000.00: self.tier_vip,
            999_999.99: self.tier_key,
            200_000.00: self.tier_key,
            199_999.99: self.tier_standard,
            1.00: self.tier_standard,
        }
        customers = {}
        for amount in expected:
            customer = self.customer(f"客户 {amount}")
            self.confirmed_order(customer, amount)
            customers[amount] = customer
        stats = self.recompute(*customers.values())
        self.assertEqual(stats, {"customers": 5, "changed": 5})
        for amount, tier in expected.items():
            customer = customers[amount]
            self.assertEqual(customer.wx_tier_id, tier, amount)
            self.assertEqual(customer.wx_tier_amount, amount)
            self.assertTrue(customer.wx_tier_computed_at)

    def test_several_orders_and_contacts_add_up(self):
        customer = self.customer()
        contact = self.env["res.partner"].create(
            {"name": "采购 (test)", "parent_id": customer.id}
        )
        self.confirmed_order(customer, 600_000)
        self.confirmed_order(contact, 400_000)
        self.recompute(customer)
        self.assertEqual(customer.wx_tier_amount, 1_000_000)
        self.assertEqual(customer.wx_tier_id, self.tier_vip)
        self.assertFalse(contact.wx_tier_id, "the tier lives on the company")
        self.assertEqual(contact._wx_tier(), self.tier_vip)
        self.assertTrue(contact._wx_is_vip())

    def test_feedback_keeps_the_tier_of_its_time(self):
        customer = self.customer()
        contact = self.env["res.partner"].create(
            {"name": "采购 (test)", "parent_id": customer.id}
        )
        before = self.feedback(4, partner=contact)
        self.assertFalse(before.wx_tier_id, "no tier yet")
        self.confirmed_order(customer, 300_000)
        self.recompute(customer)
        # recorded before the customer had a tier: the first one known
        self.assertEqual(before.wx_tier_id, self.tier_key)
        during = self.feedback(5, partner=contact)
        self.assertEqual(during.wx_tier_id, self.tier_key)
        self.confirmed_order(customer, 800_000)
        self.recompute(customer)
        self.assertEqual(customer.wx_tier_id, self.tier_vip)
        # given while a key account: stays so
        self.assertEqual((before | during).wx_tier_id, self.tier_key)
        self.assertEqual(self.feedback(3, partner=contact).wx_tier_id, self.tier_vip)

    def test_feedback_before_the_first_tier_takes_the_first_tier(self):
        """A feedback recorded before the customer's first tier is filled
        with that first tier, not with the tier the customer has when the
        fill runs: an override made the customer VIP two days ago and ended
        yesterday; today's recomputation gives them Key Account."""
        customer = self.customer()
        now = fields.Datetime.now()
        before = self.feedback(4, partner=customer, at=now - timedelta(days=3))
        self.assertFalse(before.wx_tier_id, "no tier yet")
        with freeze_time(now - timedelta(days=2)):
            self.override(
                customer, self.tier_vip, fields.Date.today() + timedelta(days=30)
            )
        with freeze_time(now - timedelta(days=1)):
            customer.with_user(self.wx_churn_manager).write(
                {
                    "wx_tier_override_id": False,
                    "wx_tier_override_reason": False,
                    "wx_tier_override_until": False,
                }
            )
        self.assertFalse(customer.wx_tier_id)
        self.assertFalse(before.wx_tier_id, "an override does not fill")
        self.confirmed_order(customer, 300_000)
        self.recompute(customer)
        self.assertEqual(customer.wx_tier_id, self.tier_key)
        self.assertEqual(before.wx_tier_id, self.tier_vip, "its first tier")
        # the stored tier is what wx_insight's rule gives too
        self.env.flush_all()
        [(given,)] = self.env.execute_query(
            SQL(
                "SELECT %s FROM wx_feedback f JOIN res_partner p"
                " ON p.id = f.commercial_partner_id WHERE f.id = %s",
                self.env["wx.feedback"]._wx_tier_given_sql("f", "p"),
                before.id,
            )
        )
        self.assertEqual(given, self.tier_vip.id)

    def test_tier_at_a_moment(self):
        """The one rule (``_wx_tier_at_sql``): before the first change, the
        first tier; between changes, the last one's; no change recorded, the
        current tier; a change to no tier is no tier."""
        customer = self.customer()
        other = self.customer("另一客户 (test)")
        none = self.env["wx.churn.tier"]
        tier_changes(
            self.env,
            customer,
            [
                (self.at("2026-01-10 00:00:00"), none, self.tier_key),
                (self.at("2026-02-10 00:00:00"), self.tier_key, self.tier_vip),
                (self.at("2026-03-10 00:00:00"), self.tier_vip, none),
            ],
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET wx_tier_id = jsonb_build_object(%s, %s)"
                " WHERE id = %s",
                str(self.env.company.id),
                self.tier_standard.id,
                other.id,
            )
        )
        expected = {
            (customer, "2025-12-01 00:00:00"): self.tier_key.id,
            (customer, "2026-01-10 00:00:00"): self.tier_key.id,
            (customer, "2026-02-01 00:00:00"): self.tier_key.id,
            (customer, "2026-02-20 00:00:00"): self.tier_vip.id,
            (customer, "2026-04-01 00:00:00"): None,
            (other, "2026-02-01 00:00:00"): self.tier_standard.id,
        }
        tier_at = self.env["wx.churn.tier.history"]._wx_tier_at_sql(
            "p", SQL("%s", self.env.company.id), SQL("m.at")
        )
        for (partner, moment), tier in expected.items():
            [(found,)] = self.env.execute_query(
                SQL(
                    "SELECT %s FROM res_partner p, (SELECT %s::timestamp AS at) m"
                    " WHERE p.id = %s",
                    tier_at,
                    moment,
                    partner.id,
                )
            )
            self.assertEqual(found, tier, (partner.name, moment))

    def test_only_confirmed_orders_of_the_last_twelve_months(self):
        customer = self.customer()
        now = fields.Datetime.now()
        self.confirmed_order(customer, 150_000)
        self.confirmed_order(customer, 900_000, date=now - timedelta(days=370))
        cancelled = self.confirmed_order(customer, 900_000)
        cancelled._action_cancel()
        self.env["sale.order"].create(
            {"partner_id": customer.id, "order_line": []}
        )  # a quotation
        self.recompute(customer)
        self.assertEqual(customer.wx_tier_amount, 150_000)
        self.assertEqual(customer.wx_tier_id, self.tier_standard)

    def test_company_currency(self):
        customer = self.customer()
        order = self.confirmed_order(customer, 2_000_000)
        order.currency_rate = 2.0  # 2 order-currency units per company unit
        self.recompute(customer)
        self.assertEqual(customer.wx_tier_amount, 1_000_000)
        self.assertEqual(customer.wx_tier_id, self.tier_vip)

    def test_customers_without_orders_get_no_tier(self):
        customer = self.customer()
        self.assertEqual(self.recompute(customer), {"customers": 0, "changed": 0})
        self.assertFalse(customer.wx_tier_id)
        self.assertFalse(customer._wx_is_vip())

    def test_thresholds_are_configurable(self):
        customer = self.customer()
        self.confirmed_order(customer, 500_000)
        self.tier_vip.threshold_amount = 500_000
        self.recompute(customer)
        self.assertEqual(customer.wx_tier_id, self.tier_vip)
        with self.assertRaises(ValidationError):
            self.tier_key.threshold_amount = 500_000  # same start as VIP
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["wx.churn.tier"].create(
                {"name": "Bad", "code": "bad", "threshold_amount": -1}
            )
            self.env.flush_all()

    # ------------------------------------------------------------------ history

    def test_history_records_changes_only(self):
        customer = self.customer()
        self.confirmed_order(customer, 300_000)
        self.recompute(customer)
        history = customer.wx_tier_history_ids
        self.assertEqual(len(history), 1)
        self.assertFalse(history.from_tier_id)
        self.assertEqual(history.to_tier_id, self.tier_key)
        self.assertEqual(history.amount, 300_000)
        self.assertEqual(history.reason, "computed")
        history.flush_recordset()
        row = self.env.execute_query_dict(
            SQL("SELECT * FROM wx_churn_tier_history WHERE id = %s", history.id)
        )[0]
        self.assertNotIn("amount", row, "no clear column")
        self.assertTrue(row["amount_enc"].startswith("v1:amount-"))
        self.assertNotIn("300000", str(row))
        # same tier, higher amount: the amount is refreshed, no history
        self.confirmed_order(customer, 100_000)
        self.assertEqual(self.recompute(customer)["changed"], 0)
        self.assertEqual(customer.wx_tier_amount, 400_000)
        self.assertEqual(len(customer.wx_tier_history_ids), 1)
        self.confirmed_order(customer, 600_000)
        self.recompute(customer)
        latest = self.last_change(customer)
        self.assertEqual(
            (latest.from_tier_id, latest.to_tier_id, latest.amount),
            (self.tier_key, self.tier_vip, 1_000_000),
        )

    def test_customers_fall_back_when_orders_age_out(self):
        customer = self.customer()
        self.confirmed_order(customer, 1_200_000)
        self.recompute(customer)
        self.assertEqual(customer.wx_tier_id, self.tier_vip)
        with freeze_time(fields.Datetime.now() + timedelta(days=400)):
            self.recompute(customer)
        self.assertEqual(customer.wx_tier_amount, 0)
        self.assertEqual(customer.wx_tier_id, self.tier_standard)
        self.assertEqual(self.last_change(customer).from_tier_id, self.tier_vip)

    def test_history_is_append_only(self):
        customer = self.customer()
        self.confirmed_order(customer, 300_000)
        self.recompute(customer)
        history = customer.wx_tier_history_ids
        with self.assertRaises(UserError):
            history.write({"reason": "override"})
        with self.assertRaises(UserError):
            history.unlink()
        with self.assertRaises(AccessError):
            history.with_user(self.wx_churn_manager).unlink()
        self.assertEqual(
            history.with_user(self.account_manager).read(["to_tier_id"])[0][
                "to_tier_id"
            ][0],
            self.tier_key.id,
        )

    # ------------------------------------------------------------------ overrides

    def override(self, customer, tier, until, reason="战略客户", user=None):
        customer.with_user(user or self.wx_churn_manager).write(
            {
                "wx_tier_override_id": tier.id,
                "wx_tier_override_reason": reason,
                "wx_tier_override_until": until,
            }
        )

    def test_override_until_it_expires(self):
        customer = self.customer()
        self.confirmed_order(customer, 300_000)
        self.recompute(customer)
        today = fields.Date.context_today(customer)
        self.override(customer, self.tier_vip, today + timedelta(days=10))
        self.assertEqual(customer.wx_tier_id, self.tier_vip)
        self.assertEqual(customer.wx_tier_computed_id, self.tier_key)
        row = self.last_change(customer)
        self.assertEqual(
            (row.reason, row.from_tier_id, row.to_tier_id, row.note),
            ("override", self.tier_key, self.tier_vip, "战略客户"),
        )
        self.assertEqual(row.user_id, self.wx_churn_manager)
        self.recompute(customer)
        self.assertEqual(customer.wx_tier_id, self.tier_vip, "the override holds")
        with (
            freeze_time(fields.Datetime.now() + timedelta(days=11)),
            patch.object(
                self.env.registry["ir.cron"], "_commit_progress", return_value=60.0
            ),
        ):
            self.env["res.partner"]._cron_recompute_tiers()
        self.assertFalse(customer.wx_tier_override_id)
        self.assertEqual(customer.wx_tier_id, self.tier_key)
        row = self.last_change(customer)
        self.assertEqual(
            (row.reason, row.from_tier_id, row.to_tier_id),
            ("override_expired", self.tier_vip, self.tier_key),
        )

    def test_override_needs_a_reason_and_a_future_end(self):
        customer = self.customer()
        today = fields.Date.context_today(customer)
        with self.assertRaises(ValidationError):
            self.override(customer, self.tier_vip, today + timedelta(days=5), reason="")
        with self.assertRaises(ValidationError):
            self.override(customer, self.tier_vip, False)
        with self.assertRaises(ValidationError):
            self.override(customer, self.tier_vip, today - timedelta(days=1))
        contact = self.env["res.partner"].create(
            {"name": "联系人 (test)", "parent_id": customer.id}
        )
        with self.assertRaises(ValidationError):
            self.override(contact, self.tier_vip, today + timedelta(days=5))
        self.assertFalse(customer.wx_tier_id)

    def test_only_managers_change_tiers(self):
        customer = self.customer()
        until = fields.Date.context_today(customer) + timedelta(days=5)
        for user in (self.account_manager, self.user_logistics, self.internal):
            with self.assertRaises(AccessError, msg=user.login):
                self.override(customer, self.tier_vip, until, user=user)
        for field, value in (
            ("wx_tier_computed_id", self.tier_vip.id),
            ("wx_tier_id", self.tier_vip.id),
            ("wx_tier_amount", 5_000_000),
        ):
            with self.assertRaises(AccessError, msg=field):
                customer.with_user(self.wx_churn_manager).write({field: value})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(
                self.account_manager
            )._wx_recompute_tiers()
        with self.assertRaises(AccessError):
            customer.with_user(self.portal).read(["wx_tier_amount"])
        self.assertFalse(customer.wx_tier_id)

    # ------------------------------------------------------------------ batches

    def test_nightly_cron_in_batches_and_resumable(self):
        Partner = self.env["res.partner"]
        customers = [self.customer(f"批次 {i}") for i in range(5)]
        Partner._wx_recompute_tiers()  # everyone else is up to date
        for customer in customers:
            self.confirmed_order(customer, 250_000)
        calls = []

        def progress(cron, processed=0, remaining=None, deactivate=False):
            calls.append((processed, remaining))
            return 0.0 if len(calls) == 2 else 60.0  # time is up after 2 batches

        with patch.object(self.env.registry["ir.cron"], "_commit_progress", progress):
            Partner._cron_recompute_tiers(batch_size=2)
            self.assertEqual(calls, [(2, 3), (2, 1)], "stopped when time was up")
            self.assertEqual(len([c for c in customers if c.wx_tier_id]), 4)
            calls.clear()
            Partner._cron_recompute_tiers(batch_size=2)
            self.assertEqual(calls, [(1, 0)], "the next run takes the rest only")
        self.assertEqual({c.wx_tier_id for c in customers}, {self.tier_key})

    def test_locked_customers_wait_for_the_next_run(self):
        customer = self.customer()
        self.confirmed_order(customer, 250_000)
        rows = self.env["res.partner"]._wx_tier_rows(partner_ids=customer.ids)
        tiers = self.env["wx.churn.tier"]._wx_active_tiers()
        Partner = self.env.registry["res.partner"]
        with patch.object(
            Partner, "try_lock_for_update", lambda records, **kw: records.browse()
        ):
            result = self.env["res.partner"]._wx_apply_tier_rows(
                rows, tiers, fields.Datetime.now()
            )
        self.assertEqual(result, (0, 0))
        self.assertFalse(customer.wx_tier_id)

    def test_on_demand_actions(self):
        customer = self.customer()
        self.confirmed_order(customer, 1_000_000)
        action = customer.with_user(self.wx_churn_manager).action_wx_recompute_tier()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(customer.wx_tier_id, self.tier_vip)
        action = self.tier_vip.with_user(self.wx_churn_manager).action_recompute_tiers()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(
            self.tier_vip.partner_count,
            self.env["res.partner"].search_count(
                [("wx_tier_id", "=", self.tier_vip.id)]
            ),
        )
        with self.assertRaises(AccessError):
            self.tier_vip.with_user(self.account_manager).action_recompute_tiers()
