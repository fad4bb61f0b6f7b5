# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import WxNlpCommon


@tagged("post_install", "-at_install")
class TestTextAnalysisGlue(WxNlpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.delivered_order(cls.customer_a)

    def feedback(self, text, rating=4, **values):
        order = self.delivered_order(self.customer_a)
        return self.env["wx.feedback"].create(
            {
                "partner_id": self.contact_a.id,
                "order_id": order.id,
                "rating": rating,
                "description": text,
                **values,
            }
        )

    def test_mouldy_strawberries_become_an_urgent_freshness_ticket(self):
        feedback = self.feedback("一箱草莓一半都发霉了，今天必须换", rating=4)
        self.assertEqual(feedback.nlp_sentiment, "neg")
        self.assertEqual(feedback.nlp_urgency, "high")
        self.assertIn("发霉", feedback.nlp_evidence)
        self.assertEqual(feedback.category_ids.mapped("code"), ["freshness"])
        self.assertEqual(feedback.team_id, self.team_purchasing)
        ticket = feedback.ticket_id
        self.assertTrue(ticket, "4 stars, but the text is urgent")
        self.assertEqual(ticket.priority, "3")
        self.assertIn("发霉", feedback.ticket_reason)
        self.assertTrue(feedback.nlp_keywords)

    def test_negated_spoilage_is_not_urgent_and_praise_opens_nothing(self):
        feedback = self.feedback("这次没有烂果，芒果很甜，送货也准时", rating=5)
        self.assertNotEqual(feedback.nlp_urgency, "high")
        self.assertEqual(feedback.nlp_sentiment, "pos")
        self.assertFalse(feedback.ticket_id)

    def test_customer_tags_are_kept(self):
        feedback = self.feedback(
            "送货太晚了",
            rating=2,
            category_ids=[(6, 0, self.categories["service"].ids)],
        )
        self.assertEqual(feedback.category_ids, self.categories["service"])
        self.assertIn("delivery", feedback.nlp_category_codes)

    def test_empty_text_is_not_analysed(self):
        feedback = self.feedback("", rating=5)
        self.assertFalse(feedback.nlp_analyzed_at)
        self.assertFalse(feedback.nlp_sentiment)

    def test_lexicon_edit_applies_without_restart(self):
        text = "这批火龙果里有蜗牛壳"
        self.assertNotEqual(self.feedback(text).nlp_urgency, "high")
        Term = self.env["wx.nlp.lexicon.term"].with_user(self.wx_nlp_manager)
        Term.create(
            {
                "lang": "zh",
                "kind": "urgency",
                "tag": "safety",
                "term": "蜗牛壳",
                "weight": 2.0,
            }
        )
        changed = self.feedback(text)
        self.assertEqual(changed.nlp_urgency, "high")
        self.assertIn("蜗牛壳", changed.nlp_evidence)

    def test_archiving_a_shipped_term_removes_it(self):
        Term = self.env["wx.nlp.lexicon.term"]
        shipped = Term.search(
            [("lang", "=", "zh"), ("kind", "=", "urgency"), ("term", "=", "发霉")]
        )
        self.assertTrue(shipped, "the shipped lexicon is in the backend")
        shipped.active = False
        feedback = self.feedback("草莓发霉")
        self.assertNotIn("发霉 (urgency", feedback.nlp_evidence or "")

    def test_staff_corrections_are_kept(self):
        feedback = self.feedback("一箱草莓一半都发霉了", rating=2)
        feedback.with_user(self.user_purchasing).write(
            {"nlp_urgency": "normal", "nlp_sentiment": "neu"}
        )
        corrections = feedback.nlp_correction_ids
        self.assertEqual(
            {(c.label, c.predicted, c.corrected) for c in corrections},
            {("urgency", "high", "normal"), ("sentiment", "neg", "neu")},
        )
        self.assertEqual(corrections.user_id, self.user_purchasing)
        self.assertTrue(feedback.nlp_corrected)
        self.assertEqual(feedback.nlp_agreement, 0)

    def test_reanalysis_after_a_lexicon_change(self):
        feedback = self.feedback("火龙果里有蜗牛壳")
        self.assertNotIn("蜗牛壳", feedback.nlp_evidence or "")
        Feedback = self.env["wx.feedback"]
        with freeze_time(fields.Datetime.now() + timedelta(seconds=5)):
            self.env["wx.nlp.lexicon.term"].create(
                {"lang": "zh", "kind": "category", "tag": "freshness", "term": "蜗牛壳"}
            )
            stale = Feedback._nlp_stale_domain()
            self.assertIn(feedback, Feedback.search(stale))
            Feedback._nlp_reanalyze_batch(stale, 500)
            self.assertIn("蜗牛壳", feedback.nlp_evidence)
            self.assertIn("freshness", feedback.nlp_category_codes)
            self.assertNotIn(feedback, Feedback.search(stale))

    def test_lexicon_is_read_only_for_users(self):
        with self.assertRaises(AccessError):
            self.env["wx.nlp.lexicon.term"].with_user(self.user_logistics).create(
                {"lang": "zh", "kind": "urgency", "tag": "threat", "term": "投诉"}
            )
