# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.wx_feedback.access import check_rights

from ..models.wx_sla_review import SLA_MANAGER, week_start


class WxSlaReviewWizard(models.TransientModel):
    """Generate (or open) the weekly review of a chosen week."""

    _name = "wx.sla.review.wizard"
    _description = "Generate a Weekly SLA Review"

    week_date = fields.Date(
        string="Week Of",
        required=True,
        default=lambda self: self.env["wx.sla.review"]._wx_previous_week(),
        help="Any day of the week to review (Monday to Sunday, Asia/Shanghai).",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    date_from = fields.Date(string="From", compute="_compute_week")
    date_to = fields.Date(string="To", compute="_compute_week")

    @api.depends("week_date")
    def _compute_week(self):
        for wizard in self:
            if wizard.week_date:
                wizard.date_from = week_start(wizard.week_date)
                wizard.date_to = fields.Date.add(wizard.date_from, days=6)
            else:
                wizard.date_from = wizard.date_to = False

    def action_generate(self):
        check_rights(self, SLA_MANAGER)
        self.ensure_one()
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You cannot review the week of %(company)s.",
                    company=self.company_id.sudo().display_name,
                )
            )
        self.env["wx.sla.review"].check_access("create")
        review = self.env["wx.sla.review"]._wx_generate(self.week_date, self.company_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "wx.sla.review",
            "res_id": review.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
