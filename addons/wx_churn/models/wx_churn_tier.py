# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.wx_feedback.access import check_rights

PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]


class WxChurnTier(models.Model):
    _name = "wx.churn.tier"
    _description = "Customer Tier"
    _order = "threshold_amount desc, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Stable key for integrations, e.g. vip.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        index=True,
        help="Empty: the tier applies to every company.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="Thresholds and coupon values are in the company currency.",
    )
    threshold_amount = fields.Monetary(
        string="From (trailing 12 months)",
        required=True,
        default=0.0,
        help="Customers whose confirmed orders of the last 12 months, untaxed, in"
        " company currency, reach this amount get the tier (the highest one they"
        " reach).",
    )
    is_vip = fields.Boolean(
        string="VIP",
        help="Feedback and tickets go to the VIP team with the top priority, and"
        " the VIP hotline is shown on the customer's pages.",
    )
    priority = fields.Selection(
        PRIORITIES,
        string="Ticket Priority",
        default="1",
        required=True,
        help="Tickets of these customers get at least this priority.",
    )
    review_weight = fields.Float(
        default=1.0,
        help="Weight of these customers' tickets in the weekly SLA review.",
    )
    coupon_amount = fields.Monetary(
        string="Win-back Coupon Value",
        default=0.0,
        help="Value of the coupon a churn alert gives these customers (0: none).",
    )
    partner_count = fields.Integer(string="Customers", compute="_compute_partner_count")

    _code_company_unique = models.UniqueIndex(
        "(code, COALESCE(company_id, 0))",
        "A tier code must be unique per company.",
    )
    _threshold_positive = models.Constraint(
        "CHECK(threshold_amount >= 0)", "A tier threshold cannot be negative."
    )
    _coupon_positive = models.Constraint(
        "CHECK(coupon_amount >= 0)", "A coupon value cannot be negative."
    )
    _review_weight_positive = models.Constraint(
        "CHECK(review_weight >= 0)", "A review weight cannot be negative."
    )

    @api.depends("company_id")
    def _compute_currency_id(self):
        for tier in self:
            tier.currency_id = (tier.company_id or self.env.company).currency_id

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]
            .sudo()
            ._read_group([("wx_tier_id", "in", self.ids)], ["wx_tier_id"], ["__count"])
        )
        for tier in self:
            tier.partner_count = counts.get(tier, 0)

    @api.constrains("threshold_amount", "company_id", "active")
    def _check_threshold_unique(self):
        for tier in self.filtered("active"):
            clash = self.search_count(
                [
                    ("id", "!=", tier.id),
                    ("threshold_amount", "=", tier.threshold_amount),
                    ("company_id", "in", [tier.company_id.id, False]),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "Two active tiers cannot start at the same amount"
                        " (%(amount)s).",
                        amount=tier.threshold_amount,
                    )
                )

    @api.model
    def _wx_active_tiers(self, company=None):
        """Tiers that apply to ``company`` (default: the current one)."""
        company = company or self.env.company
        return self.sudo().search([("company_id", "in", [company.id, False])])

    def action_view_partners(self):
        check_rights(self, "wx_churn.group_wx_churn_user")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wx_churn.res_partner_action_tier"
        )
        action["domain"] = [("wx_tier_id", "=", self.id)]
        return action

    def action_recompute_tiers(self):
        """Recompute every customer's tier now (managers)."""
        check_rights(self, "wx_churn.group_wx_churn_manager")
        Partner = self.env["res.partner"]
        return Partner._wx_recompute_notification(Partner._wx_recompute_tiers())
