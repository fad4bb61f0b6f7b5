# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The hash chain of the audit trail (等保2.0 §8.1.4.3 c, §8.1.4.7): definition,
verification, purge planning and signed archives. No odoo import: the
``./wxf audit verify`` command and the addon share it.

Each audited table (``AUDIT_TABLES``) has its own chain. Row number ``seq``
(1, 2, ...) of a table carries::

    h_seq = sha256_hex(h_(seq-1) + "|" + seq + "|" + content)

where ``content`` is the canonical text of the row, ``jsonb_build_object(...)::text``
of its audited columns (PostgreSQL's jsonb text is canonical: sorted keys, one
spelling per value), computed by the same SQL expression when a row is sealed
and when it is verified. ``h_0`` is the empty string, or after a purge the hash
of the last row archived. A head row per table (``wx_audit_chain_head``) holds
the last ``seq`` and hash, so deleting the newest rows is detected too.

Columns that PostgreSQL sets to NULL when a referenced record goes (the model
of a log when a module is uninstalled, the user of an event when the user is
deleted) are left out of ``content``; their text copies (model and field
technical names, the user's login) are in it.
"""

import hashlib
import hmac
import json

HEAD_TABLE = "wx_audit_chain_head"
ADVISORY_LOCK = 7_331_020_201  # pg_advisory_xact_lock key of the sealing

# table -> (columns of the canonical content, columns PostgreSQL may set to
# NULL through a foreign key ON DELETE SET NULL)
AUDIT_TABLES = {
    "auditlog_log": (
        (
            "id",
            "create_date",
            "wx_user_login",
            "name",
            "model_model",
            "res_id",
            "res_ids",
            "method",
            "log_type",
        ),
        (
            "model_id",
            "user_id",
            "http_request_id",
            "http_session_id",
            "create_uid",
            "write_uid",
        ),
    ),
    "auditlog_log_line": (
        (
            "id",
            "create_date",
            "log_id",
            "field_name",
            "field_description",
            "old_value",
            "new_value",
            "old_value_text",
            "new_value_text",
        ),
        ("field_id", "create_uid", "write_uid"),
    ),
    "wx_audit_event": (
        (
            "id",
            "timestamp",
            "login",
            "ip",
            "event_type",
            "res_model",
            "res_id",
            "result",
            "detail",
        ),
        ("user_id", "company_id", "create_uid", "write_uid"),
    ),
}


def content_sql(table):
    """SQL expression of a row's canonical content (text)."""
    columns = AUDIT_TABLES[table][0]
    pairs = ", ".join(f"'{column}', {column}" for column in columns)
    return f"jsonb_build_object({pairs})::text"


def link(previous, seq, content):
    """The chain value of row ``seq`` following ``previous``."""
    data = f"{previous}|{seq}|{content}".encode()
    return hashlib.sha256(data).hexdigest()


class ChainError:
    """The first row where a chain breaks: ``table``, ``row_id`` (None for a
    missing row), ``seq`` and why."""

    def __init__(self, table, row_id, seq, reason):
        self.table, self.row_id, self.seq, self.reason = table, row_id, seq, reason

    def __str__(self):
        row = f"id={self.row_id}" if self.row_id is not None else "missing row"
        return f"{self.table} {row} seq={self.seq}: {self.reason}"


def check_chain(table, rows, head):
    """Walk ``rows`` (``(id, seq, hash, content)`` ordered by seq, sealed rows
    only) against ``head`` (``(seq, hash, purged_seq, purged_hash)``). Return
    ``(count, None)`` or ``(count, ChainError)`` at the first bad row."""
    head_seq, head_hash, purged_seq, purged_hash = head
    previous, expected, count, last_id = (
        purged_hash or "",
        (purged_seq or 0) + 1,
        0,
        None,
    )
    for row_id, seq, stored, content in rows:
        count += 1
        if seq != expected:
            if seq > expected:
                reason = (
                    f"rows {expected}..{seq - 1} of the chain are missing before it"
                )
            else:
                reason = f"out of order: expected seq {expected}"
            return count, ChainError(table, row_id, seq, reason)
        if link(previous, seq, content) != stored:
            return count, ChainError(
                table, row_id, seq, "content or chain value changed"
            )
        previous, expected, last_id = stored, seq + 1, row_id
    if (head_seq or 0) != expected - 1 or (head_seq and head_hash != previous):
        reason = (
            f"the chain head says seq {head_seq}, the last row found is "
            f"seq {expected - 1}" + (f" (id={last_id})" if last_id else "")
        )
        return count, ChainError(table, None, expected, reason)
    return count, None


def fetch_and_check(cr):
    """Verify every audited table through a DB-API cursor ``cr``. Returns
    ``(rows, errors, unsealed)``: rows checked, the first error per broken
    table, rows not sealed yet."""
    total, errors, unsealed = 0, [], 0
    for table in AUDIT_TABLES:
        # table names come from AUDIT_TABLES, never from input
        cr.execute(  # pylint: disable=sql-injection
            f"SELECT seq, hash, purged_seq, purged_hash FROM {HEAD_TABLE}"
            " WHERE table_name = %s",
            (table,),
        )
        head = cr.fetchone() or (0, "", 0, "")
        cr.execute(  # pylint: disable=sql-injection
            f"SELECT id, wx_chain_seq, wx_chain_hash, {content_sql(table)}"
            f" FROM {table} WHERE wx_chain_hash IS NOT NULL"
            " ORDER BY wx_chain_seq, id"
        )
        count, error = check_chain(table, cr.fetchall(), head)
        total += count
        if error:
            errors.append(error)
        cr.execute(  # pylint: disable=sql-injection
            f"SELECT count(*) FROM {table} WHERE wx_chain_hash IS NULL"
        )
        unsealed += cr.fetchone()[0]
    return total, errors, unsealed


def plan_purge(logs, lines, events):
    """What a purge removes, as the highest ``seq`` per table (0: nothing).

    ``logs``: ``(seq, id, old)`` of auditlog_log by seq; ``lines``:
    ``(seq, log_id)`` of auditlog_log_line by seq; ``events``: ``(seq, old)``
    of wx_audit_event by seq. Only a prefix of each chain goes (the chain of
    what stays starts from the archived hash), and a log goes with all its
    lines (they are deleted with it), so the log prefix shrinks until the lines
    of the logs removed are exactly a prefix of the line chain."""
    log_limit = 0
    for seq, _id, old in logs:
        if not old:
            break
        log_limit = seq
    line_seqs_by_log = {}
    for seq, log_id in lines:
        line_seqs_by_log.setdefault(log_id, []).append(seq)
    while True:
        removed = {log_id for seq, log_id, _old in logs if seq <= log_limit}
        kept_line_seqs = [seq for seq, log_id in lines if log_id not in removed]
        first_kept = min(kept_line_seqs) if kept_line_seqs else None
        if first_kept is None:
            break
        # a removed log with a line after the first kept line: stop before it
        bad = [
            seq
            for seq, log_id, _old in logs
            if seq <= log_limit and max(line_seqs_by_log.get(log_id, [0])) > first_kept
        ]
        if not bad:
            break
        log_limit = min(bad) - 1
    removed = {log_id for seq, log_id, _old in logs if seq <= log_limit}
    line_limit = max((seq for seq, log_id in lines if log_id in removed), default=0)
    event_limit = 0
    for seq, old in events:
        if not old:
            break
        event_limit = seq
    return {
        "auditlog_log": log_limit,
        "auditlog_log_line": line_limit,
        "wx_audit_event": event_limit,
    }


def sign(data, key):
    """HMAC-SHA256 of the archive bytes ``data`` with ``key`` (bytes), hex."""
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def verify_archive(data, signature, key):
    """True when ``signature`` is the HMAC of ``data`` under ``key`` and the
    chain inside the archive is intact."""
    if not hmac.compare_digest(sign(data, key), signature or ""):
        return False
    archive = json.loads(data)
    for table, part in archive["tables"].items():
        previous = part["from_hash"]
        for row in part["rows"]:
            if link(previous, row["seq"], row["content"]) != row["hash"]:
                return False
            previous = row["hash"]
        if previous != part["to_hash"]:
            return False
        if table not in AUDIT_TABLES:
            return False
    return True
