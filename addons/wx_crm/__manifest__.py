# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Feedback: CRM",
    "summary": "Win-back opportunities, customer health and VIP care in CRM",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "license": "AGPL-3",
    "author": "Wanxiang Feedback",
    "website": "https://github.com/wanxiang-fresh/wanxiang-feedback",
    "maintainers": ["wanxiang-fresh"],
    "development_status": "Beta",
    "depends": ["wx_churn", "crm", "helpdesk_mgmt_crm"],
    # installs itself once both wx_churn and crm are installed (a company
    # without CRM keeps wx_churn's own alerts); helpdesk_mgmt_crm comes along
    "auto_install": ["wx_churn", "crm"],
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "data": [
        "data/crm_data.xml",
        "views/crm_lead_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/wx_churn_alert_views.xml",
    ],
}
