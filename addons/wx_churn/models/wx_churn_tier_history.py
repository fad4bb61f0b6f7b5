# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

REASONS = [
    ("computed", "Recomputed"),
    ("override", "Manual Override"),
    ("override_expired", "Override Expired"),
]


class WxChurnTierHistory(models.Model):
    """One change of a customer's effective tier. Append-only: written by the
    tier recomputation and by overrides, never edited nor deleted."""

    _name = "wx.churn.tier.history"
    _description = "Customer Tier Change"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        check_company=True,
    )
    date = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, index=True
    )
    from_tier_id = fields.Many2one(
        "wx.churn.tier",
        string="From",
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    to_tier_id = fields.Many2one(
        "wx.churn.tier",
        string="To",
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    amount = fields.Monetary(
        string="Trailing 12-month Purchases",
        readonly=True,
        help="Confirmed orders of the last 12 months (untaxed) at the time.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        readonly=True,
        default=lambda self: self.env.company.currency_id,
    )
    reason = fields.Selection(REASONS, required=True, readonly=True)
    note = fields.Char(readonly=True, help="The reason given for an override.")
    user_id = fields.Many2one(
        "res.users",
        string="Changed by",
        readonly=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company",
        readonly=True,
        default=lambda self: self.env.company,
        index=True,
    )

    def write(self, vals):
        self.check_access("write")
        if self:
            raise UserError(self.env._("Tier history cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Tier history cannot be deleted."))
