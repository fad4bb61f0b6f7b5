# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]


class WxFeedbackCategory(models.Model):
    _name = "wx.feedback.category"
    _description = "Feedback Category"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable key used by the API, the text analysis and the ticket rules.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Helpdesk Team",
        help="Team that handles feedback of this category (of the category's"
        " company; a shared category's team serves the feedback of that"
        " team's company, the others go to their company's default team).",
    )
    priority = fields.Selection(PRIORITIES, string="Default Priority", default="1")
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Empty: offered to the customers of every company that has no"
        " category of the same code.",
    )
    is_complaint = fields.Boolean(
        string="Complaint",
        help="Feedback with this category opens a ticket unless every rating"
        " is positive (4-5 stars), even when the customer is not dissatisfied.",
    )
    reply_hours = fields.Integer(
        string="Reply Within (hours)",
        default=2,
        help="Promised in the automatic reply: the team contacts the customer"
        " within this many hours.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Reply Email",
        domain=[("model", "=", "wx.feedback")],
        help="Automatic reply to complaints of this category (default: the"
        " generic complaint reply).",
    )
    sms_template_id = fields.Many2one(
        "sms.template",
        string="Reply SMS",
        domain=[("model", "=", "wx.feedback")],
    )

    _code_unique = models.UniqueIndex(
        "(code, COALESCE(company_id, 0))", "A category with this code already exists."
    )

    @api.constrains("team_id", "company_id")
    def _check_team_company(self):
        # not check_company: a shared category may name a company's team
        for category in self:
            team_company = category.team_id.company_id
            if category.company_id and team_company not in (
                category.company_id,
                team_company.browse(),
            ):
                raise ValidationError(
                    self.env._(
                        "The team of category %(category)s must belong to its"
                        " company %(company)s.",
                        category=category.name,
                        company=category.company_id.name,
                    )
                )

    @api.model
    def _wx_for_company(self, company, codes=None):
        """The active categories offered to ``company``'s customers (with
        ``codes``: only those codes): its own, and the shared ones (no
        company) whose code it does not define itself."""
        domain = Domain("active", "=", True) & Domain(
            "company_id", "in", [company.id, False]
        )
        if codes is not None:
            domain &= Domain("code", "in", list(codes))
        categories = self.sudo().search(domain)
        own = set(categories.filtered("company_id").mapped("code"))
        return categories.filtered(lambda c: c.company_id or c.code not in own)
