# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Feedback: Delivery Risk",
    "summary": "Delivery history, delay-risk scores on open orders and early warnings",
    "version": "19.0.1.0.0",
    "category": "Inventory/Delivery",
    "license": "AGPL-3",
    "author": "Wanxiang Feedback",
    "website": "https://github.com/wanxiang-fresh/wanxiang-feedback",
    "maintainers": ["wanxiang-fresh"],
    "development_status": "Beta",
    "depends": ["wx_feedback", "wx_sla", "sale_stock", "stock_delivery"],
    "external_dependencies": {
        "python": ["numpy>=1.21", "scikit-learn>=1.1"],
    },
    "post_init_hook": "post_init_hook",
    "data": [
        "security/wx_delivery_security.xml",
        "security/wx_delivery_rules.xml",
        "security/ir.model.access.csv",
        "data/wx_sla_holiday_2025_data.xml",
        "data/wx_delivery_data.xml",
        "views/wx_delivery_record_views.xml",
        "views/wx_delivery_model_views.xml",
        "views/wx_delivery_weather_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/res_config_settings_views.xml",
        "views/wx_delivery_menus.xml",
    ],
    "demo": [
        "demo/wx_delivery_demo.xml",
    ],
}
