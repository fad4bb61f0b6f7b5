# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models import wx_learn_case
from .common import WxLearnCommon


@tagged("post_install", "-at_install")
class TestCaseLibrary(WxLearnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mango = cls.make_case(
            "芒果腐烂（测试）",
            "客户收到的芒果大面积腐烂发黑，有酒味",
            "按腐烂数量补发芒果，发货加冰袋",
        )
        cls.weight = cls.make_case(
            "苹果称重不足（测试）",
            "客户复称发现每箱苹果少了一斤",
            "按差额退款，校准电子秤",
        )
        cls.driver = cls.make_case(
            "司机态度差（测试）", "司机卸货时态度很差", "向客户道歉并培训司机"
        )
        cls.draft = cls.make_case(
            "芒果腐烂草稿（测试）",
            "芒果腐烂发黑",
            "未审核的方案",
            approve=False,
        )
        cls.team = cls.team_purchasing

    def new_ticket(self, text, user=None):
        Ticket = (
            self.env["helpdesk.ticket"].with_user(user)
            if user
            else self.env["helpdesk.ticket"]
        )
        return Ticket.create(
            {"name": text[:20], "description": text, "team_id": self.team.id}
        )

    def suggestion_of(self, ticket, case):
        suggestion = ticket.wx_learn_suggestion_ids.filtered(
            lambda s: s.case_id == case
        )
        self.assertTrue(suggestion, f"{case.name} is not suggested")
        return suggestion

    def solved(self, ticket):
        stage = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        ticket.stage_id = stage
        return ticket

    def test_a_new_ticket_gets_the_three_best_approved_cases(self):
        ticket = self.new_ticket("今天到的芒果都腐烂了，一股酒味")
        suggestions = ticket.wx_learn_suggestion_ids
        self.assertLessEqual(len(suggestions), 3)
        # this one or the demo's rotten-mango case
        self.assertIn("芒果", suggestions[0].case_id.name)
        self.assertIn(self.mango, suggestions.case_id)
        self.assertNotIn(self.draft, suggestions.case_id)  # not approved
        self.assertGreater(suggestions[0].score, 0)
        self.assertIn("芒果", suggestions[0].shared_terms)
        self.assertEqual(suggestions.mapped("rank"), sorted(suggestions.mapped("rank")))

    def test_a_new_feedback_gets_suggestions(self):
        feedback = self.env["wx.feedback"].create(
            {
                "partner_id": self.contact_a.id,
                "rating": 1,
                "description": "苹果少了一斤",
            }
        )
        self.assertIn(self.weight, feedback.wx_learn_suggestion_ids.case_id)
        self.assertNotIn(self.driver, feedback.wx_learn_suggestion_ids.case_id)

    def test_a_customer_submission_is_suggested_off_the_request(self):
        """A submission (H5, portal, API) defers its ticket: the suggestions
        come with it, in the post-submission job, not inside the request."""
        feedback = (
            self.env["wx.feedback"]
            .with_context(wx_feedback_defer_ticket=True)
            .create(
                {
                    "partner_id": self.contact_a.id,
                    "rating": 1,
                    "description": "苹果少了一斤",
                }
            )
        )
        self.assertTrue(feedback.ticket_pending)
        self.assertFalse(feedback.wx_learn_suggestion_ids)
        self.env["wx.feedback"]._wx_process_pending()
        self.assertFalse(feedback.ticket_pending)
        self.assertIn(self.weight, feedback.wx_learn_suggestion_ids.case_id)
        # the ticket the job opened has its own suggestions
        self.assertTrue(feedback.ticket_id)
        self.assertIn(self.weight, feedback.ticket_id.wx_learn_suggestion_ids.case_id)

    def test_another_worker_sees_a_new_case(self):
        """A worker holding an index of the old library finds the case
        approved elsewhere: the company's version moved, the new case is read."""
        key = (self.env.cr.dbname, self.env.company.id)
        self.env["wx.learn.case"]._wx_similar("龙眼裂开", self.env.company)
        before = wx_learn_case._indexes[key]
        longan = self.make_case("龙眼裂果（测试）", "龙眼到货大量裂开", "退还裂果货款")
        self.assertNotEqual(
            self.env.company.sudo().wx_learn_case_version, before.version
        )
        found = self.env["wx.learn.case"]._wx_similar("龙眼裂开", self.env.company)
        self.assertEqual(found[0][0], longan)
        self.assertIsNot(wx_learn_case._indexes[key], before)
        # rejected: gone from the next search
        longan.with_user(self.manager).action_reject()
        found = self.env["wx.learn.case"]._wx_similar("龙眼裂开", self.env.company)
        self.assertNotIn(longan, [case for case, _s, _t in found])

    def test_apply_solution_opens_a_reply_draft(self):
        ticket = self.new_ticket("芒果腐烂发黑")
        suggestion = self.suggestion_of(ticket, self.mango)
        action = suggestion.with_user(self.user_purchasing).action_apply()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(action["context"]["default_res_ids"], ticket.ids)
        self.assertIn("补发芒果", action["context"]["default_body"])
        self.assertTrue(suggestion.applied_at)
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.user_purchasing)
            .with_context(**action["context"])
            .create({})
        )
        self.assertIn("补发芒果", composer.body)

    def test_helpfulness_marks_are_kept(self):
        ticket = self.new_ticket("芒果腐烂发黑")
        first = self.suggestion_of(ticket, self.mango)
        first.with_user(self.user_purchasing).action_mark_helpful()
        other = ticket.wx_learn_suggestion_ids - first
        other[:1].with_user(self.user_purchasing).action_mark_not_helpful()
        ticket.action_wx_learn_suggest()  # refresh keeps the marked ones
        self.assertIn(first, ticket.wx_learn_suggestion_ids)
        self.assertEqual(first.mark, "helpful")
        self.assertEqual(first.marked_by_id, self.user_purchasing)
        self.assertEqual(self.mango.helpful_count, 1)

    def test_propose_a_solved_ticket_then_approve_and_version(self):
        ticket = self.new_ticket("车厘子裂果很多，还流汁")
        with self.assertRaises(UserError):
            ticket.with_user(self.user_purchasing).action_wx_learn_propose_case()
        self.solved(ticket)
        ticket.message_post(
            body="已按裂果比例退款",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        action = ticket.with_user(self.user_purchasing).action_wx_learn_propose_case()
        case = self.env["wx.learn.case"].browse(action["res_id"])
        self.assertEqual((case.state, case.ticket_id), ("proposed", ticket))
        self.assertIn("裂果", case.problem)
        self.assertIn("退款", case.solution)
        with self.assertRaises(UserError):
            ticket.action_wx_learn_propose_case()  # once
        # only a manager approves
        with self.assertRaises(AccessError):
            case.with_user(self.user_purchasing).action_approve()
        case.with_user(self.manager).action_approve()
        self.assertEqual((case.state, case.approved_by_id), ("approved", self.manager))
        # editing an approved case keeps the old text as version 1
        case.with_user(self.manager).solution = "退款并加强分拣"
        self.assertEqual(case.version, 2)
        self.assertEqual(case.version_ids.version, 1)
        self.assertIn("退款", case.version_ids.solution)
        # the proposer can no longer edit it
        with self.assertRaises(AccessError):
            case.with_user(self.user_purchasing).solution = "x"
        # a proposal cannot approve itself
        with self.assertRaises(UserError):
            self.env["wx.learn.case"].with_user(self.user_purchasing).create(
                {"name": "x", "problem": "x", "solution": "x", "state": "approved"}
            ).write({"state": "approved"})

    def test_search_the_library(self):
        found = (
            self.env["wx.learn.case"]
            .with_user(self.user_logistics)
            .search([("state", "=", "approved"), ("problem", "ilike", "芒果")])
        )
        self.assertIn(self.mango, found)
        self.assertNotIn(self.weight, found)

    def test_wrong_users_are_refused(self):
        ticket = self.new_ticket("芒果腐烂发黑")
        suggestion = self.suggestion_of(ticket, self.mango)
        for user in (self.internal, self.portal_a):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    suggestion.with_user(user).action_mark_helpful()
                with self.assertRaises(AccessError):
                    suggestion.with_user(user).action_apply()
                with self.assertRaises(AccessError):
                    ticket.with_user(user).action_wx_learn_suggest()
                with self.assertRaises(AccessError):
                    self.mango.with_user(user).action_approve()
        self.assertFalse(suggestion.mark)
