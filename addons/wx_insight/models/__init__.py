# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import wx_insight_fact_mixin
from . import wx_insight_complaint_day
from . import wx_insight_feedback_day
from . import wx_insight_survey_day
from . import wx_insight_sla_day
from . import wx_insight_keyword_day
from . import wx_insight_delivery_day
from . import wx_insight_refresh
