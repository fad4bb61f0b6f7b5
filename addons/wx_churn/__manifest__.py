# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Feedback: Tiers and Churn",
    "summary": "Customer tiers, VIP routing, churn alerts and win-back coupons",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "license": "AGPL-3",
    "author": "Wanxiang Feedback",
    "website": "https://github.com/wanxiang-fresh/wanxiang-feedback",
    "depends": [
        "wx_feedback",
        "wx_nlp",
        "wx_sla",
        "loyalty",
        "sale_loyalty",
        "sale_management",
        "resource",
    ],
    "external_dependencies": {
        "python": ["babel>=2.9"],
    },
    "pre_init_hook": "pre_init_hook",
    "uninstall_hook": "uninstall_hook",
    "data": [
        "security/wx_churn_security.xml",
        "security/ir.model.access.csv",
        "data/wx_churn_data.xml",
        "data/mail_template_data.xml",
        "views/res_partner_views.xml",
        "views/wx_churn_tier_views.xml",
        "views/wx_churn_alert_views.xml",
        "views/wx_churn_timeline_views.xml",
        "views/wx_feedback_views.xml",
        "views/res_config_settings_views.xml",
        "views/wx_sla_policy_views.xml",
        "views/wx_churn_templates.xml",
        "views/wx_churn_menus.xml",
    ],
    "demo": [
        "demo/wx_churn_demo.xml",
        "demo/wx_sla_policy_demo.xml",
    ],
}
