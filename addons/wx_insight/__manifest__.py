# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Feedback: Insight",
    "summary": "Feedback Overview for managers: complaint rates, on-time delivery, SLA,"
    " NPS, exports",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "license": "AGPL-3",
    "author": "Wanxiang Feedback",
    "website": "https://github.com/wanxiang-fresh/wanxiang-feedback",
    "maintainers": ["wanxiang-fresh"],
    "development_status": "Beta",
    "depends": [
        "wx_feedback",
        "wx_nlp",
        "wx_sla",
        "wx_churn",
        "wx_delivery",
        "report_xlsx",
    ],
    "data": [
        "security/wx_insight_rules.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "report/wx_insight_reports.xml",
        "wizards/wx_insight_dashboard_views.xml",
        "views/wx_insight_menus.xml",
    ],
    "demo": [
        "demo/wx_insight_demo.xml",
    ],
    "assets": {
        "web.assets_backend": ["wx_insight/static/src/insight_chart/*"],
        "web.assets_backend_lazy": ["wx_insight/static/src/insight_graph/*"],
        "web.assets_tests": ["wx_insight/static/tests/tours/*.js"],
    },
}
