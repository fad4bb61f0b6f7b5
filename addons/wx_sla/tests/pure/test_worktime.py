# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Working-time arithmetic (wx_sla.worktime) and the PRC holiday data."""

import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wx_sla.worktime import Calendar, weekly_from_attendances

HOLIDAY_XML = Path(__file__).resolve().parents[2] / "data" / "wx_sla_holiday_data.xml"
OFFICE = {weekday: [(13.5, 18.0), (8.5, 12.0)] for weekday in range(5)}
US = timedelta(microseconds=1)
QUARTER = timedelta(minutes=15)
PROPERTY = settings(max_examples=300, deadline=None)


def utc(*wall, tz="Asia/Shanghai"):
    """Naive UTC datetime of a local wall-clock time (first occurrence)."""
    aware = datetime(*wall, tzinfo=ZoneInfo(tz))
    return aware.astimezone(timezone.utc).replace(tzinfo=None)


def wall(moment, tz="Asia/Shanghai"):
    """Local wall-clock (naive) datetime of a naive UTC moment."""
    aware = moment.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(tz))
    return aware.replace(tzinfo=None)


def load_holidays():
    """The records of the holiday data file as dicts."""
    records = []
    for record in ET.parse(HOLIDAY_XML).getroot().iter("record"):
        fields = {}
        for field in record.iter("field"):
            value = field.get("eval", field.text)
            fields[field.get("name")] = value.strip() if value else value
        fields["id"] = record.get("id")
        fields["model"] = record.get("model")
        fields["day"] = date.fromisoformat(fields["date"])
        records.append(fields)
    return records


RECORDS = load_holidays()
PRC_HOLIDAYS = {r["day"] for r in RECORDS if r["day_type"] == "holiday"}
PRC_WORKDAYS = {r["day"] for r in RECORDS if r["day_type"] == "workday"}


def prc_office(**options):
    return Calendar(OFFICE, holidays=PRC_HOLIDAYS, workdays=PRC_WORKDAYS, **options)


# -- worked examples, Mon-Fri 08:30-12:00 + 13:30-18:00 Asia/Shanghai ---------


def test_lunch_break_is_skipped():
    calendar = Calendar(OFFICE)
    assert calendar.add_minutes(utc(2026, 3, 2, 11, 50), 15) == utc(2026, 3, 2, 13, 35)
    assert (
        calendar.minutes_between(utc(2026, 3, 2, 11, 50), utc(2026, 3, 2, 13, 35)) == 15
    )


def test_weekend_is_skipped():
    calendar = Calendar(OFFICE)
    friday = utc(2026, 3, 6, 17, 55)
    assert calendar.add_minutes(friday, 15) == utc(2026, 3, 9, 8, 40)
    assert calendar.add_minutes(friday, 5) == utc(2026, 3, 6, 18, 0)


def test_national_day_holidays_are_skipped():
    calendar = prc_office()
    # Wednesday 2026-09-30 17:55, then 1-7 October are holidays.
    assert calendar.add_minutes(utc(2026, 9, 30, 17, 55), 15) == utc(2026, 10, 8, 8, 40)
    assert calendar.minutes_between(utc(2026, 9, 30, 18), utc(2026, 10, 8, 8, 30)) == 0
    assert not calendar.is_working(utc(2026, 10, 5, 10))
    # Without the holidays the same clock runs on Thursday 1 October.
    plain = Calendar(OFFICE)
    assert plain.add_minutes(utc(2026, 9, 30, 17, 55), 15) == utc(2026, 10, 1, 8, 40)


def test_make_up_saturday_is_worked():
    calendar = prc_office()
    friday = utc(2026, 10, 9, 17, 55)
    assert calendar.add_minutes(friday, 15) == utc(2026, 10, 10, 8, 40)
    assert calendar.is_working(utc(2026, 10, 10, 9))
    assert not calendar.is_working(utc(2026, 10, 17, 9))  # an ordinary Saturday
    without = Calendar(OFFICE, holidays=PRC_HOLIDAYS)
    assert without.add_minutes(friday, 15) == utc(2026, 10, 12, 8, 40)


def test_make_up_hours_explicit_and_default():
    saturday = date(2026, 10, 10)
    friday = utc(2026, 10, 9, 17, 55)
    explicit = Calendar(OFFICE, workdays=[saturday], makeup_hours=[(9, 12)])
    assert explicit.add_minutes(friday, 15) == utc(2026, 10, 10, 9, 10)
    # By default a make-up day works like the first weekday that has hours.
    sparse = Calendar({4: [(14, 15)], 2: [(10, 11)]}, workdays=[saturday])
    assert sparse.add_minutes(utc(2026, 10, 9, 16), 30) == utc(2026, 10, 10, 10, 30)
    # A make-up day listed on a weekday replaces that weekday's hours.
    monday = Calendar(OFFICE, workdays=[date(2026, 10, 12)], makeup_hours=[(10, 11)])
    assert not monday.is_working(utc(2026, 10, 12, 9))
    assert monday.is_working(utc(2026, 10, 12, 10, 30))


def test_zero_minutes_returns_start_unchanged():
    calendar = Calendar(OFFICE)
    for start in (
        utc(2026, 3, 7, 3, 0, 7, 123),
        utc(2026, 3, 2, 10),
        utc(2026, 3, 2, 12),
    ):
        assert calendar.add_minutes(start, 0) is start
        assert calendar.add_minutes(start, 0.0) is start
    assert calendar.minutes_between(utc(2026, 3, 2, 10), utc(2026, 3, 2, 10)) == 0.0


def test_clock_starts_at_the_next_working_instant():
    calendar = Calendar(OFFICE)
    assert calendar.add_minutes(utc(2026, 3, 2, 7), 15) == utc(2026, 3, 2, 8, 45)
    assert calendar.add_minutes(utc(2026, 3, 2, 12, 30), 15) == utc(2026, 3, 2, 13, 45)
    assert calendar.add_minutes(utc(2026, 3, 7, 10), 15) == utc(2026, 3, 9, 8, 45)
    assert calendar.add_minutes(utc(2026, 3, 2, 19), 15) == utc(2026, 3, 3, 8, 45)


def test_time_running_out_at_an_interval_end_returns_that_end():
    calendar = Calendar(OFFICE)
    monday = utc(2026, 3, 2, 8, 30)
    assert calendar.add_minutes(utc(2026, 3, 2, 11, 30), 30) == utc(2026, 3, 2, 12)
    assert calendar.add_minutes(utc(2026, 3, 6, 17), 60) == utc(2026, 3, 6, 18)
    assert calendar.add_minutes(monday, 8 * 60) == utc(2026, 3, 2, 18)  # whole day
    assert calendar.add_minutes(monday, 5 * 8 * 60) == utc(2026, 3, 6, 18)  # week
    assert calendar.add_minutes(monday, 8 * 60 + 1) == utc(2026, 3, 3, 8, 31)
    # Starting on an interval end, the clock waits for the next start.
    assert calendar.add_minutes(utc(2026, 3, 2, 12), 1) == utc(2026, 3, 2, 13, 31)


def test_fractional_minutes_round_to_whole_seconds():
    calendar = Calendar(OFFICE)
    start = utc(2026, 3, 2, 9)
    assert calendar.add_minutes(start, 0.5) == start + timedelta(seconds=30)
    assert calendar.add_minutes(start, 1 / 3) == start + timedelta(seconds=20)
    assert calendar.add_minutes(start, 0.1 + 0.2) == start + timedelta(seconds=18)
    assert calendar.minutes_between(start, start + timedelta(seconds=90)) == 1.5


def test_negative_or_invalid_minutes_are_rejected():
    calendar = Calendar(OFFICE)
    for minutes in (-1, -0.5, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            calendar.add_minutes(utc(2026, 3, 2, 9), minutes)


def test_aware_datetimes_are_rejected():
    calendar = Calendar(OFFICE)
    aware = datetime(2026, 3, 2, 1, tzinfo=timezone.utc)
    with pytest.raises(ValueError):
        calendar.add_minutes(aware, 5)
    with pytest.raises(ValueError):
        calendar.is_working(aware)


def test_calendar_without_working_time():
    for calendar in (
        Calendar({}),
        Calendar({0: [], 3: [(9, 9)]}),
        Calendar({}, workdays=[date(2026, 10, 10)]),  # make-up day, but no hours
    ):
        with pytest.raises(ValueError, match="no working time"):
            calendar.add_minutes(utc(2026, 3, 2, 9), 15)
        with pytest.raises(ValueError, match="no working time"):
            calendar.next_working_moment(utc(2026, 3, 2, 9))
        assert calendar.minutes_between(utc(2026, 1, 1), utc(2027, 1, 1)) == 0.0
        assert not calendar.is_working(utc(2026, 3, 2, 9))
    only_makeup = Calendar({}, workdays=[date(2026, 10, 10)], makeup_hours=[(9, 10)])
    assert only_makeup.add_minutes(utc(2026, 3, 2), 15) == utc(2026, 10, 10, 9, 15)


def test_no_working_time_for_three_years_stops():
    mondays = [date(2026, 1, 5) + timedelta(weeks=n) for n in range(4 * 53)]
    calendar = Calendar({0: [(9, 10)]}, holidays=mondays)
    with pytest.raises(ValueError, match="3 years"):
        calendar.add_minutes(utc(2026, 1, 1), 15)
    with pytest.raises(ValueError, match="3 years"):
        calendar.next_working_moment(utc(2026, 1, 1))
    # Long durations on a sparse but live calendar are not cut off.
    weekly_hour = Calendar({0: [(9, 10)]})
    start = utc(2026, 1, 5, 9)
    end = weekly_hour.add_minutes(start, 200 * 60)
    assert end == utc(2026, 1, 5, 10) + timedelta(weeks=199)
    assert weekly_hour.minutes_between(start, end) == 200 * 60


def test_holiday_that_is_also_a_workday_is_rejected():
    with pytest.raises(ValueError, match="2026-10-10"):
        Calendar(OFFICE, holidays=[date(2026, 10, 10)], workdays=[date(2026, 10, 10)])


def test_invalid_hours_are_rejected():
    for weekly in ({0: [(12, 9)]}, {0: [(9, 25)]}, {0: [(-1, 9)]}, {7: [(9, 10)]}):
        with pytest.raises(ValueError):
            Calendar(weekly)


def test_intervals_are_normalised():
    messy = Calendar({0: [(13, 15), (9, 12), (12, 13), (14, 14.5), (10, 11)]})
    clean = Calendar({0: [(9, 15)]})
    start = utc(2026, 3, 2, 8)
    for minutes in (1, 59, 180, 181, 360, 361, 1000):
        assert messy.add_minutes(start, minutes) == clean.add_minutes(start, minutes)
    assert messy.minutes_between(start, utc(2026, 3, 3)) == 360
    assert messy.is_working(utc(2026, 3, 2, 12))  # touching intervals merge


def test_hour_24_and_overnight_work():
    calendar = Calendar({0: [(22, 24.0)], 1: [(0, 2)]})
    assert calendar.add_minutes(utc(2026, 3, 2, 22), 180) == utc(2026, 3, 3, 1)
    assert calendar.minutes_between(utc(2026, 3, 2), utc(2026, 3, 4)) == 240
    assert calendar.is_working(utc(2026, 3, 2, 23, 59, 59))
    assert calendar.is_working(utc(2026, 3, 3, 0))
    assert not calendar.is_working(utc(2026, 3, 3, 2))


def test_is_working_and_next_working_moment():
    calendar = Calendar(OFFICE)
    assert calendar.is_working(utc(2026, 3, 2, 8, 30))
    assert calendar.is_working(utc(2026, 3, 2, 11, 59, 59, 999999))
    assert not calendar.is_working(utc(2026, 3, 2, 12))
    assert not calendar.is_working(utc(2026, 3, 2, 8, 29, 59))
    working = utc(2026, 3, 2, 10, 0, 0, 5)
    assert calendar.next_working_moment(working) is working
    assert calendar.next_working_moment(utc(2026, 3, 2, 12)) == utc(2026, 3, 2, 13, 30)
    assert calendar.next_working_moment(utc(2026, 3, 6, 18)) == utc(2026, 3, 9, 8, 30)


def test_minutes_between():
    calendar = Calendar(OFFICE)
    monday = utc(2026, 3, 2)
    assert calendar.minutes_between(monday, monday + timedelta(days=7)) == 5 * 8 * 60
    assert calendar.minutes_between(utc(2026, 3, 2, 11), utc(2026, 3, 2, 14)) == 90
    assert calendar.minutes_between(utc(2026, 3, 2, 14), utc(2026, 3, 2, 11)) == 0.0
    assert calendar.minutes_between(utc(2026, 3, 6, 17), utc(2026, 3, 9, 9)) == 90


def test_daylight_saving_time_europe_madrid():
    tz = "Europe/Madrid"  # 2026-03-29 02:00 CET -> 03:00 CEST, back 2026-10-25
    office = Calendar(OFFICE, tz=tz)
    friday = utc(2026, 3, 27, 17, 55, tz=tz)
    assert friday == datetime(2026, 3, 27, 16, 55)
    assert office.add_minutes(friday, 15) == datetime(2026, 3, 30, 6, 40)
    assert wall(office.add_minutes(friday, 15), tz) == datetime(2026, 3, 30, 8, 40)
    assert (
        office.minutes_between(utc(2026, 3, 23, tz=tz), utc(2026, 4, 6, tz=tz)) == 4800
    )
    # A Sunday night shift 00:00-06:00 loses the skipped hour in March ...
    night = Calendar({6: [(0, 6)]}, tz=tz)
    assert night.minutes_between(datetime(2026, 3, 28), datetime(2026, 3, 30)) == 300
    assert night.add_minutes(datetime(2026, 3, 29, 0), 90) == datetime(
        2026, 3, 29, 1, 30
    )
    assert wall(datetime(2026, 3, 29, 1, 30), tz) == datetime(2026, 3, 29, 3, 30)
    # ... and works the repeated hour twice in October.
    assert night.minutes_between(datetime(2026, 10, 24), datetime(2026, 10, 26)) == 420
    always = Calendar({6: [(0, 24)]}, tz=tz)
    assert (
        always.minutes_between(datetime(2026, 3, 28), datetime(2026, 3, 30)) == 23 * 60
    )
    assert (
        always.minutes_between(datetime(2026, 10, 24), datetime(2026, 10, 27)) == 1500
    )
    assert always.add_minutes(datetime(2026, 10, 24, 22), 25 * 60) == datetime(
        2026, 10, 25, 23
    )


def test_weekly_from_attendances():
    rows = [("0", 8.5, 12.0), (0, 13.5, 18.0), (4, 9, 12), ("4", 13, 17.5)]
    weekly = weekly_from_attendances(rows)
    assert weekly == {0: [(8.5, 12.0), (13.5, 18.0)], 4: [(9.0, 12.0), (13.0, 17.5)]}
    calendar = Calendar(weekly)
    assert calendar.add_minutes(utc(2026, 3, 2, 17, 55), 15) == utc(2026, 3, 6, 9, 10)
    with pytest.raises(ValueError):
        weekly_from_attendances([(7, 9, 10)])


# -- properties ----------------------------------------------------------------

STARTS = st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31, 23, 59, 59))
MINUTES = st.integers(0, 5000)
FIXED = {
    "prc": prc_office(),
    "madrid": Calendar(OFFICE, tz="Europe/Madrid", holidays=[date(2026, 4, 3)]),
}
FIXED_CALENDARS = st.sampled_from(sorted(FIXED)).map(FIXED.get)
TIMEZONES = [
    "Asia/Shanghai",
    "Europe/Madrid",
    "America/New_York",
    "America/Santiago",  # changes at midnight
    "Australia/Lord_Howe",  # 30-minute DST
    "Asia/Kathmandu",  # +05:45
]


class Spec(NamedTuple):
    """An independent description of a calendar, for the reference oracle."""

    tz: str
    weekly: dict
    holidays: frozenset
    workdays: frozenset
    makeup: list | None

    def build(self):
        return Calendar(
            self.weekly, self.tz, self.holidays, self.workdays, makeup_hours=self.makeup
        )

    def hours(self, day):
        if day in self.holidays:
            return []
        if day in self.workdays:
            if self.makeup is not None:
                return self.makeup
            return next(iter(h for _d, h in sorted(self.weekly.items()) if h), [])
        return self.weekly.get(day.weekday(), [])

    def is_working(self, moment):
        """Reference: local wall time within the local date's hours."""
        local = wall(moment, self.tz)
        second = local.hour * 3600 + local.minute * 60 + local.second
        micro = second * 1_000_000 + local.microsecond
        return any(
            round(a * 3600) * 1_000_000 <= micro < round(b * 3600) * 1_000_000
            for a, b in self.hours(local.date())
        )


FIRST_DAY = date(2025, 12, 20)
DAYS = 900  # the random holidays and make-up days fall in FIRST_DAY + 0..900 days


def _interval(code):
    """A quarter-hour interval from one integer (one draw is cheaper than two)."""
    first, second = divmod(code, 96)
    return (min(first, second) / 4, (max(first, second) + 1) / 4)


def _spec(codes, blocks, workdays, tz, makeup):
    weekly = {}
    for code in codes:  # possibly unsorted, touching or overlapping
        weekday, interval = divmod(code, 96 * 96)
        weekly.setdefault(weekday, []).append(_interval(interval))
    holidays = set()
    for code in blocks:
        first, length = divmod(code, 9)
        holidays.update(
            FIRST_DAY + timedelta(days=first + n) for n in range(length + 1)
        )
    workdays = {FIRST_DAY + timedelta(days=n) for n in workdays} - holidays
    return Spec(
        tz=tz,
        weekly=weekly or {2: [(9.0, 17.0)]},
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        makeup=None if makeup is None else [_interval(code) for code in makeup],
    )


def _offset_changes(name):
    """The UTC midnights following each UTC-offset change of 2026-2027."""
    zone, changes, previous = ZoneInfo(name), [], None
    for day in range(731):
        midnight = datetime(2026, 1, 1) + timedelta(days=day)
        offset = midnight.replace(tzinfo=timezone.utc).astimezone(zone).utcoffset()
        if previous is not None and offset != previous:
            changes.append(midnight)
        previous = offset
    return changes


OFFSET_CHANGES = {name: _offset_changes(name) for name in TIMEZONES}


def starts_for(tz):
    """Random starts, half of them (where the zone has DST) close to a change."""
    changes = OFFSET_CHANGES[tz]
    if not changes:
        return STARTS
    near = st.builds(
        lambda change, minutes: change + timedelta(minutes=minutes),
        st.sampled_from(changes),
        st.integers(-4 * 24 * 60, 24 * 60),
    )
    return STARTS | near


INTERVAL_CODES = st.integers(0, 96 * 96 - 1)
SPECS = st.builds(
    _spec,
    st.lists(st.integers(0, 7 * 96 * 96 - 1), max_size=14),
    st.lists(st.integers(0, DAYS * 9 - 1), max_size=6),
    st.lists(st.integers(0, DAYS), max_size=6),
    st.sampled_from(TIMEZONES),
    st.none() | st.lists(INTERVAL_CODES, max_size=2),
)


def quarter_aligned(moment):
    return moment.replace(minute=moment.minute // 15 * 15, second=0, microsecond=0)


@PROPERTY
@given(FIXED_CALENDARS, STARTS, st.integers(0, 5000) | st.floats(0, 5000))
def test_minutes_between_inverts_add_minutes(calendar, start, minutes):
    end = calendar.add_minutes(start, minutes)
    assert end >= start
    assert abs(calendar.minutes_between(start, end) - minutes) <= 1 / 60


@PROPERTY
@given(FIXED_CALENDARS, STARTS, MINUTES, MINUTES)
def test_add_minutes_is_monotonic(calendar, start, first, second):
    low, high = sorted((first, second))
    assert calendar.add_minutes(start, low) <= calendar.add_minutes(start, high)
    if low < high:
        assert calendar.add_minutes(start, low) < calendar.add_minutes(start, high)


@PROPERTY
@given(FIXED_CALENDARS, STARTS, MINUTES, MINUTES)
def test_add_minutes_is_additive(calendar, start, first, second):
    step = calendar.add_minutes(calendar.add_minutes(start, first), second)
    assert step == calendar.add_minutes(start, first + second)


@PROPERTY
@given(FIXED_CALENDARS, STARTS, STARTS, STARTS)
def test_minutes_between_is_additive(calendar, one, two, three):
    first, middle, last = sorted((one, two, three))
    whole = calendar.minutes_between(first, last)
    parts = calendar.minutes_between(first, middle) + calendar.minutes_between(
        middle, last
    )
    assert whole == pytest.approx(parts, abs=1e-6)
    assert calendar.minutes_between(last, first) == 0.0


@PROPERTY
@given(STARTS, st.integers(1, 5000))
def test_add_minutes_ends_on_working_time_never_on_a_holiday(start, minutes):
    calendar = FIXED["prc"]
    end = calendar.add_minutes(start, minutes)
    last_instant = end - US  # the end itself may be an interval end
    assert calendar.is_working(last_instant)
    local = wall(last_instant)
    assert local.date() not in PRC_HOLIDAYS
    assert local.weekday() < 5 or local.date() in PRC_WORKDAYS
    assert end > calendar.next_working_moment(start)


@PROPERTY
@given(SPECS, st.data(), MINUTES, MINUTES)
def test_random_calendars_keep_the_properties(spec, data, first, second):
    calendar = spec.build()
    start = data.draw(starts_for(spec.tz), label="start")
    end = calendar.add_minutes(start, first)
    assert calendar.minutes_between(start, end) == first
    assert calendar.add_minutes(end, second) == calendar.add_minutes(
        start, first + second
    )
    if first:
        assert calendar.is_working(end - US)
        assert spec.is_working(end - US)
        assert wall(end - US, spec.tz).date() not in spec.holidays
    else:
        assert end == start
    nxt = calendar.next_working_moment(start)
    assert nxt >= start and spec.is_working(nxt)
    assert calendar.minutes_between(start, nxt) == 0


@PROPERTY
@given(SPECS, st.data(), st.integers(0, 3 * 96), st.integers(0, 24))
def test_random_calendars_match_a_quarter_hour_oracle(spec, data, slots, quarters):
    """All boundaries fall on UTC quarter hours, so counting working quarter
    hours is an exact, independent model of the calendar."""
    calendar = spec.build()
    moment = data.draw(starts_for(spec.tz), label="moment")
    assert calendar.is_working(moment) == spec.is_working(moment)
    start = quarter_aligned(moment)
    for probe in (start, start - US, start + QUARTER - US):
        assert calendar.is_working(probe) == spec.is_working(probe)
    working = [spec.is_working(start + n * QUARTER) for n in range(slots)]
    end = start + slots * QUARTER
    assert calendar.minutes_between(start, end) == 15 * sum(working)
    # add_minutes: the end of the quarter hour that completes the count.
    found, moment = 0, start
    for _n in range(1000):
        if found == quarters:
            break
        found += spec.is_working(moment)
        moment += QUARTER
    result = calendar.add_minutes(start, 15 * quarters)
    if found == quarters:
        assert result == moment
    else:
        assert result > moment


# -- holiday data ----------------------------------------------------------------


def span(first, last):
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


HOLIDAYS_2026 = (
    span(date(2026, 1, 1), date(2026, 1, 3))
    | span(date(2026, 2, 15), date(2026, 2, 23))
    | span(date(2026, 4, 4), date(2026, 4, 6))
    | span(date(2026, 5, 1), date(2026, 5, 5))
    | span(date(2026, 6, 19), date(2026, 6, 21))
    | span(date(2026, 9, 25), date(2026, 9, 27))
    | span(date(2026, 10, 1), date(2026, 10, 7))
)
WORKDAYS_2026 = {
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
}
# Statutory days off since 2025 (全国年节及纪念日放假办法).
STATUTORY_DAYS = {
    "New Year's Day": 1,
    "Spring Festival": 4,
    "Qingming Festival": 1,
    "Labour Day": 2,
    "Dragon Boat Festival": 1,
    "Mid-Autumn Festival": 1,
    "National Day": 3,
}
MAKE_UP = " (make-up working day)"


def test_holiday_records_are_well_formed():
    assert RECORDS
    days = Counter(r["day"] for r in RECORDS)
    assert [day for day, count in days.items() if count > 1] == []
    assert len({r["id"] for r in RECORDS}) == len(RECORDS)
    for record in RECORDS:
        assert record["model"] == "wx.sla.holiday"
        assert record["id"] == f"wx_sla_holiday_{record['day']:%Y%m%d}"
        assert record["day_type"] in ("holiday", "workday")
        festival = record["name"].removesuffix(MAKE_UP)
        assert festival in STATUTORY_DAYS, record["name"]
        assert (record["day_type"] == "workday") == record["name"].endswith(MAKE_UP)
        # 2026 is published; 2027 is derived and provisional until published.
        assert record["day"].year in (2026, 2027), record["id"]
        expected = "True" if record["day"].year == 2027 else "False"
        assert record["provisional"] == expected, record["id"]
    assert ET.parse(HOLIDAY_XML).getroot().get("noupdate") == "1"
    text = " ".join(HOLIDAY_XML.read_text(encoding="utf-8").split()).lower()
    assert "2027: provisional" in text
    assert "must be checked against the state council notice" in text


def test_holidays_2026_follow_the_state_council_notice():
    in_2026 = [r for r in RECORDS if r["day"].year == 2026]
    assert {r["day"] for r in in_2026 if r["day_type"] == "holiday"} == HOLIDAYS_2026
    assert {r["day"] for r in in_2026 if r["day_type"] == "workday"} == WORKDAYS_2026
    national = sorted(
        r["day"]
        for r in in_2026
        if r["name"] == "National Day" and r["day_type"] == "holiday"
    )
    assert national == sorted(span(date(2026, 10, 1), date(2026, 10, 7)))


def test_make_up_days_fall_on_weekends():
    workdays = [r["day"] for r in RECORDS if r["day_type"] == "workday"]
    assert workdays
    assert [day for day in workdays if day.weekday() < 5] == []


def test_holiday_blocks_are_consistent():
    blocks = defaultdict(list)
    make_ups = Counter()
    for record in RECORDS:
        festival = record["name"].removesuffix(MAKE_UP)
        key = (record["day"].year, festival)
        if record["day_type"] == "holiday":
            blocks[key].append(record["day"])
        else:
            make_ups[key] += 1
    assert {year for year, _festival in blocks} == {2026, 2027}
    assert len(blocks) == 2 * len(STATUTORY_DAYS)
    for (year, festival), days in blocks.items():
        days.sort()
        assert days == sorted(span(days[0], days[-1])), (year, festival)
        # Weekdays off beyond the statutory days are paid back by make-up days.
        weekdays_off = sum(day.weekday() < 5 for day in days)
        balance = weekdays_off - make_ups[year, festival]
        assert balance == STATUTORY_DAYS[festival], (year, festival)
    assert set(make_ups) <= set(blocks)


def test_at_most_six_consecutive_working_days():
    """The rule in force since 2025, for a Monday-Friday office."""
    calendar = prc_office()
    streak = longest = 0
    day = date(2026, 1, 1)
    while day.year < 2028:
        if calendar.is_working(utc(day.year, day.month, day.day, 10)):
            streak += 1
            longest = max(longest, streak)
        else:
            streak = 0
        day += timedelta(days=1)
    assert 5 <= longest <= 6
