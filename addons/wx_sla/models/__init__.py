# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import wx_sla_worktime_mixin
from . import resource_calendar
from . import resource_calendar_attendance
from . import wx_sla_holiday
from . import wx_sla_policy
from . import wx_sla_policy_target
from . import wx_sla_escalation
from . import wx_sla_line
from . import wx_sla_escalation_log
from . import helpdesk_ticket
from . import wx_feedback
from . import wx_sla_review
from . import wx_sla_review_problem
from . import wx_sla_review_attainment
from . import wx_sla_review_action
from . import wx_personal_data
