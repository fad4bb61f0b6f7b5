# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    wx_delivery_leader_id = fields.Many2one(
        "res.users",
        string="Logistics Team Leader",
        help="Gets a To-Do for each open delivery at high risk of being late.",
    )
    wx_delivery_medium = fields.Float(
        string="Medium Delay Risk From", default=0.3, digits=(3, 2)
    )
    wx_delivery_high = fields.Float(
        string="High Delay Risk From", default=0.5, digits=(3, 2)
    )
    wx_delivery_notify_customer = fields.Boolean(
        string="Warn Customers of Likely Delays",
        help="Send the customer an SMS (else an email) when a delivery turns high"
        " risk, before the promised time.",
    )

    @api.constrains("wx_delivery_medium", "wx_delivery_high")
    def _check_wx_delivery_thresholds(self):
        for company in self:
            if not 0 < company.wx_delivery_medium < company.wx_delivery_high <= 1:
                raise ValidationError(
                    self.env._("Delay risk thresholds: 0 < medium < high <= 1.")
                )

    def _wx_delivery_thresholds(self):
        self.ensure_one()
        return self.wx_delivery_medium or 0.3, self.wx_delivery_high or 0.5
