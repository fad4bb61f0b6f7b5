# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Feedback: Text Understanding",
    "summary": "Offline Chinese-first sentiment, urgency, categories and keywords",
    "version": "19.0.1.1.0",
    "category": "Services/Helpdesk",
    "license": "AGPL-3",
    "author": "Wanxiang Feedback",
    "website": "https://github.com/wanxiang-fresh/wanxiang-feedback",
    "maintainers": ["wanxiang-fresh"],
    "development_status": "Beta",
    "depends": ["wx_feedback"],
    "external_dependencies": {
        # jieba: keywords and tokens; numpy, scipy + scikit-learn: retraining the
        # sentiment model from the backend (Text Analysis Models)
        "python": ["jieba>=0.42", "numpy>=1.21", "scikit-learn>=1.1", "scipy>=1.7"],
    },
    "post_init_hook": "post_init_hook",
    # read by the engine and the training / evaluation commands, not by Odoo
    "oca_data_manual": ["data/devset.csv", "data/trainset.csv"],
    "data": [
        "security/wx_nlp_security.xml",
        "security/wx_nlp_rules.xml",
        "security/ir.model.access.csv",
        "data/wx_nlp_data.xml",
        "views/wx_nlp_views.xml",
        "views/wx_nlp_menus.xml",
    ],
    "assets": {
        "web.assets_backend": ["wx_nlp/static/src/**/*"],
        "web.assets_tests": ["wx_nlp/static/tests/tours/*.js"],
    },
}
