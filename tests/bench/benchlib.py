# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the benchmark scripts share: Odoo commands of the project's
environment, a fresh database with some addons, scripts run in ``odoo
shell`` that report one ``BENCH{json}`` line, a prefork server, the H5
traffic (delivered orders to rate, concurrent clients, percentiles), the CPU
time of a process tree and a PostgreSQL cluster of the bench's own."""

import configparser
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
CONFIG = str(ROOT / ".local" / "odoo.conf")
sys.path.insert(0, str(ROOT / "scripts"))
from wxflib import backup, serve, services, traffic


def odoo(*args, check=True, **kwargs):
    """Run ``python -m odoo ARGS`` of the project's environment."""
    return subprocess.run(
        [PYTHON, "-m", "odoo", *args], check=check, text=True, **kwargs
    )


def drop_database(db, config=CONFIG):
    odoo("db", "-c", config, "drop", db, check=False, capture_output=True)


def create_database(db, modules, log, config=CONFIG, demo=False, languages=()):
    """A new database ``db`` (country CN; with demo data and the company in
    the first of ``languages`` when ``demo``) with ``modules`` installed and
    the other ``languages`` loaded; Odoo's output goes to the open file
    ``log``."""
    init = ["init", db, "--country", "CN"]
    if demo:
        init.append("--with-demo")
    if languages:
        init += ["--language", languages[0]]
    odoo("db", "-c", config, *init, stdout=log, stderr=log)
    more = ["--load-language", ",".join(languages[1:])] if languages[1:] else []
    odoo(
        "server",
        "-c",
        config,
        "-d",
        db,
        "-i",
        modules,
        *more,
        "--stop-after-init",
        "--no-http",
        "--logfile",
        log.name,
    )


def shell(db, script, config=CONFIG):
    """Run ``script`` in ``odoo shell`` on ``db``; returns the JSON it
    printed on its line starting with ``BENCH``."""
    done = odoo(
        "shell",
        "-c",
        config,
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


# ---------------------------------------------------------------- a served Odoo


def start_server(
    db, port, log_name, workers=2, metrics=True, config=CONFIG, cron_threads=0
):
    """Odoo on ``db`` alone with ``workers`` prefork HTTP workers, wx_metrics
    server-wide or not, ``cron_threads`` cron workers (none by default: what
    a submission defers stays queued); returns once it answers
    (``wxflib.serve.start_prefork``)."""
    server = serve.start_prefork(
        PYTHON,
        ROOT / ".local",
        config,
        db,
        port,
        ROOT / ".local" / "logs" / log_name,
        workers=workers,
        cron_threads=cron_threads,
        load="base,rpc,web" + (",wx_metrics" if metrics else ""),
    )
    serve.wait_http(f"http://127.0.0.1:{port}/web/login", seconds=120)
    return server


def stop_server(server):
    server.terminate()
    server.wait(timeout=60)


def tree_cpu(pid):
    """CPU seconds (user + system) of a process tree so far: the process,
    its live children (Odoo's workers, PostgreSQL's backends) and the
    children it already reaped."""
    master = psutil.Process(pid)
    times = master.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system
    for child in master.children(recursive=True):
        try:
            child_times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue  # reaped meanwhile: counted by the master next time
        total += child_times.user + child_times.system
    return total


# ---------------------------------------------------------------- H5 traffic

TEXTS = [
    "一箱草莓一半都发霉了，请尽快处理",
    "芒果很甜，送货也准时，点赞👍",
    "送晚了两个小时，早市都错过了",
    "每箱少了一斤多，麻烦核实",
    "纸箱压扁了，葡萤掉粒严重",
]

H5_SETUP = (
    "import json\n"
    + traffic.DEMO_ORDERS
    + """
category = env["helpdesk.ticket.category"].search([], limit=1)
env.cr.commit()
print("BENCH" + json.dumps({"links": links, "category": category.id}))
"""
)


def h5_links(db, count, config=CONFIG):
    """``{"links": [...], "category": id}``: the H5 paths of ``count`` new
    delivered orders of a demo database (each link the first rating of its
    own order), rate limits lifted, and a helpdesk ticket category."""
    return shell(db, H5_SETUP.replace("COUNT", str(count)), config)


def h5_sender(base, links, offset, files=None):
    """A ``send(session, index)`` posting the H5 form of link
    ``offset + index`` (each link the first rating of its own order), with
    the files ``files(index)`` returns if given (``{"attachments": (name,
    bytes, type)}``)."""

    def send(session, index):
        response = session.post(
            base + links[offset + index],
            data={
                "rating": str(1 + index % 5),
                "rating_delivery": str(1 + index % 5),
                "categories": ["delivery", "freshness"][index % 2],
                "description": TEXTS[index % len(TEXTS)],
                "phone": "13905910318",
            },
            files=files(index) if files else None,
            allow_redirects=False,  # it answers 303 to its result page
            timeout=120,
        )
        return response.status_code

    return send


def run_clients(count, clients, make_session, send):
    """``count`` requests spread over ``clients`` threads; latencies in s."""
    latencies, errors = [], []
    lock = threading.Lock()
    counter = iter(range(count))

    def worker():
        session = make_session()
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            started = time.perf_counter()
            try:
                status = send(session, index)
            except requests.RequestException:
                status = 599  # refused or dropped (an overloaded server)
            elapsed = time.perf_counter() - started
            with lock:
                (latencies if status < 400 else errors).append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def p95_of(latencies):
    ordered = sorted(latencies)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


# ---------------------------------------------------------------- own PostgreSQL


class PrivateCluster:
    """A PostgreSQL cluster of the bench's own in ``directory``, on a Unix
    socket and ``port``, so that its CPU time, WAL and statement statistics
    are the bench's alone (the shared server also serves the other
    checkouts). ``pg_stat_statements`` is preloaded; trust authentication,
    Odoo connects as the superuser ``wxf`` (it refuses ``postgres``). Kept
    between runs (``start`` creates it the first time), ``stop`` stops it."""

    def __init__(self, directory, port, settings=()):
        self.directory = Path(directory)
        bindir = services._pg_bindir()
        if bindir is None:
            raise SystemExit("PostgreSQL binaries (initdb) are not installed")
        self.cluster = backup.Cluster(
            self.directory / "data", port, str(self.directory / "sock"), bindir
        )
        self.settings = ("shared_preload_libraries=pg_stat_statements", *settings)

    def start(self):
        data = self.cluster.data
        if not (data / "PG_VERSION").exists():
            for folder in (self.directory, Path(self.cluster.socket)):
                folder.mkdir(parents=True, exist_ok=True)
                backup.chown_postgres(folder)
            backup.run(
                backup.as_postgres(
                    [self.cluster.bindir / "initdb", "-D", data, "-U", "postgres"]
                    + ["--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
                )
            )
        if not (data / "postmaster.pid").exists():
            backup.start_cluster(
                self.cluster, self.directory / "postgresql.log", self.settings
            )
        if not self.sql("SELECT 1 FROM pg_roles WHERE rolname = 'wxf'"):
            self.sql("CREATE ROLE wxf LOGIN SUPERUSER")
        return self

    def stop(self):
        backup.stop_cluster(self.cluster)

    def pid(self):
        """The postmaster's process id."""
        return int((self.cluster.data / "postmaster.pid").read_text().split()[0])

    def cpu(self):
        """CPU seconds of every process of the cluster so far (backends,
        WAL writer, checkpointer, autovacuum; exited ones included)."""
        return tree_cpu(self.pid())

    def sql(self, query, db="postgres"):
        return backup.psql(self.cluster, query, db)

    def odoo_config(self, path, base=CONFIG):
        """An odoo.conf like ``base`` that connects to this cluster."""
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(base)
        parser["options"].update(
            db_host=self.cluster.socket,
            db_port=str(self.cluster.port),
            db_user="wxf",
        )
        parser["options"].pop("db_password", None)
        with open(path, "w", encoding="utf-8") as out:
            parser.write(out)
        return str(path)
