# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``./wxf audit verify`` against the real PostgreSQL objects of
wx_feedback/tools/audit_sql.py, on a scratch database with the audited
tables reduced to their chained columns (no Odoo needed)."""

import getpass
import importlib.util
import os
import uuid
from pathlib import Path

import pytest
from wxflib import audit

psycopg2 = pytest.importorskip("psycopg2")

ROOT = Path(__file__).resolve().parents[2]


def _load(name):
    path = ROOT / "addons" / "wx_feedback" / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"wx_feedback.tools.{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCHEMA = """
CREATE TABLE auditlog_log (id serial PRIMARY KEY, create_date timestamp DEFAULT now(),
    wx_user_login varchar, name varchar, model_model varchar, res_id int,
    res_ids varchar, method varchar, log_type varchar, model_id int, user_id int,
    http_request_id int, http_session_id int, create_uid int, write_uid int);
CREATE TABLE auditlog_log_line (id serial PRIMARY KEY,
    create_date timestamp DEFAULT now(),
    log_id int REFERENCES auditlog_log ON DELETE CASCADE, field_name varchar,
    field_description varchar, old_value text, new_value text, old_value_text text,
    new_value_text text, field_id int, create_uid int, write_uid int);
CREATE TABLE wx_audit_event (id serial PRIMARY KEY, timestamp timestamp, login varchar,
    ip varchar, event_type varchar, res_model varchar, res_id int, result varchar,
    detail varchar, user_id int, company_id int, create_uid int, write_uid int);
"""


@pytest.fixture
def database(tmp_path):
    params = {
        "host": os.environ.get("PGHOST", "127.0.0.1"),
        "port": os.environ.get("PGPORT", "5432"),
        "user": os.environ.get("PGUSER", getpass.getuser()),
    }
    try:
        admin = psycopg2.connect(dbname="postgres", **params)
    except psycopg2.OperationalError:
        pytest.skip("no PostgreSQL server")
    admin.autocommit = True
    name = f"wxf_audit_verify_{uuid.uuid4().hex[:8]}"
    with admin.cursor() as cr:
        cr.execute(f'CREATE DATABASE "{name}"')
    config = tmp_path / "odoo.conf"
    config.write_text(
        "[options]\n"
        f"db_host = {params['host']}\ndb_port = {params['port']}\n"
        f"db_user = {params['user']}\n",
        encoding="utf-8",
    )
    connection = psycopg2.connect(dbname=name, **params)
    with connection.cursor() as cr:
        cr.execute(SCHEMA)
        for statement in _load("audit_sql").install_sql():
            cr.execute(statement)
        for i in range(3):
            cr.execute(
                "INSERT INTO auditlog_log (name, method, model_model, res_id)"
                " VALUES (%s, 'write', 'wx.feedback', %s) RETURNING id",
                (f"FB{i}", i),
            )
            log_id = cr.fetchone()[0]
            cr.execute(
                "INSERT INTO auditlog_log_line (log_id, field_name, new_value)"
                " VALUES (%s, 'rating', %s)",
                (log_id, str(i)),
            )
            cr.execute(
                "INSERT INTO wx_audit_event (timestamp, event_type, result)"
                " VALUES (now(), 'login', 'success')"
            )
    connection.commit()
    try:
        yield config, name, connection
    finally:
        connection.close()
        with admin.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def run(connection, *queries, table):
    with connection.cursor() as cr:
        cr.execute(f"ALTER TABLE {table} DISABLE TRIGGER wx_audit_guard")
        for query in queries:
            cr.execute(query)
        cr.execute(f"ALTER TABLE {table} ENABLE TRIGGER wx_audit_guard")
    connection.commit()


def test_intact_then_edited(database):
    config, name, connection = database
    out = []
    assert audit.verify(config, name, out=out.append) == 0
    assert out == ["audit_rows=9 chain=ok"]
    run(
        connection,
        "UPDATE auditlog_log_line SET new_value = '5' WHERE id = 2",
        table="auditlog_log_line",
    )
    out = []
    assert audit.verify(config, name, out=out.append) == 1
    assert out[1].startswith("first bad row: auditlog_log_line id=2 seq=2")


def test_deleted_and_reordered(database):
    config, name, connection = database
    assert audit.verify(config, name, out=lambda _line: None) == 0
    run(connection, "DELETE FROM wx_audit_event WHERE id = 2", table="wx_audit_event")
    run(
        connection,
        "UPDATE auditlog_log SET wx_chain_seq = -wx_chain_seq WHERE id IN (1, 2)",
        "UPDATE auditlog_log SET wx_chain_seq = 3 + wx_chain_seq WHERE id IN (1, 2)",
        table="auditlog_log",
    )
    out = []
    assert audit.verify(config, name, out=out.append) == 1
    assert "first bad row: auditlog_log id=2 seq=1" in out[1]
    assert "first bad row: wx_audit_event id=3 seq=3" in out[2]


def test_triggers_refuse_changes(database):
    _config, _name, connection = database
    for query in (
        "UPDATE wx_audit_event SET detail = 'x'",
        "DELETE FROM auditlog_log",
        "DELETE FROM auditlog_log_line",
    ):
        with connection.cursor() as cr, pytest.raises(psycopg2.Error) as caught:
            cr.execute(query)
        assert caught.value.pgcode == "42501"
        connection.rollback()
