# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command

from odoo.addons.wx_feedback.tests.common import WxFeedbackCommon


class WxLearnCommon(WxFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo experiment runs on the H5 page: the tests run their own
        cls.env["wx.learn.experiment"].search([("state", "=", "running")]).write(
            {"state": "stopped"}
        )

    @classmethod
    def make_experiment(cls, surface="h5", start=True, **values):
        experiment = cls.env["wx.learn.experiment"].create(
            {
                "name": "Stars first (test)",
                "surface": surface,
                "rule_kind": "fixed",
                "sample_size": 100,
                "variant_ids": [
                    Command.create({"name": "A", "is_control": True, "traffic": 50}),
                    Command.create(
                        {
                            "name": "B",
                            "traffic": 50,
                            "two_step": True,
                            "photo_prompt": True,
                        }
                    ),
                ],
                **values,
            }
        )
        if start:
            experiment.action_start()
        return experiment

    @classmethod
    def make_case(cls, name, problem, solution, approve=True, **values):
        case = cls.env["wx.learn.case"].create(
            {"name": name, "problem": problem, "solution": solution, **values}
        )
        if approve:
            case.action_approve()
        return case
