# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_access
from . import test_api
from . import test_audit_event
from . import test_closed_loop
from . import test_company_language
from . import test_concurrency
from . import test_data_request
from . import test_crypto
from . import test_demo_data
from . import test_dissatisfaction
from . import test_feedback_model
from . import test_h5
from . import test_i18n
from . import test_multi_company
from . import test_portal
from . import test_portal_data
from . import test_public_methods
from . import test_rpc_access
from . import test_security
from . import test_survey_http
from . import test_audit_trail
