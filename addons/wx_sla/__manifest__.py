# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Feedback: SLA",
    "summary": "Minute-level SLA policies on business calendars with escalation",
    "version": "19.0.1.1.0",
    "category": "Services/Helpdesk",
    "license": "AGPL-3",
    "author": "Wanxiang Feedback",
    "website": "https://github.com/wanxiang-fresh/wanxiang-feedback",
    "maintainers": ["wanxiang-fresh"],
    "development_status": "Beta",
    "depends": ["wx_feedback", "wx_nlp", "resource"],
    "external_dependencies": {
        "python": ["xlsxwriter>=3.0"],
    },
    "data": [
        "security/wx_sla_security.xml",
        "security/wx_sla_rules.xml",
        "security/ir.model.access.csv",
        "data/wx_sla_holiday_data.xml",
        "data/wx_sla_data.xml",
        "data/wx_sla_audit_data.xml",
        "views/wx_sla_policy_views.xml",
        "views/wx_sla_line_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/wx_sla_menus.xml",
        "data/wx_sla_review_data.xml",
        "report/wx_sla_review_report.xml",
        "wizards/wx_sla_review_wizard_views.xml",
        "views/wx_sla_review_views.xml",
    ],
    "demo": [
        "demo/wx_sla_demo.xml",
    ],
    "assets": {
        "web.assets_backend": ["wx_sla/static/src/**/*"],
    },
}
