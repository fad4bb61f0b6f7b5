# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The local cluster of ``./wxf cluster`` with its real services: PostgreSQL
primary and streaming replica, two prefork Odoo nodes, HAProxy, the S3 server,
Redis. One cluster for the whole module, made from a copy of a database that
has the addons and their demo data (``WXF_CLUSTER_TEST_DB``; ``./wxf test``
passes the one it tested), on ports of its own (8165-8169, 55442-55443,
55451) so that a ``./wxf cluster up`` may run beside it.

    WXF_CLUSTER_TEST_DB=wxf_demo .venv/bin/python -m pytest -c pytest.ini \\
        tests/cluster

or, against the cluster of ``./wxf cluster up`` (kept running; its
scheduled actions are moved to tomorrow), ``WXF_CLUSTER_TEST_RUNNING=1``.
"""

import json
import os
import re
import shutil
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import redis
import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from wxflib import checklog, traffic
from wxflib.cluster import Cluster

WORKDIR = ROOT / ".local" / "cluster-test"
DB = "wxf_cluster_test"
CRON_JOBS = 8
H5_POSTS = 3
READS = 6
RUN = f"{os.getpid()}x{int(time.time())}"  # this run's probe jobs

SETUP = (
    """
import json
from odoo import fields
# the cluster's copy had its scheduled actions moved to tomorrow before the
# nodes started (postpone_crons); a developer's cluster (./wxf cluster up)
# has them moved here, so that the cron workers run only the probe jobs below
env["ir.cron"].search([]).write(
    {"nextcall": fields.Datetime.add(fields.Datetime.now(), days=1)})
# delivered orders without feedback yet, one per H5 submission (VIP
# customers' among them: their feedback gives the salesperson a to-do whose
# assignment mail the nodes' cron sends)
"""
    + traffic.DEMO_ORDERS.replace("COUNT", "H5_POSTS")
    + """
# probe jobs: each lasts 2 seconds and leaves one ir.logging row per run
model = env["ir.model"]._get("res.partner")
crons = env["ir.cron"]
for index in range(CRON_JOBS):
    crons |= crons.create({
        "name": "wxf-cluster-probe-RUN-%d" % index,
        "model_id": model.id,
        "state": "code",
        "code": "time.sleep(2)\\nlog('wxf-cluster-probe-RUN-%d ran')" % index,
        "interval_number": 1,
        "interval_type": "days",
        "nextcall": fields.Datetime.add(fields.Datetime.now(), days=1),
        "active": True,
    })
env.cr.commit()
print("WXTEST" + json.dumps({"links": links, "crons": crons.ids}))
"""
)


@pytest.fixture(scope="module")
def cluster():
    if os.environ.get("WXF_CLUSTER_TEST_RUNNING"):
        # a developer's loop: the cluster of ./wxf cluster up, kept afterwards
        # (its scheduled actions are moved to tomorrow by the setup below)
        yield Cluster.current()
        return
    source = os.environ.get("WXF_CLUSTER_TEST_DB")
    if not source:
        pytest.fail(
            "WXF_CLUSTER_TEST_DB must name a database of the project's PostgreSQL"
            " with the addons and their demo data (./wxf test passes its own)"
        )
    running = Cluster.up(
        WORKDIR,
        from_db=source,
        reset=True,
        http_port=8165,
        pg_port=55442,
        s3_port=55451,
        db=DB,
        redis_db=9,
        postpone_crons=True,
    )
    try:
        yield running
    finally:
        if os.environ.get("WXF_CLUSTER_TEST_KEEP"):
            print(f"WXF_CLUSTER_TEST_KEEP: kept in {WORKDIR} (Cluster.current())")
        else:
            # the logs outlive the cluster (a failure is read afterwards)
            kept = ROOT / ".local" / "logs" / "cluster-test"
            shutil.rmtree(kept, ignore_errors=True)
            shutil.copytree(WORKDIR / "logs", kept, dirs_exist_ok=True)
            running.down()


@pytest.fixture(scope="module")
def setup(cluster):
    script = (
        SETUP.replace("H5_POSTS", str(H5_POSTS))
        .replace("CRON_JOBS", str(CRON_JOBS))
        .replace("RUN", RUN)
    )
    out = cluster.odoo_shell(script)
    line = next(row for row in out.splitlines() if row.startswith("WXTEST"))
    return json.loads(line[len("WXTEST") :])


def login(base, user, password=None):
    """A requests session logged in on ``base`` (one node or HAProxy)."""
    session = requests.Session()
    page = session.get(f"{base}/web/login", timeout=60)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{base}/web/login",
        data={"login": user, "password": password or user, "csrf_token": token},
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code == 303, answer.text[:500]
    assert "/web/login" not in answer.headers["Location"]
    return session


# the cursor mode at the end of a portal GET's request line (the website may
# have redirected to the user's language first: /zh_CN/my/...)
PORTAL_GET_MODE = (
    r'"GET /(?:[a-z]{2}_[A-Z]{2}/)?my/(?:feedback|data) HTTP/1.1" 200 .* (\S+)$'
)


def posts_in_log(cluster, name):
    text = cluster.node_log(name).read_text(encoding="utf-8", errors="replace")
    return len(re.findall(r'"POST /fb/\S+ HTTP/1.1" 303', text))


def test_topology(cluster):
    """The replica streams from the primary; HAProxy sees every node UP."""
    assert cluster.psql("SELECT pg_is_in_recovery()", replica=True) == "t"
    assert cluster.psql("SELECT pg_is_in_recovery()") == "f"
    assert cluster.psql("SELECT state FROM pg_stat_replication", db="postgres") == (
        "streaming"
    )
    states = cluster.server_states()
    assert states == {
        f"{backend}/{node}": "UP"
        for backend in ("odoo_http", "odoo_websocket")
        for node in cluster.node_names
    }
    # /websocket goes to a gevent port (HAProxy counts it in that backend)
    import websocket

    def websocket_sessions():
        lines = cluster.haproxy_cmd("show stat").splitlines()
        header = lines[0][2:].split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:]]
        return sum(
            int(row["stot"])
            for row in rows
            if row.get("pxname") == "odoo_websocket" and row.get("svname") == "BACKEND"
        )

    before = websocket_sessions()
    ws = websocket.create_connection(
        cluster.url.replace("http://", "ws://") + "/websocket?version=19.0-2",
        origin=cluster.url,
        timeout=60,
    )
    assert ws.getstatus() == 101
    ws.close()
    assert websocket_sessions() == before + 1
    # each node reads the replica's port from its configuration
    for name in cluster.node_names:
        text = cluster.node_config(name).read_text(encoding="utf-8")
        assert f"db_replica_port = {cluster.replica_port}" in text
        assert "session_db" in text


def test_session_made_on_one_node_works_on_the_other(cluster):
    node1, node2 = (cluster.node_urls[name] for name in cluster.node_names)
    session = login(node1, "wx_portal")
    sid = session.cookies["session_id"]
    # (the website may first redirect to the user's language: /zh_CN/my/...)
    page = session.get(f"{node2}/my/feedback", timeout=60)
    assert page.status_code == 200
    assert page.url.startswith(node2) and "/my/feedback" in page.url, page.url
    assert "周立群" in page.text  # wx_portal's name, on node 2's page
    # stored in PostgreSQL (session_db), not in a node's own folder
    stored = cluster.psql(
        f"SELECT count(*) FROM http_sessions WHERE sid = '{sid}'",
        db=cluster.sessions_db,
    )
    assert stored == "1"
    assert not list((cluster.workdir / "data").glob("sessions/*/*"))
    # a logout on node 2 ends the session on node 1 as well
    session.get(f"{node2}/web/session/logout", timeout=60)
    page = requests.get(
        f"{node1}/my/feedback",
        cookies={"session_id": sid},
        allow_redirects=False,
        timeout=60,
    )
    assert page.status_code == 303
    assert "/web/login" in page.headers["Location"]


def test_readonly_routes_served_by_the_replica(cluster, setup):
    """GET routes declared readonly=True run their SQL on the replica: the
    statements they run are counted there, and not one of them on the
    primary."""
    session = login(cluster.url, "wx_portal")
    cluster.reset_statements()
    for _index in range(READS):
        for path in ("/my/feedback", "/my/data", setup["links"][0]):
            answer = session.get(cluster.url + path, timeout=60)
            assert answer.status_code == 200, (path, answer.status_code)
            assert "/web/login" not in answer.url, path
    on_replica = cluster.statement_calls('%FROM "wx_feedback"%', replica=True)
    on_primary = cluster.statement_calls('%FROM "wx_feedback"%', replica=False)
    served = {queryid for queryid, calls in on_replica.items() if calls >= READS}
    assert served, on_replica
    assert not served & set(on_primary), (served, on_primary)
    orders = cluster.statement_calls('%FROM "sale_order"%', replica=True)
    assert sum(orders.values()) >= READS  # the H5 page reads its order there
    # Odoo's request log line ends with the cursor used: "ro" (replica),
    # "rw" or "ro->rw" (a readonly route that had to write)
    modes = []
    for name in cluster.node_names:
        text = cluster.node_log(name).read_text(encoding="utf-8", errors="replace")
        modes += re.findall(PORTAL_GET_MODE, text, re.MULTILINE)
    assert modes.count("ro") >= 2 * READS, modes
    assert set(modes) == {"ro"}, modes


def test_write_route_on_the_primary(cluster, setup):
    """The H5 submission (POST, read/write) inserts on the primary; the
    replica receives the rows by streaming replication."""
    before = int(cluster.psql("SELECT count(*) FROM wx_feedback"))
    cluster.reset_statements()
    shared = redis.Redis.from_url(cluster.redis_url)
    prefix = f"wx_feedback:rl:{cluster.db}:"
    for key in shared.scan_iter(f"{prefix}*"):
        shared.delete(key)
    posts_before = {name: posts_in_log(cluster, name) for name in cluster.node_names}
    for index, link in enumerate(setup["links"]):
        answer = requests.post(
            cluster.url + link,
            data={
                "rating": "2",
                "rating_delivery": "2",
                "categories": "delivery",
                "description": f"送晚了两个小时 (cluster test {index})",
                "phone": "13905910318",
            },
            allow_redirects=False,
            timeout=60,
        )
        assert answer.status_code == 303, answer.text[:500]
    # HAProxy spread them over both nodes, which counted their rate limits
    # in the one Redis: a key of the submissions counts every one of them
    took = {
        name: posts_in_log(cluster, name) - posts_before[name]
        for name in cluster.node_names
    }
    assert all(took.values()) and sum(took.values()) == len(setup["links"]), took
    counts = [int(shared.get(key)) for key in shared.scan_iter(f"{prefix}*")]
    assert counts and max(counts) == len(setup["links"]), counts
    inserts = sum(cluster.statement_calls('INSERT INTO "wx_feedback"%', False).values())
    assert inserts == len(setup["links"])
    assert not cluster.statement_calls('INSERT INTO "wx_feedback"%', replica=True)
    expected = str(before + len(setup["links"]))
    assert cluster.psql("SELECT count(*) FROM wx_feedback") == expected
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if cluster.psql("SELECT count(*) FROM wx_feedback", replica=True) == expected:
            break
        time.sleep(0.2)
    assert cluster.psql("SELECT count(*) FROM wx_feedback", replica=True) == expected


def test_attachments_on_s3_shared_by_the_nodes(cluster):
    """An attachment written through node 1 lands in the S3 bucket and node 2
    serves it (the admin's session made on node 1)."""
    import boto3

    node1, node2 = (cluster.node_urls[name] for name in cluster.node_names)
    session = login(node1, "admin")
    content = f"cluster attachment {time.time_ns()}".encode()
    answer = session.post(
        f"{node1}/web/dataset/call_kw/ir.attachment/create",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "ir.attachment",
                "method": "create",
                "args": [
                    {
                        "name": "cluster.txt",
                        "datas": __import__("base64").b64encode(content).decode(),
                        "mimetype": "text/plain",
                    }
                ],
                "kwargs": {},
            },
        },
        timeout=60,
    ).json()
    result = answer["result"]
    attachment_id = result[0] if isinstance(result, list) else result
    fname = cluster.psql(
        f"SELECT store_fname FROM ir_attachment WHERE id = {attachment_id}"
    )
    assert fname.startswith("wxf_s3://"), fname
    served = session.get(f"{node2}/web/content/{attachment_id}?download=1", timeout=60)
    assert served.status_code == 200
    assert served.content == content
    s3 = boto3.client(
        "s3",
        endpoint_url=cluster.s3_url,
        aws_access_key_id="wxf-cluster",
        aws_secret_access_key="wxf-cluster-secret",
        region_name="us-east-1",
    )
    keys = [
        item["Key"]
        for item in s3.list_objects_v2(Bucket=cluster.bucket).get("Contents", [])
    ]
    stored = [key for key in keys if fname.split("://", 1)[1].endswith(key)]
    stored += [key for key in keys if key.endswith(fname.split("://", 1)[1])]
    assert stored, (fname, keys[:20])
    body = s3.get_object(Bucket=cluster.bucket, Key=stored[0])["Body"].read()
    assert body == content


def test_cron_jobs_run_once_across_the_nodes(cluster, setup):
    """Both nodes' cron workers are woken for the same due jobs: Odoo's
    ir.cron claims each job with FOR NO KEY UPDATE SKIP LOCKED, so each runs
    exactly once, some on each node."""
    ids = ",".join(str(i) for i in setup["crons"])
    cluster.psql(
        "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') - interval '1 minute'"
        f" WHERE id IN ({ids})"
    )
    cluster.psql(f"SELECT pg_notify('cron_trigger', '{cluster.db}')", db="postgres")

    def runs():
        rows = cluster.psql(
            "SELECT message FROM ir_logging"
            f" WHERE message LIKE 'wxf-cluster-probe-{RUN}-%'"
        )
        return rows.splitlines()

    deadline = time.monotonic() + 150
    while time.monotonic() < deadline and len(set(runs())) < CRON_JOBS:
        time.sleep(1)
    time.sleep(5)  # a second run, if any, would be there by now
    done = runs()
    assert sorted(done) == sorted(
        f"wxf-cluster-probe-{RUN}-{i} ran" for i in range(CRON_JOBS)
    )
    started = {}
    for name in cluster.node_names:
        text = cluster.node_log(name).read_text(encoding="utf-8", errors="replace")
        started[name] = re.findall(
            rf"Job 'wxf-cluster-probe-{RUN}-(\d+)' \(\d+\) starting", text
        )
    everywhere = started["node1"] + started["node2"]
    assert sorted(everywhere) == sorted(str(i) for i in range(CRON_JOBS))
    assert started["node1"] and started["node2"], started
    late = cluster.psql(
        f"SELECT count(*) FROM ir_cron WHERE id IN ({ids})"
        " AND nextcall <= (now() AT TIME ZONE 'UTC')"
    )
    assert late == "0"


def test_node_logs_are_clean(cluster, setup):
    """No ERROR or WARNING line in the nodes' logs (.checklog-odoo.cfg
    applies, as to every Odoo log of ./wxf test)."""
    ignore = checklog.read_ignore_list(ROOT / ".checklog-odoo.cfg")
    for name in cluster.node_names:
        lines = cluster.node_log(name).read_text(encoding="utf-8").splitlines()
        assert checklog.bad_lines(lines, ignore) == [], name


def test_short_failover_drill(cluster):
    """``./wxf cluster-drill`` in small (scripts/wxflib/cluster_drill.py):
    H5 submissions and portal views through HAProxy while node 2 is killed
    and started again; every accepted submission stored exactly once, every
    error a request in flight on the killed node, the portal pages read on
    the replica. Last of the module: it kills a node (and its log then has
    the lines of a restart)."""
    from wxflib import cluster_drill

    options = SimpleNamespace(
        orders=40,
        portal_views=40,
        clients=8,
        kill_at=0.3,
        kill=None,
        down_seconds=1.0,
        timeout=600,
    )
    ok, line = cluster_drill.drill(cluster, options, print)
    print(line)
    assert ok, line
    assert " lost=0 duplicates=0 " in line
