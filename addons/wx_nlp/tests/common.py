# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user

from odoo.addons.wx_feedback.tests.common import WxFeedbackCommon


class WxNlpCommon(WxFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wx_nlp_manager = new_test_user(
            cls.env, login="wx_nlp-test-manager", groups="wx_nlp.group_wx_nlp_manager"
        )
