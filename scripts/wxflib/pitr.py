# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``./wxf pitr-drill``: proves a point-in-time restore on a scratch cluster.

A scratch PostgreSQL cluster (its own folder and port, never the user's)
archives its WAL with pgBackRest. The drill takes a full backup, then writes
marked feedback rows (each mark with one filestore attachment, as Odoo
stores them) over several minutes, with a differential backup after the
first mark; it copies the filestore, restores into a *new* cluster to a time
between two marks and counts: exactly the rows committed before the target
must be there, none after; every attachment the restored rows reference
must be in the restored filestore. Ends with
``pitr=ok restored_to=... rows_expected=N rows_found=N filestore=ok ...``.
"""

import hashlib
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path

from . import backup

DB = "wxf_pitr"
SCHEMA = """
CREATE TABLE wx_feedback (
    id serial PRIMARY KEY, mark integer NOT NULL, description text NOT NULL,
    create_date timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'));
CREATE TABLE ir_attachment (
    id serial PRIMARY KEY, res_model varchar, res_id integer, store_fname varchar);
"""


def mark_rows(mark, rows):
    return ",".join(f"({mark}, 'drill mark {mark} row {i}')" for i in range(rows))


def write_mark(cluster, filestore, mark, rows):
    """Commit ``rows`` feedback rows of ``mark`` and one attachment stored as
    Odoo does (``ab/<sha1>``); returns the commit time (UTC, from the server)."""
    data = f"attachment of mark {mark} {time.time_ns()}".encode()
    sha = hashlib.sha1(data).hexdigest()
    name = f"{sha[:2]}/{sha}"
    path = Path(filestore) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    backup.psql(
        cluster,
        f"BEGIN; INSERT INTO wx_feedback (mark, description) VALUES"
        f" {mark_rows(mark, rows)};"
        f" INSERT INTO ir_attachment (res_model, res_id, store_fname)"
        f" SELECT 'wx.feedback', max(id), '{name}' FROM wx_feedback; COMMIT;",
        DB,
    )
    stamp = backup.psql(
        cluster,
        "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC',"
        " 'YYYY-MM-DD HH24:MI:SS.US')",
        DB,
    )
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=backup.UTC)


def run_drill(ctx, options):
    say = ctx.say
    bindir = ctx.services._pg_bindir()
    if bindir is None or not shutil.which("pgbackrest"):
        say("PostgreSQL binaries or pgbackrest missing: ./wxf deps --for pitr-drill")
        return 3
    work = Path(tempfile.mkdtemp(prefix="wxf-pitr-drill-", dir=options.workdir))
    work.chmod(0o755)
    backup.chown_postgres(work)
    sock = work / "sock"
    sock.mkdir()
    backup.chown_postgres(sock)
    source = backup.Cluster(work / "pg-source", options.pg_port, str(sock), bindir)
    restored = backup.Cluster(
        work / "pg-restored", options.pg_port + 1, str(sock), bindir
    )
    passphrase = "drill-" + hashlib.sha256(str(work).encode()).hexdigest()[:24]
    repo = backup.Repo(
        work / "repo",
        work / "pgbackrest" / "pgbackrest.conf",
        cipher_pass=passphrase if options.encrypt else "",
    )
    filestore = work / "filestore" / DB
    log = work / "postgres.log"
    started = []
    try:
        say(f"scratch cluster in {work} (port {source.port})")
        backup.run(
            backup.as_postgres(
                [bindir / "initdb", "-D", source.data, "-A", "peer", "--no-sync"]
            )
        )
        backup.write_repo_config(ctx.ROOT, repo, source)
        with open(source.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(backup.archiving_settings(repo))
        backup.start_cluster(source, log)
        started.append(source)
        backup.psql(source, f"CREATE DATABASE {DB}")
        backup.psql(source, SCHEMA, DB)
        kind, label = backup.take_backup(repo, "full")
        filestore.mkdir(parents=True, exist_ok=True)
        backup.sync_filestore(repo, filestore, DB, label)
        say(
            f"{kind} backup {label}"
            + (" (encrypted repository)" if repo.cipher_pass else "")
        )
        commits = []
        for mark in range(1, options.marks + 1):
            commits.append(write_mark(source, filestore, mark, options.rows))
            say(
                f"mark {mark}: {options.rows} rows committed"
                f" at {commits[-1]:%H:%M:%S.%f}"
            )
            if mark == 1:
                kind, label = backup.take_backup(repo, "diff")
                backup.sync_filestore(repo, filestore, DB, label)
                say(f"{kind} backup {label}")
            if mark < options.marks:
                time.sleep(options.interval)
        backup.psql(source, "SELECT pg_switch_wal()")
        backup.pgbackrest(repo, "check")  # waits for the WAL to be archived
        backup.sync_filestore(repo, filestore, DB)
        keep = options.marks // 2 + options.marks % 2  # restore after this mark
        target = backup.midpoint(commits[keep - 1], commits[keep])
        restored_to = target.strftime("%Y-%m-%d %H:%M:%S.%f")
        expected = keep * options.rows
        say(f"restoring to {restored_to} UTC (between marks {keep} and {keep + 1})")
        used = backup.restore_to(repo, target, restored, log)
        started.append(restored)
        say(f"restored from backup {used} + WAL into {restored.data}")
        found = int(backup.psql(restored, "SELECT count(*) FROM wx_feedback", DB))
        later = int(
            backup.psql(
                restored, f"SELECT count(*) FROM wx_feedback WHERE mark > {keep}", DB
            )
        )
        names = backup.psql(
            restored, "SELECT store_fname FROM ir_attachment ORDER BY id", DB
        ).split()
        files_found, missing = backup.restore_filestore(
            repo, names, work / "restored-filestore" / DB
        )
        # the restored files are exactly the referenced ones, byte for byte
        same = all(
            (work / "restored-filestore" / DB / n).read_bytes()
            == (filestore / n).read_bytes()
            for n in names
            if n not in missing
        )
        ok = found == expected and later == 0 and not missing and same
        ok &= len(names) == keep
        print(backup.final_line(ok, restored_to, expected, found, keep, files_found))
        return 0 if ok else 1
    finally:
        for cluster in reversed(started):
            backup.stop_cluster(cluster)
        if options.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
