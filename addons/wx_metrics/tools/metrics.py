# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Prometheus metrics of Wanxiang Feedback, in prometheus_client's
multiprocess mode (no ``odoo`` import).

Odoo in prefork mode runs several HTTP workers, a cron worker and a gevent
worker; each keeps its own values, so a scrape answered by one worker would
see only its share. In multiprocess mode every process writes its values to
memory-mapped files in one directory (``PROMETHEUS_MULTIPROC_DIR``) and the
endpoint sums them (prometheus.github.io/client_python/multiprocess).

:func:`setup` chooses that directory before ``prometheus_client`` is first
imported (the library picks its value class at import time): the process
that starts the server (Odoo's master, loading wx_metrics as a server-wide
module) wipes it; the processes it forks or spawns inherit the environment
and reuse it. Until :func:`setup` ran, :data:`STATE` is disabled and every
``observe``/``count`` call is a no-op (the addon installed without being
server-wide costs nothing and the endpoint says why it has nothing).

Labels are low-cardinality on purpose: route *groups*, status *classes*,
channels, outcomes, team names; never a user, a phone or an URL.
"""

import os
import shutil
import threading
from pathlib import Path

ENV_DIR = "PROMETHEUS_MULTIPROC_DIR"
# set in the environment once the directory was prepared (wiped) by the
# process that owns it: the gevent worker Odoo re-executes inherits it
ENV_OWNER = "WX_METRICS_OWNER_PID"

HTTP_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 10.0, 30.0)
NLP_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
ROUTE_GROUPS = ("h5", "survey", "portal", "json2", "backend", "other")
STATUS_CLASSES = ("1xx", "2xx", "3xx", "4xx", "5xx")
SUBMISSION_OUTCOMES = ("created", "updated", "followup", "replayed", "error")
# long-lived connections: their duration is not a response time
UNTIMED_PREFIXES = ("/websocket", "/longpolling")

# (prefix, group), first match wins; "/fb/survey/" before "/fb/"
_PREFIXES = (
    ("/fb/survey/", "survey"),
    ("/survey/", "survey"),
    ("/fb/", "h5"),
    ("/json/2/", "json2"),
    ("/my", "portal"),
    ("/new/ticket", "portal"),
    ("/submitted/ticket", "portal"),
    ("/ticket", "portal"),
    ("/helpdesk", "portal"),
    ("/web", "backend"),
    ("/odoo", "backend"),
    ("/mail/", "backend"),
    ("/bus/", "backend"),
    ("/json/1/", "backend"),
)


def route_group(path):
    """The group of a request path (one of :data:`ROUTE_GROUPS`)."""
    path = path or "/"
    for prefix, group in _PREFIXES:
        if path.startswith(prefix) or path == prefix.rstrip("/"):
            return group
    return "other"


def status_class(status):
    """``"2xx"`` for 200 (an int, or a WSGI status line ``"200 OK"``);
    anything unreadable counts as ``"5xx"``."""
    try:
        code = int(str(status).split(" ", 1)[0])
    except ValueError:
        return "5xx"
    if not 100 <= code <= 599:
        return "5xx"
    return f"{code // 100}xx"


def timed(path):
    return not any(path.startswith(prefix) for prefix in UNTIMED_PREFIXES)


class _State:
    enabled = False
    directory = None
    metrics = None


STATE = _State()
_lock = threading.Lock()


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _wipe(directory):
    directory.mkdir(parents=True, exist_ok=True)
    for child in directory.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def prepare_directory(base, environ=None, pid=None):
    """Choose (and when this process owns it, wipe) the multiprocess directory.

    - ``PROMETHEUS_MULTIPROC_DIR`` set by a start-up script, first process:
      that directory, wiped;
    - set and ``WX_METRICS_OWNER_PID`` names a live process (we are a child,
      e.g. the gevent worker Odoo re-executes): reused as it is;
    - else ``<base>/<pid>``, wiped, and the sibling directories of servers that
      are gone removed.

    Sets both variables in ``environ`` (``os.environ`` by default) so that the
    processes this one forks or spawns share the directory. Returns its path.
    """
    environ = os.environ if environ is None else environ
    pid = os.getpid() if pid is None else pid
    given = environ.get(ENV_DIR)
    owner = environ.get(ENV_OWNER, "")
    if given and owner.isdigit() and int(owner) != pid and _pid_alive(int(owner)):
        return Path(given)
    if given:
        directory = Path(given)
    else:
        base = Path(base)
        base.mkdir(parents=True, exist_ok=True)
        for sibling in base.iterdir():
            if sibling.name.isdigit() and not _pid_alive(int(sibling.name)):
                shutil.rmtree(sibling, ignore_errors=True)
        directory = base / str(pid)
    _wipe(directory)
    environ[ENV_DIR] = str(directory)
    environ[ENV_OWNER] = str(pid)
    return directory


class Metrics:
    """The metric objects (created once per process, after :func:`setup`)."""

    def __init__(self, registry=None):
        from prometheus_client import Counter, Gauge, Histogram

        kw = {"registry": registry} if registry is not None else {}
        self.http_duration = Histogram(
            "wx_http_request_duration_seconds",
            "Time Odoo took to answer an HTTP request, by route group and"
            " status class.",
            ["route_group", "status_class"],
            buckets=HTTP_BUCKETS,
            **kw,
        )
        self.http_in_progress = Gauge(
            "wx_http_requests_in_progress",
            "HTTP requests being answered, over the live processes.",
            ["route_group"],
            multiprocess_mode="livesum",
            **kw,
        )
        self.submissions = Counter(
            "wx_feedback_submissions",
            "Feedback submissions by channel and outcome.",
            ["channel", "outcome"],
            **kw,
        )
        self.tickets = Counter(
            "wx_helpdesk_tickets_opened",
            "Helpdesk tickets opened, by team.",
            ["team"],
            **kw,
        )
        self.nlp_duration = Histogram(
            "wx_nlp_analysis_duration_seconds",
            "Time of one text analysis by wx_nlp.",
            buckets=NLP_BUCKETS,
            **kw,
        )


def setup(base):
    """Enable the metrics of this process (idempotent); returns the directory."""
    with _lock:
        if STATE.enabled:
            return STATE.directory
        STATE.directory = prepare_directory(base)
        STATE.metrics = Metrics()
        STATE.enabled = True
        return STATE.directory


def observe_request(path, status, seconds):
    if STATE.enabled and timed(path):
        STATE.metrics.http_duration.labels(
            route_group(path), status_class(status)
        ).observe(seconds)


def in_progress(path):
    """The live gauge of ``path``'s group (None when disabled or untimed)."""
    if STATE.enabled and timed(path):
        return STATE.metrics.http_in_progress.labels(route_group(path))
    return None


def count_submission(channel, outcome):
    if STATE.enabled:
        outcome = outcome if outcome in SUBMISSION_OUTCOMES else "error"
        STATE.metrics.submissions.labels(channel or "unknown", outcome).inc()


def count_ticket(team):
    if STATE.enabled:
        STATE.metrics.tickets.labels(team or "none").inc()


def observe_nlp(seconds):
    if STATE.enabled:
        STATE.metrics.nlp_duration.observe(seconds)


def mark_dead(pid):
    """Drop the live gauges of a worker that exited (its counters stay)."""
    if STATE.enabled:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid, str(STATE.directory))


def render(accept_header, directory, extra_collectors=()):
    """``(body bytes, content type)``: the values of every process writing to
    ``directory``, summed, plus ``extra_collectors`` (gauges read from the
    database at scrape time), in the exposition format the scraper asked for
    (the text format 0.0.4 by default)."""
    from prometheus_client import CollectorRegistry, multiprocess
    from prometheus_client.exposition import choose_encoder

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(directory))
    for collector in extra_collectors:
        registry.register(collector)
    encoder, content_type = choose_encoder(accept_header or "")
    return encoder(registry), content_type
