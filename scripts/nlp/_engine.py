# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Import ``wx_nlp.engine`` from a plain Python process (no Odoo).

Like the repository's ``conftest.py``, register the addon folder as the
``wx_nlp`` package without running its ``__init__.py`` (which needs Odoo).
"""

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ADDON = ROOT / "addons" / "wx_nlp"
DATA = ADDON / "data"


def engine_package():
    if "wx_nlp" not in sys.modules:
        package = types.ModuleType("wx_nlp")
        package.__path__ = [str(ADDON)]
        sys.modules["wx_nlp"] = package
    import wx_nlp.engine

    return wx_nlp.engine
