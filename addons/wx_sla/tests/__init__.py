# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_multi_company
from . import test_security
from . import test_sla_clock
from . import test_sla_escalation
from . import test_review
from . import test_personal_data
