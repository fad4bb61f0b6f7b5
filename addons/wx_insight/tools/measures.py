# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The arithmetic of the insight measures, without the ORM.

Every rate is ``None`` when its denominator is zero (a category that
delivered nothing has no complaint rate: it is shown as "-", never as 0 or
as infinity). Changes are differences with the previous period of the same
length that ends the day before the period starts (``None`` when either
side is ``None``).
"""

from datetime import date, timedelta

PER_LINES = 10000  # complaints per 10,000 delivered order lines
PER_AMOUNT = 10000  # complaints per 10,000 CNY sold


def previous_period(date_from, date_to):
    """``(from, to)`` of the period of the same number of days that ends the
    day before ``date_from`` (both bounds included)."""
    if not isinstance(date_from, date) or not isinstance(date_to, date):
        raise TypeError("periods are two dates")
    if date_to < date_from:
        raise ValueError(f"the period ends ({date_to}) before it starts ({date_from})")
    days = (date_to - date_from).days + 1
    return date_from - timedelta(days=days), date_from - timedelta(days=1)


def month_start(day):
    return day.replace(day=1)


def next_month(day):
    """The first day of the month after ``day``'s."""
    return (month_start(day) + timedelta(days=32)).replace(day=1)


def split_period(date_from, date_to):
    """How a period is read from tables that hold day rows and month rows:
    ``(day_ranges, months)``. ``months`` is ``(first, last)``, the first days
    of the first and last calendar months lying wholly inside the period
    (None when there is none); ``day_ranges`` lists the ``(from, to)`` days
    (both included) left before and after them, or the whole period when no
    month fits in it."""
    if not isinstance(date_from, date) or not isinstance(date_to, date):
        raise TypeError("periods are two dates")
    if date_to < date_from:
        raise ValueError(f"the period ends ({date_to}) before it starts ({date_from})")
    first = date_from if date_from.day == 1 else next_month(date_from)
    after = next_month(date_to)
    # the day after the last whole month: date_to + 1 when it ends a month
    end = after if after - timedelta(days=1) == date_to else month_start(date_to)
    if first >= end:
        return [(date_from, date_to)], None
    day_ranges = []
    if date_from < first:
        day_ranges.append((date_from, first - timedelta(days=1)))
    if end <= date_to:
        day_ranges.append((end, date_to))
    return day_ranges, (first, month_start(end - timedelta(days=1)))


def last_full_month(today):
    """``(first, last)`` day of the month before ``today``'s."""
    last = month_start(today) - timedelta(days=1)
    return month_start(last), last


def rate(numerator, denominator, per=1.0):
    """``numerator / denominator * per``, None when the denominator is 0."""
    if not denominator:
        return None
    return numerator * per / denominator


def percent(numerator, denominator):
    return rate(numerator, denominator, 100.0)


def change(current, previous):
    """``current - previous`` (None when either is None)."""
    if current is None or previous is None:
        return None
    return current - previous


def format_change(value, digits=1, unit=""):
    """``+1.2`` / ``-0.4`` / ``-`` for a change shown next to a KPI tile."""
    if value is None:
        return "-"
    return f"{value:+.{digits}f}{unit}"
