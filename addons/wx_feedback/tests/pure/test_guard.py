# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytest
from wx_feedback.tools import guard

TOKEN = "a3" * 32


@pytest.mark.parametrize(
    "given, expected",
    [
        (TOKEN, True),
        ("a3" * 31 + "a4", False),
        (TOKEN[:-1], False),
        ("é", False),
        ("a3" * 31 + "é", False),
        ("\udcff", False),  # a lone surrogate, as a broken UTF-8 path may give
        ("", False),
        (None, False),
        (b"a3" * 32, False),
        (42, False),
    ],
)
def test_matches_compares_ascii_text_only(given, expected):
    assert guard.matches(TOKEN, given) is expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (1, True),
        (2**31 - 1, True),
        (2**31, False),
        (9999999999, False),
        (0, False),
        (-5, False),
        (True, False),
        ("7", False),
        (None, False),
    ],
)
def test_is_record_id(value, expected):
    assert guard.is_record_id(value) is expected


@pytest.mark.parametrize(
    "address, bucket",
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7 ", "203.0.113.7"),
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3:8d3::/64"),
        ("2001:db8:85a3:8d3::1", "2001:db8:85a3:8d3::/64"),
        ("2001:db8:85a3:8d4::1", "2001:db8:85a3:8d4::/64"),
        ("::ffff:198.51.100.2", "198.51.100.2"),
        ("::1", "::/64"),
        ("", "unknown"),
        (None, "unknown"),
        ("not-an-address", "unknown"),
    ],
)
def test_client_bucket(address, bucket):
    assert guard.client_bucket(address) == bucket


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("30/600", (30, 600)),
        (" 5 / 60 ", (5, 60)),
        ("0/60", (0, 60)),
        ("30/0", (120, 600)),
        ("-1/60", (120, 600)),
        ("lots", (120, 600)),
        (None, (120, 600)),
        (False, (120, 600)),
    ],
)
def test_parse_limit(raw, expected):
    assert guard.parse_limit(raw, "120/600") == expected
