# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``./wxf bluegreen-drill``: an upgrade of the addons on a copy of the
database ("green"), switched to under continuous traffic, then rolled back
to "blue" (the running cluster). README "Blue-green upgrades" is the
procedure for a real upgrade; this drill runs it on this machine.

1. Green's database server is a second **streaming standby** of the
   cluster's primary (``pg_basebackup -R``, port ``--green-pg-port``): the
   copy is made while blue serves, and kept current by replication.
2. HAProxy gets the drill's configuration (the cluster's, plus a green
   backend, a colour map and a write-freeze map) by a seamless reload of
   its master process, before any traffic; the cluster's own configuration
   is put back at the end.
3. Traffic: ``--clients`` paced clients, H5 submissions (one per order) and
   portal page views, all through HAProxy, all the time.
4. Blue's scheduled actions are held first (``CronHold``: the cron workers
   skip locked jobs; a running job is waited for while writes still go on).
   Then the **write freeze on blue**: HAProxy answers every request but GET
   / HEAD / OPTIONS with ``503``, ``Retry-After`` and the freeze's header
   (the clients retry after the delay it names: H5 submissions are
   idempotent per order). Once the requests in flight at the freeze are
   answered, the primary's WAL
   position is read, green replays up to it and is promoted: green now has
   every committed write and blue takes no more.
5. Green is upgraded (``odoo -u`` of our addons), its nodes started
   (ports 8170-8173) and checked directly (portal pages on each, which
   also warms their workers up); HAProxy switches to them with one runtime API
   command (``set map``), and the freeze is lifted (green takes writes).
6. Rollback after ``--green-seconds``: writes frozen again, drained,
   HAProxy switched back to blue, blue's crons released, freeze lifted.
   Writes accepted by green meanwhile are **not** on blue: counted and
   printed (``green_only``); the green database is dumped to
   ``--green-dump`` when there are any, for reconciliation.
7. Checks: every accepted submission is in the database of the colour that
   accepted it, and those accepted by blue before the freeze were copied to
   green; no duplicate anywhere.

Ends with ``switch_errors=N downtime_ms=N rolled_back=yes``: switch_errors
counts the attempts of the whole run answered with an error or refused
(write-freeze answers are not errors: they are retried and counted apart);
downtime_ms is the longest time, from the freeze to 2 s after the rollback,
in which no request at all was answered successfully."""

import configparser
import shutil
import subprocess
import time
from pathlib import Path

from . import backup, cli, drills, serve, traffic
from .cluster_drill import (
    add_cluster_options,
    cluster_for,
    dump_attempts,
    feedback_rows,
    prepare_data,
)

GREEN = "odoo_green"
GREEN_WS = "odoo_green_ws"
BLUE = "odoo_http"
BLUE_WS = "odoo_websocket"
NODE_HEADER = "X-Wx-Node"
RETRY_AFTER = 2  # seconds HAProxy asks clients to wait during the freeze


def haproxy_config(text, green_nodes, colour_map, freeze_map):
    """The cluster's ``haproxy.cfg`` ``text`` with the blue-green pieces: the
    backend chosen by ``colour_map`` (keys ``http`` and ``ws``, the blue
    backends by default), the write freeze while ``freeze_map`` has the key
    ``writes``, the answering server in a response header, and the green
    backends (``green_nodes``: ``[(name, http_port, gevent_port)]``) with
    the blue backends' health checks and retries."""
    default = f"    default_backend {BLUE}\n"
    websocket = f"    use_backend {BLUE_WS} if websocket\n"
    if default not in text or websocket not in text:
        raise ValueError("the cluster's haproxy.cfg has no frontend to extend")
    frontend = (
        f"    acl wx_frozen str(writes),map({freeze_map}) -m found\n"
        f"    http-request return status 503 content-type text/plain"
        f' string "Writes are paused for an upgrade; retry shortly."'
        f" hdr Retry-After {RETRY_AFTER} hdr {drills.FREEZE_HEADER} 1"
        f" if wx_frozen !METH_GET !{{ method HEAD OPTIONS }}\n"
        f"    http-response set-header {NODE_HEADER} %b/%s\n"
        f"    use_backend %[str(ws),map({colour_map},{BLUE_WS})] if websocket\n"
        f"    use_backend %[str(http),map({colour_map},{BLUE})]\n"
    )
    text = text.replace(websocket, "").replace(default, frontend)
    blue = _section(text, f"backend {BLUE}\n")
    blue_ws = _section(text, f"backend {BLUE_WS}\n")
    green = _with_servers(blue, GREEN, [(n, p) for n, p, _g in green_nodes])
    green_ws = _with_servers(blue_ws, GREEN_WS, [(n, g) for n, _p, g in green_nodes])
    return text.rstrip("\n") + "\n\n" + green + "\n" + green_ws


def _section(text, header):
    start = text.index(header)
    end = text.find("\nbackend ", start + 1)
    return text[start : len(text) if end < 0 else end + 1]


def _with_servers(section, name, servers):
    lines = [
        line for line in section.splitlines() if not line.strip().startswith("server ")
    ]
    lines[0] = f"backend {name}"
    lines += [f"    server {n} 127.0.0.1:{port} check" for n, port in servers]
    return "\n".join(lines) + "\n"


def colour_of(node):
    """``blue`` or ``green`` from the ``X-Wx-Node`` header (``backend/server``)."""
    return "green" if node.startswith(GREEN) else "blue" if node else ""


def accepted_by_colour(attempts, kinds):
    """``{task: colour}`` of the H5 tasks accepted, by the colour that
    accepted them (the header of the accepted answer)."""
    return {
        a.task: colour_of(a.node)
        for a in attempts
        if a.outcome == drills.ACCEPTED and kinds.get(a.task) == drills.H5
    }


def copy_check(colours, orders, blue_rows, green_rows, before_freeze):
    """``(lost, duplicates, not_copied, green_only)``: accepted submissions
    missing from the database of their colour; feedback beyond one per order
    in either; submissions accepted by blue before the freeze (``before_freeze``:
    task ids) missing from green; accepted by green and absent from blue."""
    lost = duplicates = not_copied = green_only = 0
    for rows in (blue_rows, green_rows):
        duplicates += sum(max(0, count - 1) for count, _marked in rows.values())
    for task, colour in colours.items():
        order = orders[task]
        rows = green_rows if colour == "green" else blue_rows
        if not rows.get(order, (0, 0))[1]:
            lost += 1
        if task in before_freeze and not green_rows.get(order, (0, 0))[1]:
            not_copied += 1
        if colour == "green" and not blue_rows.get(order, (0, 0))[1]:
            green_only += 1
    return lost, duplicates, not_copied, green_only


class Green:
    """Green's PostgreSQL (a standby of the cluster's primary until
    promoted) and its Odoo nodes, in ``<cluster>/green``."""

    def __init__(self, cluster, pg_port, http_ports, say):
        self.cluster, self.say = cluster, say
        self.workdir = cluster.workdir / "green"
        self.pg = backup.Cluster(
            self.workdir / "pg", pg_port, str(cluster.workdir / "sock"), cluster.bindir
        )
        self.nodes = [
            (f"green{i + 1}", port, port + 1) for i, port in enumerate(http_ports)
        ]
        self.procs = {}

    @property
    def url(self):
        return f"http://127.0.0.1:{self.nodes[0][1]}"

    def make_standby(self):
        shutil.rmtree(self.workdir, ignore_errors=True)
        (self.workdir / "logs").mkdir(parents=True)
        backup.chown_postgres(self.workdir / "logs")
        self.pg.data.mkdir()
        self.pg.data.chmod(0o700)
        backup.chown_postgres(self.pg.data)
        cmd = [self.cluster.bindir / "pg_basebackup", "-h", "127.0.0.1"]
        cmd += ["-p", self.cluster.primary_port, "-U", self.cluster.pg_user]
        cmd += ["-D", self.pg.data, "-R", "-X", "stream", "-c", "fast", "--no-sync"]
        backup.run(backup.as_postgres(cmd))
        backup.start_cluster(
            self.pg,
            self.workdir / "logs" / "postgresql.log",
            ["listen_addresses=127.0.0.1"],
        )

    def psql(self, sql, db="postgres"):
        cmd = [self.cluster.bindir / "psql", "-X", "-q", "-At", "-h", "127.0.0.1"]
        cmd += ["-p", self.pg.port, "-U", self.cluster.pg_user, "-d", db, "-c", sql]
        return backup.run([str(c) for c in cmd]).stdout.strip()

    def catch_up_and_promote(self, lsn, seconds=60):
        deadline = time.monotonic() + seconds
        query = f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"
        while self.psql(query) != "t":
            if time.monotonic() > deadline:
                raise RuntimeError(f"green did not replay up to {lsn}")
            time.sleep(0.05)
        backup.run(
            backup.as_postgres(
                [self.cluster.bindir / "pg_ctl", "promote", "-w", "-D", self.pg.data]
            )
        )

    def node_config(self, name, http_port, gevent_port):
        """Blue's node1.conf pointed at green's database server (no replica:
        green's read-only routes use it too), on green's ports."""
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(self.cluster.node_config("node1"))
        options = parser["options"]
        options["db_port"] = str(self.pg.port)
        options.pop("db_replica_host", None)
        options.pop("db_replica_port", None)
        options["http_port"] = str(http_port)
        options["gevent_port"] = str(gevent_port)
        options["logfile"] = str(self.workdir / "logs" / f"{name}.log")
        options["pidfile"] = str(self.workdir / f"{name}.pid")
        path = self.workdir / f"{name}.conf"
        with open(path, "w", encoding="utf-8") as handle:
            parser.write(handle)
        return path

    def upgrade(self, addons):
        """``odoo -u addons`` on green's database; seconds it took."""
        name, http_port, gevent_port = self.nodes[0]
        config = self.node_config(name, http_port, gevent_port)
        started = time.monotonic()
        cmd = [cli.venv_python(), "-m", "odoo", "server", "-c", config]
        cmd += ["-d", self.cluster.db, "-u", ",".join(addons), "--stop-after-init"]
        cmd += ["--workers", "0", "--max-cron-threads", "0", "--no-http"]
        cmd += ["--logfile", self.workdir / "logs" / "upgrade.log"]
        if cli.run(cmd, env=self.cluster.node_env()).returncode:
            raise RuntimeError(f"the upgrade failed: {self.workdir}/logs/upgrade.log")
        return time.monotonic() - started

    def start_nodes(self):
        for name, http_port, gevent_port in self.nodes:
            config = self.node_config(name, http_port, gevent_port)
            log = open(self.workdir / "logs" / f"{name}.out", "ab")  # noqa: SIM115
            self.procs[name] = subprocess.Popen(
                [cli.venv_python(), str(serve.launcher(self.workdir)), "server"]
                + ["-c", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self.cluster.node_env(),
                start_new_session=True,
            )
            log.close()
        for _name, http_port, _gevent in self.nodes:
            if not serve.wait_http(f"http://127.0.0.1:{http_port}/web/health"):
                raise RuntimeError(f"green node on {http_port} did not start")

    def smoke(self, session, pages=traffic.PORTAL_PAGES, rounds=4):
        """The portal pages on each green node directly, with a session made
        on blue (the sessions store is shared): every answer must be the
        page. Also warms the nodes' workers up before they take the traffic.
        Returns the slowest answer (seconds); RuntimeError otherwise."""
        slowest = 0.0
        for _name, http_port, _gevent in self.nodes:
            for index in range(rounds):
                url = f"http://127.0.0.1:{http_port}{pages[index % len(pages)]}"
                started = time.monotonic()
                answer = session.get(url, allow_redirects=False, timeout=120)
                slowest = max(slowest, time.monotonic() - started)
                if answer.status_code != 200:
                    raise RuntimeError(f"green answered {answer.status_code} on {url}")
        return slowest

    def stop(self):
        """Stop green's nodes and database server; its logs are kept in the
        cluster's logs (``green-*``), its folder removed."""
        for proc in self.procs.values():
            serve.stop(proc)
        if (self.pg.data / "postmaster.pid").exists():
            backup.stop_cluster(self.pg)
        for log in (self.workdir / "logs").glob("*"):
            shutil.copy(log, self.cluster.workdir / "logs" / f"green-{log.name}")
        shutil.rmtree(self.workdir, ignore_errors=True)


class Haproxy:
    """The cluster's HAProxy with the drill's configuration for a while."""

    def __init__(self, cluster, green):
        self.cluster = cluster
        self.path = cluster.workdir / "haproxy.cfg"
        self.original = self.path.read_text(encoding="utf-8")
        self.colour_map = cluster.workdir / "colour.map"
        self.freeze_map = cluster.workdir / "freeze.map"
        self.green = green
        self.installed = False

    def cmd(self, command):
        answer = self.cluster.haproxy_cmd(command)
        if answer.strip() and not answer.startswith(("Done", "\n")):
            raise RuntimeError(f"HAProxy refused {command!r}: {answer.strip()}")
        return answer

    def install(self):
        self.colour_map.write_text(f"http {BLUE}\nws {BLUE_WS}\n", encoding="utf-8")
        self.freeze_map.write_text("", encoding="utf-8")
        text = haproxy_config(
            self.original, self.green.nodes, self.colour_map, self.freeze_map
        )
        self._load(text)
        self.installed = True

    def restore(self):
        self._load(self.original)
        self.installed = False

    def _load(self, text):
        candidate = self.path.with_suffix(".candidate")
        candidate.write_text(text, encoding="utf-8")
        check = cli.run(["haproxy", "-c", "-q", "-f", candidate], capture_output=True)
        if check.returncode:
            raise RuntimeError(f"haproxy refused the drill's config: {check.stderr}")
        candidate.replace(self.path)
        before = self._worker_pid()
        master = self.cluster.state["pids"]["haproxy"]
        cli.run(["kill", "-USR2", str(master)])  # seamless reload, same master
        deadline = time.monotonic() + 30
        while self._worker_pid() in (before, None):
            if time.monotonic() > deadline:
                raise RuntimeError("HAProxy did not reload")
            time.sleep(0.2)

    def _worker_pid(self):
        try:
            info = self.cluster.haproxy_cmd("show info")
        except OSError:
            return None
        for line in info.splitlines():
            if line.startswith("Pid:"):
                return line.split(":", 1)[1].strip()
        return None

    def freeze(self, on):
        if on:
            self.cmd(f"add map {self.freeze_map} writes 1")
        else:
            self.cmd(f"del map {self.freeze_map} writes")

    def switch(self, colour):
        http, ws = (GREEN, GREEN_WS) if colour == "green" else (BLUE, BLUE_WS)
        self.cmd(f"set map {self.colour_map} http {http}")
        self.cmd(f"set map {self.colour_map} ws {ws}")

    def drain(self, backend, seconds=120):
        """Wait until the requests HAProxy was passing to ``backend`` now are
        answered (new ones may come: only these count)."""

        def flying():
            return drills.session_ids(self.cluster.haproxy_cmd("show sess"), backend)

        waiting = flying()
        deadline = time.monotonic() + seconds
        while waiting:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{len(waiting)} requests to {backend} never ended")
            time.sleep(0.05)
            waiting &= flying()

    def servers_up(self, backend, names, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            table = drills.parse_stat(self.cluster.haproxy_cmd("show stat"))
            if all(table.get((backend, n), {}).get("status") == "UP" for n in names):
                return True
            time.sleep(0.2)
        return False


class CronHold:
    """Blue's scheduled actions held: every ``ir_cron`` row locked ``FOR NO
    KEY UPDATE`` in a transaction of the drill. The cron workers take a job
    with ``FOR NO KEY UPDATE SKIP LOCKED``: they skip them all. A job that is
    running holds its row: the hold waits for it to end. Not ``FOR UPDATE``:
    that would also block the ``FOR KEY SHARE`` of a job inserting a trigger
    for another cron (a foreign key to ``ir_cron``), and a job waiting so on
    a connection of its own, while the hold waits for that job, is a
    deadlock PostgreSQL cannot see."""

    def __init__(self, dsn, timeout="120s"):
        import psycopg2  # not at the top: see traffic.py

        self.conn = psycopg2.connect(dsn)
        cr = self.conn.cursor()
        cr.execute("SET lock_timeout = %s", (timeout,))
        cr.execute(
            "SELECT count(*) FROM (SELECT id FROM ir_cron FOR NO KEY UPDATE) held"
        )
        self.count = cr.fetchone()[0]

    def release(self):
        self.conn.rollback()
        self.conn.close()


def tasks_source(links, orders, h5_share=3):
    """Task ``i`` of an unbounded run: one H5 submission in ``h5_share`` while
    orders remain, portal page views otherwise."""

    def task_at(index):
        if index % h5_share == 0 and index // h5_share < len(links):
            return traffic.Task(
                drills.H5, links[index // h5_share], orders[index // h5_share]
            )
        pages = traffic.PORTAL_PAGES
        return traffic.Task(drills.PORTAL, pages[index % len(pages)])

    return task_at


def run_drill(ctx, options):
    say = ctx.say
    cluster, started_here = cluster_for(options, say)
    try:
        return _drill(cluster, options, say)
    finally:
        if started_here and not options.keep_cluster:
            cluster.down()


def _drill(cluster, options, say):
    run = f"b{int(time.time())}"
    data = prepare_data(cluster, say, run, options.orders)
    green = Green(cluster, options.green_pg_port, (8170, 8172), say)
    proxy = Haproxy(cluster, green)
    state = {"events": {}, "load": None, "cron_hold": None}
    try:
        finished = _switch_and_back(
            cluster, options, say, run, data, green, proxy, state
        )
        return _verdict(cluster, options, say, run, green, state, finished)
    finally:
        if state["load"] is not None:
            state["load"].halt()
        if state["cron_hold"] is not None:
            state["cron_hold"].release()
        green.stop()
        if proxy.installed:
            proxy.restore()


def _switch_and_back(cluster, options, say, run, data, green, proxy, state):
    """Steps 1-6 of the module docstring; True when the traffic ended."""
    events = state["events"]
    say(f"green: a streaming standby of the primary on port {green.pg.port}")
    green.make_standby()
    proxy.install()
    say("HAProxy reloaded with the drill's configuration (colour and freeze maps)")
    login = data["login"]
    sessions = [
        traffic.portal_login(cluster.url, login, login) for _ in range(options.clients)
    ]
    load = state["load"] = traffic.Traffic(
        cluster.url,
        tasks_source(data["links"], data["orders"]),
        sessions,
        run,
        pause=options.pause,
        node_header=NODE_HEADER,
    ).start()
    events["started"] = time.monotonic()
    say(f"traffic: {options.clients} clients, pause {options.pause}s")
    time.sleep(options.warm_seconds)

    # the crons first, writes still accepted: a running job may take long
    # (the freeze then does not wait for it)
    held = time.monotonic()
    cron_hold = state["cron_hold"] = CronHold(cluster.primary_dsn)
    say(
        f"blue's {cron_hold.count} scheduled actions held"
        f" ({time.monotonic() - held:.1f}s: a running job ends first)"
    )
    events["freeze"] = time.monotonic()
    proxy.freeze(True)
    proxy.drain(BLUE)
    events["drained"] = time.monotonic()
    lsn = cluster.psql("SELECT pg_current_wal_lsn()", db="postgres")
    green.catch_up_and_promote(lsn)
    events["copied"] = time.monotonic()
    say(
        "writes frozen on blue; requests in flight answered after"
        f" {events['drained'] - events['freeze']:.1f}s; green replayed up to {lsn}"
        f" and was promoted {events['copied'] - events['freeze']:.1f}s after the"
        " freeze"
    )
    state["upgrade_seconds"] = green.upgrade(cli.ADDONS)
    say(
        f"green upgraded (-u {len(cli.ADDONS)} addons)"
        f" in {state['upgrade_seconds']:.0f}s"
    )
    green.start_nodes()
    slowest = green.smoke(sessions[0])
    say(
        f"green's nodes checked directly, writes still frozen (slowest page"
        f" {slowest:.1f}s): a rollback decided now would lose nothing"
    )
    if not proxy.servers_up(GREEN, [n for n, _p, _g in green.nodes]):
        raise RuntimeError("HAProxy does not see green's nodes UP")
    events["switch"] = time.monotonic()
    proxy.switch("green")
    proxy.freeze(False)
    events["switched"] = time.monotonic()
    say(
        f"switched to green; writes were frozen"
        f" {events['switched'] - events['freeze']:.0f}s"
    )
    time.sleep(options.green_seconds)

    events["rollback"] = time.monotonic()
    proxy.freeze(True)
    proxy.drain(GREEN)
    proxy.switch("blue")
    cron_hold.release()
    state["cron_hold"] = None
    proxy.freeze(False)
    events["rolled_back"] = time.monotonic()
    say(
        "rolled back to blue (writes frozen"
        f" {events['rolled_back'] - events['rollback']:.2f}s)"
    )
    time.sleep(options.blue_seconds)
    load.stop_new()
    return load.wait(600)


def _verdict(cluster, options, say, run, green, state, finished):
    """Step 7: the counts, the final line, the exit code."""
    events, load = state["events"], state["load"]
    load.halt()
    attempts = load.snapshot()
    dump_attempts(cluster.workdir / "logs" / f"bluegreen-drill-{run}.jsonl", attempts)
    kinds = load.kinds()
    orders = {i: t.order_id for i, t in load.tasks.items() if t.kind == drills.H5}
    colours = accepted_by_colour(attempts, kinds)
    before_freeze = {
        a.task
        for a in attempts
        if a.outcome == drills.ACCEPTED and a.ended < events["freeze"]
    }
    submitted_orders = sorted(orders.values())
    blue_rows = feedback_rows(cluster.psql, run, submitted_orders)
    green_rows = feedback_rows(
        lambda sql: green.psql(sql, db=cluster.db), run, submitted_orders
    )
    lost, duplicates, not_copied, green_only = copy_check(
        colours, orders, blue_rows, green_rows, before_freeze
    )
    if green_only and options.green_dump:
        _dump_green(green, cluster.db, options.green_dump, say)
    tally = drills.counts(attempts, kinds)
    errors = [a for a in attempts if a.outcome in (drills.ERROR, drills.REFUSED)]
    deferred = [a for a in attempts if a.outcome == drills.DEFERRED]
    downtime = drills.longest_gap(
        attempts, events["freeze"], events["rolled_back"] + 2.0
    )
    baseline = drills.longest_gap(attempts, events["started"] + 2.0, events["freeze"])
    at_switch = drills.longest_gap(
        attempts, events["switch"] - 5.0, events["switched"] + 5.0
    )
    after = [
        colour_of(a.node)
        for a in attempts
        if a.outcome == drills.ACCEPTED and a.started > events["rolled_back"]
    ]
    rolled_back = bool(after) and set(after) == {"blue"}
    for kind, row in sorted(tally.items()):
        say(
            f"{kind}: {row['tasks']} tasks, {row['accepted']} accepted,"
            f" {row['refused']} refused, {row['failed']} out of attempts,"
            f" {row['retries']} retries"
        )
    by_colour = {
        c: sum(1 for x in colours.values() if x == c) for c in ("blue", "green")
    }
    say(
        f"H5 accepted by blue {by_colour['blue']}, by green {by_colour['green']};"
        f" write-freeze answers (retried) {len(deferred)}; freeze"
        f" {events['switched'] - events['freeze']:.1f}s (copy"
        f" {events['copied'] - events['freeze']:.1f}s, upgrade"
        f" {state['upgrade_seconds']:.0f}s)"
    )
    say(
        f"lost {lost}, duplicates {duplicates}, accepted before the freeze and not"
        f" on green {not_copied}; accepted by green and not on blue after the"
        f" rollback: {green_only}"
    )
    ok = finished and not errors and not lost and not duplicates and not not_copied
    ok = (
        ok
        and by_colour["green"] > 0
        and not any(row["refused"] or row["failed"] for row in tally.values())
    )
    say(
        f"longest time without any successful answer: {downtime * 1000:.0f} ms"
        f" from the freeze to 2 s after the rollback, {at_switch * 1000:.0f} ms"
        f" within 5 s of the switch, {baseline * 1000:.0f} ms before the freeze"
        f" (the same traffic); answers after the rollback: {len(after)}, from"
        f" {', '.join(sorted(set(after))) or 'none'}"
    )
    ok = ok and rolled_back
    if not ok:
        say("FAILED: see the counts above")
    print(drills.bluegreen_line(len(errors), downtime, rolled_back))
    return 0 if ok else 1


def _dump_green(green, db, path, say):
    path = Path(path)
    cmd = [green.cluster.bindir / "pg_dump", "-Fc", "-h", "127.0.0.1"]
    cmd += ["-p", green.pg.port, "-U", green.cluster.pg_user, "-f", path, db]
    backup.run([str(c) for c in cmd])
    say(f"green's database dumped to {path} (its writes are not on blue)")


def add_parser(sub, func):
    parser = sub.add_parser(
        "bluegreen-drill",
        help="upgrade the addons on a copy (green), switch HAProxy to it under"
        " traffic, check nothing was lost, roll back",
    )
    add_cluster_options(parser)
    parser.add_argument("--orders", type=int, default=600, help="H5 submissions")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--pause", type=float, default=1.0, help="seconds between a client's requests"
    )
    parser.add_argument("--warm-seconds", type=float, default=15.0)
    parser.add_argument(
        "--green-seconds", type=float, default=20.0, help="traffic on green"
    )
    parser.add_argument(
        "--blue-seconds", type=float, default=10.0, help="traffic after the rollback"
    )
    parser.add_argument("--green-pg-port", type=int, default=8179)
    parser.add_argument(
        "--green-dump",
        help="pg_dump green's database here when it took writes blue lacks",
    )
    parser.set_defaults(func=func)
    return parser
