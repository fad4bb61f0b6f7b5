# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``./wxf cluster up|down|status``: a scaled-out Odoo on this machine.

What ``up`` starts (README "Scaling out"), each on 127.0.0.1 and its own port:

- a PostgreSQL **primary** and a **streaming replica** (``pg_basebackup -R``),
  two scratch clusters of the installed PostgreSQL binaries with their data in
  ``<workdir>/pg-primary`` and ``<workdir>/pg-replica`` (``pg_stat_statements``
  loaded in both: the tests and drills count there what each one served);
- the database (``wxf_cluster``) on the primary: all the addons with demo
  data, as ``./wxf run`` makes its demo, or a copy of an existing database
  (``--from-db``); OCA ``fs_attachment_s3`` installed in it with a default
  ``fs.storage`` (code ``wxf_s3``) on a local S3-compatible server (moto in
  server mode, in memory); the HTTP sessions in a database of their own
  (``wxf_cluster_sessions``) through OCA ``session_db`` (server-wide);
- two Odoo nodes in prefork mode (``workers`` HTTP workers, a cron worker and
  the gevent worker each), ``db_replica_host``/``db_replica_port`` on the
  replica (Odoo sends the ``readonly=True`` routes there), Redis shared for
  rate limits and caches (a database index of its own);
- HAProxy in front: HTTP health checks on ``/web/health``, ``/websocket`` to
  the gevent ports, retries and redispatch of requests that never reached a
  node, and L7 retries (a node that died with the request) for GET, HEAD and
  OPTIONS only; an admin socket for the runtime API.

Everything lives under the work folder (default ``.local/cluster``) with a
``state.json`` describing it; ``down`` stops every process and removes the
folder.

Python API (kept stable for the drills, ``./wxf cluster-drill`` and
``./wxf bluegreen-drill``)::

    from wxflib.cluster import Cluster
    cluster = Cluster.up(from_db=None, reset=False)  # start (or reuse) it;
                                       # after cli.prepare() (the .venv)
    cluster = Cluster.current()        # the running one, from state.json
    cluster.url                        # http://127.0.0.1:8160 (HAProxy)
    cluster.node_urls                  # {"node1": "http://127.0.0.1:8161", ...}
    cluster.node_names                 # ("node1", "node2")
    cluster.db, cluster.sessions_db    # database names
    cluster.primary_dsn, cluster.replica_dsn  # libpq DSNs (TCP, trust)
    cluster.s3_url, cluster.bucket, cluster.redis_url
    cluster.haproxy_cmd("set server odoo_http/node1 state drain")  # -> answer
    cluster.server_states()            # {"odoo_http/node1": "UP", ...}
    cluster.kill_node("node1")         # SIGKILL its whole process group
    cluster.stop_node("node1")         # SIGTERM, graceful
    cluster.start_node("node1")        # start again, wait until healthy
    cluster.node_alive("node1")
    cluster.psql(sql, replica=False, db=None)   # -> stdout text
    cluster.statement_calls(pattern, replica=True)  # pg_stat_statements
    cluster.reset_statements()         # on both servers
    cluster.odoo_shell(script, node="node1")    # odoo shell on the database
    cluster.status()                   # dict, printed by ./wxf cluster status
    cluster.down()                     # stop everything, remove the folder
"""

import configparser
import getpass
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from . import backup, cli, serve, services

DB = "wxf_cluster"
NODES = ("node1", "node2")
BUCKET = "wxf-filestore"
STORAGE_CODE = "wxf_s3"
S3_KEY = "wxf-cluster"
S3_SECRET = "wxf-cluster-secret"  # moto accepts any pair; nothing real
S3_REGION = "us-east-1"
REDIS_DB = 8
HAPROXY_HTTP_BACKEND = "odoo_http"
HAPROXY_WS_BACKEND = "odoo_websocket"
DEFAULT_WORKDIR = cli.STATE / "cluster"


def redis_with_db(url, index):
    """The same Redis with another database index (``/N`` or ``?db=N``)."""
    if not url:
        return url
    if url.startswith("unix://"):
        base = url.split("?", 1)[0]
        return f"{base}?db={index}"
    scheme, rest = url.split("://", 1)
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/{index}"


def haproxy_config(
    port,
    nodes,
    socket_path,
    pidfile,
    check_interval_ms=1000,
    timeout_server=300,
    node_workers=2,
):
    """haproxy.cfg of the cluster. ``nodes`` is ``[(name, http_port,
    gevent_port)]``, each with ``node_workers`` HTTP workers.

    Queueing: HAProxy sends a node at most ``node_workers`` requests at once
    (``maxconn``) and queues the rest itself. A node's listen backlog would
    otherwise hold them: the health checks would wait behind them, time out
    on a healthy but busy node and mark *both* nodes down (HAProxy then
    answers 503 itself: the cluster drill failed so at 20 clients), and the
    requests queued on a node that dies would die with it instead of going
    to the other. Even so a check waits for a free worker of its node: on a
    loaded machine a request can hold both for seconds, so a check waits
    ``timeout check`` (20 s) before it counts as failed (at 5 s a busy node
    can be marked down behind its own requests: a plausible cause of the
    one failover drill that failed under the load of the whole test suite,
    with 101 errors not in flight at the kill; its logs are gone). A dead
    node is not waited for: a refused connection fails a check at once and
    marks the node down at once when traffic meets it (``observe layer4``).

    Retries: a request whose connection to a node failed never reached it and
    is retried on another (``retry-on conn-failure`` + ``option redispatch``),
    whatever its method. A node that dies with a request in flight answers
    nothing (``empty-response``) or a 502/503/504: only GET, HEAD and OPTIONS
    are retried then (L7 retries are disabled for every other method), a POST
    may have been committed already and must not run twice."""
    http_servers = "\n".join(
        f"    server {name} 127.0.0.1:{http_port} check" for name, http_port, _ in nodes
    )
    ws_servers = "\n".join(
        f"    server {name} 127.0.0.1:{gevent_port} check"
        for name, _, gevent_port in nodes
    )
    # Odoo 19 answers 500 to a request without a Host header
    health = (
        "    option httpchk\n"
        "    http-check send meth GET uri /web/health ver HTTP/1.1 hdr Host localhost\n"
        "    http-check expect status 200\n"
        f"    default-server inter {check_interval_ms}ms fastinter 500ms fall 2 rise 2"
    )
    # HTTP requests queue in HAProxy, not in a node's backlog (docstring);
    # websockets are long-lived and are not limited so
    http_health = (
        f"{health} maxconn {node_workers}"
        " observe layer4 error-limit 1 on-error mark-down"
    )
    return f"""# written by ./wxf cluster (scripts/wxflib/cluster.py)
global
    maxconn 2000
    pidfile {pidfile}
    stats socket {socket_path} mode 600 level admin
    log stdout format raw local0 info

defaults
    mode http
    log global
    option httplog
    option dontlognull
    timeout connect 2s
    timeout client 120s
    timeout server {timeout_server}s
    timeout http-request 15s
    timeout tunnel 1h
    timeout queue 30s
    timeout check 20s
    retries 3
    option redispatch 1

frontend wxf
    bind 127.0.0.1:{port}
    option forwardfor
    http-request set-header X-Forwarded-Proto http
    http-request set-header X-Forwarded-Host %[req.hdr(host)]
    acl websocket path_beg /websocket
    use_backend {HAPROXY_WS_BACKEND} if websocket
    default_backend {HAPROXY_HTTP_BACKEND}

backend {HAPROXY_HTTP_BACKEND}
    balance roundrobin
{http_health}
    retry-on conn-failure empty-response response-timeout 502 503 504
    http-request disable-l7-retry unless METH_GET or {{ method HEAD OPTIONS }}
{http_servers}

backend {HAPROXY_WS_BACKEND}
    balance leastconn
{health}
    retry-on conn-failure
{ws_servers}
"""


def node_options(
    *,
    db,
    http_port,
    gevent_port,
    primary_port,
    replica_port,
    data_dir,
    logfile,
    pidfile,
    workers,
):
    """odoo.conf ``[options]`` of one node on top of the project's template."""
    return {
        "db_host": "127.0.0.1",
        "db_port": str(primary_port),
        "db_replica_host": "127.0.0.1",
        "db_replica_port": str(replica_port),
        "db_name": db,
        "dbfilter": f"^{db}$",
        "db_maxconn": "32",
        "data_dir": str(data_dir),
        "http_port": str(http_port),
        "gevent_port": str(gevent_port),
        "workers": str(workers),
        "max_cron_threads": "1",
        "proxy_mode": "True",
        "server_wide_modules": "base,rpc,web,wx_metrics,session_db",
        "limit_time_real": "300",
        "logfile": str(logfile),
        "pidfile": str(pidfile),
    }


def final_status_lines(status):
    """What ``./wxf cluster status`` prints for a :meth:`Cluster.status`."""
    lines = [f"cluster: {status['state']} ({status['workdir']})"]
    if status["state"] == "down":
        return lines
    lines.append(f"  url {status['url']}  database {status['db']}")
    for name, node in status["nodes"].items():
        lines.append(
            f"  {name}: {'running' if node['alive'] else 'DOWN'}"
            f" http {node['url']} health={node['health']}"
            f" haproxy={node['haproxy']}"
        )
    for role in ("primary", "replica"):
        pg = status[role]
        lines.append(
            f"  {role}: port {pg['port']} {'running' if pg['alive'] else 'DOWN'}"
            + (f" in_recovery={pg['in_recovery']}" if pg["alive"] else "")
        )
    lag = status.get("replication")
    if lag:
        lines.append(
            f"  replication: {lag['state']} replay_lag_bytes={lag['lag_bytes']}"
        )
    lines.append(
        f"  s3: {status['s3']['url']} {'running' if status['s3']['alive'] else 'DOWN'}"
        f"  redis: {status['redis_url']}"
    )
    lines.append(
        f"  haproxy: {'running' if status['haproxy']['alive'] else 'DOWN'}"
        f" admin socket {status['haproxy']['socket']}"
    )
    return lines


def _pid_alive(pid):
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (our own child not yet reaped) is not alive
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ", 1)[1][:1] != "Z"
    except OSError:
        return False


def _killpg(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


SETUP_SCRIPT = """
import json, os
params = env["ir.config_parameter"].sudo()
params.set_param("web.base.url", os.environ["WXF_CLUSTER_URL"])
params.set_param("web.base.url.freeze", "True")
storage = env["fs.storage"].search([("code", "=", "%(code)s")])
values = {
    "name": "Cluster filestore (local S3)",
    "code": "%(code)s",
    "protocol": "s3",
    "directory_path": os.environ["WXF_S3_BUCKET"],
    "eval_options_from_env": True,
    "options": json.dumps({
        "endpoint_url": "$WXF_S3_ENDPOINT_URL",
        "key": "$WXF_S3_ACCESS_KEY_ID",
        "secret": "$WXF_S3_SECRET_ACCESS_KEY",
        "client_kwargs": {"region_name": "$WXF_S3_REGION"},
    }),
    "use_as_default_for_attachments": True,
}
if storage:
    storage.write(values)
else:
    storage = storage.create(values)
accounts = env["res.company"]._wx_demo_use_local_services(
    os.environ["WXF_CLUSTER_FAKES_URL"], int(os.environ["WXF_CLUSTER_SMTP_PORT"]),
    os.environ["WXF_CLUSTER_URL"])
probe = env["ir.attachment"].create(
    {"name": "wxf-cluster-probe.txt", "raw": b"stored through the cluster's S3"}
)
env.cr.commit()
print("WXCLUSTER" + json.dumps({"store_fname": probe.store_fname,
                                "raw": probe.raw.decode(), "accounts": accounts}))
"""


# the table of OCA session_db (pg_session_store.py, _setup_db)
SESSIONS_TABLE = """CREATE TABLE IF NOT EXISTS http_sessions (
    sid varchar PRIMARY KEY,
    write_date timestamp without time zone NOT NULL,
    payload text NOT NULL
)"""


class ClusterError(RuntimeError):
    pass


class Cluster:
    """One local cluster: its folder, its ports, its processes (see the
    module docstring for the API)."""

    def __init__(
        self,
        workdir=None,
        *,
        http_port=8160,
        pg_port=55440,
        s3_port=55450,
        db=DB,
        workers=2,
        redis_db=REDIS_DB,
        postpone_crons=False,
        say=cli.say,
    ):
        self.workdir = Path(workdir or DEFAULT_WORKDIR)
        self.http_port = http_port
        self.pg_port = pg_port
        self.s3_port = s3_port
        self.db = db
        self.sessions_db = f"{db}_sessions"
        self.workers = workers
        self.redis_db = redis_db
        self.postpone_crons = postpone_crons
        self.say = say
        self.state = {}
        self._children = {}  # name -> Popen started by this process
        self.bindir = services._pg_bindir()

    # --- names, ports, paths ---------------------------------------------------

    @property
    def node_names(self):
        return NODES

    def node_ports(self, name):
        """(http port, gevent port): nodes on http_port+1.., gevent after them."""
        index = NODES.index(name)
        return (
            self.http_port + 1 + index,
            self.http_port + 1 + len(NODES) + index,
        )

    @property
    def url(self):
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def node_urls(self):
        return {name: f"http://127.0.0.1:{self.node_ports(name)[0]}" for name in NODES}

    @property
    def primary_port(self):
        return self.pg_port

    @property
    def replica_port(self):
        return self.pg_port + 1

    @property
    def pg_user(self):
        return self.state.get("pg_user") or getpass.getuser()

    def dsn(self, replica=False, db=None):
        port = self.replica_port if replica else self.primary_port
        return f"host=127.0.0.1 port={port} user={self.pg_user} dbname={db or self.db}"

    @property
    def primary_dsn(self):
        return self.dsn()

    @property
    def replica_dsn(self):
        return self.dsn(replica=True)

    @property
    def s3_url(self):
        return f"http://127.0.0.1:{self.s3_port}"

    @property
    def bucket(self):
        return BUCKET

    @property
    def redis_url(self):
        return self.state.get("redis_url")

    @property
    def state_file(self):
        return self.workdir / "state.json"

    @property
    def haproxy_socket(self):
        return self.workdir / "haproxy.sock"

    def _path(self, *parts):
        return self.workdir.joinpath(*parts)

    def _pg(self, replica=False):
        port = self.replica_port if replica else self.primary_port
        data = self._path("pg-replica" if replica else "pg-primary")
        return backup.Cluster(data, port, str(self._path("sock")), self.bindir)

    # --- state -------------------------------------------------------------------

    def _save(self):
        self.state_file.write_text(
            json.dumps(self.state, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )

    @classmethod
    def current(cls, workdir=None, say=cli.say):
        """The cluster described by ``<workdir>/state.json`` (ClusterError
        when there is none)."""
        path = Path(workdir or DEFAULT_WORKDIR) / "state.json"
        if not path.exists():
            raise ClusterError(f"no cluster in {path.parent} (./wxf cluster up)")
        state = json.loads(path.read_text(encoding="utf-8"))
        cluster = cls(
            path.parent,
            http_port=state["http_port"],
            pg_port=state["pg_port"],
            s3_port=state["s3_port"],
            db=state["db"],
            workers=state["workers"],
            redis_db=state["redis_db"],
            say=say,
        )
        cluster.state = state
        return cluster

    # --- up ------------------------------------------------------------------------

    @classmethod
    def up(cls, workdir=None, *, from_db=None, reset=False, say=cli.say, **kwargs):
        """Start the cluster (or reuse the one running in ``workdir``) and
        return it once HAProxy sees both nodes healthy. ``from_db`` copies an
        existing database of the project's PostgreSQL (and its filestore)
        instead of installing the addons with demo data; ``reset`` stops and
        removes a previous cluster first."""
        workdir = Path(workdir or DEFAULT_WORKDIR)
        if (workdir / "state.json").exists():
            running = cls.current(workdir, say=say)
            if not reset and running.healthy():
                say(f"cluster already up in {workdir}")
                return running
            say("a previous cluster is there: stopping it and removing its data")
            running.down()
        elif workdir.exists():
            shutil.rmtree(workdir)
        cluster = cls(workdir, say=say, **kwargs)
        try:
            cluster._start(from_db)
        except BaseException:
            say(f"the cluster did not start; logs in {cluster._path('logs')}")
            if os.environ.get("WXF_CLUSTER_KEEP_FAILED"):
                say("WXF_CLUSTER_KEEP_FAILED is set: leaving it as it is")
            else:
                cluster.down(quiet=True)
            raise
        return cluster

    def _start(self, from_db):
        if self.bindir is None:
            raise ClusterError("no PostgreSQL binaries (initdb, pg_basebackup)")
        for tool in ("haproxy",):
            if not shutil.which(tool):
                raise ClusterError(f"{tool} is missing: ./wxf deps --for cluster")
        # the caller ran cli.prepare() (environment, services): it is not run
        # again here, it would rewrite .local/odoo.conf under a running Odoo
        # (./wxf test makes its cluster beside its reinstall check)
        main_pg = services.ensure_postgres(cli.STATE)
        redis_url = redis_with_db(services.ensure_redis(cli.STATE), self.redis_db)
        self.workdir.mkdir(parents=True)
        for folder in ("logs", "sock", "data"):
            self._path(folder).mkdir()
        backup.chown_postgres(self._path("sock"))
        backup.chown_postgres(self._path("logs"))  # PostgreSQL writes there too
        self.state = {
            "workdir": str(self.workdir),
            "db": self.db,
            "sessions_db": self.sessions_db,
            "http_port": self.http_port,
            "pg_port": self.pg_port,
            "s3_port": self.s3_port,
            "workers": self.workers,
            "redis_db": self.redis_db,
            "redis_url": redis_url,
            "pg_user": main_pg.user,
            "url": self.url,
            "started_at": time.strftime("%Y-%m-%d %H:%M:%S"),
            "pids": {},
        }
        self._save()
        started = time.monotonic()
        self._start_postgres(main_pg.user)
        self._start_s3()
        for name in NODES:
            self._write_node_config(name)
        self._create_database(main_pg, from_db)
        for name in NODES:
            self.start_node(name, wait=False)
        for name in NODES:
            self._wait_node(name)
        self._start_haproxy()
        self.say(f"cluster up in {time.monotonic() - started:.0f}s")

    def _start_postgres(self, user):
        primary, replica = self._pg(), self._pg(replica=True)
        self.say(
            f"PostgreSQL primary on 127.0.0.1:{primary.port},"
            f" replica on 127.0.0.1:{replica.port} ({self.workdir})"
        )
        primary.data.mkdir()
        backup.chown_postgres(primary.data)
        backup.run(
            backup.as_postgres(
                [
                    self.bindir / "initdb",
                    "-D",
                    primary.data,
                    "-U",
                    user,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            )
        )
        with open(primary.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                "\n# ./wxf cluster: primary of a streaming replica\n"
                "listen_addresses = '127.0.0.1'\n"
                "max_connections = 300\n"
                "wal_level = replica\n"
                "max_wal_senders = 5\n"
                "wal_keep_size = '1GB'\n"
                "hot_standby = on\n"
                "hot_standby_feedback = on\n"
                "shared_preload_libraries = 'pg_stat_statements'\n"
                "pg_stat_statements.max = 10000\n"
            )
        log = self._path("logs", "postgresql-primary.log")
        backup.start_cluster(primary, log, ["listen_addresses=127.0.0.1"])
        self.state["pids"]["primary"] = "pg_ctl"
        self.psql("CREATE EXTENSION pg_stat_statements", db="postgres")
        replica.data.mkdir()
        replica.data.chmod(0o700)
        backup.chown_postgres(replica.data)
        backup.run(
            backup.as_postgres(
                [
                    self.bindir / "pg_basebackup",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    primary.port,
                    "-U",
                    user,
                    "-D",
                    replica.data,
                    "-R",
                    "-X",
                    "stream",
                    "-c",
                    "fast",
                    "--no-sync",
                ]
            )
        )
        log = self._path("logs", "postgresql-replica.log")
        backup.start_cluster(replica, log, ["listen_addresses=127.0.0.1"])
        self.state["pids"]["replica"] = "pg_ctl"
        self._save()
        if self.psql("SELECT pg_is_in_recovery()", replica=True, db="postgres") != "t":
            raise ClusterError("the replica is not in recovery")

    def _start_s3(self):
        proc = self._spawn(
            "s3",
            [cli.venv_python(), "-m", "moto.server", "-H", "127.0.0.1"]
            + ["-p", str(self.s3_port)],
            "s3.log",
        )
        deadline = time.monotonic() + 60
        while not services.tcp_open("127.0.0.1", self.s3_port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise ClusterError("the S3 server did not start (logs/s3.log)")
            time.sleep(0.2)
        import boto3

        boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            aws_access_key_id=S3_KEY,
            aws_secret_access_key=S3_SECRET,
            region_name=S3_REGION,
        ).create_bucket(Bucket=BUCKET)
        self.say(f"S3-compatible server (moto) on {self.s3_url}, bucket {BUCKET}")

    def _spawn(self, name, cmd, logname, env=None, stdin=subprocess.DEVNULL):
        """Start ``cmd`` in a session of its own (it outlives ``up``; a
        signal to its process group reaches its children), output appended
        to ``logs/<logname>``; its pid kept in state.json."""
        with open(self._path("logs", logname), "ab") as log:
            proc = subprocess.Popen(
                [str(part) for part in cmd],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=stdin,
                env=env,
                start_new_session=True,
            )
        self._children[name] = proc
        self.state.setdefault("pids", {})[name] = proc.pid
        self._save()
        return proc

    def node_env(self):
        """Environment of the Odoo processes of the cluster."""
        sessions = (
            f"postgresql://{self.pg_user}@127.0.0.1:{self.primary_port}"
            f"/{self.sessions_db}"
        )
        return dict(
            os.environ,
            SESSION_DB_URI=sessions,
            WXF_CLUSTER_URL=self.url,
            WXF_S3_ENDPOINT_URL=self.s3_url,
            WXF_S3_ACCESS_KEY_ID=S3_KEY,
            WXF_S3_SECRET_ACCESS_KEY=S3_SECRET,
            WXF_S3_REGION=S3_REGION,
            WXF_S3_BUCKET=BUCKET,
        )

    def node_config(self, name):
        return self._path(f"{name}.conf")

    def node_log(self, name):
        return self._path("logs", f"{name}.log")

    def _write_node_config(self, name):
        http_port, gevent_port = self.node_ports(name)
        pg = services.Postgres("127.0.0.1", self.primary_port, self.pg_user, "cluster")
        text = cli.render_config(
            pg, self.redis_url, http_port, data_dir=self._path("data")
        )
        parser = configparser.ConfigParser(interpolation=None)
        parser.read_string(text)
        for key, value in node_options(
            db=self.db,
            http_port=http_port,
            gevent_port=gevent_port,
            primary_port=self.primary_port,
            replica_port=self.replica_port,
            data_dir=self._path("data"),
            logfile=self.node_log(name),
            pidfile=self._path(f"{name}.pid"),
            workers=self.workers,
        ).items():
            parser["options"][key] = value
        with open(self.node_config(name), "w", encoding="utf-8") as handle:
            handle.write("; written by ./wxf cluster from config/odoo.conf.template\n")
            parser.write(handle)

    def _odoo(self, *args, **kwargs):
        """``odoo <args> -c node1.conf`` run to its end, with the node env."""
        cmd = [
            cli.venv_python(),
            "-m",
            "odoo",
            args[0],
            "-c",
            self.node_config("node1"),
        ]
        return cli.run([*cmd, *args[1:]], env=self.node_env(), **kwargs)

    def _create_database(self, main_pg, from_db):
        logfile = self._path("logs", "install.log")
        self.psql(f'CREATE DATABASE "{self.sessions_db}"', db="postgres")
        # session_db creates its table when a process first opens the store:
        # created here, the workers of both nodes do not race to create it
        self.psql(SESSIONS_TABLE, db=self.sessions_db)
        if from_db:
            self._copy_database(main_pg, from_db)
        else:
            self.say(
                f"installing the addons with demo data in {self.db} on the primary"
                f" (a few minutes, log: {logfile})"
            )
            init = ["init", self.db, "--with-demo", "--country", "CN"]
            init += ["--language", "zh_CN"]
            with open(logfile, "a", encoding="utf-8") as log:
                if self._odoo(
                    "db", *init, stdout=log, stderr=subprocess.STDOUT
                ).returncode:
                    raise ClusterError(f"creating {self.db} failed, see {logfile}")
            other = ",".join(lang for lang in cli.LANGUAGES if lang != "zh_CN")
            install = ["-d", self.db, "-i", ",".join(cli.ADDONS)]
            install += ["--load-language", other, "--stop-after-init"]
            install += ["--workers", "0", "--logfile", str(logfile)]
            if self._odoo("server", *install).returncode:
                raise ClusterError(f"installing the addons failed, see {logfile}")
        self.say(f"installing fs_attachment_s3 in {self.db} (log: {logfile})")
        install = ["-d", self.db, "-i", "fs_attachment_s3", "--stop-after-init"]
        install += ["--workers", "0", "--logfile", str(logfile)]
        if self._odoo("server", *install).returncode:
            raise ClusterError(f"installing fs_attachment_s3 failed, see {logfile}")
        services_info = self._start_demo_services()
        out = self.odoo_shell(
            SETUP_SCRIPT % {"code": STORAGE_CODE},
            env={
                "WXF_CLUSTER_FAKES_URL": services_info["fakes_url"],
                "WXF_CLUSTER_SMTP_PORT": str(services_info["smtp_port"]),
            },
        )
        line = next(
            (row for row in out.splitlines() if row.startswith("WXCLUSTER")), None
        )
        if not line:
            raise ClusterError(f"configuring the S3 filestore failed, see {logfile}")
        probe = json.loads(line[len("WXCLUSTER") :])
        if not probe["store_fname"].startswith(f"{STORAGE_CODE}://"):
            raise ClusterError(f"attachments are not stored on S3: {probe}")
        self.say(f"attachments stored on S3 ({probe['store_fname']})")
        self._configure_demo_services(probe["accounts"])
        if self.postpone_crons:
            self._postpone_crons()

    def _postpone_crons(self):
        """Move every scheduled action of the copy to tomorrow, before the
        nodes start: a test or a drill then runs only the jobs it makes due
        or triggers itself. A fresh copy's overdue jobs would otherwise all
        run at once beside it (the autovacuum's fs_attachment garbage
        collector gives up after 10 s behind a test's setup transaction that
        wrote an attachment, and logs an ERROR)."""
        self.psql(
            "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC')"
            " + interval '1 day'; DELETE FROM ir_cron_trigger"
        )
        self.say("scheduled actions postponed to tomorrow (postpone_crons)")

    def _start_demo_services(self):
        """The demo's outside world as ``./wxf run`` has it (the wx_push
        fakes and the SMTP sink of scripts/wxflib/demo_services.py), in a
        session of its own: its stdin is a FIFO it holds open itself, so it
        lives until ``down`` ends it, after ``./wxf cluster up`` returned."""
        fifo = self._path("demo_services.fifo")
        os.mkfifo(fifo)
        stdin = os.open(fifo, os.O_RDWR)
        out = self._path("logs", "demo_services.out")
        proc = self._spawn(
            "demo_services",
            [
                cli.venv_python(),
                Path(cli.__file__).with_name("demo_services.py"),
                cli.ROOT / "addons",
                self._path("mail"),
            ],
            out.name,
            stdin=stdin,
        )
        os.close(stdin)
        line = self._wait_line(out, lambda row: row.startswith("{"), proc)
        info = json.loads(line)
        self.state["fakes_url"] = info["fakes_url"]
        self.state["smtp_port"] = info["smtp_port"]
        self._save()
        return info

    def _configure_demo_services(self, accounts):
        proc = self._children["demo_services"]
        with open(self._path("demo_services.fifo"), "w", encoding="utf-8") as fifo:
            fifo.write(json.dumps(accounts) + "\n")
        out = self._path("logs", "demo_services.out")
        self._wait_line(out, lambda row: row.strip() == "configured", proc)
        self.say(
            f"fakes (WeCom, DingTalk, Aliyun, Tencent SMS): {self.state['fakes_url']};"
            f" SMTP sink 127.0.0.1:{self.state['smtp_port']}, e-mails in"
            f" {self._path('mail')}"
        )

    @staticmethod
    def _wait_line(path, wanted, proc, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for row in Path(path).read_text(encoding="utf-8").splitlines():
                if wanted(row):
                    return row
            if proc.poll() is not None:
                break
            time.sleep(0.2)
        raise ClusterError(f"the demo's local services did not start ({path})")

    def _copy_database(self, main_pg, source):
        """``source`` of the project's PostgreSQL into the primary, with its
        filestore (the files already there stay on the shared data_dir; new
        attachments go to S3)."""
        self.say(f"copying {source} into {self.db} on the primary (pg_dump)")
        dump = self._path(f"{source}.dump")
        base = [self.bindir / "pg_dump", "-Fd", "-j", "2", "-Z", "0", "-f", dump]
        base += ["-p", main_pg.port, "-U", main_pg.user]
        if main_pg.host:
            base += ["-h", main_pg.host]
        backup.run([str(c) for c in [*base, source]])
        self.psql(f'CREATE DATABASE "{self.db}"', db="postgres")
        restore = [self.bindir / "pg_restore", "-h", "127.0.0.1"]
        restore += ["-p", self.primary_port, "-U", self.pg_user, "-d", self.db]
        restore += ["--no-owner", "-j", "2", dump]
        backup.run([str(c) for c in restore])
        shutil.rmtree(dump)
        files = cli.STATE / "data" / "filestore" / source
        if files.is_dir():
            shutil.copytree(files, self._path("data", "filestore", self.db))

    def odoo_shell(self, script, node="node1", check=True, env=None):
        """Run ``script`` in ``odoo shell`` on the database (HTTP off, the
        nodes' environment plus ``env``); returns its standard output."""
        logfile = self._path("logs", "shell.log")
        cmd = [cli.venv_python(), "-m", "odoo", "shell", "-c", self.node_config(node)]
        cmd += ["-d", self.db, "--no-http", "--workers", "0", "--logfile", logfile]
        cmd += ["--max-cron-threads", "0"]
        out = cli.run(
            cmd,
            input=script,
            capture_output=True,
            text=True,
            env={**self.node_env(), **(env or {})},
        )
        if check and out.returncode:
            raise ClusterError(f"odoo shell failed: {out.stderr[-2000:]}")
        return out.stdout

    # --- nodes ---------------------------------------------------------------------

    def start_node(self, name, wait=True):
        """Start Odoo node ``name`` (prefork) in a session of its own; with
        ``wait``, return once it answers ``/web/health``."""
        if self.node_alive(name):
            return
        proc = self._spawn(
            name,
            [
                cli.venv_python(),
                serve.launcher(self.workdir),
                "server",
                "-c",
                self.node_config(name),
            ],
            f"{name}.out",
            env=self.node_env(),
        )
        http_port, gevent_port = self.node_ports(name)
        self.say(f"{name}: Odoo on {http_port} (gevent {gevent_port}), pid {proc.pid}")
        if wait:
            self._wait_node(name)

    def _wait_node(self, name, seconds=180):
        """Until the node's HTTP and gevent ports answer ``/web/health`` and,
        when HAProxy runs, HAProxy has both its servers UP again."""
        deadline = time.monotonic() + seconds
        for port in self.node_ports(name):
            url = f"http://127.0.0.1:{port}/web/health"
            while True:
                if not self.node_alive(name):
                    raise ClusterError(f"{name} exited, see {self.node_log(name)}")
                try:
                    if serve.http_get(url, timeout=5)[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise ClusterError(f"{name} did not answer {url}")
                time.sleep(0.5)
        if not self.haproxy_socket.exists() or "haproxy" not in self.state["pids"]:
            return
        while time.monotonic() < deadline:
            try:
                states = self.server_states()
            except OSError:
                return  # HAProxy is not running (a drill stopped it)
            mine = [state for key, state in states.items() if key.endswith(f"/{name}")]
            if mine and all(state == "UP" for state in mine):
                return
            time.sleep(0.3)
        raise ClusterError(f"HAProxy does not see {name} UP: {self.server_states()}")

    def node_alive(self, name):
        proc = self._children.get(name)
        if proc is not None:
            return proc.poll() is None
        return _pid_alive(self.state.get("pids", {}).get(name))

    def _signal_node(self, name, sig):
        pid = self.state.get("pids", {}).get(name)
        if pid:
            _killpg(pid, sig)  # its own session: the master and its workers

    def kill_node(self, name):
        """SIGKILL node ``name``: its master and every worker at once."""
        self._signal_node(name, signal.SIGKILL)
        self._reap(name, 30)
        self.say(f"{name}: killed")

    def stop_node(self, name, timeout=30):
        """Graceful stop (SIGTERM; SIGKILL after ``timeout`` seconds)."""
        self._signal_node(name, signal.SIGTERM)
        if not self._reap(name, timeout):
            self._signal_node(name, signal.SIGKILL)
            self._reap(name, 10)

    def _reap(self, name, timeout):
        proc = self._children.pop(name, None)
        if proc is not None:
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._children[name] = proc
                return False
            return True
        deadline = time.monotonic() + timeout
        pid = self.state.get("pids", {}).get(name)
        while _pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        return not _pid_alive(pid)

    # --- HAProxy -------------------------------------------------------------------

    def _start_haproxy(self):
        path = self._path("haproxy.cfg")
        nodes = [(name, *self.node_ports(name)) for name in NODES]
        path.write_text(
            haproxy_config(
                self.http_port,
                nodes,
                self.haproxy_socket,
                self._path("haproxy.pid"),
                node_workers=self.workers,
            ),
            encoding="utf-8",
        )
        check = cli.run(["haproxy", "-c", "-q", "-f", path], capture_output=True)
        if check.returncode:
            raise ClusterError(f"haproxy refused {path}: {check.stderr.decode()}")
        proc = self._spawn("haproxy", ["haproxy", "-W", "-f", path], "haproxy.log")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise ClusterError("haproxy exited, see logs/haproxy.log")
            try:
                states = self.server_states()
                if states and all(state == "UP" for state in states.values()):
                    self.say(f"HAProxy on {self.url}: {len(states)} servers UP")
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise ClusterError(
            f"HAProxy does not see every node UP: {self.server_states()}"
        )

    def haproxy_cmd(self, command, timeout=10):
        """One command of HAProxy's runtime API on the admin socket
        (e.g. ``"set server odoo_http/node1 state drain"``); its answer."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(str(self.haproxy_socket))
            conn.sendall(command.encode() + b"\n")
            chunks = []
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def server_states(self):
        """``{"backend/server": "UP" | "DOWN" | "MAINT" | "DRAIN" ...}`` from
        HAProxy's ``show stat``."""
        lines = self.haproxy_cmd("show stat").splitlines()
        if not lines or not lines[0].startswith("# "):
            return {}
        header = lines[0][2:].split(",")
        states = {}
        for line in lines[1:]:
            row = dict(zip(header, line.split(","), strict=False))
            if row.get("svname") in NODES:
                states[f"{row['pxname']}/{row['svname']}"] = row.get("status", "")
        return states

    # --- PostgreSQL ------------------------------------------------------------------

    def psql(self, sql, replica=False, db=None, check=True):
        """``sql`` on the primary (or the replica); psql's output (-At)."""
        port = self.replica_port if replica else self.primary_port
        cmd = [self.bindir / "psql", "-X", "-q", "-At", "-h", "127.0.0.1"]
        cmd += ["-p", port, "-U", self.pg_user, "-d", db or self.db]
        cmd += ["-v", "ON_ERROR_STOP=1", "-c", sql]
        result = backup.run([str(c) for c in cmd], check=check)
        return result.stdout.strip()

    def reset_statements(self):
        for replica in (False, True):
            self.psql("SELECT pg_stat_statements_reset()", replica, "postgres")

    def statement_calls(self, pattern, replica=True):
        """``{queryid: calls}`` of the statements of the cluster's database
        whose text matches the SQL ``LIKE`` ``pattern`` (pg_stat_statements
        of the replica, or of the primary)."""
        quoted = pattern.replace("'", "''")
        rows = self.psql(
            "SELECT s.queryid, s.calls FROM pg_stat_statements s"
            " JOIN pg_database d ON d.oid = s.dbid"
            f" WHERE d.datname = '{self.db}' AND s.query LIKE '{quoted}'",
            replica=replica,
            db="postgres",  # where the extension is
        )
        calls = {}
        for row in rows.splitlines():
            queryid, count = row.split("|")
            calls[queryid] = calls.get(queryid, 0) + int(count)
        return calls

    # --- status, down ---------------------------------------------------------------

    def healthy(self):
        try:
            states = self.server_states()
        except OSError:
            return False
        return bool(states) and all(self.node_alive(name) for name in NODES)

    def _pg_alive(self, replica):
        return services.tcp_open(
            "127.0.0.1", self.replica_port if replica else self.primary_port
        )

    def status(self):
        if not self.state:
            return {"state": "down", "workdir": str(self.workdir)}
        try:
            haproxy = self.server_states()
        except OSError:
            haproxy = {}
        nodes = {}
        for name in NODES:
            try:
                code = serve.http_get(self.node_urls[name] + "/web/health", timeout=5)[
                    0
                ]
            except OSError:
                code = "none"
            nodes[name] = {
                "alive": self.node_alive(name),
                "url": self.node_urls[name],
                "health": code,
                "haproxy": haproxy.get(f"{HAPROXY_HTTP_BACKEND}/{name}", "?"),
            }
        result = {
            "state": "up" if self.healthy() else "degraded",
            "workdir": str(self.workdir),
            "url": self.url,
            "db": self.db,
            "nodes": nodes,
            "redis_url": self.redis_url,
            "s3": {
                "url": self.s3_url,
                "alive": _pid_alive(self.state["pids"].get("s3")),
            },
            "haproxy": {
                "alive": bool(haproxy),
                "socket": str(self.haproxy_socket),
                "servers": haproxy,
            },
        }
        for role, replica in (("primary", False), ("replica", True)):
            alive = self._pg_alive(replica)
            result[role] = {
                "port": self.replica_port if replica else self.primary_port,
                "alive": alive,
                "in_recovery": alive
                and self.psql(
                    "SELECT pg_is_in_recovery()", replica=replica, db="postgres",
                    check=False,
                ) == "t",
            }  # fmt: skip
        if result["primary"]["alive"]:
            row = self.psql(
                "SELECT state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)"
                " FROM pg_stat_replication",
                db="postgres",
                check=False,
            )
            if row:
                state, lag = row.splitlines()[0].split("|")
                result["replication"] = {"state": state, "lag_bytes": int(float(lag))}
        return result

    def down(self, quiet=False):
        """Stop every process of the cluster and remove its folder."""
        pids = self.state.get("pids", {})
        if pids.get("haproxy"):
            _killpg(pids["haproxy"], signal.SIGTERM)
            self._reap("haproxy", 10)
        for name in NODES:
            if pids.get(name):
                self.stop_node(name, timeout=20)
        for name in ("s3", "demo_services"):
            if pids.get(name):
                _killpg(pids[name], signal.SIGTERM)
                if not self._reap(name, 10):
                    _killpg(pids[name], signal.SIGKILL)
                    self._reap(name, 5)
        if self.bindir is not None:
            for replica in (True, False):
                if (self._pg(replica).data / "PG_VERSION").exists():
                    backup.stop_cluster(self._pg(replica))
        if self.workdir.exists():
            shutil.rmtree(self.workdir)
        if not quiet:
            self.say(f"cluster down, {self.workdir} removed")
