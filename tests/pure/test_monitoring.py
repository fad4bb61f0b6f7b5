# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The pure parts of ./wxf monitoring-drill, and the shipped alert rules
checked and unit-tested by promtool (installed by ./wxf deps; CI has it)."""

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from wxflib import monitoring

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "config" / "prometheus"
promtool = pytest.mark.skipif(
    not shutil.which("promtool"), reason="promtool missing: ./wxf deps --install-deps"
)


def run_promtool(*args):
    out = subprocess.run(
        ["promtool", *map(str, args)], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


@promtool
def test_promtool_check_rules():
    out = run_promtool("check", "rules", RULES / "wx_rules.yml")
    assert "SUCCESS: 10 rules found" in out


@promtool
def test_promtool_rule_unit_tests():
    run_promtool("test", "rules", RULES / "wx_rules_test.yml")


@promtool
def test_drill_config_is_valid(tmp_path):
    token = tmp_path / "token"
    token.write_text("t")
    path = tmp_path / "prometheus.yml"
    path.write_text(
        monitoring.prometheus_config("127.0.0.1:8181", token, RULES / "wx_rules.yml")
    )
    run_promtool("check", "config", path)


def test_drill_config_scrapes_with_the_token_file(tmp_path):
    config = json.loads(
        monitoring.prometheus_config("h:1", tmp_path / "t", "r.yml", db="d")
    )
    job = config["scrape_configs"][0]
    assert job["job_name"] == "wanxiang-odoo"  # the job the NoScrape alert watches
    assert job["authorization"] == {
        "type": "Bearer",
        "credentials_file": str(tmp_path / "t"),
    }
    assert job["params"] == {"db": ["d"]}
    assert config["rule_files"] == ["r.yml"]


def test_the_alert_the_drill_waits_for_is_shipped():
    text = (RULES / "wx_rules.yml").read_text()
    assert f"alert: {monitoring.ALERT}" in text
    assert "for: 5m" in text.split(f"alert: {monitoring.ALERT}")[1].split("- alert")[0]
    assert "> 0.5" in text.split(f"alert: {monitoring.ALERT}")[1].split("- alert")[0]


def test_vector_value():
    ok = {"status": "success", "data": {"result": [{"value": [1, "42.5"]}]}}
    assert monitoring.vector_value(ok) == 42.5
    assert (
        monitoring.vector_value({"status": "success", "data": {"result": []}}) is None
    )
    assert monitoring.vector_value({"status": "error"}) is None
    assert monitoring.vector_value(None) is None
    bad = {"status": "success", "data": {"result": [{"value": [1, "NaN?"]}]}}
    assert monitoring.vector_value(bad) is None


def alerts(*pairs):
    return {
        "status": "success",
        "data": {
            "alerts": [{"labels": {"alertname": n}, "state": s} for n, s in pairs]
        },
    }


def test_alert_state():
    assert monitoring.alert_state(alerts()) is None
    assert monitoring.alert_state(alerts(("WxCronLag", "firing"))) is None
    assert monitoring.alert_state(alerts(("WxH5ApiSlow", "pending"))) == "pending"
    assert (
        monitoring.alert_state(
            alerts(("WxH5ApiSlow", "pending"), ("WxH5ApiSlow", "firing"))
        )
        == "firing"
    )
    assert monitoring.alert_state({"status": "error"}) is None


def test_worker_pids(tmp_path):
    for name in ("histogram_101.db", "counter_102.db", "gauge_livesum_101.db", "x.txt"):
        (tmp_path / name).write_text("")
    assert monitoring.worker_pids(tmp_path) == {101, 102}


def test_final_line():
    assert monitoring.final_line(True, True, 0.7375) == (
        "metrics=ok alert_fired=yes p95_seen_ms=738"
    )
    assert monitoring.final_line(False, False, None) == (
        "metrics=FAILED alert_fired=no p95_seen_ms=none"
    )


def test_alert_samples_are_counted_from_prometheus_storage():
    assert monitoring.alert_samples_query(121.4) == (
        'count_over_time(ALERTS{alertname="WxH5ApiSlow"}[121s])'
    )
    none = {"status": "success", "data": {"result": []}}
    assert monitoring.sample_count(none) == 0
    some = {"status": "success", "data": {"result": [{"value": [1, "3"]}]}}
    assert monitoring.sample_count(some) == 3
    assert monitoring.sample_count({"status": "error"}) is None
    assert monitoring.sample_count(None) is None
    assert monitoring.max_over("x", 0.2) == "max_over_time(x[1s])"


def test_baseline_must_be_calm_and_known():
    assert monitoring.baseline_ok(0, 0.21)
    assert monitoring.baseline_ok(0, 0.5)
    assert not monitoring.baseline_ok(1, 0.21)  # pending once: no proof
    assert not monitoring.baseline_ok(None, 0.21)  # query failed
    assert not monitoring.baseline_ok(0, None)  # no p95 computed
    assert not monitoring.baseline_ok(0, float("nan"))
    assert not monitoring.baseline_ok(0, 0.51)


def test_percentile_is_nearest_rank():
    values = [i / 100 for i in range(1, 101)]
    assert monitoring.percentile(values, 0.95) == 0.95
    assert monitoring.percentile([0.3], 0.95) == 0.3
    assert monitoring.percentile([], 0.95) is None


def test_phase_lines():
    assert monitoring.baseline_line(0.2004, 0.31, 0.18, 0, 400, 120.2) == (
        "baseline_p95_ms=200 baseline_p95_max_ms=310 client_p95_ms=180"
        " requests=400 seconds=120 alert=inactive"
    )
    assert monitoring.baseline_line(None, None, None, 2, 0, 1).endswith(
        "alert=PENDING_OR_FIRING"
    )
    assert monitoring.baseline_line(0.1, 0.1, 0.1, None, 1, 1).endswith("alert=unknown")
    assert monitoring.delay_line(700, 8.4, 309.6, 0.82) == (
        "delay_ms=700 pending_after_s=8 firing_after_s=310 client_p95_ms=820"
    )
    assert monitoring.delay_line(700, None, None, None) == (
        "delay_ms=700 pending_after_s=never firing_after_s=never client_p95_ms=none"
    )


class FakeGet:
    """``serve.http_get`` answering after ``seconds``, recording headers."""

    def __init__(self, seconds=0.0):
        self.seconds, self.headers = seconds, []

    def __call__(self, url, headers=None, timeout=30):
        self.headers.append(dict(headers or {}))
        time.sleep(self.seconds)
        return 200, b"ok"


def test_traffic_switches_the_delay_for_the_same_clients(monkeypatch):
    fake = FakeGet(0.01)
    monkeypatch.setattr(monitoring.serve, "http_get", fake)
    with monitoring.Traffic("http://x", ["/fb/a", "/fb/b"], 2, 0.01) as traffic:
        time.sleep(0.2)
        calm = traffic.phase(slow=True)
        time.sleep(0.2)
        slowed = traffic.phase(slow=False)
    assert calm and slowed
    assert all(0.01 <= x < 1 for x in calm + slowed)
    marked = [h for h in fake.headers if h.get(monitoring.SLOW_HEADER) == "1"]
    assert marked and len(marked) < len(fake.headers)
    assert traffic.sent == len(fake.headers) == traffic.statuses[200]
