# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

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


def test_split_period_whole_months_and_edges():
    # 2026-01-15 .. 2026-04-10: January's tail, February and March whole, April's head
    assert m.split_period(date(2026, 1, 15), date(2026, 4, 10)) == (
        [(date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 4, 1), date(2026, 4, 10))],
        (date(2026, 2, 1), date(2026, 3, 1)),
    )
    # exactly one month (February of a non-leap year): no day rows
    assert m.split_period(date(2026, 2, 1), date(2026, 2, 28)) == (
        [],
        (date(2026, 2, 1), date(2026, 2, 1)),
    )
    # a leap February ends on the 29th
    assert m.split_period(date(2024, 2, 1), date(2024, 2, 28)) == (
        [(date(2024, 2, 1), date(2024, 2, 28))],
        None,
    )
    # across the year end, starting on a first
    assert m.split_period(date(2025, 12, 1), date(2026, 1, 5)) == (
        [(date(2026, 1, 1), date(2026, 1, 5))],
        (date(2025, 12, 1), date(2025, 12, 1)),
    )


def test_split_period_without_whole_month():
    assert m.split_period(date(2026, 3, 5), date(2026, 3, 31)) == (
        [(date(2026, 3, 5), date(2026, 3, 31))],
        None,
    )
    assert m.split_period(date(2026, 3, 20), date(2026, 4, 19)) == (
        [(date(2026, 3, 20), date(2026, 4, 19))],
        None,
    )
    assert m.split_period(date(2026, 3, 5), date(2026, 3, 5)) == (
        [(date(2026, 3, 5), date(2026, 3, 5))],
        None,
    )


def test_split_period_covers_every_day_once():
    start = date(2025, 11, 3)
    for length in (1, 27, 28, 31, 45, 91, 365, 400):
        for shift in range(0, 40, 3):
            date_from = start + timedelta(days=shift)
            date_to = date_from + timedelta(days=length - 1)
            day_ranges, months = m.split_period(date_from, date_to)
            days = []
            for low, high in day_ranges:
                days += [low + timedelta(days=i) for i in range((high - low).days + 1)]
            if months:
                month = months[0]
                while month <= months[1]:
                    following = m.next_month(month)
                    days += [
                        month + timedelta(days=i)
                        for i in range((following - month).days)
                    ]
                    month = following
            expected = [date_from + timedelta(days=i) for i in range(length)]
            assert sorted(days) == expected, (date_from, date_to)


def test_split_period_bad_input():
    with pytest.raises(ValueError):
        m.split_period(date(2026, 3, 5), date(2026, 3, 4))
    with pytest.raises(TypeError):
        m.split_period("2026-03-01", date(2026, 3, 4))
