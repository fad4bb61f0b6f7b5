# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_delivery_record
from . import test_risk_flow
from . import test_customer_warning
from . import test_weather
from . import test_demo_data
