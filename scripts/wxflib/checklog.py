# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Read an Odoo log the way OCA's ``checklog-odoo`` does.

Any WARNING, ERROR or CRITICAL line fails the run unless a regular expression of
the ignore list matches it. The ignore list lives in ``.checklog-odoo.cfg``
(same format as OCA's: an ``ignore`` option of the ``[checklog-odoo]`` section,
one expression per line; ``#`` lines are comments explaining each entry).
A skipped Odoo test fails the run too: a browser test without Chromium or a
PDF test that cannot render proves nothing.
"""

import configparser
import re
from dataclasses import dataclass

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ "
    r"(?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): (?P<message>.*)$"
)
BAD_LEVELS = {"WARNING", "ERROR", "CRITICAL"}
# OdooTestResult.addSkip: "skipped <Class.test> : <reason>" (odoo/tests/result.py)
SKIPPED = re.compile(r"^skipped (?P<test>\S+) : (?P<reason>.*)$")
TEST_REPORT = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests"
    r" when loading database"
)


@dataclass(frozen=True)
class TestReport:
    failed: int
    errors: int
    run: int

    @property
    def passed(self):
        return self.run - self.failed - self.errors


def read_ignore_list(path):
    """Compiled expressions of the ``ignore`` option (empty when no file)."""
    parser = configparser.ConfigParser(
        comment_prefixes=("#",), inline_comment_prefixes=None
    )
    if not parser.read(path, encoding="utf-8"):
        return []
    raw = parser.get("checklog-odoo", "ignore", fallback="")
    return [re.compile(line.strip()) for line in raw.splitlines() if line.strip()]


def bad_lines(lines, ignore=()):
    """Log lines at WARNING level or above that no ignore expression matches."""
    found = []
    for line in lines:
        match = LOG_LINE.match(line.rstrip("\n"))
        if not match or match["level"] not in BAD_LEVELS:
            continue
        text = f"{match['level']} {match['logger']}: {match['message']}"
        if any(expr.search(text) for expr in ignore):
            continue
        found.append(line.rstrip("\n"))
    return found


def skipped_tests(lines):
    """``(test, reason)`` of every test that Odoo's runner reports as skipped."""
    found = []
    for line in lines:
        match = LOG_LINE.match(line.rstrip("\n"))
        if not match or not match["logger"].startswith("odoo.addons."):
            continue
        skipped = SKIPPED.match(match["message"].rstrip())
        if skipped:
            found.append((skipped["test"], skipped["reason"]))
    return found


def test_report(lines):
    """The final ``N failed, N error(s) of N tests`` report, or None if absent."""
    report = None
    for line in lines:
        match = TEST_REPORT.search(line)
        if match:
            report = TestReport(
                int(match["failed"]), int(match["errors"]), int(match["run"])
            )
    return report
