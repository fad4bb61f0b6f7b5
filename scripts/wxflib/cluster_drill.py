# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``./wxf cluster-drill``: the local cluster (``./wxf cluster``) loses a node
under load and nothing a customer submitted is lost or doubled.

1. The cluster is brought up (or the running one reused) and the drill's
   data made on the primary: a customer of its own with a portal login and
   ``--orders`` delivered orders, one signed H5 link each (``traffic``).
2. Session check: the customer logs in on node 1 directly; that session
   cookie alone must open the portal on node 2 (sessions in PostgreSQL).
3. ``--clients`` clients log in through HAProxy and send, mixed, one H5
   submission per order and ``--portal-views`` portal page views (read-only
   routes: served by the replica). When ``--kill-at`` of the tasks have
   started, one node is killed (SIGKILL of its master and workers); once
   HAProxy marks it down, it waits ``--down-seconds`` and is started again.
4. Every attempt is accounted (``drills``): accepted, refused, error; an
   error is retried by the client (safe: see ``drills``), and HAProxy
   retries the GETs that died with the node itself. Errors must all be
   requests in flight on the killed node when it died; HAProxy's counters
   of that node (responses lost, retried, redispatched) are printed beside.
5. Checks on the primary: every accepted submission stored exactly once (its
   marker in its order's feedback, one feedback per order); on the replica:
   the feedback reads it served (``pg_stat_statements``), at least one per
   accepted portal page, and the same feedback as the primary once it
   replayed everything.

Ends with ``submitted=N stored=N lost=N duplicates=N errors_during_failover=N
replica_reads=N``; exit 0 only when every check passed."""

import dataclasses
import json
import time

from . import drills, traffic

FEEDBACK_READS = '%FROM "wx_feedback"%'


def _wait(check, seconds, step=0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return bool(check())


def server_state(cluster, node):
    try:
        return cluster.server_states().get(f"odoo_http/{node}", "")
    except OSError:
        return ""


def counters(cluster, node):
    """HAProxy's counters of ``node`` (``drills.server_counters``)."""
    try:
        table = drills.parse_stat(cluster.haproxy_cmd("show stat"))
    except OSError:
        table = {}
    return drills.server_counters(table, "odoo_http", node)


def feedback_rows(psql, run, orders):
    """``{order id: (feedback count, count with the order's marker)}``;
    ``psql(sql)`` runs a query on the database to count in."""
    sql = (
        "SELECT o.id, count(f.id),"
        " count(f.id) FILTER (WHERE f.description"
        f" LIKE '%[drill {run}:' || o.id || ']%')"
        " FROM sale_order o LEFT JOIN wx_feedback f ON f.order_id = o.id"
        f" WHERE o.id IN ({','.join(str(int(o)) for o in orders) or '0'}) GROUP BY o.id"
    )
    rows = {}
    for line in psql(sql).splitlines():
        order, count, marked = (int(x) for x in line.split("|"))
        rows[order] = (count, marked)
    return rows


def dump_attempts(path, attempts):
    """Every attempt, one JSON object a line (times relative to the first)."""
    origin = min((a.started for a in attempts), default=0.0)
    with open(path, "w", encoding="utf-8") as handle:
        for attempt in attempts:
            row = dataclasses.asdict(attempt)
            row["started"] = round(row["started"] - origin, 3)
            row["ended"] = round(row["ended"] - origin, 3)
            handle.write(json.dumps(row) + "\n")


def replay_done(cluster):
    """The replica replayed everything the primary wrote so far."""
    lsn = cluster.psql("SELECT pg_current_wal_lsn()", db="postgres")
    return _wait(
        lambda: (
            cluster.psql(
                f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn",
                replica=True,
                db="postgres",
            )
            == "t"
        ),
        60,
    )


def prepare_data(cluster, say, run, orders):
    say(f"making the drill's data on the primary: {orders} delivered orders")
    out = cluster.odoo_shell(traffic.data_script(run, orders))
    data = traffic.parse_marked(out)
    if not data:
        raise RuntimeError(f"the drill's data script printed nothing:\n{out[-2000:]}")
    say(
        f"{len(data['orders'])} orders with H5 links and the portal login"
        f" {data['login']} in {data['seconds']}s"
    )
    return data


def run_drill(ctx, options):
    say = ctx.say
    cluster, started_here = cluster_for(options, say)
    try:
        ok, line = drill(cluster, options, say)
    finally:
        if started_here and not options.keep_cluster:
            cluster.down()
    print(line)
    return 0 if ok else 1


def drill(cluster, options, say):
    """The drill on a running ``cluster`` (steps 1-5 of the module
    docstring): ``(ok, final line)``. ``options``: the command's options
    (orders, portal_views, clients, kill_at, kill, down_seconds, timeout)."""
    run = f"c{int(time.time())}"
    data = prepare_data(cluster, say, run, options.orders)
    login = data["login"]
    first, second = cluster.node_names[:2]
    session_ok, detail = traffic.session_crosses(
        cluster.node_urls[first],
        cluster.node_urls[second],
        login,
        login,
        data["buyer"],
    )
    say(
        f"session made on {first}, used on {second}: "
        f"{'valid' if session_ok else 'NOT VALID'} ({detail})"
    )
    say(f"{options.clients} clients log in through HAProxy ({cluster.url})")
    sessions = [
        traffic.portal_login(cluster.url, login, login) for _ in range(options.clients)
    ]
    tasks = traffic.interleave(data["links"], data["orders"], options.portal_views)
    victim = options.kill or second
    at_start = counters(cluster, victim)
    cluster.reset_statements()
    say(
        f"traffic: {len(data['links'])} H5 submissions and {options.portal_views}"
        f" portal page views, {options.clients} clients; {victim} is killed when"
        f" {options.kill_at:.0%} of them have started"
    )
    load = traffic.Traffic(cluster.url, tasks, sessions, run).start()
    started = time.monotonic()
    killed_at = back_at = None
    try:
        _wait(lambda: load.done() >= len(tasks) * options.kill_at, 3600, 0.05)
        killed_at = time.monotonic()
        cluster.kill_node(victim)
        _wait(lambda: server_state(cluster, victim).startswith("DOWN"), 30, 0.1)
        down_after = time.monotonic() - killed_at
        say(
            f"{victim} killed {killed_at - started:.1f}s into the traffic; HAProxy"
            f" marked it DOWN {down_after:.1f}s later"
        )
        time.sleep(options.down_seconds)
        say(f"starting {victim} again")
        cluster.start_node(victim)
        _wait(lambda: server_state(cluster, victim) == "UP", 60, 0.2)
        back_at = time.monotonic()
        served_before = counters(cluster, victim)["stot"]
        say(f"{victim} UP again {back_at - killed_at:.1f}s after the kill")
        finished = load.wait(options.timeout)
    finally:
        load.halt()
    wall = time.monotonic() - started
    if finished and counters(cluster, victim)["stot"] == served_before:
        # the traffic ended before the node was back (a slow restart): a few
        # more portal views show whether it serves again
        pages = traffic.PORTAL_PAGES
        extra = [
            traffic.Task(drills.PORTAL, pages[i % len(pages)])
            for i in range(4 * options.clients)
        ]
        after = traffic.Traffic(cluster.url, extra, sessions, run).start()
        after.wait(300)
        after.halt()
        accepted = drills.counts(after.snapshot(), after.kinds())[drills.PORTAL]
        accepted = accepted["accepted"]
        say(
            f"the traffic ended before {victim} was back: {len(extra)} more"
            f" portal views, {accepted} accepted"
        )
    at_end = counters(cluster, victim)
    served_after = at_end["stot"] - served_before
    seen = drills.counters_delta(at_start, at_end)
    attempts = load.snapshot()
    kinds = load.kinds()
    dump_attempts(cluster.workdir / "logs" / f"cluster-drill-{run}.jsonl", attempts)
    tally = drills.counts(attempts, kinds)
    outcomes = drills.final_outcomes(attempts)
    h5_orders = {i: t.order_id for i, t in enumerate(tasks) if t.kind == drills.H5}
    rows = feedback_rows(cluster.psql, run, data["orders"])
    store = drills.store_check(kinds, outcomes, h5_orders, rows)
    failover = drills.failover_errors(attempts, killed_at)
    replica_reads = sum(cluster.statement_calls(FEEDBACK_READS, replica=True).values())
    primary_reads = sum(cluster.statement_calls(FEEDBACK_READS, replica=False).values())
    replica_same = replay_done(cluster) and rows == feedback_rows(
        lambda sql: cluster.psql(sql, replica=True), run, data["orders"]
    )
    for kind, row in sorted(tally.items()):
        latencies = [
            a.ended - a.started
            for a in attempts
            if a.kind == kind and a.outcome == drills.ACCEPTED
        ]
        p95 = drills.percentile(latencies, 0.95)
        say(
            f"{kind}: {row['tasks']} tasks, {row['accepted']} accepted,"
            f" {row['refused']} refused, {row['failed']} out of attempts,"
            f" {row['retries']} retries; p95 {p95 * 1000 if p95 else 0:.0f} ms"
        )
    say(
        f"{len(attempts)} attempts in {wall:.0f}s; errors {failover.errors}:"
        f" {failover.in_flight} in flight when {victim} died,"
        f" {failover.unexplained} otherwise{_by_cause(failover.causes)};"
        f" HAProxy on {victim}: responses"
        f" lost {seen['eresp']}, aborted {seen['srv_abrt']}, retried"
        f" {seen['wretr']}, redispatched {seen['wredis']}"
    )
    say(
        f"{victim} served {served_after} requests after it came back;"
        f" feedback reads: replica {replica_reads}, primary {primary_reads};"
        f" replica has the same feedback: {'yes' if replica_same else 'NO'}"
    )
    submitted = tally.get(drills.H5, {}).get("tasks", 0)
    portal_accepted = tally.get(drills.PORTAL, {}).get("accepted", 0)
    ok, reasons = drills.cluster_ok(
        submitted, tally, store, failover, replica_reads, portal_accepted, session_ok
    )
    if not finished:
        ok, reasons = False, [*reasons, "the traffic did not finish in time"]
    if not replica_same:
        ok, reasons = False, [*reasons, "the replica differs from the primary"]
    if not served_after:
        ok, reasons = False, [*reasons, f"{victim} served nothing once back"]
    for reason in reasons:
        say(f"FAILED: {reason}")
    return ok, drills.cluster_line(submitted, store, failover.errors, replica_reads)


def _by_cause(causes):
    """`` (by cause: 503 x3, ReadTimeout x1)`` of the unexplained errors."""
    if not causes:
        return ""
    listed = ", ".join(f"{cause} x{count}" for cause, count in sorted(causes.items()))
    return f" (by cause: {listed})"


def add_cluster_options(parser):
    """Where the cluster runs (``./wxf cluster``'s defaults) and whether the
    drill reuses, keeps or removes it."""
    parser.add_argument(
        "--from-db",
        help="bring the cluster up from a copy of this database instead of a"
        " new demo database (as ./wxf cluster up --from-db)",
    )
    parser.add_argument(
        "--reset", action="store_true", help="remove a running cluster first"
    )
    parser.add_argument(
        "--keep-cluster",
        action="store_true",
        help="leave the cluster running at the end (a cluster that was already"
        " running is always left running)",
    )
    parser.add_argument("--http-port", type=int, default=8160, help="HAProxy")
    parser.add_argument(
        "--pg-port", type=int, default=55440, help="primary (the replica: +1)"
    )
    parser.add_argument("--s3-port", type=int, default=55450)
    parser.add_argument("--workdir", help="the cluster's folder (.local/cluster)")


def cluster_for(options, say):
    """``(cluster, started_here)``: the running cluster of ``--workdir``, else
    a new one."""
    from .cluster import Cluster, ClusterError

    running = None
    if not options.reset:
        try:
            running = Cluster.current(options.workdir, say=say)
        except ClusterError:
            running = None
    if running is not None and running.healthy():
        say(f"using the running cluster ({running.url})")
        return running, False
    # a copy of a database that was not being served has every scheduled
    # action overdue: all would start with the nodes, under the drill's
    # traffic (and the blue-green hold would wait for the longest); a served
    # database has none, so the copy's are moved to tomorrow (the jobs that
    # submissions trigger still run at once)
    cluster = Cluster.up(
        options.workdir,
        from_db=options.from_db,
        reset=True,
        say=say,
        http_port=options.http_port,
        pg_port=options.pg_port,
        s3_port=options.s3_port,
        postpone_crons=bool(options.from_db),
    )
    return cluster, True


def add_parser(sub, func):
    parser = sub.add_parser(
        "cluster-drill",
        help="H5 submissions and portal views through the cluster while a node"
        " is killed; every accepted submission stored exactly once",
    )
    add_cluster_options(parser)
    parser.add_argument("--orders", type=int, default=2000, help="H5 submissions")
    parser.add_argument("--portal-views", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--kill-at",
        type=float,
        default=0.35,
        help="share of the tasks started when the node is killed (default 0.35)",
    )
    parser.add_argument("--kill", help="the node to kill (default: the second)")
    parser.add_argument(
        "--down-seconds",
        type=float,
        default=5.0,
        help="how long the node stays down once HAProxy saw it down",
    )
    parser.add_argument(
        "--timeout", type=int, default=3600, help="seconds for the whole traffic"
    )
    parser.set_defaults(func=func)
    return parser
