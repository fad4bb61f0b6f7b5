# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_analytics
from . import test_churn_alert
from . import test_coupon
from . import test_demo_data
from . import test_migration
from . import test_multi_company
from . import test_rpc_access
from . import test_security
from . import test_sla
from . import test_tiers
from . import test_timeline
from . import test_vip_routing
from . import test_personal_data
