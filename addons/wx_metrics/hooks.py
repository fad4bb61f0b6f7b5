# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Server-wide part of wx_metrics: the multiprocess directory, the timing of
every HTTP request and the marking of dead workers.

Odoo calls :func:`post_load` when it first imports the addon. Only when
wx_metrics is in ``server_wide_modules`` (``--load`` / odoo.conf) is that in
the process that starts the server, before it forks its workers or spawns
its gevent worker: the directory is prepared there and inherited by all of
them, so one scrape sums every process. Imported only as an installed addon
(not server-wide), the metrics stay off and ``/metrics`` answers 503.
"""

import logging
import os
import time

from .tools import metrics

_logger = logging.getLogger(__name__)
DRILL_DELAY_ENV = "WX_METRICS_DRILL_H5_DELAY_MS"
DRILL_HEADER = "HTTP_X_WX_DRILL_SLOW"


SETTINGS = ("token", "allowed_ips", "multiproc_dir")


def read_settings():
    """The ``[wx_metrics]`` section of the Odoo configuration, each value
    overridden by ``WX_METRICS_<NAME>`` in the environment (wx_feedback's
    settings reader)."""
    from odoo.tools import config

    from odoo.addons.wx_feedback.tools import settings

    path = config["config"]
    return {
        name: settings.get(name, path, section="wx_metrics", default="")
        for name in SETTINGS
    }


def drill_delay():
    """Seconds to add to H5 requests marked by the monitoring drill (its
    environment variable only; 0 everywhere else)."""
    try:
        return max(0.0, float(os.environ.get(DRILL_DELAY_ENV) or 0) / 1000.0)
    except ValueError:
        return 0.0


def _instrument_http(delay):
    from odoo import http

    original = http.Application.__call__
    if getattr(original, "_wx_metrics", False):
        return

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO") or "/"
        gauge = metrics.in_progress(path)
        if gauge is None:
            return original(self, environ, start_response)
        statuses = []

        def recording_start_response(status, headers, exc_info=None):
            statuses.append(status)
            if exc_info is None:
                return start_response(status, headers)
            return start_response(status, headers, exc_info)

        started = time.perf_counter()
        gauge.inc()
        try:
            if (
                delay
                and environ.get(DRILL_HEADER)
                and metrics.route_group(path) == "h5"
            ):
                time.sleep(delay)
            return original(self, environ, recording_start_response)
        except Exception:
            statuses.append("500")
            raise
        finally:
            gauge.dec()
            status = statuses[-1] if statuses else "500"
            metrics.observe_request(path, status, time.perf_counter() - started)

    __call__._wx_metrics = True
    http.Application.__call__ = __call__


def _mark_dead_workers():
    from odoo.service import server

    original = server.PreforkServer.worker_pop
    if getattr(original, "_wx_metrics", False):
        return

    def worker_pop(self, pid):
        metrics.mark_dead(pid)
        return original(self, pid)

    worker_pop._wx_metrics = True
    server.PreforkServer.worker_pop = worker_pop


def post_load():
    from odoo.tools import config

    if "wx_metrics" not in (config["server_wide_modules"] or ()):
        return
    base = read_settings()["multiproc_dir"] or os.path.join(
        config["data_dir"], "prometheus"
    )
    directory = metrics.setup(base)
    _instrument_http(drill_delay())
    _mark_dead_workers()
    _logger.info("wx_metrics: Prometheus multiprocess directory %s", directory)
