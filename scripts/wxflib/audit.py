# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``./wxf audit verify``: check the hash chains of the audit trail of a
database. The chain logic is wx_feedback's pure module
``tools/audit_chain.py`` (loaded by path: no Odoo needed here)."""

import configparser
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHAIN = ROOT / "addons" / "wx_feedback" / "tools" / "audit_chain.py"


def load_chain():
    spec = importlib.util.spec_from_file_location("wx_audit_chain", CHAIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def connect(config_path, dbname):
    import psycopg2

    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config_path, encoding="utf-8")
    options = parser["options"] if parser.has_section("options") else {}
    params = {"dbname": dbname}
    for option, key in (
        ("db_host", "host"),
        ("db_port", "port"),
        ("db_user", "user"),
        ("db_password", "password"),
    ):
        value = options.get(option)
        if value and value not in ("False", "None"):
            params[key] = value
    return psycopg2.connect(**params)


def verify(config_path, dbname, out=print):
    """Seal the rows still waiting for it (what the cron does), then walk
    every chain. Returns the exit code: 0 intact, 1 broken, 2 no trail."""
    chain = load_chain()
    try:
        connection = connect(config_path, dbname)
    except Exception as exc:  # noqa: BLE001 - reported to the user
        out(f"cannot connect to {dbname}: {exc}")
        return 2
    try:
        with connection.cursor() as cr:
            cr.execute("SELECT to_regproc('wx_audit_seal')")
            if cr.fetchone()[0] is None:
                out(f"{dbname} has no audit trail (wx_feedback not installed)")
                return 2
            cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            cr.execute("SELECT wx_audit_seal()")
        connection.commit()
        with connection.cursor() as cr:
            rows, errors, unsealed = chain.fetch_and_check(cr)
        connection.rollback()
    finally:
        connection.close()
    if errors:
        out(f"audit_rows={rows} chain=BROKEN")
        for error in errors:
            out(f"first bad row: {error}")
        return 1
    out(f"audit_rows={rows} chain=ok")
    if unsealed:
        out(f"({unsealed} rows written during the check are not sealed yet)")
    return 0
