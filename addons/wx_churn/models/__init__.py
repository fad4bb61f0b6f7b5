# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import res_company
from . import wx_churn_tier
from . import wx_churn_tier_history
from . import res_partner
from . import wx_churn_alert
from . import wx_churn_timeline
from . import wx_feedback
from . import wx_feedback_survey
from . import helpdesk_ticket
from . import loyalty_program
from . import sale_order
from . import res_config_settings
from . import wx_sla_policy
from . import wx_personal_data
