# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Backups with pgBackRest and point-in-time restore (README "Backups").

- ``./wxf backup [--type auto|full|diff|incr] [--filestore-only]``: a
  pgBackRest backup of the PostgreSQL cluster Odoo uses (the cluster archives
  its WAL continuously through ``archive_command``), then the filestore of
  each database copied into the repository under the *same label*.
- ``./wxf restore --to "YYYY-MM-DD HH:MM:SS"`` (UTC): the cluster as it was at
  that moment, restored into a *new* data directory started on its own port
  (never over the running cluster), with the filestore files its databases
  reference.

The filestore is content-addressed (Odoo names each file by its SHA-1 and
never rewrites one): the repository keeps one copy of each file under
``filestore/objects/`` (encrypted with the repository's passphrase when the
repository is), and per backup label a manifest of the files each database
had. A restore copies, from the objects, every file the restored rows
reference, so a restore to any time after the last filestore copy finds its
files (the schedule copies the filestore every 15 minutes).
"""

import json
import os
import re
import shutil
import string
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

UTC = timezone.utc
STANZA = "wxf"
FULL_EVERY = timedelta(days=7)
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
STORE_NAME = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{40}$")


# --- pure parts ---------------------------------------------------------------


@dataclass(frozen=True)
class Cluster:
    data: Path
    port: int
    socket: str
    bindir: Path


@dataclass(frozen=True)
class Repo:
    path: Path
    conf: Path
    cipher_pass: str = ""
    retention_full: int = 4
    retention_diff: int = 7
    stanza: str = STANZA


def render_config(template, repo, cluster, log_path, lock_path):
    """pgbackrest.conf from ``config/pgbackrest/pgbackrest.conf.template``."""
    cipher = (
        f"repo1-cipher-type=aes-256-cbc\nrepo1-cipher-pass={repo.cipher_pass}"
        if repo.cipher_pass
        else "# repository not encrypted (./wxf backup --encrypt)"
    )
    return string.Template(template).substitute(
        repo_path=repo.path,
        retention_full=repo.retention_full,
        retention_diff=repo.retention_diff,
        cipher=cipher,
        log_path=log_path,
        lock_path=lock_path,
        stanza=repo.stanza,
        pg_data=cluster.data,
        pg_port=cluster.port,
        pg_socket=cluster.socket,
    )


def archive_command(repo):
    return f"pgbackrest --config={repo.conf} --stanza={repo.stanza} archive-push %p"


def archiving_settings(repo):
    """postgresql.conf lines that archive every WAL segment with pgBackRest."""
    command = archive_command(repo).replace("'", "''")
    return (
        "\n# WAL archiving with pgBackRest (./wxf backup)\n"
        "wal_level = replica\narchive_mode = on\n"
        f"archive_command = '{command}'\n"
    )


def parse_to(text):
    """``"YYYY-MM-DD HH:MM:SS"`` (UTC) -> aware datetime; ValueError otherwise."""
    return datetime.strptime(text.strip(), TIME_FORMAT).replace(tzinfo=UTC)


def pg_target(moment):
    """The ``--target`` of pgBackRest for an aware UTC datetime."""
    return moment.astimezone(UTC).strftime(TIME_FORMAT + ".%f") + "+00"


def backups_from_info(info, stanza=STANZA):
    """``[{label, type, start, stop}]`` (oldest first) of ``pgbackrest info
    --output=json``."""
    for entry in info or []:
        if entry.get("name") == stanza:
            return [
                {
                    "label": backup["label"],
                    "type": backup["type"],
                    "start": datetime.fromtimestamp(backup["timestamp"]["start"], UTC),
                    "stop": datetime.fromtimestamp(backup["timestamp"]["stop"], UTC),
                }
                for backup in entry.get("backup", [])
            ]
    return []


def choose_type(requested, backups, now):
    """``auto``: a full backup when there is none of the last 7 days, else a
    differential one; any other request is kept."""
    if requested != "auto":
        return requested
    fulls = [b["stop"] for b in backups if b["type"] == "full"]
    if not fulls or now - max(fulls) >= FULL_EVERY:
        return "full"
    return "diff"


def label_for(backups, target):
    """The newest backup finished before ``target`` (the one a restore to
    ``target`` starts from), else None."""
    done = [b for b in backups if b["stop"] <= target]
    return max(done, key=lambda b: b["stop"])["label"] if done else None


def midpoint(before, after):
    """A restore target strictly between two commits."""
    if after <= before:
        raise ValueError("the second mark must come after the first")
    return before + (after - before) / 2


def filestore_files(root):
    """Relative paths (``ab/abcdef...``) of the files of an Odoo filestore."""
    root = Path(root)
    if not root.is_dir():
        return set()
    return {
        f"{path.parent.name}/{path.name}"
        for path in root.glob("*/*")
        if path.is_file() and STORE_NAME.match(f"{path.parent.name}/{path.name}")
    }


def final_line(ok, restored_to, expected, found, files_expected, files_found):
    return (
        f"pitr={'ok' if ok else 'FAILED'} restored_to={restored_to}"
        f" rows_expected={expected} rows_found={found}"
        f" filestore={'ok' if files_expected == files_found else 'FAILED'}"
        f" files_expected={files_expected} files_found={files_found}"
    )


# --- running things -------------------------------------------------------------


def as_postgres(cmd):
    """PostgreSQL and pgBackRest run as the owner of the cluster."""
    if os.geteuid() != 0:
        return [str(c) for c in cmd]
    return ["runuser", "-u", "postgres", "--", *[str(c) for c in cmd]]


def run(cmd, check=True, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)
    if check and result.returncode:
        raise RuntimeError(
            f"{' '.join(map(str, cmd))} failed:\n{result.stdout}{result.stderr}"
        )
    return result


def chown_postgres(path):
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def pgbackrest(repo, *args, check=True):
    cmd = ["pgbackrest", f"--config={repo.conf}", f"--stanza={repo.stanza}", *args]
    return run(as_postgres(cmd), check=check)


def psql(cluster, sql, db="postgres", check=True):
    cmd = [cluster.bindir / "psql", "-X", "-q", "-At", "-h", cluster.socket]
    cmd += ["-p", cluster.port, "-d", db, "-v", "ON_ERROR_STOP=1", "-c", sql]
    result = run(as_postgres(cmd), check=check)
    return result.stdout.strip()


def write_repo_config(root, repo, cluster):
    """Write pgbackrest.conf (mode 0640, owned by postgres: it may hold the
    repository passphrase) and make the repository folders."""
    for folder in (repo.path, repo.conf.parent, repo.conf.parent / "log"):
        folder.mkdir(parents=True, exist_ok=True)
        chown_postgres(folder)
    template = (root / "config" / "pgbackrest" / "pgbackrest.conf.template").read_text(
        encoding="utf-8"
    )
    text = render_config(
        template, repo, cluster, repo.conf.parent / "log", repo.conf.parent
    )
    repo.conf.write_text(text, encoding="utf-8")
    repo.conf.chmod(0o640)
    chown_postgres(repo.conf)


def info(repo):
    out = pgbackrest(repo, "info", "--output=json", check=False)
    try:
        return backups_from_info(json.loads(out.stdout or "[]"), repo.stanza)
    except ValueError:
        return []


def take_backup(repo, kind, now=None):
    """A pgBackRest backup of ``kind`` (auto/full/diff/incr); its label."""
    now = now or datetime.now(UTC)
    pgbackrest(repo, "stanza-create")
    pgbackrest(repo, "check")
    chosen = choose_type(kind, info(repo), now)
    pgbackrest(repo, "backup", f"--type={chosen}")
    return chosen, info(repo)[-1]["label"]


def _openssl(args, src, dst, passphrase):
    env = dict(os.environ, WXF_FILESTORE_PASS=passphrase)
    cmd = ["openssl", "enc", *args, "-aes-256-cbc", "-pbkdf2", "-iter", "200000"]
    cmd += ["-pass", "env:WXF_FILESTORE_PASS", "-in", str(src), "-out", str(dst)]
    run(cmd, env=env)


def sync_filestore(repo, filestore, db, label=None):
    """Copy the files of ``db``'s filestore that the repository lacks into
    ``filestore/objects`` (encrypted when the repository is); with ``label``,
    write the manifest of that backup. Returns how many files were copied."""
    objects = repo.path / "filestore" / "objects"
    files = filestore_files(filestore)
    copied = 0
    for name in sorted(files):
        target = objects / (name + (".enc" if repo.cipher_pass else ""))
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        if repo.cipher_pass:
            _openssl([], Path(filestore) / name, partial, repo.cipher_pass)
        else:
            shutil.copyfile(Path(filestore) / name, partial)
        partial.rename(target)
        copied += 1
    if label:
        manifest = repo.path / "filestore" / label / f"{db}.json"
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps(sorted(files)) + "\n", encoding="utf-8")
    return copied


def restore_filestore(repo, names, dest):
    """Copy the files ``names`` from the repository into the filestore
    ``dest``; returns ``(found, missing names)``."""
    objects = repo.path / "filestore" / "objects"
    found, missing = 0, []
    for name in sorted(set(names)):
        if not STORE_NAME.match(name):
            missing.append(name)
            continue
        source = objects / (name + (".enc" if repo.cipher_pass else ""))
        if not source.exists():
            missing.append(name)
            continue
        target = Path(dest) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if repo.cipher_pass:
            _openssl(["-d"], source, target, repo.cipher_pass)
        else:
            shutil.copyfile(source, target)
        found += 1
    return found, missing


def start_cluster(cluster, logfile, extra=()):
    options = f"-p {cluster.port} -k {cluster.socket} -c listen_addresses=''"
    for item in extra:
        options += f" -c {item}"
    cmd = [cluster.bindir / "pg_ctl", "-D", cluster.data, "-l", logfile]
    run(as_postgres([*cmd, "-w", "-t", "300", "-o", options, "start"]))


def stop_cluster(cluster):
    cmd = [cluster.bindir / "pg_ctl", "-D", cluster.data, "-m", "fast", "-w", "stop"]
    run(as_postgres(cmd), check=False)


def restore_to(repo, target, new_cluster, logfile, timeout=600):
    """Restore the repository's cluster as of ``target`` (aware datetime)
    into ``new_cluster.data`` (must not exist or be empty), start it on its
    own port with WAL archiving off (it must not push into the same stanza)
    and wait for the end of recovery. Returns the backup label used."""
    label = label_for(info(repo), target)
    if label is None:
        raise RuntimeError(f"no backup finished before {pg_target(target)}")
    new_cluster.data.mkdir(parents=True, exist_ok=True)
    new_cluster.data.chmod(0o700)
    chown_postgres(new_cluster.data)
    pgbackrest(
        repo,
        "restore",
        f"--pg1-path={new_cluster.data}",
        f"--set={label}",
        "--type=time",
        f"--target={pg_target(target)}",
        "--target-action=promote",
        "--archive-mode=off",
    )
    # a Debian cluster keeps its configuration in /etc/postgresql
    for name, text in (
        ("postgresql.conf", "# restored by ./wxf restore\n"),
        ("pg_hba.conf", "local all all peer\n"),
    ):
        path = new_cluster.data / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")
            chown_postgres(path)
    start_cluster(new_cluster, logfile, ["archive_mode=off"])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if psql(new_cluster, "SELECT pg_is_in_recovery()", check=False) == "f":
            return label
        time.sleep(1)
    raise RuntimeError("the restored cluster did not finish its recovery")


# --- ./wxf backup and ./wxf restore on the cluster Odoo uses ---------------------


def _existing_pass(conf):
    if conf.exists():
        for line in conf.read_text(encoding="utf-8").splitlines():
            if line.startswith("repo1-cipher-pass="):
                return line.split("=", 1)[1].strip()
    return ""


def user_repo(options):
    conf = Path(options.conf)
    cipher = _existing_pass(conf) or os.environ.get("WXF_BACKUP_CIPHER_PASS", "")
    if options.encrypt and not cipher:
        import secrets

        cipher = secrets.token_urlsafe(32)
    return Repo(Path(options.repo), conf, cipher_pass=cipher)


def user_cluster(pg, bindir):
    """The cluster Odoo uses (it must run on this machine)."""

    def show(name):
        cmd = [bindir / "psql", "-X", "-At", "-h", pg.host or "", "-p", pg.port]
        cmd += ["-U", pg.user, "-d", "postgres", "-c", f"SHOW {name}"]
        return run([str(c) for c in cmd]).stdout.strip()

    data = Path(show("data_directory"))
    socket = show("unix_socket_directories").split(",")[0].strip()
    return Cluster(data, pg.port, socket, bindir), show


def cmd_backup(ctx, options, pg):
    bindir = ctx.services._pg_bindir()
    repo = user_repo(options)
    cluster, show = user_cluster(pg, bindir)
    write_repo_config(ctx.ROOT, repo, cluster)
    if options.encrypt or repo.cipher_pass:
        ctx.say(
            f"repository encrypted (aes-256-cbc); its passphrase is in {repo.conf}:"
            " keep a copy offline, the backups cannot be read without it"
        )
    if show("archive_mode") != "on" or show("archive_command") != archive_command(repo):
        ctx.say("WAL archiving is not set up on this cluster. As a superuser run:")
        command = archive_command(repo).replace("'", "''")
        print("    ALTER SYSTEM SET wal_level = 'replica';")
        print("    ALTER SYSTEM SET archive_mode = 'on';")
        print(f"    ALTER SYSTEM SET archive_command = '{command}';")
        ctx.say("then restart PostgreSQL and run ./wxf backup again")
        return 2
    if not options.filestore_only:
        kind, label = take_backup(repo, options.type)
        ctx.say(f"{kind} backup {label} in {repo.path}")
    else:
        kind, label = "filestore", None
    copied = 0
    filestores = Path(options.data_dir) / "filestore"
    for folder in sorted(filestores.iterdir()) if filestores.is_dir() else []:
        copied += sync_filestore(repo, folder, folder.name, label)
    ctx.say(
        f"filestore: {copied} new file(s) copied"
        + (f", label {label}" if label else "")
    )
    print(f"backup=ok type={kind} label={label or '-'} files_copied={copied}")
    return 0


def cmd_restore(ctx, options, pg):
    try:
        target = parse_to(options.to)
    except ValueError:
        ctx.say('--to must look like "2026-03-01 14:30:00" (UTC)')
        return 2
    bindir = ctx.services._pg_bindir()
    repo = user_repo(options)
    if not repo.conf.exists():
        ctx.say(f"no {repo.conf}: nothing was backed up with ./wxf backup here")
        return 1
    stamp = target.strftime("%Y%m%d%H%M%S")
    data = Path(options.pg_data or f"/var/lib/postgresql/wxf-restore-{stamp}")
    if data.exists() and any(data.iterdir()):
        ctx.say(f"{data} is not empty: a restore never overwrites a cluster")
        return 1
    socket = data.parent / f"{data.name}-socket"
    socket.mkdir(parents=True, exist_ok=True)
    chown_postgres(socket)
    cluster = Cluster(data, options.port, str(socket), bindir)
    label = restore_to(repo, target, cluster, data.parent / f"{data.name}.log")
    files = missing = 0
    dest = Path(options.filestore_to or Path(options.data_dir) / f"restored-{stamp}")
    dbs = psql(cluster, "SELECT datname FROM pg_database WHERE NOT datistemplate")
    for db in dbs.split():
        names = psql(
            cluster,
            "SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname IS"
            " NOT NULL",
            db,
            check=False,
        ).split()
        if names:
            found, lost = restore_filestore(repo, names, dest / "filestore" / db)
            files += found
            missing += len(lost)
    ctx.say(
        f"restored from backup {label} + WAL to {pg_target(target)} into {data},"
        f" running on port {cluster.port} (socket {socket}); filestore in {dest}"
    )
    print(
        f"restore=ok restored_to={options.to} label={label} port={cluster.port}"
        f" files_restored={files} files_missing={missing}"
    )
    return 0 if not missing else 1
