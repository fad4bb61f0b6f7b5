# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The capacity model's arithmetic (scripts/wxflib/capacity.py)."""

import math

import pytest
from wxflib import capacity

MEASURED = capacity.Measured(
    odoo_cpu_ms=100.0,
    pg_cpu_ms=20.0,
    service_ms=150.0,
    service_p95_ms=200.0,
    downstream_odoo_cpu_ms=300.0,
    downstream_pg_cpu_ms=40.0,
    job_ms=250.0,
    db_bytes=50 * 1024,
    index_bytes=20 * 1024,
    wal_bytes=100 * 1024,
    photo_bytes=300 * 1024,
    rows=60.0,
    audit_rows=30.0,
    audit_bytes=20 * 1024,
)


def test_peak_rate_is_the_busiest_minute():
    assume = capacity.Assumptions(peak_hour_share=0.15, burst=2.0)
    # 100,000 a day, 15 % in the busiest hour = 15,000 an hour = 4.17/s,
    # twice that in its busiest minute
    assert capacity.peak_hour_rate(100_000, assume) == pytest.approx(15_000 / 3600)
    assert capacity.peak_rate(100_000, assume) == pytest.approx(2 * 15_000 / 3600)


def test_web_cores_workers_and_nodes():
    assume = capacity.Assumptions(cpu_target=0.5, node_cores=4, min_nodes=2)
    fig = capacity.plan(1_000_000, MEASURED, assume).figures
    rate = 1_000_000 * 0.15 / 3600 * 2  # 83.3/s
    assert fig["peak_rate"] == pytest.approx(rate)
    # 100 ms of CPU each at 50 % utilisation: 16.7 cores, 5 nodes of 4
    assert fig["web_cores"] == pytest.approx(rate * 0.1 / 0.5)
    assert fig["nodes"] == 5
    # 83.3/s * 0.15 s = 12.5 busy workers, planned at 50 %: 25 workers,
    # whose queue keeps the p95 far under 500 ms
    assert fig["web_workers"] == math.ceil(rate * 0.15 / 0.5)
    assert fig["p95_ms"] == pytest.approx(200.0)
    assert fig["workers_per_node"] == math.ceil(fig["web_workers"] / 5)


def test_erlang_c():
    # one worker: a request waits with the probability that it is busy
    assert capacity.erlang_c(1, 0.7) == pytest.approx(0.7)
    # two workers, one erlang: 1/3 (textbook value)
    assert capacity.erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert capacity.erlang_c(3, 3.0) == 1.0
    # M/M/1: P(wait > t) = rho exp(-(mu - lambda) t)
    rate, service_ms = 3.0, 200.0
    expected = math.log(0.6 / 0.05) / (5.0 - 3.0) * 1000
    assert capacity.p95_wait_ms(rate, 1, service_ms) == pytest.approx(expected)
    assert capacity.p95_wait_ms(rate, 4, service_ms) == 0.0
    assert capacity.p95_wait_ms(6.0, 1, service_ms) == math.inf


def test_workers_are_added_until_the_p95_target_holds():
    slow = capacity.Measured(**{**MEASURED.__dict__, "service_p95_ms": 450.0})
    assume = capacity.Assumptions(cpu_target=1.0)
    rate = 4.0  # 0.6 busy workers
    workers = capacity.web_workers(rate, slow, assume)
    assert workers > 1  # one worker at 60 % busy queues too long for 50 ms
    assert capacity.p95_wait_ms(rate, workers, 150.0) <= 50.0
    assert capacity.p95_wait_ms(rate, workers - 1, 150.0) > 50.0
    # one submission alone over the target: no worker count helps, the
    # plan keeps the CPU-based count and says why
    too_slow = capacity.Measured(**{**MEASURED.__dict__, "service_p95_ms": 600.0})
    assert capacity.web_workers(rate, too_slow, assume) == 1
    result = capacity.plan(10_000, too_slow)
    assert result.figures["p95_ms"] >= 600.0
    assert [what for what, _ in capacity.limits(result)] == ["p95"]


def test_small_volumes_keep_two_nodes():
    fig = capacity.plan(10_000, MEASURED).figures
    assert fig["web_cores"] < 1
    assert fig["nodes"] == 2
    assert fig["web_workers"] >= 1


def test_downstream_is_sized_on_the_peak_hour_not_the_burst():
    assume = capacity.Assumptions(burst=3.0, cpu_target=1.0)
    fig = capacity.plan(36_000, MEASURED, assume).figures
    hour_rate = 36_000 * 0.15 / 3600  # 1.5/s
    assert fig["cron_cores"] == pytest.approx(hour_rate * 0.3)
    # PostgreSQL: the request part at the burst, the rest at the hour's mean
    expected = (hour_rate * 3 * 20 + hour_rate * 40) / 1000 / assume.pg_cpu_target
    assert fig["pg_cores"] == pytest.approx(expected)


def test_growth_per_day_and_year():
    assume = capacity.Assumptions(photo_share=0.5)
    fig = capacity.plan(10_000, MEASURED, assume).figures
    assert fig["db_bytes_day"] == 10_000 * 50 * 1024
    assert fig["db_bytes_year"] == 365 * fig["db_bytes_day"]
    assert fig["wal_bytes_day"] == 10_000 * 100 * 1024
    assert fig["photo_bytes_day"] == 5_000 * 300 * 1024
    assert fig["audit_rows_year"] == 10_000 * 30 * 365
    assert fig["hot_index_bytes"] == 10_000 * 20 * 1024 * assume.hot_days


def test_limits_name_what_one_primary_cannot_take():
    small = capacity.plan(10_000, MEASURED)
    assert capacity.limits(small) == []
    assume = capacity.Assumptions(pg_cores=2, ram_gb=8, pg_connections=20)
    # 1,000,000 a day: 83/s; 2 cores at 60 % take 1.2 s of CPU a second;
    # 90 days of indexes are 1.7 TiB
    big = capacity.plan(1_000_000, MEASURED, assume)
    assert {what for what, _why in capacity.limits(big, assume)} == {
        "serial job",
        "cpu",
        "connections",
        "size",
    }


def test_max_daily_is_where_the_primary_cpu_is_used_up():
    assume = capacity.Assumptions(pg_cores=8, pg_cpu_target=0.6)
    most = capacity.max_daily(MEASURED, assume)
    assert capacity.plan(round(most), MEASURED, assume).figures[
        "pg_share"
    ] == pytest.approx(1.0, rel=1e-4)
    assert all(
        what != "cpu"
        for what, _ in capacity.limits(
            capacity.plan(int(most * 0.99), MEASURED, assume), assume
        )
    )
    assert any(
        what == "cpu"
        for what, _ in capacity.limits(
            capacity.plan(int(most * 1.01), MEASURED, assume), assume
        )
    )


def test_best_rate_keeps_the_steps_within_the_p95_target():
    steps = [(2.0, 0.2), (3.5, 0.45), (4.0, 0.8), (3.9, 0.501)]
    assert capacity.best_rate(steps) == 3.5
    assert capacity.best_rate(steps, p95_limit=1.0) == 4.0
    assert capacity.best_rate([(5.0, 0.9)]) == 0.0


def test_the_serial_job_limits_before_the_cores_do():
    assume = capacity.Assumptions(peak_hour_share=0.15)
    # 250 ms a feedback: 14,400 an hour in one worker, 96,000 a day at 15 %
    most = capacity.max_daily_serial(MEASURED, assume)
    assert most == pytest.approx(96_000)
    assert capacity.plan(96_000, MEASURED, assume).figures["job_share"] == (
        pytest.approx(1.0)
    )
    names = [what for what, _ in capacity.limits(capacity.plan(100_000, MEASURED))]
    assert "serial job" in names
    names = [what for what, _ in capacity.limits(capacity.plan(90_000, MEASURED))]
    assert "serial job" not in names
