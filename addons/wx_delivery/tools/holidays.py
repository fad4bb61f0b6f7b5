# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Holiday periods of a business calendar, as delivery-risk features.

The calendar is wx_sla's (``wx.sla.holiday``: public holidays and make-up
working days). Inside Odoo the days come from the database; the command-line
tools read the same records from the addons' XML data files
(:func:`prc_calendar`), so both see one calendar.

A *block* is a run of consecutive holiday days (Spring Festival, Labour Day,
...). Around a block deliveries behave differently: the days before it are a
rush, the week after it carries the backlog. The features say where a day
stands relative to the nearest blocks; none of them uses an outcome.
"""

import xml.etree.ElementTree as ET
from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from pathlib import Path

ADDONS = Path(__file__).resolve().parents[2]
CALENDAR_FILES = (
    ADDONS / "wx_delivery" / "data" / "wx_sla_holiday_2025_data.xml",
    ADDONS / "wx_sla" / "data" / "wx_sla_holiday_data.xml",
)
# how far before / after a block a day still counts as "near" it
BEFORE_DAYS = 7
AFTER_DAYS = 14


def read_calendar_xml(paths=CALENDAR_FILES):
    """``{date: "holiday" | "workday"}`` from wx.sla.holiday XML data files
    (calendar-wide records only: those restricted to one schedule are skipped)."""
    days = {}
    for path in paths:
        if not Path(path).exists():
            continue
        for record in ET.parse(path).getroot().iter("record"):
            if record.get("model") != "wx.sla.holiday":
                continue
            values = {f.get("name"): (f.text or "").strip() for f in record}
            if values.get("calendar_id"):
                continue
            day = date.fromisoformat(values["date"])
            days[day] = values.get("day_type") or "holiday"
    return days


def prc_calendar():
    """The PRC calendar shipped with the addons."""
    return HolidayCalendar(read_calendar_xml())


class HolidayCalendar:
    """Holiday blocks of ``{date: "holiday" | "workday"}`` and the features of a day."""

    def __init__(self, days=None):
        days = days or {}
        self.holidays = frozenset(d for d, kind in days.items() if kind == "holiday")
        self.workdays = frozenset(d for d, kind in days.items() if kind == "workday")
        blocks = []
        for day in sorted(self.holidays):
            if blocks and day - blocks[-1][1] == timedelta(days=1):
                blocks[-1][1] = day
            else:
                blocks.append([day, day])
        self.blocks = [tuple(b) for b in blocks]
        self._starts = [b[0] for b in self.blocks]
        self._ends = [b[1] for b in self.blocks]
        self._cache = {}

    def __bool__(self):
        return bool(self.holidays)

    def block_of(self, day):
        """The block containing ``day``, or None."""
        i = bisect_right(self._starts, day) - 1
        if i >= 0 and self.blocks[i][0] <= day <= self.blocks[i][1]:
            return self.blocks[i]
        return None

    def features(self, day):
        """``(holiday, makeup, days_before, days_after, after_length)`` of ``day``:
        holiday / make-up working day flags (0/1); days until the next block
        starts (1..BEFORE_DAYS, 0 when farther or none); days since the last
        block ended (1..AFTER_DAYS, 0 when farther or none) and that block's
        length in days (0 likewise)."""
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        holiday = 1 if day in self.holidays else 0
        makeup = 1 if day in self.workdays else 0
        before = after = length = 0
        i = bisect_right(self._starts, day)
        if i < len(self._starts):
            gap = (self._starts[i] - day).days
            if 0 < gap <= BEFORE_DAYS:
                before = gap
        j = bisect_left(self._ends, day) - 1
        if j >= 0:
            gap = (day - self._ends[j]).days
            if 0 < gap <= AFTER_DAYS:
                after = gap
                length = (self.blocks[j][1] - self.blocks[j][0]).days + 1
        result = (holiday, makeup, before, after, length)
        self._cache[day] = result
        return result
