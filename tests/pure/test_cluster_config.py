# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The pure parts of ``./wxf cluster`` (scripts/wxflib/cluster.py): the
HAProxy configuration (checked by the real ``haproxy -c``), the nodes'
options, the Redis URL. The cluster itself is tested with its real services
by tests/cluster/test_cluster.py."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from wxflib import cluster

NODES = [("node1", 8161, 8163), ("node2", 8162, 8164)]


def config(tmp_path):
    return cluster.haproxy_config(
        8160, NODES, tmp_path / "haproxy.sock", tmp_path / "haproxy.pid"
    )


def test_haproxy_accepts_the_configuration(tmp_path):
    assert shutil.which("haproxy"), "HAProxy is missing: ./wxf deps --install-deps"
    path = tmp_path / "haproxy.cfg"
    path.write_text(config(tmp_path), encoding="utf-8")
    check = subprocess.run(
        ["haproxy", "-c", "-f", str(path)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    # and refuses a broken one (the check is not a formality)
    path.write_text(config(tmp_path).replace("balance roundrobin", "balance nope"))
    check = subprocess.run(
        ["haproxy", "-c", "-f", str(path)], capture_output=True, text=True, check=False
    )
    assert check.returncode != 0


def test_haproxy_routes_retries_and_checks(tmp_path):
    text = config(tmp_path)
    http = text.split("\nbackend odoo_http\n", 1)[1].split("\nbackend ", 1)[0]
    ws = text.split("\nbackend odoo_websocket\n", 1)[1]
    assert "server node1 127.0.0.1:8161 check" in http
    assert "server node2 127.0.0.1:8162 check" in http
    assert "server node1 127.0.0.1:8163 check" in ws
    assert "use_backend odoo_websocket if websocket" in text
    assert "acl websocket path_beg /websocket" in text
    # health checks with a Host header (Odoo 19 answers 500 without one)
    assert text.count("uri /web/health ver HTTP/1.1 hdr Host") == 2
    # L7 retries only for safe methods; connection failures for all
    assert "disable-l7-retry unless METH_GET or { method HEAD OPTIONS }" in http
    assert "retry-on conn-failure\n" in ws
    assert "option redispatch" in text
    assert f"stats socket {tmp_path / 'haproxy.sock'} mode 600 level admin" in text
    # requests queue in HAProxy (a node takes as many as it has workers), a
    # check waits 20 s at most, a refused connection marks a node down at once
    assert "maxconn 2 observe layer4 error-limit 1 on-error mark-down" in http
    assert "maxconn" not in ws.split("\n    server ")[0]
    assert "    timeout check 20s\n" in text


def test_node_options_point_reads_at_the_replica():
    options = cluster.node_options(
        db="wxf_cluster",
        http_port=8161,
        gevent_port=8163,
        primary_port=55440,
        replica_port=55441,
        data_dir="/d",
        logfile="/l",
        pidfile="/p",
        workers=2,
    )
    assert options["db_port"] == "55440"
    assert options["db_replica_host"] == "127.0.0.1"
    assert options["db_replica_port"] == "55441"
    assert options["workers"] == "2"
    assert int(options["max_cron_threads"]) >= 1
    assert options["proxy_mode"] == "True"
    assert options["server_wide_modules"].split(",")[-1] == "session_db"
    assert options["dbfilter"] == "^wxf_cluster$"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/8"),
        ("redis://127.0.0.1:6379", "redis://127.0.0.1:6379/8"),
        ("unix:///x/redis.sock?db=0", "unix:///x/redis.sock?db=8"),
        (None, None),
    ],
)
def test_redis_gets_a_database_of_its_own(url, expected):
    assert cluster.redis_with_db(url, 8) == expected


def test_status_of_a_cluster_that_is_down():
    lines = cluster.final_status_lines({"state": "down", "workdir": "/w"})
    assert lines == ["cluster: down (/w)"]
