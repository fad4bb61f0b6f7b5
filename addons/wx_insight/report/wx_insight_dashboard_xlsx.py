# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# per measure: (column title, line field, "has" flag field or None)
COLUMNS = {
    "kpi": [
        (_lt("KPI"), "label", None),
        (_lt("Value"), "value", "has_value"),
        (_lt("Previous Period"), "previous", "has_previous"),
        (_lt("Change"), "change", "has_change"),
    ],
    "complaint": [
        (_lt("Product Category"), "label", None),
        (_lt("Delivered Lines"), "total", None),
        (_lt("Dissatisfied Feedback"), "hits", None),
        (_lt("Sold (CNY)"), "amount", None),
        (_lt("Complaints per 10,000 Lines"), "value", "has_value"),
        (_lt("Complaints per 10,000 CNY"), "value2", "has_value2"),
        (_lt("Previous Period (per 10,000 Lines)"), "previous", "has_previous"),
        (_lt("Change"), "change", "has_change"),
        (_lt("Dissatisfied, Previous Period"), "value4", None),
    ],
    "ontime": [
        (_lt("Dimension"), "label", None),
        (_lt("Delivered"), "total", None),
        (_lt("Late"), "hits", None),
        (_lt("On-time %"), "value", "has_value"),
        (_lt("Previous Period %"), "previous", "has_previous"),
        (_lt("Change"), "change", "has_change"),
        (_lt("Avg. Lateness (min)"), "value2", "has_value2"),
        (_lt("p90 Lateness (min)"), "value3", "has_value3"),
        (_lt("Lateness Feedback"), "value4", None),
    ],
    "sla": [
        (_lt("Team"), "label", None),
        (_lt("Target"), "detail", None),
        (_lt("SLA Lines"), "total", None),
        (_lt("Reached"), "hits", None),
        (_lt("Avg. Working Minutes"), "value", "has_value"),
        (_lt("Avg. Target (min)"), "value2", "has_value2"),
        (_lt("Attainment %"), "value3", "has_value3"),
        (_lt("Breached"), "value4", None),
        (_lt("Avg. Minutes, Previous Period"), "previous", "has_previous"),
    ],
    "trend": [
        (_lt("Month"), "label", None),
        (_lt("Surveys Sent"), "total", None),
        (_lt("Answered"), "hits", None),
        (_lt("NPS"), "value", "has_value"),
        (_lt("CSAT %"), "value2", "has_value2"),
        (_lt("Response Rate %"), "value3", "has_value3"),
    ],
    "channel": [
        (_lt("Channel"), "label", None),
        (_lt("Feedback"), "total", None),
        (_lt("Dissatisfied"), "hits", None),
        (_lt("Previous Period"), "previous", "has_previous"),
        (_lt("Change"), "change", "has_change"),
    ],
    "keyword": [
        (_lt("Keyword"), "label", None),
        (_lt("Occurrences"), "total", None),
        (_lt("Previous Period"), "previous", "has_previous"),
        (_lt("Change"), "change", "has_change"),
    ],
}


# worksheet names (at most 31 characters)
SHEETS = {
    "kpi": _lt("KPI"),
    "complaint": _lt("Complaint Rate"),
    "ontime_region": _lt("On-time: Regions"),
    "ontime_warehouse": _lt("On-time: Warehouses"),
    "ontime_carrier": _lt("On-time: Carriers"),
    "sla": _lt("Response and Resolution"),
    "trend": _lt("NPS and CSAT Trend"),
    "channel": _lt("Volume by Channel"),
    "keyword": _lt("Top Keywords"),
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
        bold = workbook.add_format({"bold": True})
        number = workbook.add_format({"num_format": "#,##0.00"})
        for dashboard in dashboards:
            dashboard.check_access("read")
            sheet = workbook.add_worksheet(self.env._("Filters")[:31])
            everything = self.env._("All")
            filters = [
                (self.env._("From"), str(dashboard.date_from)),
                (self.env._("To"), str(dashboard.date_to)),
                (
                    self.env._("Previous period"),
                    f"{dashboard.previous_from} - {dashboard.previous_to}",
                ),
                (
                    self.env._("Customer Tier"),
                    dashboard.tier_id.display_name or everything,
                ),
                (
                    self.env._("Region (Province)"),
                    dashboard.state_id.display_name or everything,
                ),
                (self.env._("Team"), dashboard.team_id.display_name or everything),
                (
                    self.env._("Product Category"),
                    dashboard.categ_id.display_name or everything,
                ),
            ]
            for row, (title, value) in enumerate(filters):
                sheet.write(row, 0, title, bold)
                sheet.write(row, 1, value)
            sheet.set_column(0, 1, 28)
            for measure, title in SHEETS.items():
                lines = dashboard.line_ids.filtered(lambda x, m=measure: x.measure == m)
                sheet = workbook.add_worksheet(str(title)[:31])
                columns = columns_of(measure)
                for col, (header, _field, _flag) in enumerate(columns):
                    sheet.write(0, col, str(header), bold)
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
