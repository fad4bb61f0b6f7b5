# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class WxLearnCaseVersion(models.Model):
    """The content of an approved case before each change (read-only)."""

    _name = "wx.learn.case.version"
    _description = "Solved Case Version"
    _order = "case_id, version desc"

    case_id = fields.Many2one(
        "wx.learn.case", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    version = fields.Integer(required=True, readonly=True)
    name = fields.Char(string="Title", readonly=True)
    problem = fields.Text(readonly=True)
    cause = fields.Text(readonly=True)
    solution = fields.Text(readonly=True)
    outcome = fields.Text(readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True)

    _case_version_unique = models.UniqueIndex(
        "(case_id, version)", "A case keeps one copy of each version."
    )
