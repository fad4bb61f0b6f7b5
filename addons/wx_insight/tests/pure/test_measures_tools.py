# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

import pytest
from wx_insight.tools import measures as m


def test_previous_period_same_length():
    assert m.previous_period(date(2026, 3, 1), date(2026, 3, 31)) == (
        date(2026, 1, 29),
        date(2026, 2, 28),
    )
    assert m.previous_period(date(2026, 3, 5), date(2026, 3, 5)) == (
        date(2026, 3, 4),
        date(2026, 3, 4),
    )


def test_previous_period_bad_input():
    with pytest.raises(ValueError):
        m.previous_period(date(2026, 3, 5), date(2026, 3, 4))
    with pytest.raises(TypeError):
        m.previous_period("2026-03-01", date(2026, 3, 4))


def test_last_full_month():
    assert m.last_full_month(date(2026, 1, 15)) == (
        date(2025, 12, 1),
        date(2025, 12, 31),
    )
    assert m.last_full_month(date(2026, 3, 1)) == (date(2026, 2, 1), date(2026, 2, 28))


def test_rates_zero_volume():
    assert m.rate(3, 0) is None
    assert m.rate(0, 0, m.PER_LINES) is None
    assert m.rate(2, 4, m.PER_LINES) == 5000
    assert m.percent(1, 4) == 25.0
    assert m.change(None, 2) is None
    assert m.change(3.5, 1.0) == 2.5


def test_format_change():
    assert m.format_change(None) == "-"
    assert m.format_change(1.25) == "+1.2"
    assert m.format_change(-0.4, unit=" pt") == "-0.4 pt"
