# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import WxFeedbackCommon, jpeg_bytes


@tagged("post_install", "-at_install")
class TestClosedLoop(WxFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.order = cls.delivered_order(cls.customer_a)
        cls.team_logistics.user_id = cls.user_logistics
        cls.team_purchasing.user_id = cls.user_purchasing
        cls.contact_a.email = "zhou@yonghui.example.com"
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_cancelled = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
        )

    def feedback(self, rating=5, categories=(), partner=None, **values):
        return self.env["wx.feedback"].create(
            {
                "partner_id": (partner or self.contact_a).id,
                "order_id": self.order.id,
                "rating": rating,
                "category_ids": [(6, 0, [self.categories[c].id for c in categories])],
                "description": "测试反馈",
                **values,
            }
        )

    # ------------------------------------------------------------------ routing

    def test_low_rating_opens_a_ticket_for_the_category_team(self):
        feedback = self.feedback(2, ["delivery"], rating_delivery=1)
        ticket = feedback.ticket_id
        self.assertTrue(ticket)
        self.assertEqual(ticket.wx_feedback_id, feedback)
        self.assertEqual(ticket.team_id, self.team_logistics)
        self.assertEqual(ticket.partner_id, self.contact_a)
        self.assertEqual(feedback.state, "in_progress")
        self.assertIn("1", feedback.ticket_reason, "the lowest rating given")
        self.assertIn(self.order.name, ticket.description)
        self.assertIn(self.product.name, ticket.description)
        self.assertIn("测试反馈", ticket.description)

    def test_freshness_and_weight_go_to_purchasing(self):
        self.categories["weight"].team_id = self.team_purchasing
        self.assertEqual(
            self.feedback(1, ["freshness"]).ticket_id.team_id, self.team_purchasing
        )
        other = self.delivered_order(self.customer_b)
        weight = self.feedback(
            3, ["weight"], partner=self.customer_b, order_id=other.id
        )
        self.assertEqual(weight.ticket_id.team_id, self.team_purchasing)

    def test_a_low_dimension_is_enough(self):
        feedback = self.feedback(5, ["delivery"], rating_delivery=3)
        self.assertTrue(feedback.ticket_id)

    def test_complaint_category_opens_a_ticket_when_not_dissatisfied(self):
        self.assertTrue(self.categories["freshness"].is_complaint)
        self.env.company.wx_dissatisfied_rating = 2
        feedback = self.feedback(3, ["freshness"])
        self.assertTrue(feedback.ticket_id, "3 stars is not positive")
        self.assertIn(self.categories["freshness"].name, feedback.ticket_reason)
        self.assertNotIn("dissatisfied", feedback.ticket_reason)
        other = self.delivered_order(self.customer_a)
        self.assertFalse(self.feedback(3, ["delivery"], order_id=other.id).ticket_id)

    def test_positive_feedback_opens_no_ticket(self):
        self.assertFalse(self.feedback(5, ["delivery"]).ticket_id)
        second = self.delivered_order(self.customer_a)
        self.assertFalse(self.feedback(4, order_id=second.id).ticket_id)
        other = self.delivered_order(self.customer_a)
        praise = self.feedback(4, ["freshness"], order_id=other.id, rating_freshness=5)
        self.assertFalse(praise.ticket_id, "a complaint category on 4-5 stars")

    def test_dissatisfied_means_the_same_whatever_the_category(self):
        self.categories["price"].is_complaint = False
        for rating, category in ((3, "service"), (3, "price"), (1, "other")):
            order = self.delivered_order(self.customer_a)
            feedback = self.feedback(rating, [category], order_id=order.id)
            self.assertTrue(feedback.ticket_id, category)
            self.assertIn("dissatisfied", feedback.ticket_reason)
            self.assertTrue(feedback.wx_dissatisfied)

    def test_the_company_rule_and_default_team(self):
        self.env.company.write(
            {
                "wx_dissatisfied_rating": 2,
                "wx_default_team_id": self.team_purchasing.id,
            }
        )
        three = self.feedback(3)
        self.assertFalse(three.ticket_id)
        self.assertFalse(three.wx_dissatisfied)
        other = self.delivered_order(self.customer_a)
        ticket = self.feedback(2, order_id=other.id).ticket_id
        self.assertEqual(ticket.team_id, self.team_purchasing)

    def test_a_low_aspect_opens_a_ticket_at_the_rule_stars(self):
        self.env.company.wx_dissatisfied_rating = 2
        self.assertFalse(self.feedback(5, rating_delivery=3).ticket_id)
        other = self.delivered_order(self.customer_a)
        feedback = self.feedback(5, order_id=other.id, rating_delivery=2)
        self.assertTrue(feedback.ticket_id)
        self.assertFalse(feedback.wx_dissatisfied, "the overall rating is 5")

    def test_priority_from_category_and_rating(self):
        self.categories["order"].priority = "3"
        self.assertEqual(self.feedback(2, ["order"]).ticket_id.priority, "3")
        other = self.delivered_order(self.customer_a)
        self.assertEqual(self.feedback(1, order_id=other.id).ticket_id.priority, "2")

    def test_ticket_carries_the_photos(self):
        feedback = self.feedback(1, ["freshness"])
        values, files = feedback._check_submission(
            {"rating": 1}, [("m.jpg", jpeg_bytes())]
        )
        self.assertFalse(values["description"])
        other = self.delivered_order(self.customer_b)
        result = feedback._submit(
            self.customer_b, other, {**values, "categories": ["freshness"]}, files, "h5"
        )
        with_photo = feedback.browse(result.id)
        self.assertFalse(with_photo.ticket_id, "opened right after the request")
        self.assertTrue(with_photo.ticket_pending)
        self.env["wx.feedback"]._wx_process_pending()
        self.assertFalse(with_photo.ticket_pending)
        attachments = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", with_photo.ticket_id.id),
            ]
        )
        self.assertEqual(attachments.mapped("name"), ["m.jpg"])

    def test_update_that_becomes_negative_opens_the_ticket(self):
        feedback = self.feedback(5)
        self.assertFalse(feedback.ticket_id)
        feedback.rating = 2
        self.assertTrue(feedback.ticket_id)

    # ------------------------------------------------------------------ replies

    def queued_mails(self, feedback):
        self.env["wx.feedback"]._wx_process_pending()
        return self.env["mail.mail"].search(
            [("model", "=", "wx.feedback"), ("res_id", "=", feedback.id)]
        )

    def test_complaint_reply_in_the_customer_language_by_email_and_sms(self):
        self.contact_a.lang = "zh_CN"
        feedback = self.feedback(1, ["delivery"], phone="+8613905910318", lang="zh_CN")
        self.assertTrue(feedback.reply_pending, "rendered after the request")
        self.assertFalse(
            self.env["sms.sms"].search([("number", "=", "+8613905910318")])
        )
        mail = self.queued_mails(feedback)
        self.assertFalse(feedback.reply_pending)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "queued, not sent from create()")
        self.assertIn("已记录", mail.subject)
        self.assertIn(self.team_logistics.name, mail.body_html)
        self.assertIn("2", mail.body_html)
        sms = self.env["sms.sms"].search([("number", "=", "+8613905910318")])
        self.assertEqual(sms.state, "outgoing")
        self.assertIn("小时", sms.body)

    def test_thanks_reply_for_praise_in_spanish(self):
        self.contact_a.lang = "es_ES"
        feedback = self.feedback(5, lang="es_ES")
        mail = self.queued_mails(feedback)
        self.assertIn("Gracias", mail.subject)
        self.assertFalse(self.env["sms.sms"].search([("body", "like", feedback.name)]))

    def test_no_email_without_address_and_no_reply_when_asked(self):
        self.contact_a.email = False
        self.assertFalse(self.queued_mails(self.feedback(1, ["delivery"])))
        self.contact_a.email = "zhou@yonghui.example.com"
        other = self.delivered_order(self.customer_a)
        quiet = (
            self.env["wx.feedback"]
            .with_context(wx_feedback_no_auto_reply=True)
            .create(
                {"partner_id": self.contact_a.id, "order_id": other.id, "rating": 1}
            )
        )
        self.assertFalse(self.queued_mails(quiet))

    # ------------------------------------------------------------------ resolution

    def test_resolving_the_ticket_resolves_the_feedback_and_schedules_a_survey(self):
        feedback = self.feedback(2, ["delivery"])
        with freeze_time("2026-11-25 08:00:00"):
            feedback.ticket_id.stage_id = self.stage_done
        self.assertEqual(feedback.state, "resolved")
        survey = feedback.survey_ids
        self.assertEqual(survey.state, "scheduled")
        self.assertEqual(
            survey.scheduled_at, fields.Datetime.to_datetime("2026-11-25 10:00:00")
        )

    def test_cancelling_the_ticket_closes_the_feedback_without_survey(self):
        feedback = self.feedback(2, ["delivery"])
        feedback.ticket_id.stage_id = self.stage_cancelled
        self.assertEqual(feedback.state, "closed")
        self.assertFalse(feedback.survey_ids)

    def test_ticketless_feedback_resolved_by_staff_gets_a_survey(self):
        feedback = self.feedback(4)
        feedback.action_resolve()
        self.assertEqual(feedback.survey_ids.state, "scheduled")

    def test_survey_sent_only_after_the_delay_and_with_fatigue_cap(self):
        Survey = self.env["wx.feedback.survey"]
        first = self.feedback(2, ["delivery"])
        with freeze_time("2026-11-01 08:00:00"):
            first.ticket_id.stage_id = self.stage_done
        with freeze_time("2026-11-01 09:00:00"):
            Survey._send_due_batch()
            self.assertEqual(first.survey_ids.state, "scheduled", "delay not over")
        with freeze_time("2026-11-01 10:01:00"):
            Survey._send_due_batch()
        survey = first.survey_ids
        self.assertEqual(survey.state, "sent")
        self.assertEqual(
            survey.expires_at, fields.Datetime.to_datetime("2026-11-29 10:01:00")
        )
        invitation = self.queued_mails(first).filtered(
            lambda m: survey._token() in m.body_html
        )
        self.assertEqual(len(invitation), 1)

        other = self.delivered_order(self.customer_a)
        second = self.feedback(2, ["delivery"], order_id=other.id)
        with freeze_time("2026-11-20 08:00:00"):
            second.ticket_id.stage_id = self.stage_done
        with freeze_time("2026-11-20 11:00:00"):
            Survey._send_due_batch()
        self.assertEqual(second.survey_ids.state, "skipped", "asked 19 days ago")

        third_order = self.delivered_order(self.customer_a)
        third = self.feedback(2, ["delivery"], order_id=third_order.id)
        with freeze_time("2026-12-05 08:00:00"):
            third.ticket_id.stage_id = self.stage_done
        with freeze_time("2026-12-05 11:00:00"):
            Survey._send_due_batch()
        self.assertEqual(third.survey_ids.state, "sent", "34 days later")

    def test_unhappy_answer_reopens_the_loop(self):
        feedback = self.feedback(2, ["delivery"])
        feedback.ticket_id.stage_id = self.stage_done
        survey = feedback.survey_ids
        survey.write({"scheduled_at": fields.Datetime.now()})
        survey._send()
        survey._record_answer(4, 2, "还是不满意")
        ticket = feedback.ticket_id
        activity = ticket.activity_ids
        self.assertEqual(activity.user_id, self.user_logistics)
        self.assertEqual((ticket.wx_survey_nps, ticket.wx_survey_csat), (4, 2))
        self.assertIn("还是不满意", ticket.message_ids[0].body)
        self.assertIn("NPS 4/10", feedback.message_ids[0].body)

    def test_happy_answer_schedules_nothing(self):
        feedback = self.feedback(2, ["delivery"])
        feedback.ticket_id.stage_id = self.stage_done
        feedback.survey_ids._send()
        feedback.survey_ids._record_answer(9, 5, "")
        self.assertFalse(feedback.ticket_id.activity_ids)

    def test_nps_report_numbers(self):
        Survey = self.env["wx.feedback.survey"]
        answers = [(10, 5), (9, 4), (8, 3), (6, 2), (3, 1)]
        surveys = Survey
        for index, (nps, csat) in enumerate(answers):
            order = self.delivered_order(self.customer_a)
            feedback = self.feedback(4, order_id=order.id)
            survey = Survey.create(
                {"feedback_id": feedback.id, "scheduled_at": fields.Datetime.now()}
            )
            survey.write(
                {
                    "state": "sent",
                    "sent_at": fields.Datetime.now(),
                    "expires_at": fields.Datetime.now() + timedelta(days=28),
                }
            )
            if index < 5:
                survey._record_answer(nps, csat, "")
            surveys |= survey
        unanswered = Survey.create(
            {
                "feedback_id": self.feedback(
                    4,
                    order_id=self.delivered_order(self.customer_b).id,
                    partner=self.customer_b,
                ).id,
                "scheduled_at": fields.Datetime.now(),
                "state": "sent",
            }
        )
        groups = Survey._read_group(
            [("id", "in", surveys.ids), ("state", "=", "answered")],
            aggregates=["nps_points:avg", "csat_points:avg", "__count"],
        )
        nps_value, csat_value, count = groups[0]
        self.assertEqual(count, 5)
        self.assertEqual(nps_value, 0)  # (2 - 2) / 5
        self.assertEqual(csat_value, 40)  # 2 of 5 answered 4 or 5
        (rate,) = Survey._read_group(
            [("id", "in", (surveys | unanswered).ids)], aggregates=["responded:avg"]
        )[0]
        self.assertAlmostEqual(rate, 100 * 5 / 6)

    # ------------------------------------------------------------- the job

    def test_job_run_stops_at_its_time_budget(self):
        """Within its time budget the job works batches off; once Odoo's
        budget of the run is spent, a call processes nothing and reports
        what is left (the run ends "partially done" and is rescheduled at
        once, its row released in between)."""
        feedback = self.feedback(1, ["freshness"])
        other = self.delivered_order(self.customer_b)
        values, files = feedback._check_submission({"rating": 1}, [])
        pending = feedback.browse(
            feedback._submit(
                self.customer_b, other, {**values, "categories": ["order"]}, files, "h5"
            ).id
        )
        self.assertTrue(pending.ticket_pending)
        progress = []

        def commit(cron, processed=0, remaining=None, deactivate=False):
            progress.append((processed, remaining))
            return 60.0

        Feedback = self.env["wx.feedback"]
        with patch.object(self.env.registry["ir.cron"], "_commit_progress", commit):
            spent = time.monotonic() - 1
            Feedback.with_context(cron_end_time=spent)._cron_process_submissions()
            self.assertTrue(pending.ticket_pending, "no batch once the budget is spent")
            self.assertEqual(progress, [(0, Feedback.search_count(Feedback._PENDING))])
            self.assertGreater(progress[0][1], 0)
            progress.clear()
            left = time.monotonic() + 60
            Feedback.with_context(cron_end_time=left)._cron_process_submissions()
        self.assertFalse(pending.ticket_pending)
        self.assertTrue(pending.ticket_id)
        self.assertEqual(progress[-1][1], 0, "nothing left")
        self.assertGreater(sum(done for done, _left in progress), 0)
