# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Working-time arithmetic for SLA deadlines, free of Odoo.

A :class:`Calendar` knows the weekly working hours (local time of one IANA
time zone), public holidays and make-up working days (调休).  Every datetime
that goes in or comes out is a *naive UTC* datetime, as Odoo stores them.

Semantics
---------
An instant is working time when its local wall-clock time, on its local
date, lies in one of that date's half-open intervals ``[hour_from,
hour_to)``.  The hours of a date are: none on a holiday, ``makeup_hours`` on
a make-up working day, otherwise the weekly hours of its weekday.  Around a
daylight-saving change this is exact: wall-clock times skipped by the change
never happen (so a 00:00-06:00 shift on a spring-forward night lasts five
hours) and repeated ones count twice.  (Offset changes are searched per local
date within a 54-hour window; two changes that cancel out inside one window,
which no current time zone has, would go unnoticed.)

Internally every instant is an integer number of microseconds since
1970-01-01 UTC and durations are rounded to whole seconds, so the arithmetic
is exact: ``minutes_between(s, add_minutes(s, m)) == m`` and
``add_minutes(add_minutes(s, a), b) == add_minutes(s, a + b)`` hold without
float drift.  Working intervals are cached per UTC day (at most
``_CACHE_DAYS`` days per calendar), so a typical ``add_minutes`` costs a
dictionary lookup, a bisection and a few integer operations.
"""

from bisect import bisect_right
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

__all__ = ["Calendar", "weekly_from_attendances"]

_US = 1_000_000  # microseconds per second
_DAY_S = 86_400
_DAY_US = _DAY_S * _US
_MINUTE_US = 60 * _US
_EPOCH = datetime(1970, 1, 1)
_EPOCH_ORDINAL = _EPOCH.toordinal()
_ONE_US = timedelta(microseconds=1)
# Local dates are searched for DST changes this far either side of their
# midnight: more than any UTC offset, so every instant of the date is covered.
_MARGIN_US = 15 * 3600 * _US
# No working time at all for this many days after a working instant (or the
# start) means the calendar will never provide any: stop instead of looping.
_GUARD_DAYS = 3 * 366
_CACHE_DAYS = 20_000
_EMPTY_DAY = ((), (), 0)
_INFINITY = float("inf")


def _to_us(moment):
    """Microseconds since the epoch of a naive UTC datetime."""
    if not isinstance(moment, datetime):
        raise TypeError(f"expected a naive UTC datetime, got {moment!r}")
    if moment.tzinfo is not None:
        raise ValueError(f"expected a naive UTC datetime, got {moment!r}")
    return (moment - _EPOCH) // _ONE_US


def _from_us(us):
    return _EPOCH + timedelta(microseconds=us)


def _duration_us(minutes):
    """Whole-second duration in microseconds of ``minutes`` (int or float)."""
    if not -_INFINITY < minutes < _INFINITY:  # also rejects NaN
        raise ValueError(f"minutes must be a finite number, got {minutes!r}")
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, got {minutes!r}")
    if isinstance(minutes, int):
        return minutes * _MINUTE_US
    return round(minutes * 60) * _US


def _hour_to_seconds(hour):
    seconds = round(float(hour) * 3600)
    if not 0 <= seconds <= _DAY_S:
        raise ValueError(f"hour {hour!r} is outside 0..24")
    return seconds


def _normalise(intervals):
    """Sorted, merged ``(from_s, to_s)`` seconds of day of float-hour pairs."""
    spans = []
    for hour_from, hour_to in intervals:
        start, end = _hour_to_seconds(hour_from), _hour_to_seconds(hour_to)
        if start > end:
            raise ValueError(
                f"interval ({hour_from!r}, {hour_to!r}) ends before it starts"
            )
        if start < end:
            spans.append((start, end))
    return tuple(_merge(spans))


def _merge(spans):
    """Sort and merge overlapping or touching ``(start, end)`` pairs."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _ordinals(days, what):
    ordinals = set()
    for day in days:
        if not isinstance(day, date):
            raise TypeError(f"{what} must be datetime.date objects, got {day!r}")
        ordinals.add(day.toordinal())
    return frozenset(ordinals)


def weekly_from_attendances(rows):
    """Weekly mapping for :class:`Calendar` from attendance rows.

    ``rows``: iterable of ``(dayofweek, hour_from, hour_to)`` with
    ``dayofweek`` 0 (Monday) .. 6 (Sunday); Odoo's string day numbers such as
    ``"0"`` are accepted too.  Returns ``{weekday: [(hour_from, hour_to), ...]}``
    with only the weekdays that have rows; the calendar normalises the
    intervals.
    """
    weekly = {}
    for dayofweek, hour_from, hour_to in rows:
        weekday = int(dayofweek)
        if not 0 <= weekday <= 6:
            raise ValueError(f"day of week {dayofweek!r} is outside 0..6")
        weekly.setdefault(weekday, []).append((float(hour_from), float(hour_to)))
    return weekly


class Calendar:
    """Working hours of one time zone with holidays and make-up working days."""

    def __init__(
        self, weekly, tz="Asia/Shanghai", holidays=(), workdays=(), makeup_hours=None
    ):
        """Build a calendar.

        ``weekly``: mapping weekday (0=Monday .. 6=Sunday) -> list of
        ``(hour_from, hour_to)`` floats in local time, e.g.
        ``{0: [(8.5, 12.0), (13.5, 18.0)], ...}``; intervals may be unsorted,
        touching or overlapping and ``hour_to`` may be 24.0.
        ``holidays``: dates that are whole days off even if ``weekly`` says
        work.  ``workdays``: make-up working days (e.g. a working Saturday); a
        date in both is a ``ValueError``.  ``makeup_hours``: the intervals
        worked on a make-up day, by default those of the first weekday
        (Monday first) that has any.  ``tz``: IANA time zone name.
        """
        spans = [[] for _weekday in range(7)]
        for weekday, intervals in dict(weekly or {}).items():
            number = int(weekday)
            if not 0 <= number <= 6:
                raise ValueError(f"weekday {weekday!r} is outside 0..6")
            spans[number].extend(intervals)
        self._weekly = tuple(_normalise(intervals) for intervals in spans)
        self._holidays = _ordinals(holidays, "holidays")
        self._workdays = _ordinals(workdays, "workdays")
        clash = self._holidays & self._workdays
        if clash:
            days = ", ".join(sorted(date.fromordinal(o).isoformat() for o in clash))
            raise ValueError(f"dates both holiday and make-up working day: {days}")
        if makeup_hours is None:
            self._makeup = next((hours for hours in self._weekly if hours), ())
        else:
            self._makeup = _normalise(makeup_hours)
        self.tz = tz
        self._zone = ZoneInfo(tz)
        self._has_work = any(self._weekly) or bool(self._workdays and self._makeup)
        self._days = {}  # UTC day number -> (starts, ends, total) in microseconds
        self._local = {}  # local date ordinal -> UTC spans worked that date

    def __repr__(self):
        return (
            f"<Calendar {self.tz} {len(self._holidays)} holidays "
            f"{len(self._workdays)} make-up days>"
        )

    # -- public API -------------------------------------------------------

    def is_working(self, moment):
        """Whether the naive-UTC ``moment`` is working time."""
        now = _to_us(moment)
        starts, ends, _total = self._day(now // _DAY_US)
        index = bisect_right(starts, now) - 1
        return index >= 0 and now < ends[index]

    def next_working_moment(self, moment):
        """``moment`` itself if working, else the start of the next working
        interval (naive UTC)."""
        now = _to_us(moment)
        self._require_work()
        day_number = now // _DAY_US
        last_work = day_number
        while True:
            starts, ends, total = self._day(day_number)
            if total and ends[-1] > now:
                start = starts[bisect_right(ends, now)]
                return moment if start <= now else _from_us(start)
            if day_number - last_work > _GUARD_DAYS:
                raise ValueError(f"no working time within 3 years after {moment}")
            day_number += 1

    def add_minutes(self, start, minutes):
        """The naive-UTC moment at which ``minutes`` working minutes have
        elapsed after ``start``.

        ``minutes`` (int or float >= 0) is rounded to whole seconds; 0 returns
        ``start`` unchanged.  Outside working time the clock starts at the next
        working instant.  Time running out exactly at the end of a working
        interval returns that end, not the next start.  ``ValueError`` for
        negative minutes, for a calendar without any working time, or when no
        working time exists for 3 years.
        """
        remaining = _duration_us(minutes)
        if not remaining:
            return start
        now = _to_us(start)
        self._require_work()
        day_number = now // _DAY_US
        last_work = day_number
        days = self._days
        while True:
            day = days.get(day_number) or self._day(day_number)
            starts, ends, total = day
            if total and ends[-1] > now:
                last_work = day_number
                if starts[0] >= now and remaining > total:
                    remaining -= total  # the whole day is used up
                else:
                    for index in range(bisect_right(ends, now), len(ends)):
                        begin = max(starts[index], now)
                        available = ends[index] - begin
                        if remaining <= available:
                            return _from_us(begin + remaining)
                        remaining -= available
            elif day_number - last_work > _GUARD_DAYS:
                raise ValueError(f"no working time within 3 years after {start}")
            day_number += 1

    def minutes_between(self, start, end):
        """Working minutes in ``[start, end)``; 0.0 when ``end <= start``."""
        low, high = _to_us(start), _to_us(end)
        if high <= low:
            return 0.0
        worked = 0
        for day_number in range(low // _DAY_US, (high - 1) // _DAY_US + 1):
            starts, ends, total = self._day(day_number)
            if not total:
                continue
            if starts[0] >= low and ends[-1] <= high:
                worked += total
                continue
            for begin, finish in zip(starts, ends, strict=True):
                begin, finish = max(begin, low), min(finish, high)
                if begin < finish:
                    worked += finish - begin
        return worked / _MINUTE_US

    # -- internals ----------------------------------------------------------

    def _require_work(self):
        if not self._has_work:
            raise ValueError("the calendar has no working time at all")

    def _hours_of(self, ordinal):
        """Local ``(from_s, to_s)`` working seconds of a local date."""
        if ordinal in self._holidays:
            return ()
        if ordinal in self._workdays:
            return self._makeup
        return self._weekly[(ordinal - 1) % 7]  # ordinal 1 is a Monday

    def _day(self, day_number):
        """``(starts, ends, total)`` of the working time in one UTC day."""
        day = self._days.get(day_number)
        if day is not None:
            return day
        low = day_number * _DAY_US
        high = low + _DAY_US
        spans = []
        # UTC offsets stay within +-15 h: only these local dates reach the day.
        ordinal = day_number + _EPOCH_ORDINAL
        for local_ordinal in (ordinal - 1, ordinal, ordinal + 1):
            for begin, finish in self._local_spans(local_ordinal):
                begin, finish = max(begin, low), min(finish, high)
                if begin < finish:
                    spans.append((begin, finish))
        if spans:
            spans = _merge(spans)
            day = (
                tuple(begin for begin, _finish in spans),
                tuple(finish for _begin, finish in spans),
                sum(finish - begin for begin, finish in spans),
            )
        else:
            day = _EMPTY_DAY
        if len(self._days) >= _CACHE_DAYS:
            self._days.clear()
        self._days[day_number] = day
        return day

    def _local_spans(self, ordinal):
        """UTC microsecond spans worked on one local date."""
        spans = self._local.get(ordinal)
        if spans is None:
            if len(self._local) >= _CACHE_DAYS:
                self._local.clear()
            spans = self._local[ordinal] = self._convert(ordinal)
        return spans

    def _convert(self, ordinal):
        """UTC microsecond spans of the local working hours of a local date."""
        hours = self._hours_of(ordinal)
        if not hours:
            return ()
        midnight = (ordinal - _EPOCH_ORDINAL) * _DAY_US  # local wall clock
        spans = []
        for low, high, offset in self._pieces(
            midnight - _MARGIN_US, midnight + _DAY_US + _MARGIN_US
        ):
            # In a piece of constant UTC offset, wall time = instant + offset.
            base = midnight - offset
            for start_s, end_s in hours:
                begin = max(base + start_s * _US, low)
                finish = min(base + end_s * _US, high)
                if begin < finish:
                    spans.append((begin, finish))
        return tuple(spans)

    def _offset(self, instant):
        """UTC offset in microseconds of the zone at a UTC instant."""
        aware = _from_us(instant).replace(tzinfo=timezone.utc).astimezone(self._zone)
        return aware.utcoffset() // _ONE_US

    def _pieces(self, low, high):
        """Split ``[low, high)`` into ``(low, high, offset)`` pieces of constant
        UTC offset (offset changes happen on whole seconds)."""
        pieces = []
        offset = self._offset(low)
        while self._offset(high) != offset:
            before, after = low // _US, high // _US  # offset(after) differs
            while after - before > 1:
                middle = (before + after) // 2
                if self._offset(middle * _US) == offset:
                    before = middle
                else:
                    after = middle
            change = after * _US
            pieces.append((low, change, offset))
            low, offset = change, self._offset(change)
        pieces.append((low, high, offset))
        return pieces
