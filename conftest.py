# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pytest setup for the pure-Python modules of the addons.

Each addon folder becomes an importable package *without* running its
``__init__.py`` (which loads the Odoo models): ``import wx_sla.worktime``
loads only that module, so these tests stay fast and prove the modules are
free of ``odoo`` imports.
"""

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent

for addon in sorted((ROOT / "addons").iterdir()):
    if (addon / "__manifest__.py").is_file() and addon.name not in sys.modules:
        package = types.ModuleType(addon.name)
        package.__path__ = [str(addon)]
        sys.modules[addon.name] = package

sys.path.insert(0, str(ROOT / "tools"))
