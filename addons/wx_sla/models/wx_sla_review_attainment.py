# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class WxSlaReviewAttainment(models.Model):
    """SLA attainment of one team, level and target over a review week."""

    _name = "wx.sla.review.attainment"
    _description = "Weekly Review SLA Attainment"
    _order = "review_id, sequence, id"
    _check_company_auto = True

    review_id = fields.Many2one(
        "wx.sla.review", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    sequence = fields.Integer()
    team_id = fields.Many2one("helpdesk.ticket.team", check_company=True)
    level = fields.Integer()
    target_name = fields.Char(string="Target")
    total = fields.Integer(string="Targets", help="Targets started in the week.")
    met = fields.Integer()
    breached = fields.Integer()
    open_count = fields.Integer(
        string="Open",
        compute="_compute_rate",
        store=True,
        help="Still running or paused when the figures were taken.",
    )
    rate = fields.Float(
        string="Attainment",
        compute="_compute_rate",
        store=True,
        aggregator="avg",
        help="Met targets over the met and breached ones.",
    )

    @api.depends("total", "met", "breached")
    def _compute_rate(self):
        for row in self:
            decided = row.met + row.breached
            row.rate = row.met / decided if decided else 0.0
            row.open_count = row.total - decided
