# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.wx_feedback.access import FEEDBACK_USER, check_rights

MEASURES = [
    ("kpi", "KPI"),
    ("complaint", "Complaint Rate per Product Category"),
    ("ontime_region", "On-time Delivery per Region"),
    ("ontime_warehouse", "On-time Delivery per Warehouse"),
    ("ontime_carrier", "On-time Delivery per Carrier"),
    ("sla", "Response and Resolution Time per Team"),
    ("trend", "NPS, CSAT and Response Rate per Month"),
    ("channel", "Feedback Volume per Channel"),
    ("keyword", "Top Keywords"),
]


class WxInsightDashboardLine(models.TransientModel):
    """One figure of the Feedback Overview for the dashboard's filters: a row
    of one measure (its dimension value in ``label``), with the previous
    period and the change. The generic columns mean, per measure, what the
    README table *Insight for managers* says."""

    _name = "wx.insight.dashboard.line"
    _description = "Feedback Overview: figure"
    _order = "measure, sequence, id"

    dashboard_id = fields.Many2one(
        "wx.insight.dashboard", required=True, ondelete="cascade", index=True
    )
    measure = fields.Selection(MEASURES, required=True)
    sequence = fields.Integer()
    code = fields.Char(help="KPI code, or the dimension's technical value.")
    key_id = fields.Integer(help="Id of the dimension's record (0: none).")
    label = fields.Char()
    detail = fields.Char(help="Second dimension (the SLA kind).")
    total = fields.Integer(string="Volume")
    hits = fields.Integer(string="Count")
    amount = fields.Integer(string="Sold (CNY)")
    value = fields.Float(digits=(16, 2))
    has_value = fields.Boolean()
    previous = fields.Float(string="Previous Period", digits=(16, 2))
    has_previous = fields.Boolean()
    change = fields.Float(digits=(16, 2))
    value2 = fields.Float(digits=(16, 2))
    has_value2 = fields.Boolean()
    value3 = fields.Float(digits=(16, 2))
    has_value3 = fields.Boolean()
    value4 = fields.Integer(help="A count: lateness feedback, breaches, ...")

    def action_open_records(self):
        """The records behind this figure (feedback, surveys, SLA lines,
        deliveries, keywords), under the dashboard's filters and the user's
        record rules."""
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        return self.dashboard_id._wx_drill_action(self)
