# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What ``./wxf run`` and ``./wxf test`` need from the system, in one table.

Each requirement says what it is for, how it is detected and where it comes
from: a Debian package (installed with ``apt-get``) or a Python package of the
project environment (installed with ``pip``). :func:`ensure` finds the missing
ones and installs them when allowed (``--install-deps``, or a yes to the
prompt on a terminal); otherwise the caller stops with :data:`EXIT_MISSING`
and the text of :func:`missing_message`, which names each package and the
command that installs it. Nothing is ever skipped silently.
"""

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EXIT_MISSING = 3
APT = "apt"
PIP = "pip"

# The executables Odoo 19 looks for on Linux (odoo/tests/common.py,
# _find_executable); without one of them it skips every browser test.
CHROME_NAMES = ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable")
FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
)
# Font files that cover Chinese, for systems without fontconfig's fc-list.
CJK_FONT_MARKS = ("cjk", "wqy", "sourcehan", "droidsansfallback", "arphic", "ukai")


@dataclass(frozen=True)
class Probe:
    """Where to look: the ``PATH`` to search and the project's Python."""

    path: str | None = None
    python: str = sys.executable

    def which(self, name):
        return shutil.which(name, path=self.path)


def _executable(*names):
    return lambda probe: any(probe.which(name) for name in names)


def _python_module(module):
    def present(probe):
        try:
            result = subprocess.run(
                [probe.python, "-c", f"import {module}"],
                capture_output=True,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return False
        return result.returncode == 0

    return present


def _cjk_font(probe):
    """A font with Chinese glyphs: asked to fontconfig, else by file name."""
    fc_list = probe.which("fc-list")
    if fc_list:
        result = subprocess.run(
            [fc_list, ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        return bool(result.stdout.strip())
    for folder in FONT_DIRS:
        for path in Path(folder).expanduser().rglob("*"):
            name = path.name.lower().replace(" ", "").replace("-", "")
            if path.suffix.lower() in (".ttf", ".ttc", ".otf", ".otc") and any(
                mark in name for mark in CJK_FONT_MARKS
            ):
                return True
    return False


@dataclass(frozen=True)
class Requirement:
    name: str
    purpose: str
    commands: tuple  # the wxf commands that need it
    detection: str  # how it is detected, in words
    source: str  # APT or PIP
    package: str  # Debian package, or pip requirement
    present: Callable[[Probe], bool]


REQUIREMENTS = (
    Requirement(
        "wkhtmltopdf",
        "PDF reports (Odoo prints them with wkhtmltopdf)",
        ("run", "test"),
        "`wkhtmltopdf` on PATH",
        APT,
        "wkhtmltopdf",
        _executable("wkhtmltopdf"),
    ),
    Requirement(
        "CJK fonts",
        "Chinese text in PDF reports and screenshots",
        ("run", "test"),
        "a font for Chinese (`fc-list :lang=zh`)",
        APT,
        "fonts-noto-cjk",
        _cjk_font,
    ),
    Requirement(
        "Chromium",
        "Odoo's browser tests (tours) and scripts/screenshot.py",
        ("test",),
        f"one of {', '.join(CHROME_NAMES)} on PATH (as Odoo looks for it)",
        APT,
        "chromium",
        _executable(*CHROME_NAMES),
    ),
    Requirement(
        "ChromeDriver",
        "WebDriver for that Chromium (browser tooling besides Odoo's own"
        " runner, which drives Chromium over its DevTools protocol)",
        ("test",),
        "`chromedriver` on PATH",
        APT,
        "chromium-driver",
        _executable("chromedriver"),
    ),
    Requirement(
        "Prometheus",
        "`./wxf monitoring-drill` (a real Prometheus scraping the demo) and the"
        " `promtool check rules` test of config/prometheus/",
        ("test", "monitoring-drill"),
        "`prometheus` and `promtool` on PATH",
        APT,
        "prometheus",
        lambda probe: bool(probe.which("prometheus") and probe.which("promtool")),
    ),
    Requirement(
        "pgBackRest",
        "`./wxf backup`, `./wxf restore` and `./wxf pitr-drill` (full, differential"
        " and WAL-archive backups with point-in-time restore)",
        ("test", "backup", "restore", "pitr-drill"),
        "`pgbackrest` on PATH",
        APT,
        "pgbackrest",
        _executable("pgbackrest"),
    ),
    Requirement(
        "HAProxy",
        "`./wxf cluster` (the load balancer in front of the Odoo nodes) and its"
        " test in `./wxf test`",
        ("test", "cluster"),
        "`haproxy` on PATH",
        APT,
        "haproxy",
        _executable("haproxy"),
    ),
    Requirement(
        "websocket-client",
        "Odoo's browser tests talk to Chromium through it (without it Odoo skips them)",
        ("test",),
        "`import websocket` in the project's Python (.venv)",
        PIP,
        "websocket-client",
        _python_module("websocket"),
    ),
    Requirement(
        "aiosmtpd",
        "the demo's SMTP sink (./wxf run keeps every e-mail in .local/demo_mail/)",
        ("run", "test"),
        "`import aiosmtpd` in the project's Python (.venv)",
        PIP,
        "aiosmtpd>=1.4",
        _python_module("aiosmtpd"),
    ),
)


def wkhtmltopdf_note(probe):
    """A sentence when wkhtmltopdf is not the "patched Qt" build, else None.

    Debian's wkhtmltopdf works for one record per PDF but ignores Odoo's
    header and footer, and Odoo refuses to print several records into one PDF
    with it (odoo/addons/base/models/ir_actions_report.py, is_patched_qt)."""
    binary = probe.which("wkhtmltopdf")
    if not binary:
        return None
    try:
        out = subprocess.run(
            [binary, "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    if "(with patched qt)" in out:
        return None
    version = out.split()[-1] if out.split() else "?"
    return (
        f"wkhtmltopdf {version} is not the patched-Qt build (Debian's is not):"
        " PDFs print without Odoo's header and footer, and several records"
        " cannot print into one PDF (README, System dependencies)"
    )


def missing(command, source, probe, requirements=REQUIREMENTS):
    """The requirements of ``command`` from ``source`` that ``probe`` lacks."""
    return [
        req
        for req in requirements
        if command in req.commands and req.source == source and not req.present(probe)
    ]


def _as_root(cmd, interactive):
    if os.geteuid() == 0:
        return cmd
    # sudo asks for a password on a terminal; elsewhere it must not wait
    return ["sudo", *cmd] if interactive else ["sudo", "-n", *cmd]


def install_commands(reqs, python, interactive=False):
    """The commands that install ``reqs``, in order."""
    debs = [req.package for req in reqs if req.source == APT]
    wheels = [req.package for req in reqs if req.source == PIP]
    commands = []
    if debs:
        commands.append(_as_root(["apt-get", "update"], interactive))
        commands.append(
            _as_root(
                ["apt-get", "install", "-y", "--no-install-recommends", *debs],
                interactive,
            )
        )
    if wheels:
        commands.append([python, "-m", "pip", "install", *wheels])
    return commands


def shell_line(commands):
    return " && ".join(shlex.join(cmd) for cmd in commands)


def missing_message(command, reqs, python):
    """What is missing, which package brings each, and how to install them."""
    lines = [f"Missing system dependencies of `./wxf {command}`:"]
    for req in reqs:
        where = "Debian package" if req.source == APT else "Python package (pip)"
        lines.append(f"  - {req.name}: {req.purpose}")
        lines.append(f"      not found: {req.detection}")
        lines.append(f"      install: {where} {req.package}")
    lines.append("Install them with:")
    lines.append(f"    {shell_line(install_commands(reqs, python, interactive=True))}")
    if any(req.source == APT for req in reqs):
        lines.append(
            "(Debian/Ubuntu package names; elsewhere install your system's"
            " equivalents.)"
        )
    lines.append(
        f"or let wxf install them: ./wxf {command} --install-deps"
        " (as root, or through sudo), or answer yes when it asks on a terminal."
    )
    return "\n".join(lines)


def _interactive(stdin=None):
    stdin = sys.stdin if stdin is None else stdin
    return not os.environ.get("CI") and stdin is not None and stdin.isatty()


def _ask(question, stdin=None):
    if not _interactive(stdin):
        return False
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _install(reqs, python, interactive, say):
    if any(req.source == APT for req in reqs):
        if not shutil.which("apt-get"):
            say("apt-get is not available here: install the packages yourself")
            return False
        if os.geteuid() != 0 and not shutil.which("sudo"):
            say("installing Debian packages needs root (or sudo)")
            return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in install_commands(reqs, python, interactive):
        say(f"running: {shlex.join(cmd)}")
        if subprocess.run(cmd, env=env, check=False).returncode:
            say(f"failed: {shlex.join(cmd)}")
            return False
    return True


def ensure(command, source, install=False, probe=None, say=print, stdin=None):
    """Check (and when allowed install) the ``source`` requirements of ``command``.

    Returns the message describing what is still missing, or None when
    everything is there. ``install`` is ``--install-deps``; without it the
    user is asked when stdin is a terminal (never in CI).
    """
    probe = probe or Probe()
    todo = missing(command, source, probe)
    if not todo:
        return None
    message = missing_message(command, todo, probe.python)
    interactive = _interactive(stdin)
    if not install:
        if not interactive:
            return message
        print(message, flush=True)
        line = shell_line(install_commands(todo, probe.python, interactive))
        if not _ask(f"Install them now ({line})?", stdin):
            return message
    names = ", ".join(req.package for req in todo)
    say(f"installing missing dependencies: {names}")
    if not _install(todo, probe.python, interactive, say):
        return message
    still = missing(command, source, probe)
    return missing_message(command, still, probe.python) if still else None
