# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from wxflib import sysdeps

ROOT = Path(__file__).resolve().parents[2]
DEBIAN = {
    "wkhtmltopdf",
    "fonts-noto-cjk",
    "chromium",
    "chromium-driver",
    "prometheus",
    "pgbackrest",
    "haproxy",
}
COMMANDS = {
    "run",
    "test",
    "monitoring-drill",
    "backup",
    "restore",
    "pitr-drill",
    "cluster",
}


def fake_bin(folder, name, output=""):
    """An executable ``name`` in ``folder`` that prints ``output``."""
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\nprintf '{output}'\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def everything(folder):
    for name in ("wkhtmltopdf", "chromium", "chromedriver", "prometheus", "promtool"):
        fake_bin(folder, name)
    for name in ("pgbackrest", "haproxy"):
        fake_bin(folder, name)
    fake_bin(folder, "fc-list", "Noto Sans CJK SC\\n")
    return sysdeps.Probe(path=str(folder), python=sys.executable)


class Tty(io.StringIO):
    def isatty(self):
        return True


# --- the table -------------------------------------------------------------


def test_table_names_the_debian_packages_and_the_python_one():
    assert {r.package for r in sysdeps.REQUIREMENTS if r.source == sysdeps.APT} == (
        DEBIAN
    )
    assert [r.package for r in sysdeps.REQUIREMENTS if r.source == sysdeps.PIP] == [
        "websocket-client",
        "aiosmtpd>=1.4",
    ]
    for req in sysdeps.REQUIREMENTS:
        assert req.name and req.purpose and req.detection, req
        assert set(req.commands) <= COMMANDS, req
        # the tests need everything the demo needs
        assert "test" in req.commands, req


def test_python_requirements_are_in_requirements_test():
    lines = (ROOT / "requirements-test.txt").read_text(encoding="utf-8").splitlines()
    for req in sysdeps.REQUIREMENTS:
        if req.source == sysdeps.PIP:
            assert any(line.startswith(req.package) for line in lines), req


def test_an_empty_path_misses_every_executable(tmp_path):
    probe = sysdeps.Probe(path=str(tmp_path), python=sys.executable)
    names = {r.package for r in sysdeps.missing("test", sysdeps.APT, probe)}
    assert {"wkhtmltopdf", "chromium", "chromium-driver"} <= names
    # the demo needs no browser
    names = {r.package for r in sysdeps.missing("run", sysdeps.APT, probe)}
    assert "chromium" not in names
    assert "wkhtmltopdf" in names


def test_nothing_missing_when_all_is_on_path(tmp_path):
    probe = everything(tmp_path / "bin")
    assert sysdeps.missing("test", sysdeps.APT, probe) == []
    assert sysdeps.missing("test", sysdeps.PIP, probe) == []


@pytest.mark.parametrize("name", sysdeps.CHROME_NAMES)
def test_every_chrome_name_odoo_looks_for_counts(tmp_path, name):
    fake_bin(tmp_path, name)
    probe = sysdeps.Probe(path=str(tmp_path))
    chromium = next(r for r in sysdeps.REQUIREMENTS if r.package == "chromium")
    assert chromium.present(probe)


def test_fontconfig_without_a_chinese_font_is_missing(tmp_path):
    fake_bin(tmp_path, "fc-list", "")
    probe = sysdeps.Probe(path=str(tmp_path))
    fonts = next(r for r in sysdeps.REQUIREMENTS if r.package == "fonts-noto-cjk")
    assert not fonts.present(probe)
    fake_bin(tmp_path, "fc-list", "WenQuanYi Zen Hei\\n")
    assert fonts.present(probe)


def test_python_module_is_looked_up_in_the_given_python():
    probe = sysdeps.Probe(python=sys.executable)
    assert sysdeps._python_module("websocket")(probe)
    assert not sysdeps._python_module("wxf_no_such_module")(probe)
    assert not sysdeps._python_module("json")(sysdeps.Probe(python="/nonexistent"))


def test_unpatched_wkhtmltopdf_is_said(tmp_path):
    probe = sysdeps.Probe(path=str(tmp_path))
    assert sysdeps.wkhtmltopdf_note(probe) is None  # absent: the check says it
    fake_bin(tmp_path, "wkhtmltopdf", "wkhtmltopdf 0.12.6\\n")
    note = sysdeps.wkhtmltopdf_note(probe)
    assert "0.12.6 is not the patched-Qt build" in note
    assert "header and footer" in note
    fake_bin(tmp_path, "wkhtmltopdf", "wkhtmltopdf 0.12.6.1 (with patched qt)\\n")
    assert sysdeps.wkhtmltopdf_note(probe) is None


# --- commands and message ----------------------------------------------------


def test_install_commands_update_once_then_install(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    reqs = list(sysdeps.REQUIREMENTS)
    commands = sysdeps.install_commands(reqs, "/venv/bin/python")
    assert commands[0] == ["apt-get", "update"]
    assert commands[1][:4] == ["apt-get", "install", "-y", "--no-install-recommends"]
    assert set(commands[1][4:]) == DEBIAN
    assert commands[2] == [
        "/venv/bin/python",
        "-m",
        "pip",
        "install",
        "websocket-client",
        "aiosmtpd>=1.4",
    ]
    assert len(commands) == 3


def test_without_root_apt_goes_through_sudo(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    reqs = [r for r in sysdeps.REQUIREMENTS if r.package == "wkhtmltopdf"]
    assert sysdeps.install_commands(reqs, "py", interactive=True)[0] == [
        "sudo",
        "apt-get",
        "update",
    ]
    # no terminal: sudo must fail rather than wait for a password
    assert sysdeps.install_commands(reqs, "py")[1][:2] == ["sudo", "-n"]


def test_message_names_each_package_and_the_command(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    text = sysdeps.missing_message("test", list(sysdeps.REQUIREMENTS), "/v/python")
    for package in (*DEBIAN, "websocket-client"):
        assert package in text
    assert "apt-get update && apt-get install -y --no-install-recommends" in text
    assert "/v/python -m pip install websocket-client" in text
    assert "./wxf test --install-deps" in text


# --- ensure: stop, ask or install ---------------------------------------------


def refuse_install(*_args):
    raise AssertionError("nothing may be installed here")


def test_ensure_without_permission_stops_with_the_message(tmp_path, monkeypatch):
    monkeypatch.setattr(sysdeps, "_install", refuse_install)
    monkeypatch.setenv("CI", "true")
    probe = sysdeps.Probe(path=str(tmp_path))
    # in CI even a terminal is not asked
    message = sysdeps.ensure("test", sysdeps.APT, probe=probe, stdin=Tty())
    assert "wkhtmltopdf" in message and "apt-get install" in message
    monkeypatch.delenv("CI")
    message = sysdeps.ensure("test", sysdeps.APT, probe=probe, stdin=io.StringIO())
    assert "chromium-driver" in message


def test_ensure_installs_with_install_deps_and_checks_again(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    probe = sysdeps.Probe(path=str(bin_dir), python=sys.executable)
    installed = []

    def install(reqs, python, interactive, say):
        installed.extend(r.package for r in reqs)
        everything(bin_dir)
        return True

    monkeypatch.setattr(sysdeps, "_install", install)
    assert sysdeps.ensure("test", sysdeps.APT, True, probe, say=lambda _m: None) is None
    assert DEBIAN - {"fonts-noto-cjk"} <= set(installed)
    # what an install could not bring is still reported
    (bin_dir / "chromedriver").unlink()
    monkeypatch.setattr(sysdeps, "_install", lambda *_a: True)
    message = sysdeps.ensure("test", sysdeps.APT, True, probe, say=lambda _m: None)
    assert "chromium-driver" in message
    assert "wkhtmltopdf" not in message.split("Install them")[0]


@pytest.mark.parametrize(("answer", "installs"), [("y", True), ("n", False)])
def test_a_terminal_is_asked_first(tmp_path, monkeypatch, capsys, answer, installs):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("builtins.input", lambda _question: answer)
    calls = []
    monkeypatch.setattr(sysdeps, "_install", lambda *a: calls.append(a) or False)
    probe = sysdeps.Probe(path=str(tmp_path))
    message = sysdeps.ensure("run", sysdeps.APT, probe=probe, stdin=Tty())
    assert bool(calls) is installs
    assert "wkhtmltopdf" in message  # refused or failed: still missing
    assert "Missing system dependencies" in capsys.readouterr().out


# --- the real command, in a subprocess -----------------------------------------


def bare_path(tmp_path):
    """A PATH with nothing but python: no wkhtmltopdf, Chromium, apt-get..."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    return {"PATH": str(bin_dir), "HOME": str(tmp_path)}


@pytest.mark.parametrize("command", [["deps"], ["test"], ["run"]])
def test_wxf_stops_with_exit_3_naming_packages_and_command(tmp_path, command):
    result = run_bare(tmp_path, *command)
    assert result.returncode == sysdeps.EXIT_MISSING, result.stderr
    text = result.stderr
    needed_by = "run" if command == ["run"] else "test"  # deps checks test's
    assert f"Missing system dependencies of `./wxf {needed_by}`" in text
    assert "Debian package wkhtmltopdf" in text
    assert "apt-get install -y --no-install-recommends wkhtmltopdf" in text
    assert "apt-get update" in text
    if command != ["run"]:
        assert "Debian package chromium" in text
        assert "Debian package chromium-driver" in text
    else:
        assert "chromium" not in text
    # it stopped before doing anything else (no database, no environment)
    assert "PostgreSQL" not in result.stdout


def test_the_drills_need_prometheus_and_pgbackrest(tmp_path):
    probe = sysdeps.Probe(path=str(tmp_path), python=sys.executable)
    names = {r.package for r in sysdeps.missing("monitoring-drill", sysdeps.APT, probe)}
    assert names == {"prometheus"}
    names = {r.package for r in sysdeps.missing("pitr-drill", sysdeps.APT, probe)}
    assert names == {"pgbackrest"}
    names = {r.package for r in sysdeps.missing("cluster", sysdeps.APT, probe)}
    assert names == {"haproxy"}
    # promtool alone is not Prometheus
    fake_bin(tmp_path, "promtool")
    names = {r.package for r in sysdeps.missing("test", sysdeps.APT, probe)}
    assert "prometheus" in names


def run_bare(tmp_path, *args):
    """``./wxf <args>`` with a PATH that has nothing but python."""
    return subprocess.run(
        [sys.executable, str(ROOT / "wxf"), *args],
        capture_output=True,
        text=True,
        env=bare_path(tmp_path),
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=300,
    )


def test_wxf_cluster_up_names_haproxy(tmp_path):
    result = run_bare(tmp_path, "cluster", "up")
    assert result.returncode == sysdeps.EXIT_MISSING, result.stderr
    assert "Missing system dependencies of `./wxf cluster`" in result.stderr
    assert "Debian package haproxy" in result.stderr
    assert "wkhtmltopdf" not in result.stderr.split("Install them")[0]
    # it stopped before starting anything
    assert "PostgreSQL" not in result.stdout
