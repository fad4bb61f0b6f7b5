# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import wx_delivery_risk_mixin
from . import wx_delivery_record
from . import wx_delivery_weather
from . import wx_delivery_model
from . import product_category
from . import res_company
from . import res_config_settings
from . import stock_picking
from . import sale_order
