# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Feedback: Prometheus Metrics",
    "summary": "Protected /metrics for Prometheus across Odoo's prefork workers",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "license": "AGPL-3",
    "author": "Wanxiang Feedback",
    "website": "https://github.com/wanxiang-fresh/wanxiang-feedback",
    "maintainers": ["wanxiang-fresh"],
    "development_status": "Beta",
    "depends": ["wx_feedback", "wx_nlp", "wx_sla", "wx_push"],
    "external_dependencies": {"python": ["prometheus_client>=0.16"]},
    "post_load": "post_load",
}
