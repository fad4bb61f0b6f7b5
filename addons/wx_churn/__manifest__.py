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
    "depends": ["wx_feedback", "loyalty"],
    "external_dependencies": {
        "python": ["babel>=2.9"],
    },
    "data": [
        "security/wx_churn_security.xml",
        "security/ir.model.access.csv",
        "views/wx_churn_menus.xml",
    ],
}
