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


def _stand_in(name, path):
    """An importable package ``name`` over ``path`` whose __init__ never runs."""
    if name not in sys.modules:
        package = types.ModuleType(name)
        package.__path__ = [str(path)]
        sys.modules[name] = package


# pytest (importlib mode) also imports the parents of a test file as
# ``addons.<addon>.tests``: stand-ins keep the Odoo test packages unexecuted.
_stand_in("addons", ROOT / "addons")
for addon in sorted((ROOT / "addons").iterdir()):
    if (addon / "__manifest__.py").is_file():
        _stand_in(addon.name, addon)
        _stand_in(f"addons.{addon.name}", addon)
        _stand_in(f"addons.{addon.name}.tests", addon / "tests")
        _stand_in(f"{addon.name}.tests", addon / "tests")

sys.path.insert(0, str(ROOT / "scripts"))
