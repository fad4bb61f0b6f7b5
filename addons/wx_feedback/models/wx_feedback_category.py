# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]


class WxFeedbackCategory(models.Model):
    _name = "wx.feedback.category"
    _description = "Feedback Category"
    _order = "sequence, id"

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
        help="Team that handles feedback of this category.",
    )
    priority = fields.Selection(PRIORITIES, string="Default Priority", default="1")
    company_id = fields.Many2one("res.company")
    is_complaint = fields.Boolean(
        string="Complaint",
        help="Feedback with this category opens a ticket unless it is positive"
        " (4-5 stars), even above the rating threshold.",
    )
    rating_threshold = fields.Integer(
        default=3,
        help="A rating at or under this value opens a ticket for feedback of"
        " this category (0: ratings never do).",
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
