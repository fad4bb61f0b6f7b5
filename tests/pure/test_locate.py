# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import subprocess
import sys
from pathlib import Path

import pytest
from wxflib import locate

ROOT = Path(__file__).resolve().parents[2]


def fake_checkout(tmp_path, major):
    (tmp_path / "odoo").mkdir()
    (tmp_path / "odoo" / "release.py").write_text(
        f"version_info = ({major}, 0, 0, FINAL, 0, '')\n", encoding="utf-8"
    )
    return tmp_path


def test_series_of_checkout(tmp_path):
    assert locate.series_of_checkout(fake_checkout(tmp_path, 19)) == "19.0"
    assert locate.series_of_checkout(tmp_path / "nowhere") is None


def test_odoo_src_of_the_right_series_is_used(tmp_path):
    checkout = fake_checkout(tmp_path, 19)
    found = locate.locate({"ODOO_SRC": str(checkout), "WXF_PYTHON": sys.executable})
    assert found.source == checkout.resolve()
    assert found.python == sys.executable


def test_odoo_src_of_another_series_is_refused(tmp_path):
    with pytest.raises(locate.OdooNotFound, match="not an Odoo 19.0 checkout"):
        locate.locate({"ODOO_SRC": str(fake_checkout(tmp_path, 18))})


def test_without_odoo_both_commands_exit_2_with_the_two_ways(tmp_path):
    """A Python that cannot import odoo and no ODOO_SRC: exit 2, helpful text."""
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True
    )
    for command in ("run", "test"):
        result = subprocess.run(
            [str(venv / "bin" / "python"), str(ROOT / "wxf"), command],
            capture_output=True,
            text=True,
            env={"PATH": str(venv / "bin")},
            stdin=subprocess.DEVNULL,
            check=False,
            timeout=120,
        )
        assert result.returncode == 2, result.stderr
        assert "ODOO_SRC" in result.stderr
        assert "docker compose" in result.stderr
        # what the system lacks besides Odoo is said in the same run
        assert "Debian package wkhtmltopdf" in result.stderr
