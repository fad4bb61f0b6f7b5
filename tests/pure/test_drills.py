# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The bookkeeping of ./wxf cluster-drill and ./wxf bluegreen-drill: what an
answer means, which tasks are retried, what counts as lost, doubled or
unexplained, the final lines, HAProxy's log and stats."""

import dataclasses
import subprocess
import threading

import pytest
import requests
from wxflib import drills, traffic
from wxflib.drills import ACCEPTED, DEFERRED, ERROR, H5, PORTAL, REFUSED, Attempt


def attempt(task, number, started, ended, outcome, kind=H5, node=""):
    status = {ACCEPTED: 303, ERROR: 502, REFUSED: 400, DEFERRED: 503}[outcome]
    return Attempt(task, kind, number, started, ended, status, outcome, node)


@pytest.mark.parametrize(
    ("kind", "status", "location", "headers", "outcome"),
    [
        (H5, 303, "/fb/1/2/3/ab?done=1", {}, ACCEPTED),
        (H5, 303, "/web/login", {}, REFUSED),
        (H5, 200, "", {}, REFUSED),  # the form again: the input was refused
        (H5, 400, "", {}, REFUSED),
        (H5, 429, "", {}, REFUSED),
        (H5, 0, "", {}, ERROR),  # no answer
        (H5, 502, "", {}, ERROR),
        (H5, 503, "", {}, ERROR),  # HAProxy: no server
        (H5, 503, "", {drills.FREEZE_HEADER: "1"}, DEFERRED),
        (PORTAL, 200, "", {}, ACCEPTED),
        (PORTAL, 303, "/web/login?redirect=/my/feedback", {}, REFUSED),
        (PORTAL, 500, "", {}, ERROR),
        (PORTAL, 504, "", {}, ERROR),
    ],
)
def test_classify(kind, status, location, headers, outcome):
    assert drills.classify(kind, status, location, headers) == outcome


def test_retry_after_and_backoff():
    assert drills.retry_after_seconds("5", 2.0) == 5.0
    assert drills.retry_after_seconds(None, 2.0) == 2.0
    assert drills.retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 2.0) == 2.0
    assert drills.retry_after_seconds("-3", 2.0) == 2.0
    assert [drills.backoff(n) for n in (1, 2, 3, 4, 5, 9)] == [
        0.25,
        0.5,
        1.0,
        2.0,
        4.0,
        4.0,
    ]


def test_schedule_takes_due_retries_first_and_waits_for_the_rest():
    schedule = drills.Schedule(2)
    assert schedule.take(0.0) == (0, 0.0)
    schedule.retry(0, at=5.0)  # task 0 failed: again at t=5
    assert schedule.take(1.0) == (1, 0.0)  # not due: a new task meanwhile
    schedule.settle(1)
    assert schedule.take(2.0) == (None, 3.0)  # nothing new: wait for task 0
    assert schedule.take(5.0) == (0, 0.0)
    assert schedule.take(5.0) == (None, 0.05)  # task 0 in flight elsewhere
    schedule.settle(0)
    assert schedule.take(6.0) == (None, None)  # all settled: the client ends


def test_schedule_prefer_new_alternates_with_due_retries():
    schedule = drills.Schedule(3)
    assert schedule.take(0.0) == (0, 0.0)
    schedule.retry(0, at=0.0)
    assert schedule.take(1.0, prefer_new=True) == (1, 0.0)
    assert schedule.take(1.0) == (0, 0.0)
    schedule.retry(0, at=0.0)
    assert schedule.take(1.0, prefer_new=True) == (2, 0.0)
    assert schedule.take(1.0, prefer_new=True) == (0, 0.0)  # nothing new left


def test_schedule_stop_keeps_the_retries():
    schedule = drills.Schedule(10**12)
    assert schedule.take(0.0) == (0, 0.0)
    assert schedule.take(0.0) == (1, 0.0)
    schedule.retry(1, at=1.0)
    schedule.settle(0)
    schedule.stop()
    assert schedule.take(0.5) == (None, 0.5)
    assert schedule.take(1.0) == (1, 0.0)
    schedule.settle(1)
    assert schedule.take(1.0) == (None, None)
    assert schedule.started == 2


def test_final_outcomes_take_the_last_attempt():
    attempts = [
        attempt(0, 2, 3.0, 4.0, ACCEPTED),
        attempt(0, 1, 1.0, 2.0, ERROR),
        attempt(1, 1, 1.0, 2.0, ERROR),
    ]
    assert drills.final_outcomes(attempts) == {0: ACCEPTED, 1: ERROR}


def test_store_check_counts_stored_lost_duplicates():
    kinds = {0: H5, 1: PORTAL, 2: H5, 3: H5, 4: H5, 5: H5}
    outcomes = {0: ACCEPTED, 1: ACCEPTED, 2: ACCEPTED, 3: ACCEPTED, 4: ERROR, 5: ERROR}
    orders = {0: 10, 2: 12, 3: 13, 4: 14, 5: 15}
    rows = {
        10: (1, 1),  # stored once
        12: (0, 0),  # accepted but missing: lost
        13: (2, 1),  # a second feedback for the order: a duplicate
        14: (1, 1),  # committed, the answer lost, no retry succeeded
        15: (0, 0),  # never accepted, never stored: not lost
    }
    check = drills.store_check(kinds, outcomes, orders, rows)
    assert check == drills.StoreCheck(stored=3, lost=1, duplicates=1, unexpected=1)


def test_store_check_wrong_marker_is_lost():
    """A feedback on the order that does not carry the submission's text is
    not the submission (e.g. a stale update): the submission is lost."""
    check = drills.store_check({0: H5}, {0: ACCEPTED}, {0: 10}, {10: (1, 0)})
    assert (check.stored, check.lost) == (0, 1)


def test_failover_errors_in_flight_or_not():
    killed_at = 10.0
    attempts = [
        attempt(0, 1, 9.0, 10.5, ERROR),  # in flight
        attempt(1, 1, 9.5, 11.0, ERROR),  # in flight
        attempt(2, 1, 10.2, 10.3, ERROR),  # sent after the kill: unexplained
        attempt(3, 1, 9.0, 9.9, ERROR),  # before the kill: unexplained
        attempt(4, 1, 9.0, 10.5, ACCEPTED),  # in flight on the other node
    ]
    attempts.append(
        dataclasses.replace(
            attempt(5, 1, 10.4, 15.4, ERROR), status=0, error="ReadTimeout"
        )
    )
    result = drills.failover_errors(attempts, killed_at)
    assert result == drills.Failover(
        errors=5,
        in_flight=2,
        unexplained=3,
        causes={"502": 2, "ReadTimeout": 1},  # what to read in a failure
    )
    assert drills.failover_errors(attempts, None).unexplained == 5


def test_counts_per_kind():
    attempts = [
        attempt(0, 1, 0, 1, ERROR),
        attempt(0, 2, 1, 2, ACCEPTED),
        attempt(1, 1, 0, 1, ACCEPTED, kind=PORTAL),
        attempt(2, 1, 0, 1, REFUSED, kind=PORTAL),
        attempt(3, 1, 0, 1, ERROR),
    ]
    kinds = {0: H5, 1: PORTAL, 2: PORTAL, 3: H5}
    assert drills.counts(attempts, kinds) == {
        H5: {
            "tasks": 2,
            "accepted": 1,
            "refused": 0,
            "failed": 1,
            "attempts": 3,
            "retries": 1,
        },
        PORTAL: {
            "tasks": 2,
            "accepted": 1,
            "refused": 1,
            "failed": 0,
            "attempts": 2,
            "retries": 0,
        },
    }


def test_longest_gap_without_an_accepted_answer():
    attempts = [
        attempt(0, 1, 0.0, 1.0, ACCEPTED),
        attempt(1, 1, 0.0, 1.2, ACCEPTED),
        attempt(2, 1, 0.0, 2.0, ERROR),  # an error is no answer
        attempt(3, 1, 1.0, 3.7, ACCEPTED),
        attempt(4, 1, 3.0, 4.0, DEFERRED),
    ]
    assert drills.longest_gap(attempts, 1.0, 4.0) == pytest.approx(2.5)
    assert drills.longest_gap(attempts, 5.0, 6.0) == pytest.approx(1.0)


def test_cluster_line_and_verdict():
    store = drills.StoreCheck(stored=2000, lost=0, duplicates=0, unexpected=0)
    failover = drills.Failover(errors=3, in_flight=3, unexplained=0)
    line = drills.cluster_line(2000, store, failover.errors, 4321)
    assert line == (
        "submitted=2000 stored=2000 lost=0 duplicates=0"
        " errors_during_failover=3 replica_reads=4321"
    )
    tally = {
        H5: {"refused": 0, "failed": 0},
        PORTAL: {"refused": 0, "failed": 0},
    }
    assert drills.cluster_ok(2000, tally, store, failover, 4321, 2000, True) == (
        True,
        [],
    )
    ok, reasons = drills.cluster_ok(2000, tally, store, failover, 1999, 2000, False)
    assert not ok
    assert len(reasons) == 2
    lost = drills.StoreCheck(stored=1999, lost=1, duplicates=1, unexpected=0)
    stray = drills.Failover(errors=4, in_flight=3, unexplained=1)
    refused = {H5: {"refused": 1, "failed": 0}, PORTAL: {"refused": 0, "failed": 2}}
    ok, reasons = drills.cluster_ok(2000, refused, lost, stray, 4321, 2000, True)
    assert not ok
    assert len(reasons) == 6


def test_bluegreen_line():
    assert drills.bluegreen_line(0, 0.0421, True) == (
        "switch_errors=0 downtime_ms=42 rolled_back=yes"
    )
    assert drills.bluegreen_line(2, 1.5, False).endswith("rolled_back=no")


STAT = """\
# pxname,svname,qcur,qmax,scur,smax,slim,stot,eresp,srv_abrt,wretr,wredis,status
wxf,FRONTEND,,,1,5,2000,40,,,,,OPEN
odoo_http,node1,0,0,0,3,,25,0,0,0,0,UP
odoo_http,node2,0,0,0,3,,15,2,1,4,3,DOWN
odoo_http,BACKEND,0,0,0,3,200,40,2,1,4,3,UP
"""


def test_parse_stat_and_server_counters():
    table = drills.parse_stat(STAT)
    assert table[("odoo_http", "node1")]["stot"] == "25"
    assert table[("odoo_http", "node2")]["status"] == "DOWN"
    assert drills.parse_stat("Unknown command") == {}
    after = drills.server_counters(table, "odoo_http", "node2")
    assert after == {"stot": 15, "eresp": 2, "srv_abrt": 1, "wretr": 4, "wredis": 3}
    assert drills.server_counters(table, "odoo_http", "node9")["stot"] == 0
    before = {"stot": 10, "eresp": 2, "srv_abrt": 0, "wretr": 1, "wredis": 1}
    assert drills.counters_delta(before, after) == {
        "stot": 5,
        "eresp": 0,
        "srv_abrt": 1,
        "wretr": 3,
        "wredis": 2,
    }


def test_session_ids_of_a_backend():
    text = (
        "0x55d5c4a7c400: proto=tcpv4 src=127.0.0.1:43210 fe=wxf be=odoo_http"
        " srv=node1 ts=00 age=2s\n0x55d5c4a7d800: proto=tcpv4 src=127.0.0.1:1"
        " fe=wxf be=<NONE> srv=<none> ts=00 age=0s\n0x55d5c4a7e000:"
        " proto=tcpv4 src=127.0.0.1:2 fe=wxf be=odoo_green srv=green1 ts=00\n"
    )
    assert drills.session_ids(text, "odoo_http") == {"0x55d5c4a7c400"}
    assert drills.session_ids(text, "odoo_green") == {"0x55d5c4a7e000"}


def test_interleave_and_marker():
    tasks = traffic.interleave(["/fb/a", "/fb/b"], [5, 6], 3, pages=("/p1", "/p2"))
    assert [(t.kind, t.target, t.order_id) for t in tasks] == [
        (H5, "/fb/a", 5),
        (PORTAL, "/p1", 0),
        (H5, "/fb/b", 6),
        (PORTAL, "/p2", 0),
        (PORTAL, "/p1", 0),
    ]
    assert traffic.marker("c1", 42) == "[drill c1:42]"
    assert traffic.parse_marked('noise\nDRILL{"a": 1}\n') == {"a": 1}
    assert traffic.parse_marked("nothing") is None


def test_traffic_retries_errors_and_deferred_writes(monkeypatch):
    """The driver with a fake transport: an H5 task answered 502 once, then
    503 by the freeze, then accepted; a portal view accepted at once."""
    answers = {
        "/fb/a": [(502, {}), (503, {drills.FREEZE_HEADER: "1", "Retry-After": "0"})],
    }
    lock = threading.Lock()

    class Answer:
        def __init__(self, status, headers):
            self.status_code, self.headers = status, headers
            self.is_redirect = status in (301, 302, 303, 307, 308)

    class Session:
        def post(self, url, **_kw):
            with lock:
                queue = answers[url.removeprefix("http://x")]
                if queue:
                    return Answer(*queue.pop(0))
            return Answer(303, {"Location": url + "?done=1"})

        def get(self, url, **_kw):
            if url == "http://x/my/feedback":  # the website's language prefix
                return Answer(303, {"Location": "/zh_CN/my/feedback"})
            return Answer(200, {})

    monkeypatch.setattr(requests, "Session", Session)  # traffic imports it late
    monkeypatch.setattr(drills, "backoff", lambda number: 0.0)
    tasks = traffic.interleave(["/fb/a"], [1], 1)
    load = traffic.Traffic("http://x", tasks, [Session(), Session()], "r").start()
    assert load.wait(10)
    outcomes = [(a.task, a.number, a.outcome) for a in load.snapshot()]
    assert sorted(outcomes) == [
        (0, 1, ERROR),
        (0, 2, DEFERRED),
        (0, 3, ACCEPTED),
        (1, 1, ACCEPTED),
    ]


# ------------------------------------------------------------------ blue-green


def test_bluegreen_haproxy_config_is_valid_and_complete(tmp_path):
    from wxflib import bluegreen, cluster

    original = cluster.haproxy_config(
        8160,
        [("node1", 8161, 8163), ("node2", 8162, 8164)],
        tmp_path / "haproxy.sock",
        tmp_path / "haproxy.pid",
    )
    colour, freeze = tmp_path / "colour.map", tmp_path / "freeze.map"
    colour.write_text("http odoo_http\nws odoo_websocket\n")
    freeze.write_text("")
    text = bluegreen.haproxy_config(
        original, [("green1", 8170, 8171), ("green2", 8172, 8173)], colour, freeze
    )
    path = tmp_path / "drill.cfg"
    path.write_text(text)
    check = subprocess.run(
        ["haproxy", "-c", "-f", str(path)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "default_backend" not in text
    assert f"map({colour},odoo_http)" in text
    assert "hdr X-Wx-Write-Freeze 1 if wx_frozen !METH_GET" in text
    green = text[text.index("backend odoo_green\n") :]
    assert "server green1 127.0.0.1:8170 check" in green
    assert "server node1" not in green.split("backend odoo_green_ws")[0]
    assert (
        "server green2 127.0.0.1:8173 check" in green.split("backend odoo_green_ws")[1]
    )
    # the green backends keep blue's health checks and retry rules
    assert green.count("retry-on") == 2
    assert "disable-l7-retry unless METH_GET" in green
    with pytest.raises(ValueError):
        bluegreen.haproxy_config("global\n", [], colour, freeze)


def test_colours_and_copy_check():
    from wxflib import bluegreen

    assert bluegreen.colour_of("odoo_green/green1") == "green"
    assert bluegreen.colour_of("odoo_http/node2") == "blue"
    assert bluegreen.colour_of("") == ""
    attempts = [
        attempt(0, 1, 0, 1, ACCEPTED, node="odoo_http/node1"),
        attempt(1, 1, 0, 1, DEFERRED),
        attempt(1, 2, 2, 3, ACCEPTED, node="odoo_green/green1"),
        attempt(2, 1, 0, 1, ACCEPTED, kind=PORTAL, node="odoo_http/node2"),
        attempt(3, 1, 4, 5, ACCEPTED, node="odoo_http/node2"),
    ]
    kinds = {0: H5, 1: H5, 2: PORTAL, 3: H5}
    colours = bluegreen.accepted_by_colour(attempts, kinds)
    assert colours == {0: "blue", 1: "green", 3: "blue"}
    orders = {0: 10, 1: 11, 3: 13}
    blue = {10: (1, 1), 11: (0, 0), 13: (1, 1)}
    green = {10: (1, 1), 11: (1, 1), 13: (0, 0)}
    # 11 went to green only (lost for blue by the rollback), 13 came after it
    assert bluegreen.copy_check(colours, orders, blue, green, {0}) == (0, 0, 0, 1)
    # accepted by blue before the freeze but not copied; a duplicate on green
    green_bad = {10: (0, 0), 11: (2, 1), 13: (0, 0)}
    assert bluegreen.copy_check(colours, orders, blue, green_bad, {0}) == (
        0,
        1,
        1,
        1,
    )
    blue_lost = {10: (1, 1), 11: (0, 0), 13: (0, 0)}
    assert bluegreen.copy_check(colours, orders, blue_lost, green, {0})[0] == 1


def test_tasks_source_mixes_then_reads_only():
    from wxflib import bluegreen

    task_at = bluegreen.tasks_source(["/fb/a", "/fb/b"], [1, 2], h5_share=3)
    kinds = [task_at(i).kind for i in range(9)]
    assert kinds == [H5, PORTAL, PORTAL, H5, PORTAL, PORTAL, PORTAL, PORTAL, PORTAL]
    assert task_at(3).order_id == 2


def test_cluster_drill_names_the_causes_of_unexplained_errors():
    from wxflib.cluster_drill import _by_cause

    assert _by_cause({}) == ""
    assert _by_cause({"ReadTimeout": 1, "503": 3}) == (
        " (by cause: 503 x3, ReadTimeout x1)"
    )
