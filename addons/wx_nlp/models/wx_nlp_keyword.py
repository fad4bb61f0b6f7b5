# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.wx_feedback.access import FEEDBACK_USER, check_rights

MAX_WORDS = 200


class WxNlpKeyword(models.Model):
    """One keyword of one feedback: the rows behind trends and the word cloud."""

    _name = "wx.nlp.keyword"
    _description = "Feedback Keyword"
    _order = "date desc, id"
    _check_company_auto = True

    feedback_id = fields.Many2one(
        "wx.feedback",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    term = fields.Char(required=True, index=True)
    date = fields.Datetime(related="feedback_id.submitted_at", store=True)
    category_id = fields.Many2one(
        "wx.feedback.category",
        compute="_compute_groups",
        store=True,
        check_company=True,
    )
    product_categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        compute="_compute_groups",
        store=True,
    )
    team_id = fields.Many2one(related="feedback_id.team_id", store=True)
    company_id = fields.Many2one(related="feedback_id.company_id", store=True)

    @api.depends("feedback_id.category_ids", "feedback_id.product_categ_ids")
    def _compute_groups(self):
        for keyword in self:
            category, product_categ = keyword.feedback_id._wx_report_groups()
            keyword.category_id = category
            keyword.product_categ_id = product_categ

    @api.model
    def get_word_cloud(self, domain=None, limit=60):
        """``[{"term", "count"}]`` of the most frequent keywords in ``domain``
        (at most 200), among the keyword rows the user may read."""
        check_rights(self, FEEDBACK_USER)
        limit = min(limit, MAX_WORDS) if isinstance(limit, int) else MAX_WORDS
        groups = self._read_group(
            list(domain or []), ["term"], ["__count"], order="__count desc", limit=limit
        )
        return [{"term": term, "count": count} for term, count in groups]
