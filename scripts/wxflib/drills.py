# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The bookkeeping of ``./wxf cluster-drill`` and ``./wxf bluegreen-drill``
(pure: no network, no database; ``tests/pure/test_drills.py``).

Every HTTP attempt the drills' clients make is one :class:`Attempt`; a
*task* (one H5 submission of one order, one portal page view) is tried until
it is accepted, refused, or out of attempts. What an answer means:

- ``accepted``: the H5 form answered its Post/Redirect/Get ``303`` to
  ``?done=1`` (the feedback is committed: Odoo commits before it answers);
  a portal page answered ``200`` with the page, not the login form;
- ``deferred``: a write answered ``503`` by the blue-green drill's write
  freeze (a ``Retry-After`` and the freeze's header): retried after the
  delay it names, never an error;
- ``refused``: the application said no (``4xx``, a redirect to the login
  page: the session was not recognised): not retried, and the drill fails,
  since every request it sends is legitimate;
- ``error``: no answer (connection reset or refused, timeout) or a ``5xx``
  (HAProxy's ``502`` / ``503`` / ``504``, Odoo's ``500``): retried. The
  retry is safe for both kinds: a portal page view is a GET of a read-only
  route, and an H5 form posted again for the same order updates the one
  feedback of that order and customer (one feedback per order and customer,
  submissions serialised by advisory locks: README "Capturing feedback"),
  so a retry after a lost answer cannot make a second one.

The drill then counts, in the database, the feedback of every order it
submitted for (:func:`store_check`) and prints the final line
(:func:`cluster_line`, :func:`bluegreen_line`)."""

import heapq
import itertools
import re
from dataclasses import dataclass, field

H5 = "h5"
PORTAL = "portal"
ACCEPTED, DEFERRED, REFUSED, ERROR = "accepted", "deferred", "refused", "error"
FREEZE_HEADER = "X-Wx-Write-Freeze"
LOGIN_PATH = "/web/login"


@dataclass
class Attempt:
    """One HTTP request of a task. Times are ``time.monotonic()`` seconds."""

    task: int
    kind: str
    number: int
    started: float
    ended: float
    status: int  # HTTP status; 0: no answer (connection error, timeout)
    outcome: str
    node: str = ""  # the server HAProxy chose, when the answer names it
    error: str = ""  # the exception's class name when there was no answer
    retry_after: float = 0.0


def classify(kind, status, location="", headers=None):
    """The outcome of an answer (module docstring); ``location`` is the
    ``Location`` header of a redirect, ``headers`` the answer's headers."""
    headers = headers or {}
    if status == 0 or status >= 500:
        if status == 503 and headers.get(FREEZE_HEADER):
            return DEFERRED
        return ERROR
    if kind == H5:
        if status == 303 and "done=1" in location:
            return ACCEPTED
        return REFUSED
    if status == 200:
        return ACCEPTED
    return REFUSED  # a redirect to the login page: the session was lost


def retry_after_seconds(value, default):
    """Seconds of a ``Retry-After`` header (delta-seconds form), else
    ``default``."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return default
    return seconds if seconds >= 0 else default


def backoff(number, base=0.25, cap=4.0):
    """Delay before attempt ``number + 1`` after an error: exponential from
    ``base``, at most ``cap`` seconds."""
    return min(cap, base * 2 ** max(0, number - 1))


@dataclass(order=True)
class _Due:
    at: float
    task: int = field(compare=True)


class Schedule:
    """Which task a client takes next: a retry that is due first, else the
    next new task; a retry not yet due waits while new tasks are taken, as
    other customers go on while one waits to try again. Not thread-safe by
    itself (the traffic driver holds a lock)."""

    def __init__(self, count):
        self._next = 0
        self._count = count
        self._due = []  # heap of _Due
        self.open = set()  # tasks started and not settled

    def take(self, now, prefer_new=False):
        """``(task, 0)`` to run now, ``(None, seconds)`` to wait, or
        ``(None, None)`` when every task is settled. ``prefer_new``: a new
        task before a due retry (a client alternates, so that retries piling
        up during a write freeze do not stop the other traffic)."""
        fresh = self._next < self._count
        if self._due and self._due[0].at <= now and not (prefer_new and fresh):
            return heapq.heappop(self._due).task, 0.0
        if fresh:
            task = self._next
            self._next += 1
            self.open.add(task)
            return task, 0.0
        if self._due:
            return None, self._due[0].at - now
        if self.open:
            return None, 0.05  # in flight elsewhere: may come back as a retry
        return None, None

    def retry(self, task, at):
        heapq.heappush(self._due, _Due(at, task))

    def settle(self, task):
        self.open.discard(task)

    def stop(self):
        """No new tasks from now on (retries still run)."""
        self._count = self._next

    @property
    def started(self):
        return self._next


def final_outcomes(attempts):
    """``{task: outcome of its last attempt}``."""
    last = {}
    for attempt in attempts:
        seen = last.get(attempt.task)
        if seen is None or attempt.number > seen.number:
            last[attempt.task] = attempt
    return {task: attempt.outcome for task, attempt in last.items()}


def in_flight(attempt, moment):
    """The attempt was sent before ``moment`` and answered (or failed) after."""
    return moment is not None and attempt.started <= moment < attempt.ended


@dataclass
class StoreCheck:
    """What the database holds for the submitted orders."""

    stored: int  # submitted orders whose feedback carries their submission
    lost: int  # accepted submissions with no such feedback
    duplicates: int  # feedback beyond the first of an order
    unexpected: int  # stored although never accepted (answer lost, no retry won)


def store_check(kinds, outcomes, orders, rows):
    """``kinds``: ``{task: kind}``; ``outcomes``: :func:`final_outcomes`;
    ``orders``: ``{task: order id}`` of the H5 tasks; ``rows``: ``{order id:
    (feedback count, count carrying the task's marker)}`` read from the
    database."""
    stored = lost = duplicates = unexpected = 0
    for task, kind in kinds.items():
        if kind != H5 or task not in outcomes:
            continue
        count, marked = rows.get(orders[task], (0, 0))
        duplicates += max(0, count - 1)
        if marked:
            stored += 1
            unexpected += outcomes[task] != ACCEPTED
        elif outcomes[task] == ACCEPTED:
            lost += 1
    return StoreCheck(stored, lost, duplicates, unexpected)


@dataclass
class Failover:
    """Errors around a node's death: every one should be a request in
    flight on the killed node when it died (nothing else may fail)."""

    errors: int
    in_flight: int
    unexplained: int  # errors not in flight at the kill
    # of the unexplained: ``{"503" or an exception name: count}``, to read
    # a failure (HAProxy's own 503: no node up, or its queue timed out)
    causes: dict = field(default_factory=dict)


def failover_errors(attempts, killed_at):
    errors = [a for a in attempts if a.outcome == ERROR]
    flying = [a for a in errors if in_flight(a, killed_at)]
    causes = {}
    for attempt in errors:
        if not in_flight(attempt, killed_at):
            cause = attempt.error or str(attempt.status)
            causes[cause] = causes.get(cause, 0) + 1
    return Failover(len(errors), len(flying), len(errors) - len(flying), causes)


SERVER_COUNTERS = ("stot", "eresp", "srv_abrt", "wretr", "wredis")


def server_counters(table, backend, server):
    """HAProxy's counters of one server in a :func:`parse_stat` table:
    requests sent (``stot``), responses lost (``eresp``: the server closed or
    died before answering), aborted by the server (``srv_abrt``), retried
    (``wretr``) and redispatched to another server (``wredis``)."""
    row = table.get((backend, server), {})
    return {name: int(row.get(name) or 0) for name in SERVER_COUNTERS}


def counters_delta(before, after):
    return {name: after[name] - before.get(name, 0) for name in after}


def counts(attempts, kinds):
    """``{kind: {"tasks": n, "accepted": n, "refused": n, "failed": n,
    "attempts": n, "retries": n}}`` (failed: out of attempts on errors)."""
    outcomes = final_outcomes(attempts)
    result = {}
    for task, kind in kinds.items():
        row = result.setdefault(
            kind,
            {"tasks": 0, "accepted": 0, "refused": 0, "failed": 0, "attempts": 0},
        )
        if task not in outcomes:
            continue
        row["tasks"] += 1
        outcome = outcomes[task]
        if outcome in (ACCEPTED, REFUSED):
            row[outcome] += 1
        else:
            row["failed"] += 1
    for attempt in attempts:
        result[kinds[attempt.task]]["attempts"] += 1
    for row in result.values():
        row["retries"] = row["attempts"] - row["tasks"]
    return result


def percentile(values, fraction):
    """Nearest-rank percentile (None when empty)."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def longest_gap(attempts, start, end):
    """Longest time (seconds) within ``[start, end]`` in which no attempt was
    answered ``accepted``: the downtime clients saw. The window's edges count
    as answers, so a window without any accepted answer is all downtime."""
    moments = sorted(
        a.ended for a in attempts if a.outcome == ACCEPTED and start <= a.ended <= end
    )
    edges = [start, *moments, end]
    return max(b - a for a, b in itertools.pairwise(edges))


def cluster_line(submitted, store, errors, replica_reads):
    """The final line of ``./wxf cluster-drill``."""
    return (
        f"submitted={submitted} stored={store.stored} lost={store.lost}"
        f" duplicates={store.duplicates} errors_during_failover={errors}"
        f" replica_reads={replica_reads}"
    )


def cluster_ok(
    submitted, tally, store, failover, replica_reads, portal_accepted, session
):
    """``(ok, reasons)``: the cluster drill passes when the session crossed
    nodes, every task was accepted (nothing refused, nothing out of
    attempts), every accepted submission is stored exactly once, every error
    was a request in flight on the killed node, and the replica served at
    least one transaction per accepted portal page."""
    reasons = []
    if not session:
        reasons.append("the session made on one node was not valid on the other")
    for kind, row in tally.items():
        if row["refused"] or row["failed"]:
            reasons.append(
                f"{kind}: {row['refused']} refused, {row['failed']} out of attempts"
            )
    if store.lost:
        reasons.append(f"{store.lost} accepted submissions not stored")
    if store.duplicates:
        reasons.append(f"{store.duplicates} duplicate feedbacks")
    if store.stored != submitted:
        reasons.append(f"stored {store.stored} of {submitted} submissions")
    if failover.unexplained:
        reasons.append(
            f"{failover.unexplained} errors of requests not in flight on the"
            " killed node"
        )
    if replica_reads is None or replica_reads < portal_accepted:
        reasons.append(
            f"the replica served {replica_reads} transactions for"
            f" {portal_accepted} portal pages"
        )
    return not reasons, reasons


def bluegreen_line(switch_errors, downtime_seconds, rolled_back):
    """The final line of ``./wxf bluegreen-drill``."""
    return (
        f"switch_errors={switch_errors} downtime_ms={round(downtime_seconds * 1000)}"
        f" rolled_back={'yes' if rolled_back else 'no'}"
    )


# ------------------------------------------------------------------ HAProxy


def parse_stat(csv_text):
    """``show stat`` of the runtime API -> ``{(proxy, server): row dict}``."""
    lines = [line for line in csv_text.splitlines() if line.strip()]
    if not lines or not lines[0].startswith("# "):
        return {}
    names = lines[0][2:].split(",")
    table = {}
    for line in lines[1:]:
        values = line.split(",")
        row = dict(zip(names, values, strict=False))
        table[(row.get("pxname", ""), row.get("svname", ""))] = row
    return table


SESSION = re.compile(r"^(0x[0-9a-f]+):.* be=(\S+) ", re.MULTILINE)


def session_ids(show_sess, backend):
    """Ids of the streams of a ``show sess`` answer that go to ``backend``."""
    return {sid for sid, be in SESSION.findall(show_sess) if be == backend}
