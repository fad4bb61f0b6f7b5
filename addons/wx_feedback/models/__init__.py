# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import res_company
from . import wx_customer_notify_mixin
from . import wx_feedback_category
from . import wx_feedback
from . import wx_feedback_survey
from . import helpdesk_ticket
from . import helpdesk_ticket_stage
from . import wx_rate_limit
from . import sale_order
from . import res_config_settings
from . import ir_module_module
from . import ir_http
from . import helpdesk_ticket_team
from . import wx_audit_event
from . import auditlog_log
from . import auditlog_log_line
from . import auditlog_log_line_view
from . import auditlog_rule
from . import base
from . import ir_config_parameter
from . import mail_mail
from . import res_groups
from . import res_users
from . import sms_sms
