# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import WxChurnCommon


@tagged("post_install", "-at_install")
class TestTimeline(WxChurnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.confirmed_order(cls.customer_a, 12_345)
        cls.other_order = cls.confirmed_order(cls.customer_b, 999)

    def rows(self, partner=None, user=None):
        Timeline = self.env["wx.churn.timeline"]
        if user:
            Timeline = Timeline.with_user(user)
        return Timeline.search([("partner_id", "=", (partner or self.customer_a).id)])

    def test_everything_about_one_customer(self):
        feedbacks = [self.feedback(1) for _i in range(3)]
        survey = self.env["wx.feedback.survey"].create(
            {"feedback_id": feedbacks[0].id, "scheduled_at": self.at("2026-03-03")}
        )
        survey.write({"state": "sent"})
        survey._record_answer(2, 1, "")
        alert = self.alerts()
        self.assertTrue(alert)
        rows = self.rows(user=self.account_manager)
        by_kind = {}
        for row in rows:
            by_kind.setdefault(row.kind, self.env["wx.churn.timeline"])
            by_kind[row.kind] |= row
        self.assertEqual(
            set(by_kind), {"order", "feedback", "ticket", "survey", "alert"}
        )
        self.assertEqual(by_kind["order"].res_id, self.order.id)
        self.assertIn("12,345", by_kind["order"].summary)
        self.assertEqual(len(by_kind["feedback"]), 3)
        self.assertEqual(by_kind["feedback"][0].summary, "★☆☆☆☆")
        self.assertEqual(
            set(by_kind["ticket"].mapped("res_id")),
            {f.ticket_id.id for f in feedbacks},
        )
        self.assertEqual(by_kind["survey"].res_id, survey.id)
        self.assertEqual(by_kind["survey"].summary, "NPS 2")
        self.assertEqual(by_kind["alert"].res_id, alert.id)
        self.assertEqual(by_kind["alert"].summary, "Open")
        self.assertEqual(rows, rows.sorted(lambda r: (r.date, r.id), reverse=True))
        self.assertNotIn(
            self.other_order.id,
            rows.filtered(lambda r: r.kind == "order").mapped("res_id"),
        )
        # from the contact's form too
        action = self.contact_a.with_user(self.account_manager).action_wx_timeline()
        self.assertEqual(action["res_model"], "wx.churn.timeline")
        self.assertEqual(action["domain"], [("partner_id", "=", self.customer_a.id)])

    def test_open_the_source_document(self):
        alert_feedbacks = [self.feedback(1) for _i in range(3)]
        rows = self.rows(user=self.env.ref("base.user_admin"))
        for row in rows:
            action = row.action_open_document()
            self.assertEqual(
                (action["res_model"], action["res_id"]), (row.res_model, row.res_id)
            )
        # the document's own access rules still apply
        ticket = alert_feedbacks[0].ticket_id
        ticket_row = rows.filtered(
            lambda r: r.kind == "ticket" and r.res_id == ticket.id
        )
        self.assertEqual(len(ticket_row), 1)
        ticket_row = ticket_row.with_user(self.account_manager)
        ticket_row.action_open_document()  # unassigned: helpdesk users see it
        ticket.team_id = self.team_logistics
        with self.assertRaises(AccessError):
            ticket_row.action_open_document()

    def test_only_churn_users_read_timelines(self):
        self.assertTrue(self.rows(user=self.account_manager))
        for user in (self.user_logistics, self.internal, self.portal_a):
            with self.assertRaises(AccessError, msg=user.login):
                self.rows(user=user)
