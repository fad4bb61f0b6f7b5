# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.fields import Domain
from odoo.tests import tagged

from odoo.addons.wx_feedback.tools import dissatisfaction

from .common import WxNlpCommon


@tagged("post_install", "-at_install")
class TestTextSignal(WxNlpCommon):
    """The text analysis feeds the one dissatisfaction rule of wx_feedback."""

    def feedback(self, sentiment, confidence, rating=5, corrected=False):
        feedback = self.env["wx.feedback"].create(
            {"partner_id": self.contact_a.id, "rating": rating}
        )
        feedback.with_context(wx_nlp_analysis=True).write(
            {
                "nlp_sentiment": sentiment,
                "nlp_confidence": confidence,
                "nlp_corrected": corrected,
            }
        )
        return feedback

    def by_search(self, feedbacks):
        Feedback = self.env["wx.feedback"]
        return Feedback.search(
            Feedback._wx_dissatisfied_domain() & Domain("id", "in", feedbacks.ids)
        )

    def test_confident_or_corrected_negative_text_is_dissatisfied(self):
        sure = self.feedback("neg", 0.7)
        unsure = self.feedback("neg", 0.69)
        corrected = self.feedback("neg", 0.1, corrected=True)
        positive = self.feedback("pos", 0.99, corrected=True)
        everything = sure | unsure | corrected | positive
        self.assertEqual(sure._wx_dissatisfied(), (dissatisfaction.TEXT,))
        self.assertFalse(unsure._wx_dissatisfied())
        self.assertTrue(corrected._wx_dissatisfied())
        self.assertFalse(positive._wx_dissatisfied())
        self.assertEqual(self.by_search(everything), sure | corrected)
        self.env.company.wx_negative_confidence = 0.9
        self.assertFalse(sure._wx_dissatisfied())
        self.assertEqual(self.by_search(everything), corrected)

    def test_a_negative_text_opens_a_ticket_with_good_stars(self):
        feedback = self.env["wx.feedback"].create(
            {
                "partner_id": self.contact_a.id,
                "rating": 5,
                "description": "太差了，再也不买了，服务态度恶劣",
            }
        )
        self.assertEqual(feedback.nlp_sentiment, "neg")
        self.assertGreaterEqual(feedback.nlp_confidence, 0.7)
        self.assertIn("negative text", feedback.ticket_reason)
        self.assertTrue(feedback.wx_dissatisfied)
