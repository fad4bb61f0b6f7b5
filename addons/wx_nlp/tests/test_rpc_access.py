# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.wx_feedback.tests.common import WxRpcMixin

from .common import WxNlpCommon


@tagged("post_install", "-at_install")
class TestNlpRpcAccess(WxNlpCommon, WxRpcMixin, HttpCase):
    """Re-analysis and training over RPC by the wrong user: an AccessError,
    never a server error, nothing changed and no work done."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "万象鲜果（成都）"})
        cls.feedback_other = (
            cls.env["wx.feedback"]
            .with_context(wx_feedback_no_auto_reply=True)
            .create(
                {
                    "partner_id": cls.customer_b.id,
                    "rating": 1,
                    "description": "成都仓的草莓发霉了",
                    "company_id": cls.other_company.id,
                }
            )
        )
        cls.feedback_a = (
            cls.env["wx.feedback"]
            .with_context(wx_feedback_no_auto_reply=True)
            .create(
                {"partner_id": cls.contact_a.id, "rating": 4, "description": "很甜"}
            )
        )
        cls.feedback_a.team_id = False  # unrouted: every feedback user's
        cls.model = cls.env["wx.nlp.model"].create({})

    def facts(self, records):
        records.invalidate_recordset()
        return records.read(["write_uid", "write_date", "nlp_analyzed_at"])

    def test_reanalyse_refused_to_portal_users_and_other_companies(self):
        before = self.facts(self.feedback_other | self.feedback_a)
        for user, feedback in (
            (self.portal_a, self.feedback_other),  # the probe's call
            (self.portal_a, self.feedback_a),  # even their own
            (self.portal_b, self.feedback_other),
            (self.user_logistics, self.feedback_a),  # not an analysis manager
            (self.wx_nlp_manager, self.feedback_other),  # another company
        ):
            with self.subTest(user=user.login, feedback=feedback.name):
                self.assert_call_kw_denied(
                    user, "wx.feedback", "action_wx_nlp_reanalyze", [feedback.ids]
                )
        response = self.json2_as(
            self.wx_nlp_manager,
            "wx.feedback",
            "action_wx_nlp_reanalyze",
            {"ids": self.feedback_other.ids},
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.facts(self.feedback_other | self.feedback_a), before)
        # the analysis manager on feedback of their company
        self.assertIs(
            self.call_kw_as(
                self.wx_nlp_manager,
                "wx.feedback",
                "action_wx_nlp_reanalyze",
                [self.feedback_a.ids],
            ),
            True,
        )
        self.assertEqual(self.feedback_a.write_uid, self.wx_nlp_manager)

    def test_training_refused_before_reading_any_feedback(self):
        Model = type(self.env["wx.nlp.model"])
        with patch.object(
            Model, "_samples", autospec=True, side_effect=Model._samples
        ) as samples:
            for user in (self.portal_a, self.user_logistics, self.internal):
                with self.subTest(user=user.login):
                    self.assert_call_kw_denied(
                        user, "wx.nlp.model", "action_train", [self.model.ids]
                    )
                    self.assert_call_kw_denied(
                        user, "wx.nlp.model", "action_activate", [self.model.ids]
                    )
            response = self.json2_as(
                self.user_logistics,
                "wx.nlp.model",
                "action_train",
                {"ids": self.model.ids},
            )
            self.assertEqual(response.status_code, 403)
            samples.assert_not_called()
        self.model.invalidate_recordset()
        self.assertEqual(self.model.state, "draft")
        self.assertFalse(self.model.trained_at)

    def test_training_reads_only_the_feedback_the_manager_reads(self):
        manager = new_test_user(
            self.env,
            login="wx_nlp-test-feedback-manager",
            groups="wx_feedback.group_wx_feedback_manager",
        )
        texts = {text for text, _label in self.model.with_user(manager)._samples()[0]}
        self.assertIn("很甜", texts)
        self.assertNotIn("成都仓的草莓发霉了", texts)
