# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Concurrent submissions on committed data, each in its own transaction, as
the H5 page, the portal and the JSON-2 API run them (a double tap, two phones,
a client retrying)."""

import threading
import time
from collections import Counter

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import tagged
from odoo.tools import SQL

from .common import jpeg_bytes
from .concurrency import CommittedThreadsCase


@tagged("post_install", "-at_install")
class TestConcurrentSubmissions(CommittedThreadsCase):
    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            customer = env["res.partner"].create(
                {"name": "Concurrency customer (test)", "is_company": True}
            )
            contact = env["res.partner"].create(
                {
                    "name": "Concurrency buyer (test)",
                    "parent_id": customer.id,
                    "phone": "+8613905910318",
                }
            )
            product = env["product.product"].create(
                {"name": "Concurrency mango (test)", "type": "service"}
            )
            order = env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "price_unit": 1000.0})
                    ],
                }
            )
            order.action_confirm()
            user = env["res.users"].create(
                {
                    "name": "Concurrency integration (test)",
                    "login": "wx-test-concurrency-api",
                    "group_ids": [
                        Command.set([env.ref("wx_feedback.group_wx_feedback_user").id])
                    ],
                }
            )
            self.ids = {
                "customer": customer.id,
                "contact": contact.id,
                "product": product.id,
                "order": order.id,
                "user": user.id,
            }
            self.order_name = order.name
        self.addCleanup(self.cleanup)

    def cleanup(self):
        with self.committed_env() as env:
            feedbacks = env["wx.feedback"].search(
                [("order_id", "=", self.ids["order"])]
            )
            env["ir.attachment"].search(
                [("res_model", "=", "wx.feedback"), ("res_id", "in", feedbacks.ids)]
            ).unlink()
            feedbacks.unlink()
            order = env["sale.order"].browse(self.ids["order"])
            order._action_cancel()
            order.unlink()
            env["res.users"].browse(self.ids["user"]).unlink()
            env["product.product"].browse(self.ids["product"]).unlink()
            env["res.partner"].browse(
                [self.ids["contact"], self.ids["customer"]]
            ).unlink()

    def sequence_next(self):
        with self.committed_env() as env:
            return env.ref("wx_feedback.seq_wx_feedback").number_next_actual

    def race(self, count, submit):
        """``submit`` in ``count`` committed threads at once, each after reading
        the order (see ``CommittedThreadsCase.race``)."""

        def snapshot(env):
            env["sale.order"].browse(self.ids["order"]).state  # noqa: B018

        return super().race(count, submit, snapshot)

    def wait_for_a_row_lock_wait(self, timeout=30):
        """True once a transaction waits to lock a feedback row."""
        deadline = time.monotonic() + timeout
        with self.registry.cursor() as cr:
            while time.monotonic() < deadline:
                cr.execute(SQL("SELECT pg_stat_clear_snapshot()"))
                cr.execute(
                    SQL(
                        """SELECT 1 FROM pg_stat_activity
                            WHERE datname = current_database()
                              AND wait_event_type = 'Lock'
                              AND query LIKE %s""",
                        "%FROM wx_feedback%FOR NO KEY UPDATE%",
                    )
                )
                if cr.fetchone():
                    return True
                threading.Event().wait(0.02)
        return False

    def test_simultaneous_first_submissions_store_one_feedback(self):
        """A double tap and a second phone: 8 first submissions of one order."""
        before = self.sequence_next()

        def submit(env, index):
            Feedback = env["wx.feedback"].sudo()
            files = [("tap.jpg", jpeg_bytes())] if index % 2 else []
            values, cleaned = Feedback._check_submission(
                {"rating": str(index % 5 + 1), "description": f"phone {index}"}, files
            )
            partner = env["res.partner"].browse(self.ids["contact"])
            order = env["sale.order"].browse(self.ids["order"])
            return Feedback._submit(partner, order, values, cleaned, "h5")

        results, errors = self.race(8, submit)

        self.assertEqual(errors, [])
        self.assertEqual(len({result.id for result in results}), 1)
        self.assertEqual(
            Counter(result.outcome for result in results),
            Counter({"created": 1, "updated": 7}),
        )
        self.assertEqual(
            self.sequence_next(), before + 1, "one number for the one feedback"
        )
        with self.committed_env() as env:
            feedback = env["wx.feedback"].search([("order_id", "=", self.ids["order"])])
            self.assertEqual(len(feedback), 1)
            self.assertEqual(feedback.name, results[0].name)
            # every update landed: 4 submissions brought a photo each
            self.assertEqual(len(feedback.attachment_ids), 4)

    def test_concurrent_api_retries_replay_one_feedback(self):
        """A client retrying one submission with its idempotency key."""

        def submit(env, index):
            user_env = env(user=self.ids["user"])
            return user_env["wx.feedback"].submit_feedback(
                order=self.order_name,
                rating=2,
                text="送晚了",
                idempotency_key="concurrency-retry-1",
            )

        results, errors = self.race(16, submit)

        self.assertEqual(errors, [])
        self.assertEqual(len(results), 16)
        self.assertEqual(len({result["id"] for result in results}), 1)
        self.assertEqual(
            Counter(result["outcome"] for result in results),
            Counter({"created": 1, "replayed": 15}),
        )
        self.assertEqual(len({result["name"] for result in results}), 1)
        with self.committed_env() as env:
            self.assertEqual(
                env["wx.feedback"].search_count([("order_id", "=", self.ids["order"])]),
                1,
            )

    def test_an_update_waits_for_a_transaction_holding_the_feedback(self):
        """The post-submission cron locks and changes the new feedback while
        the customer's second submission arrives: the submission waits for it
        and then updates the latest version."""
        with self.committed_env() as env:
            Feedback = env["wx.feedback"].sudo()
            values, files = Feedback._check_submission({"rating": "4"})
            first = Feedback._submit(
                env["res.partner"].browse(self.ids["contact"]),
                env["sale.order"].browse(self.ids["order"]),
                values,
                files,
                "h5",
            )
        holder = self.registry.cursor()
        try:
            held = api.Environment(holder, SUPERUSER_ID, {})["wx.feedback"]
            held.browse(first.id).try_lock_for_update().write(
                {"ticket_pending": False, "state": "in_progress"}
            )
            held.env.flush_all()
            submitted = threading.Event()

            def submit(env, index):
                Feedback = env["wx.feedback"].sudo()
                values, files = Feedback._check_submission({"rating": "1"})
                try:
                    return Feedback._submit(
                        env["res.partner"].browse(self.ids["contact"]),
                        env["sale.order"].browse(self.ids["order"]),
                        values,
                        files,
                        "h5",
                    )
                finally:
                    submitted.set()

            thread_results = []

            def second():
                thread_results.append(self.race(1, submit))

            thread = threading.Thread(target=second)
            with self.threads_find_the_registry():
                thread.start()
                waiting = self.wait_for_a_row_lock_wait()
                self.assertFalse(submitted.is_set())
                holder.commit()  # pylint: disable=invalid-commit
                thread.join(timeout=60)
            self.assertTrue(waiting, "the submission waited for the holder")
        finally:
            holder.close()
        (results, errors) = thread_results[0]
        self.assertEqual(errors, [])
        self.assertEqual([(r.id, r.outcome) for r in results], [(first.id, "updated")])
        with self.committed_env() as env:
            feedback = env["wx.feedback"].browse(first.id)
            self.assertEqual(feedback.rating, 1)
            self.assertEqual(feedback.state, "in_progress", "the holder's change kept")
