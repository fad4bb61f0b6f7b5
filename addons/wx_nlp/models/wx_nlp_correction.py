# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

LABELS = [
    ("sentiment", "Sentiment"),
    ("urgency", "Urgency"),
    ("categories", "Categories"),
]


class WxNlpCorrection(models.Model):
    _name = "wx.nlp.correction"
    _description = "Text Analysis Correction"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    feedback_id = fields.Many2one(
        "wx.feedback",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    label = fields.Selection(LABELS, required=True)
    predicted = fields.Char(required=True, readonly=True)
    corrected = fields.Char(required=True, readonly=True)
    text = fields.Text(related="feedback_id.description", string="Feedback Text")
    lang = fields.Char(related="feedback_id.nlp_lang", store=True)
    rating = fields.Integer(related="feedback_id.rating", store=True)
    user_id = fields.Many2one(
        "res.users", string="Corrected by", default=lambda self: self.env.user
    )
    company_id = fields.Many2one(related="feedback_id.company_id", store=True)
