# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import (
    res_company,
    wx_learn_experiment,
    wx_learn_variant,
    wx_learn_exposure,
    wx_learn_case,
    wx_learn_case_version,
    wx_learn_suggestion,
    wx_learn_suggest_mixin,
    helpdesk_ticket,
    wx_feedback,
)
