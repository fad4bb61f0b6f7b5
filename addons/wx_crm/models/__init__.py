# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import wx_customer_health_mixin
from . import crm_stage
from . import crm_lead
from . import wx_churn_alert
from . import res_partner
from . import sale_order
from . import helpdesk_ticket
from . import wx_feedback
