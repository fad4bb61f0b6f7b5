# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Feedback: Learning Loop",
    "summary": "A/B tests of the feedback forms and a library of solved cases",
    "version": "19.0.1.0.0",
    "category": "Services/Helpdesk",
    "license": "AGPL-3",
    "author": "Wanxiang Feedback",
    "website": "https://github.com/wanxiang-fresh/wanxiang-feedback",
    "maintainers": ["wanxiang-fresh"],
    "development_status": "Beta",
    "depends": ["wx_feedback", "wx_nlp", "helpdesk_mgmt"],
    "external_dependencies": {"python": ["numpy>=1.21", "scipy>=1.7"]},
    # the labelled similarity set, read by the tests and the bench
    "oca_data_manual": [
        "data/case_pairs/cases.csv",
        "data/case_pairs/queries.csv",
        "data/case_pairs/pairs.csv",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/wx_learn_rules.xml",
        "views/form_templates.xml",
        "views/wx_learn_experiment_views.xml",
        "views/wx_learn_case_views.xml",
        "views/wx_learn_menus.xml",
    ],
    "demo": [
        "demo/wx.learn.case.csv",
        "demo/wx_learn_experiment_demo.xml",
        "demo/wx_learn_suggestion_demo.xml",
    ],
}
