# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from .common import WxInsightCommon


@tagged("post_install", "-at_install")
class TestOverviewTour(WxInsightCommon, HttpCase):
    """The Feedback Overview in the browser, as a manager and as a team
    leader clicking through it. The fixture's history is in 2026's March
    and February; the tours look at the last 30 days, where three feedbacks
    are given now: one by the VIP customer (永辉超市, team 1), two by the
    other customer (百果园, another tier, team 2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.cr.execute(
            SQL(
                "UPDATE res_partner SET wx_tier_id = jsonb_build_object(%s, %s)"
                " WHERE id = %s",
                str(cls.company.id),
                (cls.other_tier or cls.vip).id,
                cls.customer_b.id,
            )
        )
        cls.env.invalidate_all()
        Feedback = (
            cls.env["wx.feedback"]
            .with_company(cls.company)
            .with_context(wx_feedback_no_auto_reply=True)
        )
        Feedback.create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                    "rating": rating,
                    "channel": "staff",
                    "team_id": team.id,
                }
                for partner, rating, team in (
                    (cls.customer, 1, cls.team_1),
                    (cls.customer_b, 5, cls.team_2),
                    (cls.customer_b, 4, cls.team_2),
                )
            ]
        )
        cls.refresh()

    def test_manager_filters_and_drills_down(self):
        if not self.other_tier:
            self.skipTest("a single tier")
        self.start_tour(
            "/odoo/action-wx_insight.wx_insight_dashboard_action_server",
            "wx_insight_manager_overview",
            login=self.insight_manager.login,
        )

    def test_team_leader_sees_the_team_only(self):
        self.start_tour(
            "/odoo/action-wx_insight.wx_insight_dashboard_action_server",
            "wx_insight_leader_overview",
            login=self.leader_1.login,
        )
