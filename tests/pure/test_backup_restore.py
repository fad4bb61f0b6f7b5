# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``./wxf backup`` and ``./wxf restore --to`` end to end, as a user runs
them, on a scratch PostgreSQL cluster (its own folder and socket, never the
cluster Odoo uses: PGHOST / PGPORT / PGUSER point the commands at it) with
an encrypted pgBackRest repository of its own (``--conf`` / ``--repo``).

1. the first ``./wxf backup`` finds no WAL archiving and prints the
   ``ALTER SYSTEM`` lines; run as printed (and a restart), WAL is archived;
2. ``./wxf backup`` (auto): a full backup, the filestore under its label;
3. marked rows and attachments before and after a target second;
4. ``./wxf backup`` (auto) again: a differential one, same for the filestore;
5. ``./wxf restore --to <target>`` into a new cluster: the rows committed
   before the target, none after; the files those rows reference, byte for
   byte, decrypted from the repository.

Needs pgbackrest and the PostgreSQL server binaries (``./wxf deps``); about
20 s.
"""

import getpass
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from wxflib import backup, pitr, services

ROOT = Path(__file__).resolve().parents[2]
BINDIR = services._pg_bindir()
pytestmark = pytest.mark.skipif(
    BINDIR is None or not shutil.which("pgbackrest") or not shutil.which("openssl"),
    reason="pgbackrest, openssl or the PostgreSQL binaries missing: ./wxf deps",
)
PORT, RESTORED_PORT = 5488, 5489  # Unix sockets in the scratch folder only
DB = pitr.DB


def superuser():
    return "postgres" if os.geteuid() == 0 else getpass.getuser()


@pytest.fixture
def scratch():
    """A scratch cluster (not archiving yet), stopped and removed afterwards."""
    work = Path(tempfile.mkdtemp(prefix="wxf-e2e-", dir="/tmp"))
    work.chmod(0o755)
    backup.chown_postgres(work)
    sock = work / "sock"
    sock.mkdir()
    backup.chown_postgres(sock)
    cluster = backup.Cluster(work / "pg", PORT, str(sock), BINDIR)
    clusters = [cluster]
    try:
        backup.run(
            backup.as_postgres(
                [BINDIR / "initdb", "-D", cluster.data, "-A", "trust"]
                + ["-U", superuser(), "--no-sync"]
            )
        )
        backup.start_cluster(cluster, work / "pg.log")
        backup.psql(cluster, f"CREATE DATABASE {DB}")
        backup.psql(cluster, pitr.SCHEMA, DB)
        yield work, cluster, clusters
    finally:
        for each in reversed(clusters):
            backup.stop_cluster(each)
        shutil.rmtree(work, ignore_errors=True)


def wxf(work, cluster, *args):
    """``./wxf ARGS`` with the scratch repository and cluster."""
    env = dict(
        os.environ,
        PGHOST=cluster.socket,
        PGPORT=str(cluster.port),
        PGUSER=superuser(),
        WXF_BACKUP_CIPHER_PASS="",
    )
    where = ["--conf", work / "pgbackrest" / "wxf.conf", "--repo", work / "repo"]
    where += ["--data-dir", work / "odoo-data"]
    out = subprocess.run(
        [sys.executable, ROOT / "wxf", *map(str, args), *map(str, where)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    return out.returncode, out.stdout + out.stderr


def result_line(output, prefix):
    line = next(x for x in output.splitlines() if x.startswith(prefix))
    return dict(part.split("=", 1) for part in line.split() if "=" in part)


def server_now(cluster):
    return datetime.strptime(
        backup.psql(
            cluster,
            "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC',"
            " 'YYYY-MM-DD HH24:MI:SS.US')",
        ),
        "%Y-%m-%d %H:%M:%S.%f",
    ).replace(tzinfo=backup.UTC)


def test_backup_and_restore_to_a_time_end_to_end(scratch):
    work, cluster, clusters = scratch
    filestore = work / "odoo-data" / "filestore" / DB

    # 1. no archiving yet: ./wxf backup says what to run, and stops
    code, out = wxf(work, cluster, "backup", "--encrypt")
    assert code == 2, out
    alter = [x.strip() for x in out.splitlines() if "ALTER SYSTEM" in x]
    assert len(alter) == 3, out
    for statement in alter:
        backup.psql(cluster, statement)
    backup.stop_cluster(cluster)
    backup.start_cluster(cluster, work / "pg.log")
    assert backup.psql(cluster, "SHOW archive_mode") == "on"

    # 2. full backup (auto: none yet), filestore under the same label
    pitr.write_mark(cluster, filestore, 0, 5)
    code, out = wxf(work, cluster, "backup", "--encrypt")
    assert code == 0, out
    full = result_line(out, "backup=ok")
    assert full["type"] == "full" and full["files_copied"] == "1", out
    conf = (work / "pgbackrest" / "wxf.conf").read_text()
    assert "repo1-cipher-type=aes-256-cbc" in conf

    # 3. mark 1 before the target second, mark 2 after it
    before = pitr.write_mark(cluster, filestore, 1, 7)
    target = before.replace(microsecond=0) + timedelta(seconds=1)
    wait = (target - server_now(cluster)).total_seconds() + 0.3
    time.sleep(max(0.0, wait))
    after = pitr.write_mark(cluster, filestore, 2, 11)
    assert before < target < after

    # 4. differential backup (auto: a full of today exists); it also makes
    # PostgreSQL archive the WAL that holds mark 2
    code, out = wxf(work, cluster, "backup")
    assert code == 0, out
    diff = result_line(out, "backup=ok")
    assert diff["type"] == "diff" and diff["files_copied"] == "2", out
    repo = backup.Repo(work / "repo", work / "pgbackrest" / "wxf.conf", "x")
    labels = [b["label"] for b in backup.info(repo)]
    assert labels == [full["label"], diff["label"]]
    manifests = {
        label: json.loads(
            (work / "repo" / "filestore" / label / f"{DB}.json").read_text()
        )
        for label in labels
    }
    assert len(manifests[full["label"]]) == 1
    assert len(manifests[diff["label"]]) == 3
    assert set(manifests[full["label"]]) < set(manifests[diff["label"]])
    for name in manifests[diff["label"]]:  # encrypted at rest
        stored = work / "repo" / "filestore" / "objects" / f"{name}.enc"
        assert stored.read_bytes() != (filestore / name).read_bytes()

    # 5. restore to the target second into a new cluster
    stamp = target.strftime(backup.TIME_FORMAT)
    new_data = work / "restored"
    restored = backup.Cluster(
        new_data, RESTORED_PORT, str(work / "restored-socket"), BINDIR
    )
    clusters.append(restored)
    restore_args = ["--pg-data", new_data, "--port", RESTORED_PORT]
    restore_args += ["--filestore-to", work / "restored-files"]
    code, out = wxf(work, cluster, "restore", "--to", stamp, *restore_args)
    assert code == 0, out
    line = result_line(out, "restore=ok")
    assert line["label"] == full["label"], out  # the last backup before the target
    assert line["files_restored"] == "2" and line["files_missing"] == "0", out
    counts = backup.psql(
        restored,
        "SELECT string_agg(mark || ':' || n, ',' ORDER BY mark) FROM"
        " (SELECT mark, count(*) n FROM wx_feedback GROUP BY mark) m",
        DB,
    )
    assert counts == "0:5,1:7"  # mark 2 (after the target) is not there
    names = backup.psql(restored, "SELECT store_fname FROM ir_attachment", DB)
    names = names.split()
    assert len(names) == 2
    for name in names:
        restored_file = work / "restored-files" / "filestore" / DB / name
        assert restored_file.read_bytes() == (filestore / name).read_bytes()
    # the source cluster went on untouched
    assert backup.psql(cluster, "SELECT count(*) FROM wx_feedback", DB) == "23"

    # a restore never goes over an existing cluster; a bad time is refused
    code, out = wxf(work, cluster, "restore", "--to", stamp, *restore_args)
    assert code == 1 and "not empty" in out, out
    code, out = wxf(work, cluster, "restore", "--to", "yesterday", *restore_args)
    assert code == 2, out
