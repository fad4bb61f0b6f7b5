# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import res_company
from . import wx_crypto_key
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
from . import wx_consent
from . import wx_personal_data
from . import wx_data_request
from . import res_partner
from . import wx_feedback_retention
from . import mail_notification
from . import res_users
