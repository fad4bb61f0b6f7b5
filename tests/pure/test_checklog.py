# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from wxflib import checklog

LOG = """\
2026-11-25 10:00:00,001 4242 INFO db odoo.modules.loading: loading 1 modules...
2026-11-25 10:00:01,002 4242 WARNING db odoo.models: Two fields (x, y) have the same label
2026-11-25 10:00:02,003 4242 ERROR db odoo.addons.wx_feedback.tests.test_x: FAIL: test_y
Traceback (most recent call last):
  File "x.py", line 1, in <module>
AssertionError: WARNING inside a traceback is not a log line
2026-11-25 10:00:03,004 4242 INFO db odoo.tests.stats: wx_feedback: 7 tests 1.20s 300 queries
2026-11-25 10:00:04,005 4242 ERROR db odoo.tests.result: 1 failed, 0 error(s) of 7 tests when loading database 'db'
"""


def test_bad_lines_keeps_warning_and_error_lines_only():
    bad = checklog.bad_lines(LOG.splitlines())
    assert len(bad) == 3
    assert "WARNING db odoo.models" in bad[0]
    assert all("Traceback" not in line for line in bad)


def test_ignore_list_silences_matching_lines(tmp_path):
    cfg = tmp_path / "checklog.cfg"
    cfg.write_text(
        "[checklog-odoo]\n"
        "ignore =\n"
        "  # harmless duplicate label from a core addon\n"
        "  WARNING odoo.models: Two fields \\(x, y\\)\n",
        encoding="utf-8",
    )
    ignore = checklog.read_ignore_list(cfg)
    assert len(ignore) == 1
    bad = checklog.bad_lines(LOG.splitlines(), ignore)
    assert len(bad) == 2
    assert all("odoo.models" not in line for line in bad)


def test_missing_ignore_file_ignores_nothing(tmp_path):
    assert checklog.read_ignore_list(tmp_path / "absent.cfg") == []


def test_report_is_parsed_and_counts_passed():
    report = checklog.test_report(LOG.splitlines())
    assert report == checklog.TestReport(failed=1, errors=0, run=7)
    assert report.passed == 6


def test_no_report_when_tests_did_not_run():
    assert (
        checklog.test_report(["2026-11-25 10:00:00,001 1 INFO db odoo: nothing"])
        is None
    )


def test_skipped_tests_are_found_with_their_reason():
    lines = [
        "2026-12-06 03:54:07,075 8062 INFO db odoo.addons.wx_nlp.tests.test_glue: skipped TestKeywordCloud.test_keyword_rows_and_cloud : Chrome executable not found ",
        "2026-12-06 03:54:07,080 8062 INFO db odoo.addons.wx_sla.tests.test_review: Starting TestReviewHttp.test_pdf_report ...",
        "2026-12-06 03:54:07,090 8062 INFO db odoo.modules.loading: skipped nothing : not a test line",
    ]
    assert checklog.skipped_tests(lines) == [
        ("TestKeywordCloud.test_keyword_rows_and_cloud", "Chrome executable not found")
    ]
    assert checklog.skipped_tests(LOG.splitlines()) == []
