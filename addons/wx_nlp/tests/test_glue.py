# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

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


@tagged("post_install", "-at_install")
class TestKeywordCloud(WxNlpCommon, HttpCase):
    def test_keyword_rows_and_cloud(self):
        order = self.delivered_order(self.customer_a)
        feedback = self.env["wx.feedback"].create(
            {
                "partner_id": self.contact_a.id,
                "order_id": order.id,
                "rating": 2,
                "description": "阳光玫瑰葡萄掉粒严重，阳光玫瑰葡萄要退货",
            }
        )
        terms = feedback.nlp_keyword_ids.mapped("term")
        self.assertIn("掉粒", terms)
        cloud = self.env["wx.nlp.keyword"].get_word_cloud(
            [("feedback_id", "=", feedback.id)]
        )
        self.assertEqual({w["term"] for w in cloud}, set(terms))
        feedback.description = "芒果很甜"
        self.assertNotIn("掉粒", feedback.nlp_keyword_ids.mapped("term"))
        feedback.description = "阳光玫瑰葡萄掉粒严重，阳光玫瑰葡萄要退货"
        self.start_tour(
            "/odoo/action-wx_nlp.wx_nlp_keyword_cloud_action",
            "wx_nlp_keyword_cloud",
            login="admin",
        )


@tagged("post_install", "-at_install")
class TestRetrain(WxNlpCommon):
    def test_retrain_on_own_feedback_keeps_the_comparison(self):
        Feedback = self.env["wx.feedback"].with_context(wx_feedback_no_auto_reply=True)
        bad = [
            "芒果烂了一半",
            "送货太慢了",
            "草莓发霉",
            "缺斤少两太严重",
            "葡萄掉粒很多",
        ]
        good = ["芒果很甜", "送货很准时", "草莓新鲜", "分量很足", "葡萄很好吃"]
        for index in range(30):
            Feedback.create(
                [
                    {
                        "partner_id": self.contact_a.id,
                        "rating": 1,
                        "description": f"{bad[index % 5]}{index}",
                    },
                    {
                        "partner_id": self.contact_a.id,
                        "rating": 5,
                        "description": f"{good[index % 5]}{index}",
                    },
                ]
            )
        # trained on the feedback the user reads: a feedback manager reads all
        model = self.env["wx.nlp.model"].with_user(self.manager).create({})
        model.action_train()
        self.assertIn(model.state, ("active", "rejected"))
        self.assertGreaterEqual(model.sample_count, 40)
        self.assertTrue(model.heldout_count)
        self.assertIn("macro_f1", model.comparison)
        self.assertEqual(
            model.state == "active", model.new_macro_f1 > model.old_macro_f1
        )
        if model.state == "active":
            active = self.env["wx.nlp.model"]._active_model()
            self.assertIsNotNone(active)
            self.assertEqual(
                self.env["wx.feedback"]
                .create(
                    {
                        "partner_id": self.contact_a.id,
                        "rating": 1,
                        "description": "芒果烂了",
                    }
                )
                .nlp_sentiment,
                "neg",
            )

    def test_urgency_corrections_feed_the_retraining(self):
        Feedback = self.env["wx.feedback"].with_context(wx_feedback_no_auto_reply=True)
        for index in range(30):
            Feedback.create(
                [
                    {
                        "partner_id": self.contact_a.id,
                        "rating": 1,
                        "description": f"送货太慢了{index}",
                    },
                    {
                        "partner_id": self.contact_a.id,
                        "rating": 5,
                        "description": f"芒果很甜{index}",
                    },
                ]
            )
        # staff say these late deliveries stop a stall from opening: high
        corrected = Feedback.create(
            [
                {
                    "partner_id": self.contact_a.id,
                    "rating": 1,
                    "description": f"货到得太晚，摊位空了一上午{index}",
                }
                for index in range(10)
            ]
        )
        corrected.write({"nlp_urgency": "low"})
        corrected.write({"nlp_urgency": "high"})
        model = self.env["wx.nlp.model"].with_user(self.manager).create({})
        model.action_train()
        self.assertEqual(model.urgency_correction_count, 10)
        report = json.loads(model.comparison)["urgency"]
        self.assertEqual(report["n"], 2)  # a fifth held back
        self.assertEqual(report["metric"], "high_f1")
        self.assertEqual(report["new"]["n"], 2)
        self.assertTrue(model.urgency_model)
        active = self.env["wx.nlp.model"]._active_urgency_model()
        self.assertEqual(active is not None, report["better"])
        if report["better"]:
            self.assertGreater(model.new_urgency_f1, model.old_urgency_f1)

    def test_too_few_samples_is_a_clear_error(self):
        self.env["wx.feedback"].search([]).write({"description": False})
        model = self.env["wx.nlp.model"].create({})
        with self.assertRaises(UserError):
            model.action_train()
