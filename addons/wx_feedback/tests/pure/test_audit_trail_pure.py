# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from wx_feedback.tools import audit_chain, audit_scrub


def test_masking_formats():
    assert audit_scrub.mask_phone("+8613905910318") == "139****0318"
    assert audit_scrub.mask_phone("139 0591 0318") == "139****0318"
    assert audit_scrub.mask_email("zhou.liqun@example.com") == "z***@example.com"
    assert audit_scrub.mask_login("zhou@example.com") == "z***@example.com"
    assert audit_scrub.mask_login("+86 139-0591-0318") == "139****0318"
    assert audit_scrub.mask_login("wx_manager") == "wx_manager"


def test_scrub_text_masks_numbers_and_addresses_inside_text():
    text = "call +8613905910318 or 13800138000, mail li@fruit.cn; order S00042"
    scrubbed = audit_scrub.scrub_text(text)
    assert "13905910318" not in scrubbed and "13800138000" not in scrubbed
    assert "139****0318" in scrubbed and "138****8000" in scrubbed
    assert "l***@fruit.cn" in scrubbed and "S00042" in scrubbed


def test_field_values_contact_masked_secrets_redacted():
    value = audit_scrub.scrub_field_value
    assert value("phone", "+8613905910318") == "139****0318"
    assert value("email", "zhou@example.com") == "z***@example.com"
    assert value("api_key", "abc") == audit_scrub.REDACTED
    assert value("value", "s3cr3t", model="ir.config_parameter") == "[redacted]"
    assert value("name", "永辉超市") == "永辉超市"
    assert value("phone", False) is False


def _chain(contents):
    rows, previous = [], ""
    for seq, content in enumerate(contents, start=1):
        previous = audit_chain.link(previous, seq, content)
        rows.append((seq * 10, seq, previous, content))
    return rows, (len(rows), previous, 0, "")


def test_intact_chain():
    rows, head = _chain(["a", "b", "c"])
    assert audit_chain.check_chain("t", rows, head) == (3, None)


def test_edited_row_is_named():
    rows, head = _chain(["a", "b", "c"])
    rows[1] = (20, 2, rows[1][2], "B")
    _count, error = audit_chain.check_chain("t", rows, head)
    assert (error.row_id, error.seq) == (20, 2)


def test_deleted_row_and_deleted_tail_are_found():
    rows, head = _chain(["a", "b", "c", "d"])
    _count, error = audit_chain.check_chain("t", rows[:1] + rows[2:], head)
    assert error.row_id == 30 and "missing" in error.reason
    _count, error = audit_chain.check_chain("t", rows[:3], head)
    assert error.row_id is None and "head" in error.reason


def test_reordered_rows_are_found():
    rows, head = _chain(["a", "b", "c"])
    swapped = [rows[0], (30, 2, rows[2][2], "c"), (20, 3, rows[1][2], "b")]
    _count, error = audit_chain.check_chain("t", swapped, head)
    assert error.row_id == 30


def test_chain_resumes_after_a_purge():
    rows, head = _chain(["a", "b", "c"])
    kept = rows[2:]
    anchor = (3, head[1], 2, rows[1][2])
    assert audit_chain.check_chain("t", kept, anchor) == (1, None)
    assert audit_chain.check_chain("t", kept, (3, head[1], 1, rows[0][2]))[1]


def test_purge_plan_keeps_logs_and_their_lines_together():
    logs = [(1, 101, True), (2, 102, True), (3, 103, False)]
    # the line of log 102 came after a line of the kept log 103
    lines = [(1, 101), (2, 103), (3, 102)]
    events = [(1, True), (2, False), (3, True)]
    plan = audit_chain.plan_purge(logs, lines, events)
    assert plan == {"auditlog_log": 1, "auditlog_log_line": 1, "wx_audit_event": 1}
    lines = [(1, 101), (2, 102), (3, 103)]
    plan = audit_chain.plan_purge(logs, lines, events)
    assert plan["auditlog_log"] == 2 and plan["auditlog_log_line"] == 2


def test_signed_archive():
    rows, head = _chain(["a", "b"])
    archive = {
        "tables": {
            "wx_audit_event": {
                "from_hash": "",
                "to_hash": head[1],
                "rows": [{"seq": s, "hash": h, "content": c} for _i, s, h, c in rows],
            }
        }
    }
    data = json.dumps(archive).encode()
    signature = audit_chain.sign(data, b"k")
    assert audit_chain.verify_archive(data, signature, b"k")
    assert not audit_chain.verify_archive(data, signature, b"other key")
    assert not audit_chain.verify_archive(data.replace(b'"a"', b'"x"'), signature, b"k")
