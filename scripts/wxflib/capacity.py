# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The capacity model of README "Capacity": from the figures that
``tests/bench/bench_capacity.py`` measures per H5 submission to the web
workers and nodes, the cron capacity, the PostgreSQL load and the database
growth that a daily volume of feedback needs.

Only arithmetic here (no Odoo, no database): every input is either measured
(``Measured``) or a stated assumption (``Assumptions``), and ``plan`` says
for each figure which of the two it comes from.

The rules:

- **Peak rate.** The design rate is the busiest minute:
  ``daily * peak_hour_share / 3600 * burst`` submissions a second.
- **Web CPU.** Each submission costs ``odoo_cpu_ms`` of Odoo CPU in the
  request; cores at the design rate = ``rate * odoo_cpu_ms / 1000 /
  cpu_target``. CPU time is what this model scales on: it hardly depends on
  what else a shared machine runs, where wall-clock throughput does.
- **Web workers.** A prefork worker serves one request at a time, busy for
  the request's service time (``service_ms``: Odoo's CPU plus the wait on
  PostgreSQL, nothing queued; ``service_p95_ms`` its 95th percentile). The
  requests wait for a free worker as in an M/M/c queue (Poisson arrivals
  at the design rate, ``c`` workers): the wait exceeds ``t`` with
  probability ``C(c, a) * exp(-(c/s - rate) * t)`` (Erlang C, ``a = rate *
  s`` busy workers). The plan takes the fewest workers, at most
  ``cpu_target`` occupied, whose p95 wait plus ``service_p95_ms`` stays
  within ``p95_ms`` (500 ms): a safe bound (the p95 of a sum is below the
  sum of the p95s).
- **Nodes** hold ``node_cores`` each and at least ``min_nodes`` (two: one
  may fail or be upgraded); workers per node are spread evenly.
- **Downstream** (the post-submission job: ticket, SLA, NLP keywords, case
  suggestions, churn check, auto-reply; mail, SMS and push sending; audit
  sealing) runs in cron workers off the request; it is sized for the
  busiest hour's mean rate (a burst waits a few minutes in the queue, well
  inside the 15-minute acknowledgement SLA).
- **The post-submission job is serial.** Odoo runs one cron job in one
  worker at a time (the job's row is locked while it runs), so the job that
  opens the tickets (``job_ms`` per feedback: its Odoo CPU plus the
  downstream database CPU) can use one core, however many cron workers
  there are. ``job_share`` is the part of that one worker the busiest hour
  needs; above 1 the queue grows all through the peak hour.
- **PostgreSQL CPU** adds the request's and the downstream's database CPU,
  at the design rate for the request part and the peak hour for the rest.
- **Growth**: bytes of tables and indexes and of WAL per feedback times the
  volume; photos in the filestore by the share of feedback with one.
"""

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Measured:
    """Per H5 submission, as ``bench_capacity.py`` prints them."""

    odoo_cpu_ms: float  # Odoo CPU in the request (all processes of the server)
    pg_cpu_ms: float  # PostgreSQL CPU during the request phase
    service_ms: float  # a submission's time in its worker: CPU + PostgreSQL
    service_p95_ms: float  # its 95th percentile
    downstream_odoo_cpu_ms: float  # cron work that follows one submission
    downstream_pg_cpu_ms: float
    job_ms: float  # the post-submission job alone: Odoo CPU + database CPU
    db_bytes: float  # tables + indexes (TOAST included) per feedback
    index_bytes: float  # indexes of the tables the application reads (not audit)
    wal_bytes: float  # WAL per feedback, request and downstream
    photo_bytes: float = 0.0  # filestore per photo
    rows: float = 0.0  # rows inserted per feedback (all tables)
    audit_rows: float = 0.0  # of which audit rows
    audit_bytes: float = 0.0  # bytes of the audit tables per feedback


@dataclass(frozen=True)
class Assumptions:
    """What the model assumes; README states each one."""

    peak_hour_share: float = 0.15  # of a day's feedback in its busiest hour
    burst: float = 2.0  # busiest minute / mean of the busiest hour
    cpu_target: float = 0.6  # planned utilisation at the design rate
    node_cores: int = 4  # vCPU of one web node
    min_nodes: int = 2  # availability: one node may be down
    photo_share: float = 0.3  # feedback with one photo
    wal_compression: float = 1.0  # archive size / WAL size (1: uncompressed)
    pg_cores: int = 16  # vCPU of the single primary
    pg_cpu_target: float = 0.6  # its planned utilisation at the peak
    p95_ms: float = 500.0  # the latency target of the H5 submission
    pg_connections: int = 100  # PostgreSQL max_connections
    connections_per_worker: int = 2  # Odoo connections a busy worker keeps open
    ram_gb: float = 64.0  # primary's RAM: the hot indexes should fit in half
    hot_days: int = 90  # the days the screens, reports and crons read


@dataclass
class Plan:
    daily: int
    figures: dict = field(default_factory=dict)


def peak_rate(daily, assume):
    """Submissions a second in the busiest minute."""
    return daily * assume.peak_hour_share / 3600 * assume.burst


def peak_hour_rate(daily, assume):
    """Mean submissions a second over the busiest hour."""
    return daily * assume.peak_hour_share / 3600


def per_core_rate(measured, assume):
    """Submissions a second one web core takes at the planned utilisation."""
    return 1000 / measured.odoo_cpu_ms * assume.cpu_target


def erlang_c(workers, busy):
    """Probability that a request waits for a worker (M/M/c with ``workers``
    servers and ``busy`` = rate x service time erlangs); 1 when saturated."""
    if busy >= workers:
        return 1.0
    term, total = 1.0, 1.0  # busy**k / k! summed for k < workers
    for k in range(1, workers):
        term *= busy / k
        total += term
    last = term * busy / workers / (1 - busy / workers)
    return last / (total + last)


def p95_wait_ms(rate, workers, service_ms):
    """95th percentile of the wait for a worker, ms (M/M/c)."""
    service = service_ms / 1000
    busy = rate * service
    if busy >= workers:
        return math.inf
    waits = erlang_c(workers, busy)
    if waits <= 0.05:
        return 0.0
    return math.log(waits / 0.05) / (workers / service - rate) * 1000


def web_workers(rate, measured, assume):
    """The fewest workers that keep the p95 target at ``rate`` and stay
    within ``cpu_target`` occupancy (only the latter when one submission
    alone is slower than the target: no worker count helps then, and
    ``limits`` says so)."""
    service = measured.service_ms / 1000
    workers = max(1, math.ceil(rate * service / assume.cpu_target))
    budget = assume.p95_ms - measured.service_p95_ms
    if budget < 0:
        return workers
    while p95_wait_ms(rate, workers, measured.service_ms) > budget:
        workers += 1
    return workers


def plan(daily, measured, assume=None):
    """Everything a daily volume needs; a ``Plan`` whose ``figures`` are
    plain numbers (rates per second, cores, counts, bytes)."""
    assume = assume or Assumptions()
    rate = peak_rate(daily, assume)
    hour_rate = peak_hour_rate(daily, assume)
    web_cores = rate * measured.odoo_cpu_ms / 1000 / assume.cpu_target
    workers = web_workers(rate, measured, assume)
    nodes = max(assume.min_nodes, math.ceil(web_cores / assume.node_cores))
    workers_per_node = max(1, math.ceil(workers / nodes))
    cron_cores = hour_rate * measured.downstream_odoo_cpu_ms / 1000 / assume.cpu_target
    pg_cpu = (
        rate * measured.pg_cpu_ms + hour_rate * measured.downstream_pg_cpu_ms
    ) / 1000
    pg_cores = pg_cpu / assume.pg_cpu_target
    # each web worker, the cron workers (one per cron core, at least one per
    # node) and each node's gevent worker hold connections
    cron_workers = max(nodes, math.ceil(cron_cores))
    connections = (
        workers_per_node * nodes + cron_workers + nodes
    ) * assume.connections_per_worker
    db_day = daily * measured.db_bytes
    wal_day = daily * measured.wal_bytes
    photos_day = daily * assume.photo_share * measured.photo_bytes
    figures = {
        "peak_rate": rate,
        "peak_hour_rate": hour_rate,
        "web_cores": web_cores,
        "web_workers": workers,
        "p95_ms": measured.service_p95_ms
        + p95_wait_ms(rate, workers, measured.service_ms),
        "nodes": nodes,
        "workers_per_node": workers_per_node,
        "cron_cores": cron_cores,
        "job_share": hour_rate * measured.job_ms / 1000,
        "pg_cores": pg_cores,
        "pg_share": pg_cores / assume.pg_cores,
        "connections": connections,
        "wal_peak_bytes_s": (rate * measured.wal_bytes),
        "db_bytes_day": db_day,
        "db_bytes_year": db_day * 365,
        "hot_index_bytes": daily * measured.index_bytes * assume.hot_days,
        "audit_bytes_year": daily * measured.audit_bytes * 365,
        "audit_rows_year": daily * measured.audit_rows * 365,
        "wal_bytes_day": wal_day,
        "archive_bytes_day": wal_day * assume.wal_compression,
        "photo_bytes_day": photos_day,
        "photo_bytes_year": photos_day * 365,
    }
    return Plan(daily, figures)


def limits(result, assume=None):
    """Where a plan leaves one PostgreSQL primary behind: a list of
    ``(what, why)``, empty when the single primary is enough."""
    assume = assume or Assumptions()
    fig = result.figures
    found = []
    if fig["p95_ms"] > assume.p95_ms:
        why = f"p95 {fig['p95_ms']:.0f} ms > {assume.p95_ms:.0f} ms"
        found.append(("p95", why))
    if fig["job_share"] > 1:
        why = (
            f"the post-submission job runs in one cron worker at a time; the"
            f" peak hour needs {fig['job_share']:.1f} of it"
        )
        found.append(("serial job", why))
    if fig["pg_share"] > 1:
        why = (
            f"{fig['pg_cores']:.1f} PostgreSQL cores at the peak > {assume.pg_cores}"
            f" of the primary at {assume.pg_cpu_target:.0%}"
        )
        found.append(("cpu", why))
    if fig["connections"] > assume.pg_connections:
        why = (
            f"{fig['connections']} connections"
            f" > max_connections {assume.pg_connections}"
        )
        found.append(("connections", why))
    if fig["hot_index_bytes"] > assume.ram_gb * 2**30 / 2:
        why = (
            f"the indexes of {assume.hot_days} days are"
            f" {fig['hot_index_bytes'] / 2**30:.0f} GiB"
            f" > half of {assume.ram_gb:.0f} GiB of RAM"
        )
        found.append(("size", why))
    return found


def max_daily(measured, assume=None):
    """The largest daily volume whose peak the primary's CPU takes at its
    planned utilisation (the CPU limit of one primary)."""
    assume = assume or Assumptions()
    per_feedback_ms = (
        assume.peak_hour_share
        / 3600
        * (assume.burst * measured.pg_cpu_ms + measured.downstream_pg_cpu_ms)
    )
    return assume.pg_cores * assume.pg_cpu_target * 1000 / per_feedback_ms


def max_daily_serial(measured, assume=None):
    """The largest daily volume whose busiest hour the serial
    post-submission job keeps up with (one worker, fully busy)."""
    assume = assume or Assumptions()
    return 3600 * 1000 / measured.job_ms / assume.peak_hour_share


def best_rate(steps, p95_limit=0.5):
    """The highest throughput (submissions/s) among measured ``steps``
    (``(rate, p95 seconds)``) whose p95 stays within ``p95_limit``; 0 when
    none does."""
    return max((rate for rate, p95 in steps if p95 <= p95_limit), default=0.0)
