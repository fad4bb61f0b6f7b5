# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The pure tests and pytest-odoo share one environment without meeting."""

import configparser
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def ini(name):
    parser = configparser.ConfigParser()
    parser.read(ROOT / name, encoding="utf-8")
    return parser["pytest"]


def test_pytest_odoo_is_blocked_for_the_pure_tests(pytestconfig):
    # pytest-odoo loads an Odoo registry in every session it is active in
    assert pytestconfig.pluginmanager.is_blocked("odoo")
    assert pytestconfig.pluginmanager.get_plugin("odoo") is None
    for dist in metadata.distributions():
        if dist.metadata["Name"] == "pytest-odoo":
            names = {ep.name for ep in dist.entry_points if ep.group == "pytest11"}
            assert names == {"odoo"}, "pytest.ini must block this plugin name"


def test_requirements_ask_for_a_pytest_odoo_that_knows_odoo_19():
    lines = (ROOT / "requirements-test.txt").read_text(encoding="utf-8").splitlines()
    # 2.1.x fails on Odoo 19's namespace package (`odoo` has no `tools`)
    assert "pytest-odoo>=2.2" in lines


def test_pytest_odoo_ini_takes_the_odoo_tests_only():
    section = ini("pytest-odoo.ini")
    assert "--noconftest" in section["addopts"].split()
    assert "pure" in section["norecursedirs"].split()
    assert "-p no:odoo" not in section["addopts"]


def test_odoo_tests_import_as_odoo_addons_under_pytest_odoo(tmp_path):
    """Collect every Odoo test of the addons (no database is opened)."""
    pytest.importorskip("pytest_odoo")
    plugin = tmp_path / "wxf_module_names.py"
    plugin.write_text(
        "def pytest_collection_modifyitems(items):\n"
        "    for name in sorted({i.module.__name__ for i in items}):\n"
        "        print('MODULE', name)\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(ROOT / "pytest-odoo.ini"),
            "-p",
            "wxf_module_names",
            f"--odoo-addons-path={ROOT / 'addons'}",
            "--odoo-database=wxf_collect_only",
            "--collect-only",
            "-q",
        ],
        cwd=ROOT,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    modules = [
        line.split()[1] for line in result.stdout.splitlines() if line[:7] == "MODULE "
    ]
    addons = {module.split(".")[2] for module in modules}
    assert {"wx_feedback", "wx_nlp", "wx_sla", "wx_churn"} <= addons
    assert all(m.startswith("odoo.addons.") and ".tests." in m for m in modules)
    assert not any(".pure." in m for m in modules)
