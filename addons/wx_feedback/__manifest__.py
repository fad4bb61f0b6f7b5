# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Feedback",
    "summary": "Capture order feedback and close the loop with helpdesk tickets",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "license": "AGPL-3",
    "author": "Wanxiang Feedback",
    "website": "https://github.com/wanxiang-fresh/wanxiang-feedback",
    "application": True,
    "depends": [
        "helpdesk_mgmt",
        "rating",
        "portal",
        "sale_management",
        "sale_stock",
    ],
    "external_dependencies": {
        "python": [
            "cryptography>=3.4",
            "phonenumbers>=8.12",
            "qrcode>=6.1",
            "redis>=4.0",
            "requests>=2.25",
        ],
    },
    "data": [
        "security/wx_feedback_security.xml",
        "security/ir.model.access.csv",
        "data/wx_feedback_data.xml",
        "views/wx_feedback_views.xml",
        "views/wx_feedback_category_views.xml",
        "views/sale_order_views.xml",
        "views/wx_feedback_templates.xml",
        "wizards/wx_feedback_link_wizard_views.xml",
        "views/wx_feedback_menus.xml",
    ],
    "pre_init_hook": "pre_init_hook",
    "uninstall_hook": "uninstall_hook",
    "demo": [
        "demo/res_users_demo.xml",
        "demo/helpdesk_ticket_team_demo.xml",
        "demo/product_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/sale_order_demo.xml",
        "demo/wx_feedback_demo.xml",
    ],
}
