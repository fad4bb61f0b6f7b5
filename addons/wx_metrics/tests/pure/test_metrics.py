# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from wx_metrics.tools import access, gauges, metrics

ROOT = Path(__file__).resolve().parents[4]

# --- labels -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path, group",
    [
        ("/fb/12/7/1790000000/abcdef", "h5"),
        ("/fb/survey/3/tok", "survey"),
        ("/survey/start/x", "survey"),
        ("/my/orders/5", "portal"),
        ("/my", "portal"),
        ("/submitted/ticket", "portal"),
        ("/json/2/wx.feedback/submit_feedback", "json2"),
        ("/web/dataset/call_kw/x", "backend"),
        ("/odoo/action-1", "backend"),
        ("/web", "backend"),
        ("/metrics", "other"),
        ("/", "other"),
        ("", "other"),
        ("/fbx", "other"),
        ("/myself", "portal"),
    ],
)
def test_route_group(path, group):
    assert metrics.route_group(path) == group
    assert group in metrics.ROUTE_GROUPS


@pytest.mark.parametrize(
    "status, klass",
    [
        (200, "2xx"),
        ("200 OK", "2xx"),
        ("303 SEE OTHER", "3xx"),
        (404, "4xx"),
        ("429 TOO MANY REQUESTS", "4xx"),
        ("500 INTERNAL SERVER ERROR", "5xx"),
        ("garbage", "5xx"),
        (999, "5xx"),
        (42, "5xx"),
    ],
)
def test_status_class(status, klass):
    assert metrics.status_class(status) == klass


def test_websockets_are_not_timed():
    assert not metrics.timed("/websocket")
    assert metrics.timed("/fb/1/2/3/x")


# --- access -----------------------------------------------------------------

NETS = access.parse_networks("127.0.0.1, 10.0.0.0/8 ::1")


def test_closed_when_nothing_is_configured():
    verdict = access.check("", (), "Bearer x", "127.0.0.1")
    assert verdict.status == 403 and "closed" in verdict.reason


@pytest.mark.parametrize(
    "authorization, status",
    [
        (None, 401),
        ("", 401),
        ("Bearer", 401),
        ("Basic c2VjcmV0", 401),
        ("Bearer wrong", 401),
        ("Bearer secret-token-1", 200),
        ("bearer secret-token-1", 200),
    ],
)
def test_token(authorization, status):
    assert access.check("secret-token-1", (), authorization, "8.8.8.8").status == (
        status
    )


@pytest.mark.parametrize(
    "address, status",
    [
        ("127.0.0.1", 200),
        ("10.20.30.40", 200),
        ("::1", 200),
        ("::ffff:10.0.0.1", 200),
        ("192.168.1.2", 403),
        ("", 403),
        (None, 403),
        ("not-an-ip", 403),
    ],
)
def test_allow_list(address, status):
    assert access.check("", NETS, None, address).status == status


def test_both_must_pass():
    assert access.check("t", NETS, "Bearer t", "192.168.1.2").status == 403
    assert access.check("t", NETS, "Bearer u", "127.0.0.1").status == 401
    assert access.check("t", NETS, "Bearer t", "127.0.0.1").status == 200


def test_bad_allow_list_is_an_error():
    with pytest.raises(ValueError):
        access.parse_networks("127.0.0.1, nonsense")
    assert access.parse_networks("") == ()


# --- the multiprocess directory -----------------------------------------------


def test_owner_wipes_and_children_reuse(tmp_path):
    env = {}
    directory = metrics.prepare_directory(tmp_path, env, pid=os.getpid())
    assert directory == tmp_path / str(os.getpid())
    (directory / "counter_1.db").write_text("x")
    # a child (the gevent worker re-executed by Odoo) keeps it as it is
    again = metrics.prepare_directory(tmp_path, env, pid=os.getpid() + 1)
    assert again == directory and (directory / "counter_1.db").exists()
    # the owner starting again wipes it
    metrics.prepare_directory(tmp_path, env, pid=os.getpid())
    assert list(directory.iterdir()) == []


def test_stale_server_directories_are_removed(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (tmp_path / dead).mkdir()
    (tmp_path / dead / "counter_9.db").write_text("x")
    alive = tmp_path / str(os.getppid())
    alive.mkdir()
    metrics.prepare_directory(tmp_path, {}, pid=os.getpid())
    assert not (tmp_path / dead).exists()
    assert alive.exists()


def test_a_start_script_directory_is_wiped(tmp_path):
    given = tmp_path / "given"
    given.mkdir()
    (given / "gauge_livesum_1.db").write_text("x")
    env = {metrics.ENV_DIR: str(given)}
    assert metrics.prepare_directory(tmp_path, env, pid=123) == given
    assert list(given.iterdir()) == []
    assert env[metrics.ENV_OWNER] == "123"


# --- aggregation across processes ---------------------------------------------

DRIVER = r"""
import json, multiprocessing, os, sys, types
package = types.ModuleType("wx_metrics")  # its __init__ would load Odoo
package.__path__ = [os.path.join(sys.argv[1], "wx_metrics")]
sys.modules["wx_metrics"] = package
from wx_metrics.tools import metrics
directory = metrics.setup(sys.argv[2])

def worker(n, conn):
    for i in range(n):
        metrics.observe_request("/fb/1/2/3/sig", 200, 0.2)
    metrics.observe_request("/web/dataset/call_kw", "500 INTERNAL SERVER ERROR", 2.0)
    metrics.count_submission("h5", "created")
    metrics.count_ticket("Logistics")
    metrics.observe_nlp(0.003)
    metrics.in_progress("/fb/1/2/3/sig").inc()
    conn.send(os.getpid())
    conn.recv()  # stay alive until told

ctx = multiprocessing.get_context("fork")
procs, pipes = [], []
for n in (3, 5):
    mine, theirs = ctx.Pipe()
    proc = ctx.Process(target=worker, args=(n, theirs))
    proc.start()
    procs.append(proc); pipes.append(mine)
pids = [pipe.recv() for pipe in pipes]
live, _ = metrics.render("", directory)
for pipe in pipes:
    pipe.send("bye")
for proc in procs:
    proc.join()
metrics.mark_dead(pids[0])
after, content_type = metrics.render("", directory)
print(json.dumps({"live": live.decode(), "after": after.decode(),
                  "type": content_type, "files": len(os.listdir(directory))}))
"""


def samples(text):
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


@pytest.fixture(scope="module")
def aggregated(tmp_path_factory):
    base = tmp_path_factory.mktemp("prom")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PROMETHEUS", "WX_"))
    }
    out = subprocess.run(
        [sys.executable, "-c", DRIVER, str(ROOT / "addons"), str(base)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(out.stdout)


def test_two_workers_are_summed(aggregated):
    live = samples(aggregated["live"])
    h5 = (("route_group", "h5"), ("status_class", "2xx"))
    assert live[("wx_http_request_duration_seconds_count", h5)] == 8
    assert live[("wx_http_request_duration_seconds_sum", h5)] == pytest.approx(1.6)
    bucket = (*h5[:1], ("le", "0.25"), h5[1])
    assert live[("wx_http_request_duration_seconds_bucket", tuple(sorted(bucket)))] == 8
    below = tuple(sorted((*h5, ("le", "0.1"))))
    assert live[("wx_http_request_duration_seconds_bucket", below)] == 0
    errors = (("route_group", "backend"), ("status_class", "5xx"))
    assert live[("wx_http_request_duration_seconds_count", errors)] == 2
    assert (
        live[
            (
                "wx_feedback_submissions_total",
                (("channel", "h5"), ("outcome", "created")),
            )
        ]
        == 2
    )
    assert live[("wx_helpdesk_tickets_opened_total", (("team", "Logistics"),))] == 2
    assert live[("wx_nlp_analysis_duration_seconds_count", ())] == 2
    assert live[("wx_http_requests_in_progress", (("route_group", "h5"),))] == 2


def test_dead_workers_leave_the_live_gauge_and_keep_their_counts(aggregated):
    after = samples(aggregated["after"])
    assert after[("wx_http_requests_in_progress", (("route_group", "h5"),))] == 1
    h5 = (("route_group", "h5"), ("status_class", "2xx"))
    assert after[("wx_http_request_duration_seconds_count", h5)] == 8


def test_text_format_by_default(aggregated):
    assert aggregated["type"].startswith("text/plain; version=0.0.4")
    text = aggregated["live"]
    assert text.endswith("\n")
    assert "# TYPE wx_http_request_duration_seconds histogram" in text
    assert 'le="+Inf"' in text


def test_label_names_are_the_low_cardinality_ones(aggregated):
    allowed = {
        "wx_http_request_duration_seconds": {"route_group", "status_class"},
        "wx_http_requests_in_progress": {"route_group"},
        "wx_feedback_submissions": {"channel", "outcome"},
        "wx_helpdesk_tickets_opened": {"team"},
        "wx_nlp_analysis_duration_seconds": set(),
    }
    seen = set()
    for family in text_string_to_metric_families(aggregated["live"]):
        seen.add(family.name)
        for sample in family.samples:
            assert set(sample.labels) - {"le"} <= allowed[family.name], sample
    assert seen == set(allowed)


def test_disabled_process_records_nothing(monkeypatch):
    monkeypatch.setattr(metrics.STATE, "enabled", False)
    metrics.observe_request("/fb/1", 200, 1.0)  # no error, no metric object
    metrics.count_submission("h5", "created")
    assert metrics.in_progress("/fb/1") is None


# --- database gauges ----------------------------------------------------------


def test_database_gauges():
    from prometheus_client import CollectorRegistry, generate_latest

    snapshot = gauges.Snapshot(
        sla=[
            ("Logistics", "at_risk", 2),
            ("Logistics", "breached", 5),
            (None, "breached", 1),
        ],
        outbox=[
            ("sms", "queued", 3, 120.0),
            ("sms", "failed", 1, 900.5),
            ("sms", "dead", 4, 99999.0),
            ("wecom_robot", "sending", 1, 5.0),
        ],
        crons=[("wx_push.ir_cron_send", 42.0), ("base.autovacuum", -30.0)],
    )
    registry = CollectorRegistry()
    registry.register(gauges.DatabaseCollector(snapshot))
    got = samples(generate_latest(registry).decode())
    assert got[("wx_sla_lines", (("state", "breached"), ("team", "Logistics")))] == 5
    assert got[("wx_sla_lines", (("state", "breached"), ("team", "none")))] == 1
    assert (
        got[("wx_push_outbox_messages", (("channel", "sms"), ("state", "dead")))] == 4
    )
    # dead letters do not make the outbox look stuck
    assert got[("wx_push_outbox_oldest_age_seconds", (("channel", "sms"),))] == 900.5
    assert got[("wx_cron_lag_seconds", (("job", "base.autovacuum"),))] == 0
    assert got[("wx_cron_lag_seconds", (("job", "wx_push.ir_cron_send"),))] == 42
    assert got[("wx_metrics_database_up", ())] == 1
