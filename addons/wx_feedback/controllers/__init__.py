# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import portal
from . import h5
from . import survey
from . import helpdesk_portal
from . import data
from . import session
