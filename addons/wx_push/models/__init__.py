# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import (
    wx_push_secret_mixin,
    mail_notification,
    res_company,
    res_users,
    sms_sms,
    sms_template,
    wx_push_destination,
    wx_push_message,
    wx_push_send_log,
    wx_push_sms_template,
    wx_customer_notify_mixin,
    wx_feedback,
    wx_sla_escalation,
    wx_sla_review,
    wx_churn_alert,
)
