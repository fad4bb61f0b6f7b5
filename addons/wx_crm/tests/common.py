# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.addons.wx_churn.tests.common import WxChurnCommon


class WxCrmCommon(WxChurnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_open = cls.env.ref("wx_crm.crm_stage_winback_open")
        cls.stage_visited = cls.env.ref("wx_crm.crm_stage_winback_visited")
        cls.tag = cls.env.ref("wx_crm.crm_tag_winback")
        cls.churned = cls.env.ref("wx_crm.crm_lost_reason_churned")
        cls.Lead = cls.env["crm.lead"].with_context(active_test=False)

    def streak(self, *ratings, start="2026-03-02 02:00:00", partner=None):
        first = self.at(start)
        return [
            self.feedback(rating, partner=partner, at=first + timedelta(hours=i))
            for i, rating in enumerate(ratings)
        ]

    def winbacks(self, partner=None):
        return self.Lead.search(
            [
                ("partner_id", "=", (partner or self.customer_a).id),
                ("wx_winback", "=", True),
            ]
        )
