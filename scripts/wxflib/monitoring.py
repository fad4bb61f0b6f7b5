# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``./wxf monitoring-drill``: a real Prometheus (Debian's) scrapes a demo
served with 2 workers while H5 traffic runs; then the drill makes the H5
route slow on purpose (a delay only this drill's Odoo knows, on requests it
marks) until the shipped latency alert fires. Ends with
``metrics=ok alert_fired=yes p95_seen_ms=N``.

Cause and effect: one and the same traffic (a few paced clients) runs
through three phases,

1. warm-up, before Prometheus starts (first requests of each worker): in
   no rate Prometheus computes; the copy's overdue scheduled actions are
   moved to their next regular time first (a demo never served has them all
   due at once, a running server has not);
2. baseline, no delay, Prometheus scraping: ``WxH5ApiSlow`` must stay
   inactive the whole time (no ``ALERTS`` sample at all, checked in
   Prometheus's own storage, not only by polling), else the drill fails;
   the H5 p95 Prometheus computed is printed (``baseline_p95_ms=N``);
3. the delay switched on for the same clients: the alert must go pending
   only then, and fire after the rule's 5 minutes.

"metrics=ok" means: ``promtool check rules`` passed, Prometheus scraped
``/metrics`` with the token (``up == 1``), and the H5 request count it
stored equals the requests the drill sent, which only holds when the
values of every worker are summed (README "Metrics")."""

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from . import serve

ALERT = "WxH5ApiSlow"
JOB = "wanxiang-odoo"
H5_COUNT = 'sum(wx_http_request_duration_seconds_count{route_group="h5"})'
H5_P95 = 'wx:http_request_duration_seconds:p95_5m{route_group="h5"}'
THRESHOLD = 0.5  # seconds, the rule's
SLOW_HEADER = "X-Wx-Drill-Slow"
LINKS_SCRIPT = """
import json
from dateutil.relativedelta import relativedelta
from odoo import fields
# a demo database never served has every scheduled action overdue: a running
# server has not; each is moved to its next regular time (the frequent ones
# run during the drill as they would, not a day of catch-up at once)
now = fields.Datetime.now()
for cron in env["ir.cron"].search([("nextcall", "<=", now)]):
    cron.nextcall = now + relativedelta(**{cron.interval_type: cron.interval_number})
params = env["ir.config_parameter"].sudo()
params.set_param("wx_feedback.h5_rate_limit_ip", "1000000/600")
params.set_param("wx_feedback.h5_rate_limit_token", "1000000/600")
orders = env["sale.order"].search([("delivery_status", "=", "full")], limit=20)
links = [o._wx_h5_path(o.partner_id.child_ids[:1] or o.partner_id) for o in orders]
installed = bool(env["ir.module.module"].search_count(
    [("name", "=", "wx_metrics"), ("state", "=", "installed")]
))
env.cr.commit()
print("DRILL" + json.dumps({"links": links, "installed": installed}))
"""


def prometheus_config(target, token_file, rules_file, interval="2s", db=None):
    """The drill's prometheus.yml (JSON is YAML): one job scraping Odoo's
    /metrics with the bearer token file, the shipped rules."""
    job = {
        "job_name": JOB,
        "metrics_path": "/metrics",
        "scrape_interval": interval,
        "authorization": {"type": "Bearer", "credentials_file": str(token_file)},
        "static_configs": [{"targets": [target]}],
    }
    if db:
        job["params"] = {"db": [db]}
    config = {
        "global": {"scrape_interval": interval, "evaluation_interval": interval},
        "rule_files": [str(rules_file)],
        "scrape_configs": [job],
    }
    return json.dumps(config, indent=2) + "\n"


def vector_value(answer):
    """The first value of a Prometheus instant-query answer, else None."""
    if not isinstance(answer, dict) or answer.get("status") != "success":
        return None
    result = answer.get("data", {}).get("result") or []
    if not result:
        return None
    try:
        return float(result[0]["value"][1])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def sample_count(answer):
    """The value of a ``count_over_time`` answer: 0 when it has no series,
    None when the query failed (a failed query proves nothing)."""
    if not isinstance(answer, dict) or answer.get("status") != "success":
        return None
    if not answer.get("data", {}).get("result"):
        return 0
    return vector_value(answer)


def alert_state(answer, name=ALERT):
    """``firing``, ``pending`` or None for alert ``name`` in an
    ``/api/v1/alerts`` answer."""
    if not isinstance(answer, dict) or answer.get("status") != "success":
        return None
    states = [
        alert.get("state")
        for alert in answer.get("data", {}).get("alerts", [])
        if alert.get("labels", {}).get("alertname") == name
    ]
    if "firing" in states:
        return "firing"
    return "pending" if "pending" in states else None


def worker_pids(directory):
    """The processes that wrote values to the multiprocess directory."""
    pids = set()
    for path in Path(directory).glob("*.db"):
        tail = path.stem.rsplit("_", 1)[-1]
        if tail.isdigit():
            pids.add(int(tail))
    return pids


def alert_samples_query(seconds, name=ALERT):
    """Prometheus stores a sample of ``ALERTS`` at each evaluation where an
    alert is pending or firing: how many ``name`` had in the last
    ``seconds`` (no answer at all: none)."""
    return f'count_over_time(ALERTS{{alertname="{name}"}}[{max(1, round(seconds))}s])'


def max_over(expr, seconds):
    return f"max_over_time({expr}[{max(1, round(seconds))}s])"


def percentile(values, fraction):
    """Nearest-rank percentile of ``values`` (None when empty)."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, -(-len(ordered) * fraction // 1))  # ceil
    return ordered[int(rank) - 1]


def ms(seconds):
    return "none" if seconds is None else str(round(seconds * 1000))


def baseline_ok(alert_samples, p95_max):
    """The baseline proves something only when Prometheus computed an H5 p95
    all along below the rule's threshold and never had the alert pending."""
    return alert_samples == 0 and p95_max is not None and p95_max <= THRESHOLD


def baseline_line(p95, p95_max, client_p95, alert_samples, requests, seconds):
    state = {0: "inactive", None: "unknown"}.get(alert_samples, "PENDING_OR_FIRING")
    return (
        f"baseline_p95_ms={ms(p95)} baseline_p95_max_ms={ms(p95_max)}"
        f" client_p95_ms={ms(client_p95)} requests={requests}"
        f" seconds={round(seconds)} alert={state}"
    )


def delay_line(delay_ms, pending_after, firing_after, client_p95):
    def secs(value):
        return "never" if value is None else f"{value:.0f}"

    return (
        f"delay_ms={delay_ms} pending_after_s={secs(pending_after)}"
        f" firing_after_s={secs(firing_after)} client_p95_ms={ms(client_p95)}"
    )


def final_line(metrics_ok, fired, p95_seconds):
    p95 = "none" if p95_seconds is None else str(round(p95_seconds * 1000))
    return (
        f"metrics={'ok' if metrics_ok else 'FAILED'}"
        f" alert_fired={'yes' if fired else 'no'} p95_seen_ms={p95}"
    )


class Prometheus:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"

    def get(self, path, **params):
        url = f"{self.base}{path}?{urllib.parse.urlencode(params)}"
        try:
            status, body = serve.http_get(url, timeout=10)
        except OSError:
            return None
        return json.loads(body) if status == 200 else None

    def query(self, expr):
        return vector_value(self.get("/api/v1/query", query=expr))

    def count(self, expr):
        return sample_count(self.get("/api/v1/query", query=expr))

    def alert(self, name=ALERT):
        return alert_state(self.get("/api/v1/alerts"), name)


class Traffic:
    """Clients sending GETs of the H5 pages, each pausing between two
    requests, until stopped; counts the answers and keeps the latencies of
    the current phase. :meth:`phase` starts a new phase, with or without the
    drill's delay, for the same clients without stopping them."""

    def __init__(self, base, links, clients=2, pause=0.25):
        self.base, self.links, self.pause = base, links, pause
        self.slow = False
        self.sent = 0
        self.statuses = {}
        self.latencies = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._run, args=(i,)) for i in range(clients)
        ]

    def phase(self, slow):
        """Switch the delay on or off; returns the latencies of the phase
        that ends (seconds of the requests answered)."""
        with self._lock:
            ended, self.latencies = self.latencies, []
            self.slow = slow
        return ended

    def _run(self, index):
        while not self._stop.is_set():
            link = self.links[index % len(self.links)]
            index += len(self._threads)
            slow = self.slow
            headers = {SLOW_HEADER: "1"} if slow else {}
            started = time.monotonic()
            try:
                status, _body = serve.http_get(self.base + link, headers, timeout=60)
            except OSError:
                status = 0
            elapsed = time.monotonic() - started
            with self._lock:
                self.sent += status != 0
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status and slow == self.slow:  # not a request across phases
                    self.latencies.append(elapsed)
            self._stop.wait(self.pause)

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join()


def wait_for(check, seconds, step=2.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(step)
    return check()


def run_drill(ctx, options):
    """``ctx``: the cli module's helpers (config, python, state...)."""
    say = ctx.say
    rules = ctx.ROOT / "config" / "prometheus" / "wx_rules.yml"
    for tool in ("prometheus", "promtool"):
        if not shutil.which(tool):
            say(f"{tool} is missing: ./wxf deps --for monitoring-drill --install-deps")
            return 3
    check = subprocess.run(
        ["promtool", "check", "rules", str(rules)],
        capture_output=True,
        text=True,
        check=False,
    )
    say(f"promtool check rules: {'ok' if not check.returncode else 'FAILED'}")
    if check.returncode:
        print(check.stdout + check.stderr)
        print(final_line(False, False, None))
        return 1
    config = options.config
    db = options.db
    work = ctx.STATE / "monitoring-drill"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    logfile = work / "odoo.log"
    token_file = ctx.STATE / "metrics_token"
    if not ctx.database_exists(config, options.template):
        say(f"no database {options.template}: run ./wxf run once, or --template DB")
        return 1
    say(f"copying {options.template} to {db}")
    ctx.drop_database(config, db, logfile)
    if ctx.odoo_cmd(
        config, "db", "duplicate", options.template, db, capture_output=True
    ).returncode:
        say(f"copying {options.template} failed (is a server using it?)")
        return 1
    odoo = prom = None
    try:
        out = ctx.odoo_cmd(
            config,
            "shell",
            "-d",
            db,
            "--no-http",
            "--logfile",
            logfile,
            input=LINKS_SCRIPT,
            capture_output=True,
            text=True,
        )
        line = next((x for x in out.stdout.splitlines() if x.startswith("DRILL")), "")
        found = json.loads(line[len("DRILL") :] or "{}")
        links = found.get("links")
        if not links:
            say(f"no delivered order in {db} to link to (log: {logfile})")
            return 1
        if not found.get("installed"):
            say(f"installing wx_metrics in {db} (a demo made before it existed)")
            install = ["-d", db, "-i", "wx_metrics", "--stop-after-init", "--no-http"]
            if ctx.odoo_cmd(
                config, "server", *install, "--logfile", logfile
            ).returncode:
                say(f"installing wx_metrics failed (log: {logfile})")
                return 1
        env = dict(os.environ)
        env["WX_METRICS_DRILL_H5_DELAY_MS"] = str(options.delay_ms)
        for name in ("PROMETHEUS_MULTIPROC_DIR", "WX_METRICS_OWNER_PID"):
            env.pop(name, None)
        port = options.port
        say(f"serving {db} with 2 workers on port {port} (log: {logfile})")
        odoo = serve.start_prefork(
            ctx.venv_python(), ctx.STATE, config, db, port, logfile, env=env
        )
        base = f"http://127.0.0.1:{port}"
        if not serve.wait_http(f"{base}/web/login"):
            say("Odoo did not answer")
            return 1
        (work / "prometheus.yml").write_text(
            prometheus_config(f"127.0.0.1:{port}", token_file, rules),
            encoding="utf-8",
        )
        with Traffic(base, links, options.clients, options.pause_ms / 1000) as traffic:
            say(
                f"phase 1: warm-up, {options.clients} clients pausing"
                f" {options.pause_ms} ms, {options.warm_seconds}s before"
                " Prometheus starts"
            )
            time.sleep(options.warm_seconds)
            traffic.phase(slow=False)
            prom = subprocess.Popen(
                [
                    "prometheus",
                    f"--config.file={work / 'prometheus.yml'}",
                    f"--storage.tsdb.path={work / 'tsdb'}",
                    f"--web.listen-address=127.0.0.1:{options.prometheus_port}",
                    "--log.level=warn",
                ],
                stdout=open(work / "prometheus.log", "w"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
            )
            prom_started = time.monotonic()
            api = Prometheus(options.prometheus_port)
            up = wait_for(lambda: api.query(f'up{{job="{JOB}"}}') == 1, 90, 1)
            say(f"Prometheus {'scrapes' if up else 'does NOT scrape'} /metrics")
            say(
                f"phase 2: baseline, same traffic without delay for"
                f" {options.baseline_seconds}s; {ALERT} must stay inactive"
            )
            calm = _baseline(api, traffic, options, prom_started, say)
            pending_after, firing_after = (
                _until_fired(api, options, say) if calm else (None, None)
            )
            slowed = traffic.phase(slow=False)
            p95 = api.query(H5_P95)
        if calm:
            print(
                delay_line(
                    options.delay_ms,
                    pending_after,
                    firing_after,
                    percentile(slowed, 0.95),
                ),
                flush=True,
            )
        # what Prometheus sees once it scraped again must be every request
        seen = wait_for(lambda: api.query(H5_COUNT) == traffic.sent, 30, 1)
        seen = api.query(H5_COUNT)
        directory = _multiproc_dir(ctx, odoo.pid)
        pids = worker_pids(directory) if directory else set()
        say(
            f"H5 requests sent {traffic.sent} (statuses {traffic.statuses}),"
            f" counted by Prometheus {seen:.0f}, processes writing metrics"
            f" {len(pids)}"
            if seen is not None
            else "no H5 count in Prometheus"
        )
        metrics_ok = bool(up) and seen == traffic.sent and len(pids) >= 2
        fired = calm and firing_after is not None
        print(final_line(metrics_ok, fired, p95))
        return 0 if metrics_ok and fired else 1
    finally:
        serve.stop(prom)
        serve.stop(odoo)
        ctx.drop_database(config, db, logfile)


def _baseline(api, traffic, options, prom_started, say):
    """Phase 2: the traffic without delay while Prometheus scrapes; prints
    the baseline line, switches the delay on and tells whether the alert
    stayed inactive (and the p95 known and under the threshold) all along."""
    traffic.phase(slow=False)
    started = time.monotonic()
    while time.monotonic() - started < options.baseline_seconds:
        if api.alert() is not None:
            break  # fail fast; counted below from Prometheus's storage
        time.sleep(2)
    seconds = time.monotonic() - started
    samples = api.count(alert_samples_query(time.monotonic() - prom_started + 5))
    p95_now = api.query(H5_P95)
    p95_max = api.query(max_over(H5_P95, seconds))
    baseline = traffic.phase(slow=True)  # the delay is on from here
    line = baseline_line(
        p95_now, p95_max, percentile(baseline, 0.95), samples, len(baseline), seconds
    )
    print(line, flush=True)
    if baseline_ok(samples, p95_max):
        return True
    say(
        f"baseline FAILED: {ALERT} was pending or firing, or the H5 p95 was"
        " unknown or over 500 ms, before any delay: the machine is too busy for"
        " the drill to prove anything (fewer --clients or a longer --pause-ms)"
    )
    return False


def _until_fired(api, options, say):
    """Phase 3: seconds from the delay on to the alert pending, to firing
    (None: not within ``options.timeout``)."""
    say(
        f"phase 3: the same clients, H5 requests slowed by {options.delay_ms} ms"
        f" until {ALERT} fires (the rule waits 5 minutes; timeout"
        f" {options.timeout}s)"
    )
    delay_on = time.monotonic()
    pending_after = None
    while time.monotonic() - delay_on < options.timeout:
        state = api.alert()
        elapsed = time.monotonic() - delay_on
        if state and pending_after is None:
            pending_after = elapsed
            say(f"{ALERT} pending {elapsed:.0f}s after the delay went on")
        if state == "firing":
            return pending_after, elapsed
        time.sleep(2)
    return pending_after, None


def _multiproc_dir(ctx, master_pid):
    """The directory the served Odoo writes to (<data_dir>/prometheus/<pid>)."""
    directory = ctx.STATE / "data" / "prometheus" / str(master_pid)
    if directory.is_dir():
        return directory
    print(f"no multiprocess directory {directory}", file=sys.stderr)
    return None
