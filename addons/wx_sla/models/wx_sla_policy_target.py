# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

KINDS = [("acknowledge", "Acknowledge"), ("solution", "Solution")]


class WxSlaPolicyTarget(models.Model):
    """One level of a policy: acknowledge (first public answer by a person) or
    solution (solved / closed stage) within N working minutes."""

    _name = "wx.sla.policy.target"
    _description = "SLA Target"
    _order = "level, id"

    policy_id = fields.Many2one(
        "wx.sla.policy", required=True, ondelete="cascade", index=True
    )
    level = fields.Integer(required=True, default=1)
    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(KINDS, required=True, default="acknowledge")
    minutes = fields.Integer(
        string="Target (working minutes)",
        required=True,
        default=15,
        help="Working minutes of the policy's business hours.",
    )

    _minutes_positive = models.Constraint(
        "CHECK(minutes > 0)", "A target needs at least one minute."
    )
    _level_positive = models.Constraint("CHECK(level > 0)", "Levels start at 1.")

    def _compute_display_name(self):
        for target in self:
            target.display_name = self.env._(
                "L%(level)s %(name)s (%(minutes)s min)",
                level=target.level,
                name=target.name,
                minutes=target.minutes,
            )
