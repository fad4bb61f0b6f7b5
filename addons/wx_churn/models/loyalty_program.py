# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, models

PROGRAM_XMLID = "wx_churn.loyalty_program_winback"


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    @api.model
    def _wx_churn_ensure_program(self):
        """Install step: the win-back coupon program, created once.

        A coupon program with a fixed discount of 1 per point used up on one
        order: each coupon carries its tier's value as points. Created here
        rather than by an XML record, which a reinstall would write again
        (adding a reward and its discount product each time) while the
        program is kept across an uninstall for the coupons customers hold.
        """
        program = self.env.ref(PROGRAM_XMLID, raise_if_not_found=False)
        if program:
            return program
        program = self.sudo().create(
            {
                "name": "Win-back Coupon",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "portal_visible": False,
                "rule_ids": [Command.clear()],
                "communication_plan_ids": [Command.clear()],
                "reward_ids": [
                    Command.clear(),
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_point",
                            "discount": 1,
                            "required_points": 1,
                            "clear_wallet": True,
                            "discount_applicability": "order",
                        }
                    ),
                ],
            }
        )
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": PROGRAM_XMLID, "record": program, "noupdate": True}]
        )
        return program
