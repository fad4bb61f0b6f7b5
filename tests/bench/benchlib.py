# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the benchmark scripts share: Odoo commands of the project's
environment, a fresh database with some addons, and scripts run in
``odoo shell`` that report one ``BENCH{json}`` line."""

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
CONFIG = str(ROOT / ".local" / "odoo.conf")


def odoo(*args, check=True, **kwargs):
    """Run ``python -m odoo ARGS`` of the project's environment."""
    return subprocess.run(
        [PYTHON, "-m", "odoo", *args], check=check, text=True, **kwargs
    )


def drop_database(db):
    odoo("db", "-c", CONFIG, "drop", db, check=False, capture_output=True)


def create_database(db, modules, log):
    """A new database ``db`` (no demo data, country CN) with ``modules``
    installed; Odoo's output goes to the open file ``log``."""
    odoo("db", "-c", CONFIG, "init", db, "--country", "CN", stdout=log, stderr=log)
    odoo(
        "server",
        "-c",
        CONFIG,
        "-d",
        db,
        "-i",
        modules,
        "--stop-after-init",
        "--no-http",
        "--logfile",
        log.name,
    )


def shell(db, script):
    """Run ``script`` in ``odoo shell`` on ``db``; returns the JSON it
    printed on its line starting with ``BENCH``."""
    done = odoo(
        "shell",
        "-c",
        CONFIG,
        "-d",
        db,
        "--no-http",
        "--log-level=warn",
        input=script,
        capture_output=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"odoo shell failed on {db}:\n{done.stderr[-3000:]}")
    out = done.stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH"))
    return json.loads(line[len("BENCH") :])
