# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Find or start PostgreSQL and Redis for the demo and the tests."""

import getpass
import glob
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Postgres:
    host: str  # host name, or socket directory for a private cluster
    port: int
    user: str
    origin: str  # "environment", "local server" or "private cluster"


def tcp_open(host, port, timeout=1.0):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _pg_bindir():
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        bindir = out.stdout.strip()
        if bindir and Path(bindir, "initdb").exists():
            return Path(bindir)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_service_user(cmd):
    """PostgreSQL refuses to run as root: use the ``postgres`` account then."""
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def ensure_postgres(state_dir, env=None):
    """PG* settings, else 127.0.0.1:5432, else a private cluster on a Unix socket."""
    env = os.environ if env is None else env
    user = env.get("PGUSER") or getpass.getuser()
    if env.get("PGHOST") or env.get("PGPORT"):
        return Postgres(
            env.get("PGHOST", ""), int(env.get("PGPORT", "5432")), user, "environment"
        )
    if tcp_open("127.0.0.1", 5432):
        return Postgres("127.0.0.1", 5432, user, "local server")
    return _private_cluster(Path(state_dir))


def _private_cluster(state_dir):
    bindir = _pg_bindir()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL is not reachable on 127.0.0.1:5432 and no PostgreSQL binaries"
            " (initdb) are installed: install PostgreSQL or set PGHOST/PGPORT."
        )
    data = state_dir / "pgdata"
    sock = state_dir / "pgsocket"
    user = "wxf"
    sock.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(sock, "postgres")
    if not (data / "PG_VERSION").exists():
        data.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(data, "postgres")
        subprocess.run(
            _as_service_user(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    user,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if not (sock / ".s.PGSQL.5432").exists():
        subprocess.run(
            _as_service_user(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(state_dir / "postgresql.log"),
                    "-o",
                    f"-c listen_addresses='' -c unix_socket_directories='{sock}'",
                    "-w",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return Postgres(str(sock), 5432, user, "private cluster")


def _redis_ping(host, port):
    try:
        with socket.create_connection((host, port), timeout=1.0) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def ensure_redis(state_dir):
    """URL of a Redis to use, or None (the suite then falls back to PostgreSQL)."""
    if _redis_ping("127.0.0.1", 6379):
        return "redis://127.0.0.1:6379/0"
    server = shutil.which("redis-server")
    if not server:
        return None
    state_dir = Path(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    sock = state_dir / "redis.sock"
    if not sock.exists():
        subprocess.run(
            [
                server,
                "--port",
                "0",
                "--unixsocket",
                str(sock),
                "--daemonize",
                "yes",
                "--save",
                "",
                "--appendonly",
                "no",
                "--pidfile",
                str(state_dir / "redis.pid"),
                "--logfile",
                str(state_dir / "redis.log"),
            ],
            check=True,
        )
        for _ in range(50):
            if sock.exists():
                break
            time.sleep(0.1)
    return f"unix://{sock}?db=0"
