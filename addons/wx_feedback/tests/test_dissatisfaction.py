# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tests import Form, tagged

from ..tools import dissatisfaction
from .common import WxFeedbackCommon, migration_script


@tagged("post_install", "-at_install")
class TestDissatisfaction(WxFeedbackCommon):
    """One definition of a dissatisfied customer: the company's rule, read by
    ``_wx_dissatisfied`` and ``_wx_dissatisfied_domain`` alike."""

    def feedbacks(self, *ratings):
        Feedback = self.env["wx.feedback"].with_context(wx_feedback_no_auto_reply=True)
        return Feedback.concat(
            *(
                Feedback.create({"partner_id": self.contact_a.id, "rating": rating})
                for rating in ratings
            )
        )

    def dissatisfied_by_search(self, feedbacks):
        Feedback = self.env["wx.feedback"]
        return Feedback.search(
            Feedback._wx_dissatisfied_domain() & Domain("id", "in", feedbacks.ids)
        )

    def test_defaults_and_the_rating_boundary(self):
        company = self.env.company
        self.assertEqual(
            company._wx_dissatisfaction_rule(), dissatisfaction.DEFAULT_RULE
        )
        feedbacks = self.feedbacks(1, 2, 3, 4, 5)
        for rating_max in (3, 2, 1):
            company.wx_dissatisfied_rating = rating_max
            by_method = feedbacks.filtered(lambda f: f._wx_dissatisfied())
            self.assertEqual(by_method.mapped("rating"), list(range(1, rating_max + 1)))
            self.assertEqual(self.dissatisfied_by_search(feedbacks), by_method)
            self.assertEqual(
                feedbacks.filtered("wx_dissatisfied"), by_method, "the computed flag"
            )
            self.assertEqual(
                self.env["wx.feedback"].search(
                    [("wx_dissatisfied", "=", True), ("id", "in", feedbacks.ids)]
                ),
                by_method,
                "the search filter",
            )
        self.assertEqual(feedbacks[0]._wx_dissatisfied(), (dissatisfaction.RATING,))

    def test_survey_answers_under_the_rule(self):
        feedback = self.feedbacks(5)
        self.assertTrue(feedback._wx_dissatisfied({"nps": 6, "csat": 5}))
        self.assertFalse(feedback._wx_dissatisfied({"nps": 7, "csat": 3}))
        self.env.company.write({"wx_dissatisfied_nps": 7, "wx_dissatisfied_csat": 3})
        self.assertEqual(
            feedback._wx_dissatisfied({"nps": 7, "csat": 3}),
            (dissatisfaction.NPS, dissatisfaction.CSAT),
        )

    def test_a_survey_answer_reopens_the_loop_by_the_rule(self):
        self.env.company.wx_dissatisfied_nps = 7
        feedback = self.feedbacks(5)
        feedback.team_id = self.team_logistics
        self.team_logistics.user_id = self.user_logistics
        survey = self.env["wx.feedback.survey"].create(
            {"feedback_id": feedback.id, "scheduled_at": fields.Datetime.now()}
        )
        survey.state = "sent"
        survey._record_answer(7, 4, "")
        self.assertEqual(feedback.activity_ids.user_id, self.user_logistics)
        self.env.company.wx_dissatisfied_nps = 6
        other = self.feedbacks(5)
        survey = self.env["wx.feedback.survey"].create(
            {"feedback_id": other.id, "scheduled_at": fields.Datetime.now()}
        )
        survey.state = "sent"
        survey._record_answer(7, 4, "")
        self.assertFalse(other.activity_ids, "a passive under the default rule")

    def test_settings_write_the_company_rule(self):
        settings = Form(self.env["res.config.settings"])
        settings.wx_dissatisfied_rating = 2
        settings.wx_dissatisfied_nps = 5
        settings.wx_dissatisfied_csat = 1
        settings.wx_negative_confidence = 0.8
        settings.wx_default_team_id = self.team_logistics
        settings.save().execute()
        self.assertEqual(
            self.env.company._wx_dissatisfaction_rule(),
            dissatisfaction.Rule(2, 5, 1, 0.8),
        )
        self.assertEqual(self.env.company.wx_default_team_id, self.team_logistics)

    def test_the_rule_stays_within_the_scales(self):
        for values in (
            {"wx_dissatisfied_rating": 4},
            {"wx_dissatisfied_rating": 0},
            {"wx_dissatisfied_nps": 10},
            {"wx_dissatisfied_csat": 5},
            {"wx_negative_confidence": 0.0},
            {"wx_negative_confidence": 1.5},
        ):
            with self.subTest(**values), self.assertRaises(ValidationError):
                self.env.company.write(values)


@tagged("post_install", "-at_install")
class TestSettingsMigration(WxFeedbackCommon):
    """19.0.1.1.0: the ticket threshold and default team parameters move to
    the companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_company_b()
        cls.script = migration_script("wx_feedback", "19.0.1.1.0", "post-migrate")
        cls.params = cls.env["ir.config_parameter"].sudo()

    def migrate(self, threshold=None, team=None):
        self.params.set_param(self.script.THRESHOLD_PARAM, threshold)
        self.params.set_param(self.script.TEAM_PARAM, team)
        self.script.migrate_settings(self.env)
        self.assertFalse(self.params.get_param(self.script.THRESHOLD_PARAM))
        self.assertFalse(self.params.get_param(self.script.TEAM_PARAM))

    def test_threshold_becomes_every_company_rule(self):
        for threshold, expected in (("2", 2), ("0", 1), ("5", 3), ("3", 3), ("1", 1)):
            with self.subTest(threshold=threshold):
                self.migrate(threshold=threshold)
                self.assertEqual(self.company_a.wx_dissatisfied_rating, expected)
                self.assertEqual(self.company_b.wx_dissatisfied_rating, expected)

    def test_unusable_values_change_nothing(self):
        self.company_b.wx_dissatisfied_rating = 2
        self.migrate(threshold="three", team="999999999")
        self.assertEqual(self.company_a.wx_dissatisfied_rating, 3)
        self.assertEqual(self.company_b.wx_dissatisfied_rating, 2)
        self.assertFalse(self.company_a.wx_default_team_id)

    def test_default_team_goes_to_its_company(self):
        self.migrate(team=str(self.team_purchasing.id))
        self.assertEqual(self.company_a.wx_default_team_id, self.team_purchasing)
        self.assertFalse(self.company_b.wx_default_team_id)

    def test_a_shared_team_goes_to_every_company_without_one(self):
        shared = self.env["helpdesk.ticket.team"].create(
            {"name": "Shared (test)", "company_id": False}
        )
        self.company_b.wx_default_team_id = self.team_b
        self.migrate(team=str(shared.id))
        self.assertEqual(self.company_a.wx_default_team_id, shared)
        self.assertEqual(self.company_b.wx_default_team_id, self.team_b, "kept")

    def test_fresh_install_migrates_nothing(self):
        self.params.set_param(self.script.THRESHOLD_PARAM, "2")
        self.script.migrate(self.env.cr, None)
        self.assertEqual(self.params.get_param(self.script.THRESHOLD_PARAM), "2")
        self.assertEqual(self.company_a.wx_dissatisfied_rating, 3)

    def test_record_rules_become_data(self):
        rules = self.env["ir.model.data"].search(
            [("model", "=", "ir.rule"), ("module", "in", self.script.WX_ADDONS)]
        )
        self.assertGreaterEqual(len(rules), 20)
        rules.noupdate = False
        self.script.rules_as_data(self.env)
        self.assertTrue(all(rules.mapped("noupdate")))

    def test_categories_have_no_threshold_of_their_own(self):
        self.assertNotIn("rating_threshold", self.env["wx.feedback.category"]._fields)
        self.categories["service"].team_id = self.team_logistics
        feedback = self.env["wx.feedback"].create(
            {
                "partner_id": self.contact_a.id,
                "rating": 3,
                "category_ids": [Command.set(self.categories["service"].ids)],
            }
        )
        self.assertTrue(feedback.ticket_id)
