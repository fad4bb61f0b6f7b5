# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# per measure: (column title, line field, "has" flag field or None)
COLUMNS = {
    "kpi": [
        ("KPI", "label", None),
        ("Value", "value", "has_value"),
        ("Previous Period", "previous", "has_previous"),
        ("Change", "change", "has_change"),
    ],
    "complaint": [
        ("Product Category", "label", None),
        ("Delivered Lines", "total", None),
        ("Dissatisfied Feedback", "hits", None),
        ("Sold (CNY)", "amount", None),
        ("Complaints per 10,000 Lines", "value", "has_value"),
        ("Complaints per 10,000 CNY", "value2", "has_value2"),
        ("Previous Period (per 10,000 Lines)", "previous", "has_previous"),
        ("Change", "change", "has_change"),
        ("Dissatisfied, Previous Period", "value4", None),
    ],
    "ontime": [
        ("Dimension", "label", None),
        ("Delivered", "total", None),
        ("Late", "hits", None),
        ("On-time %", "value", "has_value"),
        ("Previous Period %", "previous", "has_previous"),
        ("Change", "change", "has_change"),
        ("Avg. Lateness (min)", "value2", "has_value2"),
        ("p90 Lateness (min)", "value3", "has_value3"),
        ("Lateness Feedback", "value4", None),
    ],
    "sla": [
        ("Team", "label", None),
        ("Target", "detail", None),
        ("SLA Lines", "total", None),
        ("Reached", "hits", None),
        ("Avg. Working Minutes", "value", "has_value"),
        ("Avg. Target (min)", "value2", "has_value2"),
        ("Attainment %", "value3", "has_value3"),
        ("Breached", "value4", None),
        ("Avg. Minutes, Previous Period", "previous", "has_previous"),
    ],
    "trend": [
        ("Month", "label", None),
        ("Surveys Sent", "total", None),
        ("Answered", "hits", None),
        ("NPS", "value", "has_value"),
        ("CSAT %", "value2", "has_value2"),
        ("Response Rate %", "value3", "has_value3"),
    ],
    "channel": [
        ("Channel", "label", None),
        ("Feedback", "total", None),
        ("Dissatisfied", "hits", None),
        ("Previous Period", "previous", "has_previous"),
        ("Change", "change", "has_change"),
    ],
    "keyword": [
        ("Keyword", "label", None),
        ("Occurrences", "total", None),
        ("Previous Period", "previous", "has_previous"),
        ("Change", "change", "has_change"),
    ],
}


def columns_of(measure):
    return COLUMNS["ontime" if measure.startswith("ontime") else measure]


def cell(line, field, flag):
    """The value of one cell: None (blank) when the figure is undefined (a
    rate over zero volume)."""
    if flag == "has_change":
        return line.change if line.has_value and line.has_previous else None
    if flag and not line[flag]:
        return None
    return line[field]


class WxInsightDashboardXlsx(models.AbstractModel):
    """Every measure of the Feedback Overview, with its filters, as XLSX
    (OCA ``report_xlsx``): a sheet of filters and KPIs, one per measure."""

    _name = "report.wx_insight.dashboard_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Feedback Overview XLSX"

    @api.private
    def generate_xlsx_report(self, workbook, data, dashboards):
        _ = self.env._
        bold = workbook.add_format({"bold": True})
        number = workbook.add_format({"num_format": "#,##0.00"})
        Line = self.env["wx.insight.dashboard.line"]
        names = dict(Line._fields["measure"]._description_selection(self.env))
        for dashboard in dashboards:
            dashboard.check_access("read")
            sheet = workbook.add_worksheet(_("Filters")[:31])
            filters = [
                (_("From"), str(dashboard.date_from)),
                (_("To"), str(dashboard.date_to)),
                (_("Previous period"), f"{dashboard.previous_from} - {dashboard.previous_to}"),
                (_("Customer Tier"), dashboard.tier_id.display_name or _("All")),
                (_("Region (Province)"), dashboard.state_id.display_name or _("All")),
                (_("Team"), dashboard.team_id.display_name or _("All")),
                (_("Product Category"), dashboard.categ_id.display_name or _("All")),
            ]
            for row, (title, value) in enumerate(filters):
                sheet.write(row, 0, title, bold)
                sheet.write(row, 1, value)
            sheet.set_column(0, 1, 28)
            for measure, title in names.items():
                lines = dashboard.line_ids.filtered(lambda x, m=measure: x.measure == m)
                sheet = workbook.add_worksheet(title[:31])
                columns = columns_of(measure)
                for col, (header, _field, _flag) in enumerate(columns):
                    sheet.write(0, col, _(header), bold)  # pylint: disable=translation-required
                for row, line in enumerate(lines.sorted("sequence"), start=1):
                    for col, (_header, field, flag) in enumerate(columns):
                        value = cell(line, field, flag)
                        if isinstance(value, float):
                            sheet.write_number(row, col, value, number)
                        elif value is None:
                            sheet.write_blank(row, col, None)
                        else:
                            sheet.write(row, col, value)
                sheet.set_column(0, len(columns), 18)
