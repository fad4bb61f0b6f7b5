# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Feedback: SLA",
    "summary": "Minute-level SLA policies on business calendars with escalation",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "license": "AGPL-3",
    "author": "Wanxiang Feedback",
    "website": "https://github.com/wanxiang-fresh/wanxiang-feedback",
    "depends": ["wx_feedback", "resource"],
    "external_dependencies": {
        "python": ["xlsxwriter>=3.0"],
    },
    "data": [
        "security/wx_sla_security.xml",
        "security/ir.model.access.csv",
        "views/wx_sla_menus.xml",
    ],
}
