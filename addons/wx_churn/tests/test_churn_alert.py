# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import WxChurnCommon


@tagged("post_install", "-at_install")
class TestChurnAlert(WxChurnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_tier(cls.customer_a, 300_000)  # key account
        cls.visit = cls.env.ref("wx_churn.mail_activity_type_customer_visit")

    def streak(self, *ratings, start="2026-03-02 02:00:00", step_hours=1, **values):
        """Feedbacks of contact A with these ratings, one per ``step_hours``."""
        first = self.at(start)
        return [
            self.feedback(rating, at=first + timedelta(hours=i * step_hours), **values)
            for i, rating in enumerate(ratings)
        ]

    # ------------------------------------------------------------------ streaks

    @freeze_time("2026-03-05 02:00:00")  # Thursday 10:00 in Shanghai
    def test_three_dissatisfied_in_a_row_raise_one_alert(self):
        feedbacks = self.streak(1, 2)
        self.assertFalse(self.alerts(), "two are not enough")
        feedbacks += self.streak(1, start="2026-03-02 05:00:00")
        alert = self.alerts()
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.partner_id, self.customer_a)
        self.assertEqual(alert.user_id, self.account_manager, "the salesperson")
        self.assertEqual(alert.state, "open")
        self.assertEqual(alert.streak_length, 3)
        self.assertEqual(alert.feedback_ids, self.env["wx.feedback"].concat(*feedbacks))
        self.assertEqual(alert.tier_id, self.tier_key)
        self.assertTrue(alert.name.startswith("WB"))
        activity = alert.activity_ids
        self.assertEqual(activity.activity_type_id, self.visit)
        self.assertEqual(activity.user_id, self.account_manager)
        self.assertEqual(
            activity.date_deadline, date(2026, 3, 9), "Friday, Monday: 2 working days"
        )
        self.assertIn(self.account_manager.partner_id, alert.message_partner_ids)

    def test_a_satisfied_feedback_breaks_the_streak(self):
        self.streak(1, 1, 5, 2)
        self.assertFalse(self.alerts())
        self.streak(2, start="2026-03-02 06:00:00")
        self.assertFalse(self.alerts(), "only two since the happy one")
        last = self.streak(1, start="2026-03-02 07:00:00")
        alert = self.alerts()
        self.assertEqual(len(alert), 1)
        self.assertIn(last[0], alert.feedback_ids)
        self.assertEqual(len(alert.feedback_ids), 3)

    def test_three_stars_are_dissatisfied_by_default(self):
        self.streak(1, 1, 3)
        self.assertEqual(len(self.alerts()), 1)

    def test_the_company_rule_decides_what_is_dissatisfied(self):
        self.env.company.wx_dissatisfied_rating = 2
        self.streak(1, 1, 3)
        self.assertFalse(self.alerts(), "3 stars are not dissatisfied under 2")
        fb = self.streak(3, start="2026-03-02 05:00:00")[0]
        fb.write({"nlp_sentiment": "neg", "nlp_confidence": 0.95})
        self.assertFalse(self.alerts(), "1, 1, 3 (neutral), 3 (negative)")
        self.streak(3, start="2026-03-02 06:00:00")[0].write(
            {"nlp_sentiment": "neg", "nlp_confidence": 0.95}
        )
        self.assertFalse(self.alerts(), "still the neutral 3 in between")
        self.streak(2, start="2026-03-02 07:00:00")
        self.assertEqual(len(self.alerts()), 1, "negative text, negative text, 2")

    def test_survey_answers_count(self):
        feedbacks = self.streak(1, 2)
        survey = self.env["wx.feedback.survey"].create(
            {"feedback_id": feedbacks[0].id, "scheduled_at": self.at("2026-03-03")}
        )
        survey.write({"state": "sent"})
        with freeze_time("2026-03-04 08:00:00"):
            survey._record_answer(9, 5, "")
        self.assertFalse(self.alerts(), "a promoter breaks the streak")
        with freeze_time("2026-03-04 09:00:00"):
            survey._record_answer(3, 2, "太差了")
        alert = self.alerts()
        self.assertEqual(len(alert), 1, "1, 2 stars, then a detractor")
        self.assertEqual(alert.survey_ids, survey)
        self.assertEqual(alert.feedback_ids, feedbacks[0] | feedbacks[1])

    def test_a_lowered_rating_completes_a_streak(self):
        feedbacks = self.streak(1, 1, 4)
        self.assertFalse(self.alerts())
        feedbacks[2].rating = 2
        self.assertEqual(len(self.alerts()), 1)

    def test_streak_length_is_a_setting(self):
        self.env["ir.config_parameter"].sudo().set_param("wx_churn.streak_length", 2)
        self.streak(2, 1)
        self.assertEqual(len(self.alerts()), 1)

    def test_other_customers_do_not_mix(self):
        self.streak(1, 1)
        self.feedback(1, partner=self.customer_b, at=self.at("2026-03-02 04:00:00"))
        self.assertFalse(self.alerts() | self.alerts(self.customer_b))

    def test_bad_settings(self):
        Settings = self.env["res.config.settings"]
        with self.assertRaises(ValidationError):
            Settings.create({"wx_churn_streak_length": 0})
        with self.assertRaises(ValidationError):
            Settings.create({"wx_churn_cooldown_days": -1})
        with self.assertRaises(ValidationError):
            Settings.create({"wx_churn_coupon_validity_days": 0})
        # a hand-edited parameter that is not a number: the default applies
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("wx_churn.streak_length", "three")
        self.streak(1, 1)
        self.assertFalse(self.alerts())
        self.streak(1, start="2026-03-02 05:00:00")
        self.assertEqual(len(self.alerts()), 1)

    # ------------------------------------------------------------------ cooldown

    def test_cooldown(self):
        with freeze_time("2026-03-02 08:00:00"):
            self.streak(1, 1, 1)
            first = self.alerts()
            self.assertEqual(len(first), 1)
        with freeze_time("2026-03-20 08:00:00"):
            self.streak(1, 1, 1, start="2026-03-20 01:00:00")
            self.assertEqual(self.alerts(), first, "within the 30-day cooldown")
        with freeze_time("2026-04-05 08:00:00"):
            self.streak(1, start="2026-04-05 01:00:00")
            self.assertEqual(len(self.alerts()), 2, "still unhappy after 30 days")

    def test_one_streak_makes_one_alert(self):
        self.env["ir.config_parameter"].sudo().set_param("wx_churn.cooldown_days", 0)
        with freeze_time("2026-03-02 08:00:00"):
            self.streak(1, 1, 1)
        with freeze_time("2026-03-03 08:00:00"):
            self.streak(1, start="2026-03-03 01:00:00")
            self.assertEqual(
                len(self.alerts()), 1, "the events before the alert do not count twice"
            )
            self.streak(1, 1, start="2026-03-03 02:00:00")
            self.assertEqual(len(self.alerts()), 2, "three new ones")

    def test_cooldown_is_a_setting(self):
        self.env["ir.config_parameter"].sudo().set_param("wx_churn.cooldown_days", 0)
        with freeze_time("2026-03-02 08:00:00"):
            self.streak(1, 1, 1)
        with freeze_time("2026-03-03 08:00:00"):
            self.streak(1, 1, 1, start="2026-03-03 01:00:00")
        self.assertEqual(len(self.alerts()), 2)

    # ------------------------------------------------------------------ paths

    def test_customer_submissions_are_checked_after_the_request(self):
        Feedback = self.env["wx.feedback"]
        self.streak(1, 1)
        order = self.delivered_order(self.customer_a)
        values, files = Feedback._check_submission({"rating": "1"})
        result = Feedback._submit(self.contact_a, order, values, files, "h5")
        feedback = Feedback.browse(result.id)
        self.assertEqual(result.outcome, "created")
        self.assertFalse(self.alerts(), "not while the customer waits")
        Feedback._wx_process_pending()
        self.assertEqual(len(self.alerts()), 1)
        self.assertIn(feedback, self.alerts().feedback_ids)

    def test_a_customer_update_is_checked_after_the_request_too(self):
        Feedback = self.env["wx.feedback"]
        self.streak(1, 1)
        order = self.delivered_order(self.customer_a)
        values, files = Feedback._check_submission({"rating": "4"})
        feedback = Feedback.browse(
            Feedback._submit(self.contact_a, order, values, files, "h5").id
        )
        Feedback._wx_process_pending()
        self.assertFalse(self.alerts(), "1, 1, 4")
        values, files = Feedback._check_submission({"rating": "1"})
        again = Feedback._submit(self.contact_a, order, values, files, "h5")
        self.assertEqual((again.id, again.outcome), (feedback.id, "updated"))
        self.assertFalse(self.alerts(), "not while the customer waits")
        self.assertTrue(feedback.ticket_pending)
        Feedback._wx_process_pending()
        self.assertEqual(len(self.alerts()), 1)
        self.assertFalse(feedback.ticket_pending)

    def test_alert_in_the_account_managers_and_the_companys_language(self):
        """Raised by the post-submission cron (running in English): the visit
        activity is in the account manager's language, the chatter notes in
        the company's."""
        self.env["res.lang"]._activate_lang("zh_CN")
        # mail logging on, as in production
        Feedback = self.env["wx.feedback"].with_context(
            lang="en_US", tracking_disable=False, mail_create_nolog=False
        )
        rounds = (
            (
                self.contact_a,
                self.account_manager,
                ("zh_CN", "es_ES"),
                ("拜访", "连续 3 次不满意"),
                ("Alerta de abandono creado",),
            ),
            (
                self.portal_b.partner_id,
                self.account_manager_2,
                ("es_ES", "zh_CN"),
                ("Visitar a", "señales de insatisfacción"),
                ("流失预警 创建",),
            ),
        )
        for contact, manager, (manager_lang, company_lang), visit, notes in rounds:
            with self.subTest(manager=manager_lang, company=company_lang):
                manager.lang = manager_lang
                self.env.company.partner_id.lang = company_lang
                customer = contact.commercial_partner_id
                self.streak(1, 1, partner_id=contact.id)
                order = self.delivered_order(customer)
                values, files = Feedback._check_submission({"rating": "1"})
                Feedback._submit(contact, order, values, files, "h5")
                self.assertFalse(self.alerts(customer))
                Feedback._wx_process_pending()
                alert = self.alerts(customer)
                self.assertEqual(len(alert), 1)
                activity = alert.activity_ids
                self.assertEqual(activity.user_id, manager)
                self.assertIn(visit[0], activity.summary)
                self.assertIn(visit[1], activity.note)
                for note in notes:
                    self.assertTrue(
                        alert.message_ids.filtered(
                            lambda m, n=note: n in (m.body or "")
                        ),
                        note,
                    )

    def test_account_manager_fallbacks(self):
        self.customer_a.user_id = False
        self.streak(1, 1, 1)
        self.assertEqual(self.alerts().user_id, self.env.ref("base.user_admin"))
        self.env["ir.config_parameter"].sudo().set_param(
            "wx_churn.default_user_id", self.account_manager_2.id
        )
        self.customer_b.user_id = False
        self.feedback(1, partner=self.customer_b)
        self.feedback(1, partner=self.customer_b)
        self.feedback(1, partner=self.customer_b)
        self.assertEqual(self.alerts(self.customer_b).user_id, self.account_manager_2)

    # ------------------------------------------------------------------ states

    def test_visit_and_outcome(self):
        self.streak(1, 1, 1)
        alert = self.alerts().with_user(self.account_manager)
        alert.action_visited()
        self.assertEqual(alert.state, "visited")
        self.assertTrue(alert.visited_at)
        self.assertFalse(alert.activity_ids, "the visit is done")
        with self.assertRaises(UserError):
            alert.action_won_back()  # no outcome written
        alert.outcome_note = "上门致歉，改为早上6点前送达"
        alert.action_won_back()
        self.assertEqual(alert.state, "won_back")
        self.assertEqual(alert.won_back_rate, 100.0)
        alert.action_reopen()
        alert.action_lost()
        self.assertEqual((alert.state, alert.won_back_rate), ("lost", 0.0))

    # ------------------------------------------------------------------ access

    def test_who_sees_which_alert(self):
        self.streak(1, 1, 1)
        mine = self.alerts()
        for _i in range(3):
            self.feedback(1, partner=self.customer_b)
        other = self.alerts(self.customer_b)
        Alert = self.env["wx.churn.alert"]
        both = [("id", "in", (mine | other).ids)]
        self.assertEqual(Alert.with_user(self.account_manager).search(both), mine)
        self.assertEqual(Alert.with_user(self.account_manager_2).search(both), other)
        self.assertEqual(
            Alert.with_user(self.wx_churn_manager).search(both), mine | other
        )
        with self.assertRaises(AccessError):
            other.with_user(self.account_manager).read(["outcome_note"])
        with self.assertRaises(AccessError):
            other.with_user(self.account_manager).write({"outcome_note": "x"})
        for user in (self.portal_a, self.portal, self.user_logistics, self.internal):
            with self.assertRaises(AccessError, msg=user.login):
                mine.with_user(user).read(["state"])
        with self.assertRaises(AccessError):
            Alert.with_user(self.account_manager).create(
                {"partner_id": self.customer_a.id}
            )
        with self.assertRaises(AccessError):
            mine.with_user(self.account_manager).unlink()
