# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time
from psycopg2 import errors as pg_errors

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.wx_feedback import FeedbackInputError, IdempotencyConflict
from .common import WxFeedbackCommon, jpeg_bytes


@tagged("post_install", "-at_install")
class TestFeedbackModel(WxFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.delivered_order(cls.customer_a)
        # the chatter tracks changes in production: keep tracking on here
        cls.Feedback = cls.env["wx.feedback"].with_context(
            tracking_disable=False, mail_notrack=False
        )

    def submit(self, data, files=(), partner=None, order=None, key=None):
        values, cleaned = self.Feedback._check_submission(data, files)
        result = self.Feedback._submit(
            partner or self.contact_a,
            self.order if order is None else order,
            values,
            cleaned,
            "h5",
            key,
        )
        return self.Feedback.browse(result.id), result.outcome

    def test_submission_creates_feedback_with_order_facts(self):
        feedback, outcome = self.submit(
            {
                "rating": 2,
                "rating_freshness": 1,
                "categories": ["freshness"],
                "description": "一箱芒果有一半烂了",
                "phone": "139 0591 0318",
            },
            [("mango.jpg", jpeg_bytes())],
        )
        self.assertEqual(outcome, "created")
        self.assertTrue(feedback.name.startswith("FB"))
        self.assertEqual(feedback.commercial_partner_id, self.customer_a)
        self.assertEqual(feedback.product_ids, self.product)
        self.assertEqual(feedback.product_categ_ids, self.product.categ_id)
        self.assertEqual(feedback.team_id, self.team_purchasing)
        self.assertEqual(feedback.phone, "139****0318")
        self.assertEqual(feedback._wx_contact_phone(), "+8613905910318")
        self.assertEqual(feedback.lang, "zh_CN")
        self.assertEqual(feedback.attachment_ids.mimetype, "image/jpeg")
        self.assertEqual(feedback.attachment_ids.res_id, feedback.id)
        self.assertEqual(feedback._wx_masked_phone(), "139****0318")

    def test_second_submission_within_48h_updates_and_is_tracked(self):
        first, _outcome = self.submit({"rating": 2, "description": "晚到了"})
        self.env.cr.flush()  # the first request ends (its commit hooks run)
        with freeze_time(fields.Datetime.now() + timedelta(hours=47)):
            second, outcome = self.submit(
                {"rating": 4, "description": "后来补送了，谢谢"},
                partner=self.contact_a,
            )
        self.assertEqual(second, first)
        self.assertEqual(outcome, "updated")
        self.env.cr.precommit.run()  # tracking values are written at commit
        self.assertEqual(first.rating, 4)
        tracked = first.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "rating"
        )
        self.assertEqual((tracked.old_value_integer, tracked.new_value_integer), (2, 4))
        self.assertEqual(
            self.Feedback.search_count([("order_id", "=", self.order.id)]), 1
        )

    def test_later_submission_is_a_followup_in_the_chatter(self):
        first, _outcome = self.submit({"rating": 2, "description": "晚到了"})
        with freeze_time(fields.Datetime.now() + timedelta(hours=49)):
            same, outcome = self.submit(
                {"rating": 1, "description": "<b>又</b>晚了"},
                [("box.jpg", jpeg_bytes())],
            )
        self.assertEqual((same, outcome), (first, "followup"))
        self.assertEqual(first.rating, 2, "a follow-up does not rewrite the rating")
        self.assertEqual(first.followup_count, 1)
        message = first.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertIn("&lt;b&gt;又&lt;/b&gt;晚了", str(message.body))
        self.assertEqual(len(message.attachment_ids), 1)

    def test_other_company_contact_gets_its_own_feedback_per_order(self):
        mine, _o = self.submit({"rating": 5})
        colleague = self.env["res.partner"].create(
            {"name": "同事", "parent_id": self.customer_a.id}
        )
        same, outcome = self.submit({"rating": 3}, partner=colleague)
        self.assertEqual((same, outcome), (mine, "updated"))

    def test_idempotency_key_replays_and_conflicts(self):
        data = {"rating": 3, "description": "还行"}
        first, outcome = self.submit(data, key="order-42-try")
        self.assertEqual(outcome, "created")
        again, outcome = self.submit(dict(data), key="order-42-try")
        self.assertEqual((again, outcome), (first, "replayed"))
        with self.assertRaises(IdempotencyConflict):
            self.submit({"rating": 1, "description": "还行"}, key="order-42-try")

    def test_bad_input_saves_nothing(self):
        before = self.Feedback.search_count([])
        attachments_before = self.env["ir.attachment"].search_count([])
        with self.assertRaises(FeedbackInputError) as caught:
            self.submit(
                {"rating": 6, "description": "x" * 2001, "phone": "12345"},
                [("ok.jpg", jpeg_bytes()), ("evil.jpg", b"MZ\x90\x00" + b"\0" * 64)],
            )
        self.assertEqual(
            set(caught.exception.errors),
            {"rating", "description", "phone", "attachments"},
        )
        self.assertEqual(self.Feedback.search_count([]), before)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)

    def test_errors_are_translated_for_the_customer(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        with self.assertRaises(FeedbackInputError) as caught:
            self.Feedback.with_context(lang="zh_CN")._check_submission({"rating": 0})
        message = caught.exception.errors["rating"]
        self.assertNotIn("Choose an overall rating", message)
        self.assertIn("1", message)

    def test_staff_entry_validates_phone_and_ratings(self):
        feedback = self.Feedback.create(
            {
                "partner_id": self.contact_a.id,
                "channel": "staff",
                "rating": 3,
                "phone": "+86 138-1234-5678",
                "description": "客户来电咨询",  # no aspect: not routed to a team
            }
        )
        self.assertEqual(feedback._wx_contact_phone(), "+8613812345678")
        self.assertEqual(feedback.team_id, self.env["helpdesk.ticket.team"])
        with self.assertRaises(FeedbackInputError):
            feedback.phone = "010 6552 9988"
        with (
            self.assertRaises(pg_errors.CheckViolation),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            feedback.rating = 0
            feedback.flush_recordset()

    def test_h5_signature(self):
        path = self.order._wx_h5_path(self.contact_a)
        _empty, _fb, order_id, partner_id, expires, signature = path.split("/")
        self.assertEqual(
            (int(order_id), int(partner_id)), (self.order.id, self.contact_a.id)
        )
        check = self.order._wx_h5_check
        self.assertEqual(check(self.contact_a.id, int(expires), signature), "valid")
        self.assertEqual(
            check(self.contact_a.id, int(expires) + 1, signature), "invalid"
        )
        self.assertEqual(check(self.customer_b.id, int(expires), signature), "invalid")
        self.assertEqual(check(self.contact_a.id, int(expires), "é"), "invalid")
        with freeze_time(fields.Datetime.now() + timedelta(days=31)):
            self.assertEqual(
                check(self.contact_a.id, int(expires), signature), "invalid"
            )

    def test_h5_links_are_withdrawn_on_demand_and_on_cancellation(self):
        old = self.order._wx_h5_path(self.contact_a)
        _e, _fb, _o, _p, expires, old_signature = old.split("/")
        salesman = self.env["res.users"].create(
            {
                "name": "Salesman (test)",
                "login": "wx-test-salesman",
                "group_ids": [
                    Command.set(
                        [
                            self.env.ref("sales_team.group_sale_salesman_all_leads").id,
                            self.env.ref("wx_feedback.group_wx_feedback_user").id,
                        ]
                    )
                ],
            }
        )
        self.order.with_user(salesman).action_wx_revoke_feedback_links()
        check = self.order._wx_h5_check
        self.assertEqual(
            check(self.contact_a.id, int(expires), old_signature), "revoked"
        )
        self.assertIn("withdrawn", self.order.message_ids[0].body)
        new = self.order._wx_h5_path(self.contact_a)
        _e, _fb, _o, _p, expires, signature = new.split("/")
        self.assertNotEqual(signature, old_signature)
        self.assertEqual(check(self.contact_a.id, int(expires), signature), "valid")
        with self.assertRaises(AccessError):
            self.order.with_user(self.portal_a).action_wx_revoke_feedback_links()
        self.order._action_cancel()
        self.assertEqual(check(self.contact_a.id, int(expires), signature), "revoked")

    def test_link_wizard_shows_url_and_qr(self):
        action = self.order.action_wx_feedback_link()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertIn(f"/fb/{self.order.id}/{self.customer_a.id}/", wizard.url)
        self.assertTrue(wizard.qr_code)
        self.assertGreater(wizard.expires_on, fields.Date.today() + timedelta(days=29))
