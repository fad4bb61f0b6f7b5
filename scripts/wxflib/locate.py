# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Find Odoo 19.0 the way users have it: importable, or a checkout in ODOO_SRC."""

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SERIES = "19.0"
EXIT_NO_ODOO = 2

NO_ODOO_MESSAGE = f"""\
Odoo {SERIES} was not found: no Python here can `import odoo` of series {SERIES},
and ODOO_SRC is not set.

Provide it in one of two ways:
  1. Odoo source: point ODOO_SRC at an Odoo {SERIES} Community checkout whose
     Python requirements are installed, then run the command again:
         ODOO_SRC=/path/to/odoo ./wxf run
     (or install that checkout into your Python: pip install -e /path/to/odoo).
  2. Docker: run the suite in the official odoo:{SERIES} image instead:
         docker compose up
     then open http://localhost:8069 (see README.md, "With Docker").
"""

PROBE = "import odoo.release as r, odoo; print(r.series); print(list(odoo.__path__)[0])"
RELEASE_VERSION = re.compile(r"^version_info\s*=\s*\((\d+),\s*(\d+)", re.MULTILINE)


@dataclass(frozen=True)
class OdooInstall:
    python: str  # interpreter to base the project environment on
    source: Path | None  # checkout to add to sys.path (ODOO_SRC), None if importable


class OdooNotFound(Exception):
    pass


def series_of_checkout(path):
    """Series ("19.0") of an Odoo checkout, or None if ``path`` is not one."""
    release = Path(path) / "odoo" / "release.py"
    if not release.is_file():
        return None
    match = RELEASE_VERSION.search(release.read_text(encoding="utf-8"))
    return f"{match[1]}.{match[2]}" if match else None


def importable_series(python):
    """Series of the ``odoo`` that ``python`` imports, or None."""
    try:
        out = subprocess.run(
            [python, "-c", PROBE],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.split()[0] if out.stdout.split() else None


def candidate_pythons(env=None):
    env = os.environ if env is None else env
    seen = []
    for python in (env.get("WXF_PYTHON"), sys.executable, shutil.which("python3")):
        if python and python not in seen:
            seen.append(python)
    return seen


def locate(env=None):
    """Return the :class:`OdooInstall` to use, or raise :class:`OdooNotFound`."""
    env = os.environ if env is None else env
    source = env.get("ODOO_SRC")
    if source:
        series = series_of_checkout(source)
        if series != SERIES:
            raise OdooNotFound(
                f"ODOO_SRC={source} is not an Odoo {SERIES} checkout"
                f" (found: {series or 'no odoo/release.py'}).\n\n{NO_ODOO_MESSAGE}"
            )
        return OdooInstall(
            python=candidate_pythons(env)[0], source=Path(source).resolve()
        )
    for python in candidate_pythons(env):
        if importable_series(python) == SERIES:
            return OdooInstall(python=python, source=None)
    raise OdooNotFound(NO_ODOO_MESSAGE)
