# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Import ``wx_delivery.tools`` from a plain Python process (no Odoo).

As the repository's ``conftest.py`` does, the addon folder is registered as
the ``wx_delivery`` package without running its ``__init__.py`` (which needs
Odoo)."""

import sys
import types
from pathlib import Path

ADDON = Path(__file__).resolve().parents[2] / "addons" / "wx_delivery"

if "wx_delivery" not in sys.modules:
    package = types.ModuleType("wx_delivery")
    package.__path__ = [str(ADDON)]
    sys.modules["wx_delivery"] = package
