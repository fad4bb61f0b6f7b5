# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import WxI18nCommon


@tagged("post_install", "-at_install")
class TestCompanyLanguage(WxI18nCommon):
    """What crons and jobs write is in the company's language (or the
    recipient's), not in the language of whoever or whatever triggered it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.order = cls.delivered_order(cls.customer_a)

    def new_company(self, name, lang=False):
        company = self.env["res.company"].create({"name": name})
        company.partner_id.lang = lang
        return company

    def test_rule(self):
        chinese = self.new_company("万象测试", "zh_CN")
        self.assertEqual(chinese._wx_lang(), "zh_CN")
        # the recipient's own language, when it is installed
        self.user_logistics.lang = "es_ES"
        self.assertEqual(chinese._wx_lang(recipient=self.user_logistics), "es_ES")
        self.assertEqual(
            chinese._wx_lang(recipient=self.user_logistics.partner_id), "es_ES"
        )
        self.customer_b.lang = False
        self.assertEqual(chinese._wx_lang(recipient=self.customer_b), "zh_CN")
        # no language on the company: the one most of its users work in
        unset = self.new_company("Sin idioma")
        self.assertEqual(unset._wx_lang(), "en_US", "no users: English")
        for lang, user in (
            ("es_ES", self.user_logistics),
            ("es_ES", self.user_purchasing),
            ("zh_CN", self.manager),
        ):
            user.write(
                {"lang": lang, "company_ids": [(4, unset.id)], "company_id": unset.id}
            )
        self.assertEqual(unset._wx_lang(), "es_ES", "most of its users")

    def submit_and_run_the_cron(self, submit_lang):
        """A customer's submission in ``submit_lang``; the ticket is opened by
        the post-submission cron, which runs in English."""
        Feedback = self.env["wx.feedback"].with_context(lang=submit_lang)
        values, files = Feedback._check_submission(
            {
                "rating": 2,
                "rating_freshness": 1,
                "categories": ["freshness", "delivery"],
                "description": "一箱芒果有一半烂了",
            },
            [],
        )
        feedback = Feedback.browse(
            Feedback._submit(self.contact_a, self.order, values, files, "h5").id
        )
        self.assertFalse(feedback.ticket_id)
        self.env["wx.feedback"].with_context(lang="en_US")._wx_process_pending()
        self.assertTrue(feedback.ticket_id)
        return feedback

    def test_cron_ticket_in_a_chinese_company(self):
        self.company.partner_id.lang = "zh_CN"
        feedback = self.submit_and_run_the_cron("es_ES")
        ticket = feedback.ticket_id
        self.assertIn("新鲜度", ticket.name)
        self.assertIn("配送时效", ticket.name)
        self.assertNotIn("Freshness", ticket.name)
        self.assertIn("客户", ticket.description)
        self.assertIn("总体评分", ticket.description)
        self.assertIn("投诉涉及", feedback.ticket_reason)

    def test_cron_ticket_in_a_spanish_company(self):
        self.company.partner_id.lang = "es_ES"
        feedback = self.submit_and_run_the_cron("zh_CN")
        ticket = feedback.ticket_id
        self.assertIn("Frescura", ticket.name)
        self.assertIn("Puntualidad de la entrega", ticket.name)
        self.assertIn("Cliente", ticket.description)
        self.assertIn("reclamación sobre", feedback.ticket_reason)

    def test_unhappy_survey_activity_in_the_leaders_language(self):
        self.company.partner_id.lang = "es_ES"
        self.user_purchasing.lang = "zh_CN"
        (self.team_purchasing | self.team_logistics).user_id = self.user_purchasing
        feedback = self.submit_and_run_the_cron("en_US")
        feedback.action_resolve()
        survey = feedback.survey_ids
        self.assertTrue(survey)
        # the customer answers on the public page, in English
        survey.with_context(lang="en_US").sudo()._record_answer(3, 1, "")
        activity = feedback.ticket_id.activity_ids
        self.assertEqual(activity.user_id, self.user_purchasing)
        self.assertIn("致电客户", activity.summary)
        note = feedback.ticket_id.message_ids.filtered(
            lambda m: "NPS 3/10" in (m.body or "")
        )
        self.assertIn("Encuesta de satisfacción", note.body, "company: Spanish")
