# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_winback
from . import test_health
from . import test_vip
from . import test_concurrency
from . import test_install
