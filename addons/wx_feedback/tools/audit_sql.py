# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""PostgreSQL objects that protect the audit tables (no odoo import).

- ``wx_audit_guard()``: BEFORE UPDATE OR DELETE trigger on every audited
  table. It refuses any change of a row, with three exceptions: the sealing
  (chain columns go from NULL to a value once, inside ``wx_audit_seal()``), a
  foreign key setting a referenced column to NULL (``ON DELETE SET NULL``, see
  ``audit_chain.AUDIT_TABLES``), and deletions by ``wx_audit_purge_rows()``,
  the one controlled path of the retention purge.
- ``wx_audit_stamp()``: BEFORE INSERT; a new row is never born sealed.
- ``wx_audit_seal()``: appends the unsealed rows of each table to its chain,
  in id order, under a transaction advisory lock (serial). Called after each
  commit that wrote audit rows, by a cron as a catch-up, and by the verify
  command.

The session settings ``wx_audit.sealing`` / ``wx_audit.purge`` are set by the
functions themselves with ``set_config(..., true)`` (transaction-local).
Someone who can run SQL as the owner can also disable triggers: the chain
(``./wxf audit verify``) is what detects that."""

from .audit_chain import ADVISORY_LOCK, AUDIT_TABLES, HEAD_TABLE, content_sql

FUNCTIONS = (
    "wx_audit_guard()",
    "wx_audit_stamp()",
    "wx_audit_seal()",
    "wx_audit_purge_rows(text, bigint, text)",
)


def install_sql():
    """Statements that (re)create the head table, functions and triggers;
    idempotent (run at every install and update)."""
    statements = [
        f"""CREATE TABLE IF NOT EXISTS {HEAD_TABLE} (
                table_name varchar PRIMARY KEY,
                seq bigint NOT NULL DEFAULT 0,
                hash varchar NOT NULL DEFAULT '',
                purged_seq bigint NOT NULL DEFAULT 0,
                purged_hash varchar NOT NULL DEFAULT '')""",
    ]
    for table in AUDIT_TABLES:
        statements += [
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS wx_chain_seq integer",
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS wx_chain_hash varchar",
            (
                f"CREATE UNIQUE INDEX IF NOT EXISTS {table}_wx_chain_seq_uniq"
                f" ON {table} (wx_chain_seq)"
            ),
            (
                f"CREATE INDEX IF NOT EXISTS {table}_wx_chain_unsealed"
                f" ON {table} (id) WHERE wx_chain_hash IS NULL"
            ),
            (
                f"INSERT INTO {HEAD_TABLE} (table_name) VALUES ('{table}')"
                " ON CONFLICT DO NOTHING"
            ),
        ]
    statements.append(
        """CREATE OR REPLACE FUNCTION wx_audit_guard() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            o jsonb;
            n jsonb;
            col text;
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF current_setting('wx_audit.purge', true) = 'on' THEN
                    RETURN OLD;
                END IF;
                RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                    MESSAGE = 'audit trail: rows of ' || TG_TABLE_NAME
                        || ' cannot be deleted';
            END IF;
            o := to_jsonb(OLD);
            n := to_jsonb(NEW);
            IF OLD.wx_chain_hash IS NULL
                    AND current_setting('wx_audit.sealing', true) = 'on' THEN
                o := o - 'wx_chain_seq' - 'wx_chain_hash';
                n := n - 'wx_chain_seq' - 'wx_chain_hash';
            END IF;
            FOREACH col IN ARRAY TG_ARGV LOOP
                IF jsonb_typeof(n -> col) = 'null' THEN
                    o := o - col;
                    n := n - col;
                END IF;
            END LOOP;
            IF o = n THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = 'audit trail: rows of ' || TG_TABLE_NAME
                    || ' cannot be changed';
        END $$"""
    )
    statements.append(
        """CREATE OR REPLACE FUNCTION wx_audit_stamp() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.wx_chain_seq := NULL;
            NEW.wx_chain_hash := NULL;
            RETURN NEW;
        END $$"""
    )
    loops = []
    for table in AUDIT_TABLES:
        loops.append(
            f"""
            SELECT seq, hash INTO last_seq, last_hash FROM {HEAD_TABLE}
                WHERE table_name = '{table}' FOR UPDATE;
            FOR r IN SELECT id, {content_sql(table)} AS content FROM {table}
                    WHERE wx_chain_hash IS NULL ORDER BY id FOR UPDATE LOOP
                last_seq := last_seq + 1;
                last_hash := encode(sha256(convert_to(
                    last_hash || '|' || last_seq || '|' || r.content, 'UTF8')), 'hex');
                UPDATE {table} SET wx_chain_seq = last_seq, wx_chain_hash = last_hash
                    WHERE id = r.id;
                sealed := sealed + 1;
            END LOOP;
            UPDATE {HEAD_TABLE} SET seq = last_seq, hash = last_hash
                WHERE table_name = '{table}';"""
        )
    statements.append(
        f"""CREATE OR REPLACE FUNCTION wx_audit_seal() RETURNS integer
        LANGUAGE plpgsql AS $$
        DECLARE
            r record;
            last_seq bigint;
            last_hash text;
            sealed integer := 0;
        BEGIN
            PERFORM pg_advisory_xact_lock({ADVISORY_LOCK});
            PERFORM set_config('wx_audit.sealing', 'on', true);
            {"".join(loops)}
            PERFORM set_config('wx_audit.sealing', 'off', true);
            RETURN sealed;
        END $$"""
    )
    statements.append(
        f"""CREATE OR REPLACE FUNCTION wx_audit_purge_rows(
            tbl text, upto bigint, upto_hash text) RETURNS integer
        LANGUAGE plpgsql AS $$
        DECLARE
            removed integer;
        BEGIN
            IF tbl NOT IN ({", ".join(f"'{t}'" for t in AUDIT_TABLES)}) THEN
                RAISE EXCEPTION USING MESSAGE = 'not an audit table: ' || tbl;
            END IF;
            PERFORM pg_advisory_xact_lock({ADVISORY_LOCK});
            PERFORM set_config('wx_audit.purge', 'on', true);
            EXECUTE 'DELETE FROM ' || quote_ident(tbl) || ' WHERE wx_chain_seq <= $1'
                USING upto;
            GET DIAGNOSTICS removed = ROW_COUNT;
            PERFORM set_config('wx_audit.purge', 'off', true);
            UPDATE {HEAD_TABLE} SET purged_seq = upto, purged_hash = upto_hash
                WHERE table_name = tbl AND upto > purged_seq;
            RETURN removed;
        END $$"""
    )
    for table, (_content, nullable) in AUDIT_TABLES.items():
        args = ", ".join(f"'{column}'" for column in nullable)
        statements += [
            f"DROP TRIGGER IF EXISTS wx_audit_guard ON {table}",
            (
                f"CREATE TRIGGER wx_audit_guard BEFORE UPDATE OR DELETE ON {table}"
                f" FOR EACH ROW EXECUTE FUNCTION wx_audit_guard({args})"
            ),
            f"DROP TRIGGER IF EXISTS wx_audit_stamp ON {table}",
            (
                f"CREATE TRIGGER wx_audit_stamp BEFORE INSERT ON {table}"
                " FOR EACH ROW EXECUTE FUNCTION wx_audit_stamp()"
            ),
        ]
    return statements


def uninstall_sql(tables):
    """Statements that remove the triggers (on the ``tables`` that still
    exist), the functions and the head table."""
    statements = []
    for table in tables:
        statements += [
            f"DROP TRIGGER IF EXISTS wx_audit_guard ON {table}",
            f"DROP TRIGGER IF EXISTS wx_audit_stamp ON {table}",
        ]
    statements += [f"DROP FUNCTION IF EXISTS {f}" for f in FUNCTIONS]
    statements.append(f"DROP TABLE IF EXISTS {HEAD_TABLE}")
    return statements
