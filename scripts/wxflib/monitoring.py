# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``./wxf monitoring-drill``: a real Prometheus (Debian's) scrapes a demo
served with 2 workers while H5 traffic runs; then the drill makes the H5
route slow on purpose (a delay only this drill's Odoo knows, on requests it
marks) until the shipped latency alert fires. Ends with
``metrics=ok alert_fired=yes p95_seen_ms=N``.

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
SLOW_HEADER = "X-Wx-Drill-Slow"
LINKS_SCRIPT = """
import json
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

    def alert(self, name=ALERT):
        return alert_state(self.get("/api/v1/alerts"), name)


class Traffic:
    """Clients sending GETs of the H5 pages until stopped; counts answers."""

    def __init__(self, base, links, clients=4, slow=False):
        self.base, self.links, self.slow = base, links, slow
        self.sent = 0
        self.statuses = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._run, args=(i,)) for i in range(clients)
        ]

    def _run(self, index):
        headers = {SLOW_HEADER: "1"} if self.slow else {}
        while not self._stop.is_set():
            link = self.links[index % len(self.links)]
            index += len(self._threads)
            try:
                status, _body = serve.http_get(self.base + link, headers, timeout=60)
            except OSError:
                status = 0
            with self._lock:
                self.sent += status != 0
                self.statuses[status] = self.statuses.get(status, 0) + 1

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
        api = Prometheus(options.prometheus_port)
        up = wait_for(lambda: api.query(f'up{{job="{JOB}"}}') == 1, 90)
        say(f"Prometheus {'scrapes' if up else 'does NOT scrape'} /metrics")
        say(f"phase 1: normal H5 traffic for {options.warm_seconds}s")
        with Traffic(base, links) as fast:
            time.sleep(options.warm_seconds)
        # what Prometheus sees once it scraped again must be every request
        seen = wait_for(
            lambda: api.query(H5_COUNT) == fast.sent and api.query(H5_COUNT), 30
        )
        seen = api.query(H5_COUNT)
        directory = _multiproc_dir(ctx, odoo.pid)
        pids = worker_pids(directory) if directory else set()
        say(
            f"H5 requests sent {fast.sent} (statuses {fast.statuses}),"
            f" counted by Prometheus {seen:.0f}, processes writing metrics"
            f" {len(pids)}"
            if seen is not None
            else "no H5 count in Prometheus"
        )
        metrics_ok = bool(up) and seen == fast.sent and len(pids) >= 2
        # informative: on a loaded machine the page may be slow on its own
        before = api.query(H5_P95)
        say(
            f"alert {ALERT} before the delay: {api.alert() or 'inactive'}"
            f" (H5 p95 {'?' if before is None else round(before * 1000)} ms)"
        )
        say(
            f"phase 2: H5 requests slowed by {options.delay_ms} ms until {ALERT}"
            f" fires (the rule waits 5 minutes; timeout {options.timeout}s)"
        )
        with Traffic(base, links, slow=True):
            state = wait_for(lambda: api.alert() == "firing", options.timeout, 5)
        fired = state is True or api.alert() == "firing"
        p95 = api.query(H5_P95)
        print(final_line(metrics_ok, fired, p95))
        return 0 if metrics_ok and fired else 1
    finally:
        serve.stop(prom)
        serve.stop(odoo)
        ctx.drop_database(config, db, logfile)


def _multiproc_dir(ctx, master_pid):
    """The directory the served Odoo writes to (<data_dir>/prometheus/<pid>)."""
    directory = ctx.STATE / "data" / "prometheus" / str(master_pid)
    if directory.is_dir():
        return directory
    print(f"no multiprocess directory {directory}", file=sys.stderr)
    return None
