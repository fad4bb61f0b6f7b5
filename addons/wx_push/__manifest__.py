# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Feedback: WeCom, DingTalk and China SMS",
    "summary": "Durable outbox for WeCom / DingTalk alerts and Aliyun / Tencent SMS",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "license": "AGPL-3",
    "author": "Wanxiang Feedback",
    "website": "https://github.com/wanxiang-fresh/wanxiang-feedback",
    "maintainers": ["wanxiang-fresh"],
    "development_status": "Beta",
    "depends": ["wx_feedback", "wx_nlp", "wx_sla", "wx_churn", "sms"],
    "external_dependencies": {
        "python": ["requests>=2.25", "redis>=4.0"],
    },
    "data": [
        "security/ir.model.access.csv",
        "security/wx_push_rules.xml",
        "data/wx_push_data.xml",
        "views/wx_push_destination_views.xml",
        "views/wx_feedback_link_wizard_views.xml",
    ],
    "demo": ["demo/wx_push_demo.xml"],
}
