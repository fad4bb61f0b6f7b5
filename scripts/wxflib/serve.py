# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An Odoo of the project's environment served in prefork mode (workers, a
cron worker and the gevent worker), for the drills."""

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path


def http_get(url, headers=None, timeout=30):
    """``(status, body bytes)`` of a GET; HTTP errors are answers too."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_http(url, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            http_get(url, timeout=5)
            return True
        except (OSError, urllib.error.URLError):
            time.sleep(1)
    return False


def launcher(state):
    """A script that runs Odoo's command line: prefork re-executes
    ``sys.argv[0]`` for its gevent worker, so Odoo cannot be started with
    ``python -m odoo`` there."""
    path = Path(state) / "odoo-launcher.py"
    path.write_text("from odoo.cli.command import main\n\nmain()\n")
    return path


def start_prefork(
    python,
    state,
    config,
    db,
    port,
    logfile,
    workers=2,
    env=None,
    cron_threads=1,
    load="base,rpc,web,wx_metrics",
):
    """Odoo on ``db`` alone with ``workers`` HTTP workers and
    ``cron_threads`` cron workers; the server-wide modules ``load``
    (``wx_metrics`` among them by default), from :func:`launcher`'s
    script."""
    return subprocess.Popen(
        [
            python,
            str(launcher(state)),
            "server",
            "-c",
            str(config),
            "-d",
            db,
            "--db-filter",
            f"^{db}$",
            "--workers",
            str(workers),
            "--max-cron-threads",
            str(cron_threads),
            "--http-port",
            str(port),
            "--gevent-port",
            str(port + 1),
            "--load",
            load,
            "--logfile",
            str(logfile),
        ],
        env=env,
    )


def stop(proc, timeout=30):
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)
