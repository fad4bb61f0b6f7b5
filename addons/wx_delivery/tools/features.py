# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Delivery-risk features, known before dispatch only.

No feature reads a row's own ``delivered_at``. Outcomes enter only through
the *recent late rates*: per carrier, region, warehouse, carrier x region and
customer, time-decayed (carriers change) and smoothed towards the overall
rate, computed from the deliveries whose outcome was known at the row's
*reference time*: its ``ordered_at``, or ``as_of`` when scoring (the rows of
an evaluation's test part and the open orders in Odoo see the history known
at the cut-off only, so shuffling their own ``delivered_at`` cannot change a
score).

The other features: hour ordered, weekday and hour promised, lead time,
holiday periods (wx_sla's calendar, :mod:`.holidays`), weather (missing is a
value of its own), order size, and the warehouse's load for the delivery day
(orders promised from it that day against its usual day).
"""

import math
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from statistics import median

import numpy as np

from .history import is_late

DAY = 86400.0
# time constants of the decayed rates, in days (e-folding times)
SHORT_DAYS = 10.0
# pseudo-counts pulling each rate towards the overall rate
SHORT_PRIOR = 6.0
LONG_PRIOR = 30.0
# keys of the recent rates: name -> how to read the key of a row
RATE_KEYS = {
    "carrier": lambda r: r["carrier"],
    "region": lambda r: r["region"],
    "warehouse": lambda r: r["warehouse"],
    "carrier_region": lambda r: (r["carrier"], r["region"]),
    "warehouse_carrier": lambda r: (r["warehouse"], r["carrier"]),
    "customer": lambda r: r["customer_id"],
}
SHORT_KEYS = ("carrier", "region", "warehouse", "carrier_region")
NAMES = (
    [f"short_{k}" for k in SHORT_KEYS]
    + [f"long_{k}" for k in RATE_KEYS]
    + ["volume_carrier"]
    + [
        "hour_ordered",
        "hour_promised",
        "weekday",
        "monday",
        "weekend",
        "lead_hours",
        "holiday",
        "makeup_day",
        "days_before_holiday",
        "days_after_holiday",
        "after_holiday_length",
        "post_holiday_week",
        "temperature",
        "rain",
        "weather_missing",
        "heavy_rain",
        "rain_10",
        "hot",
        "cold",
        "hot_perishable",
        "log_weight",
        "lines",
        "perishable",
        "load",
        "load_over",
        "day_load",
        "log_lead",
        "rain_log",
        "heat",
        "heat_perishable",
    ]
)


EPOCH = datetime(1970, 1, 1)
# heavy rain (mm in the day) and a hot day (°C): features and reasons
HEAVY_RAIN_MM = 25.0
HOT_C = 32.0


def _seconds(moment):
    """Seconds since the epoch of a naive datetime (no time zone arithmetic)."""
    return (moment - EPOCH).total_seconds()


class _Rates:
    """Decayed and cumulative late counts per key, advanced in time order."""

    def __init__(self, prior):
        self.prior = prior
        self.short = defaultdict(lambda: [0.0, 0.0, 0.0])  # weight, late, at
        self.long = defaultdict(lambda: [0.0, 0.0])  # count, late

    def add(self, key_values, late, at):
        for name, key in key_values:
            self.long[name, key][0] += 1
            self.long[name, key][1] += late
            if name in SHORT_KEYS:
                cell = self.short[name, key]
                decay = (
                    math.exp(-(at - cell[2]) / (SHORT_DAYS * DAY)) if cell[2] else 0.0
                )
                cell[0] = cell[0] * decay + 1.0
                cell[1] = cell[1] * decay + late
                cell[2] = at

    def features(self, row, at):
        prior = self.prior
        values = []
        for name in SHORT_KEYS:
            cell = self.short.get((name, RATE_KEYS[name](row)))
            if cell is None:
                values.append(prior)
                continue
            decay = math.exp(-(at - cell[2]) / (SHORT_DAYS * DAY))
            values.append(
                (cell[1] * decay + SHORT_PRIOR * prior)
                / (cell[0] * decay + SHORT_PRIOR)
            )
        for name, key_of in RATE_KEYS.items():
            count, late = self.long.get((name, key_of(row)), (0.0, 0.0))
            values.append((late + LONG_PRIOR * prior) / (count + LONG_PRIOR))
        cell = self.short.get(("carrier", row["carrier"]))
        volume = 0.0
        if cell is not None:
            volume = cell[0] * math.exp(-(at - cell[2]) / (SHORT_DAYS * DAY))
        values.append(math.log1p(volume))
        return values

    def recent(self, name, key, at):
        """(decayed late rate, decayed weight) of one key, for the reasons."""
        cell = self.short.get((name, key))
        if cell is None:
            return None, 0.0
        decay = math.exp(-(at - cell[2]) / (SHORT_DAYS * DAY))
        weight = cell[0] * decay
        if weight <= 0:
            return None, 0.0
        return cell[1] * decay / weight, weight


def _load_key(row):
    return (row["warehouse"], row["promised_at"].date())


class FeatureBuilder:
    """Learns the few constants of the features from a training history
    (overall late rate, each warehouse's usual day) and builds matrices."""

    def __init__(self, calendar):
        self.calendar = calendar
        self.prior = 0.15
        self.usual_load = {}
        self.usual_day = 1.0

    # -- state -----------------------------------------------------------------

    def fit(self, rows):
        delivered = [r for r in rows if r["delivered_at"] is not None]
        if delivered:
            self.prior = sum(map(is_late, delivered)) / len(delivered)
        per_day = Counter(_load_key(r) for r in rows)
        by_warehouse = defaultdict(list)
        for (warehouse, _day), count in per_day.items():
            by_warehouse[warehouse].append(count)
        self.usual_load = {w: float(median(c)) for w, c in by_warehouse.items()}
        totals = Counter(r["promised_at"].date() for r in rows)
        self.usual_day = float(median(totals.values())) if totals else 1.0
        return self

    def to_dict(self):
        return {
            "prior": self.prior,
            "usual_load": self.usual_load,
            "usual_day": self.usual_day,
        }

    @classmethod
    def from_dict(cls, data, calendar):
        builder = cls(calendar)
        builder.prior = data["prior"]
        builder.usual_load = dict(data["usual_load"])
        builder.usual_day = data["usual_day"]
        return builder

    # -- matrices --------------------------------------------------------------

    def matrix(self, rows, known, as_of=None, loads=None, stale_days=None):
        """Feature matrix of ``rows`` (numpy, float, NaN = missing).

        ``known``: delivered rows whose outcomes may be used: only those
        delivered before a row's reference time (its ``ordered_at``, capped
        at ``as_of`` when given) count for it. ``loads``: rows counted for
        the warehouse loads (default: the orders of ``rows`` and ``known``,
        each once; never reads ``delivered_at``). ``stale_days``: training
        rows see the outcomes known at the start of their ``stale_days``
        period only, as the rows scored as of a cut-off do (their
        information is up to a period old):
        the learner then weighs recent rates as they will be at scoring time.
        Returns ``(X, rates)``: the rates state at the end, for the reasons."""
        rates = _Rates(self.prior)
        events = sorted(
            (
                (_seconds(r["delivered_at"]), i)
                for i, r in enumerate(known)
                if r["delivered_at"] is not None
            ),
        )
        refs = [_seconds(r["ordered_at"]) for r in rows]
        if stale_days and refs:
            origin, period = min(refs), stale_days * DAY
            refs = [origin + (t - origin) // period * period for t in refs]
        if as_of is not None:
            cap = _seconds(as_of)
            refs = [min(t, cap) for t in refs]
        order = sorted(range(len(rows)), key=refs.__getitem__)
        if loads is None:  # each order once (``known`` often holds ``rows``)
            loads = list({r["order_id"]: r for r in (*known, *rows)}.values())
        load_rows = loads
        per_day = Counter(_load_key(r) for r in load_rows)
        day_total = Counter(r["promised_at"].date() for r in load_rows)
        X = np.empty((len(rows), len(NAMES)), dtype=float)
        e = 0
        for i in order:
            row = rows[i]
            at = refs[i]
            while e < len(events) and events[e][0] < at:
                done = known[events[e][1]]
                rates.add(
                    [(name, key_of(done)) for name, key_of in RATE_KEYS.items()],
                    1.0 if is_late(done) else 0.0,
                    events[e][0],
                )
                e += 1
            X[i] = rates.features(row, at) + self._static(row, per_day, day_total)
        return X, rates

    def _static(self, row, per_day, day_total):
        ordered, promised = row["ordered_at"], row["promised_at"]
        holiday, makeup, before, after, length = self.calendar.features(promised.date())
        temperature, rain = row["temperature_c"], row["rain_mm"]
        missing = temperature is None and rain is None
        t = math.nan if temperature is None else temperature
        r = math.nan if rain is None else rain
        weight = row["weight_kg"] or 0.0
        perishable = row["perishable_share"] or 0.0
        usual = self.usual_load.get(row["warehouse"]) or self.usual_day / max(
            1, len(self.usual_load)
        )
        load = per_day[_load_key(row)] / max(usual, 1.0)
        day_load = day_total[promised.date()] / max(self.usual_day, 1.0)
        hot = 1.0 if temperature is not None and temperature >= HOT_C else 0.0
        # degrees above a warm day: heat hurts cold-chain loads progressively
        heat = max(0.0, temperature - 28.0) if temperature is not None else 0.0
        lead = (promised - ordered) / timedelta(hours=1)
        return [
            ordered.hour + ordered.minute / 60,
            promised.hour + promised.minute / 60,
            promised.weekday(),
            1.0 if promised.weekday() == 0 else 0.0,
            1.0 if promised.weekday() >= 5 else 0.0,
            lead,
            holiday,
            makeup,
            before,
            after,
            length,
            1.0 if after and after <= 7 and length >= 3 else 0.0,
            t,
            r,
            1.0 if missing else 0.0,
            1.0 if rain is not None and rain >= HEAVY_RAIN_MM else 0.0,
            1.0 if rain is not None and rain >= 10 else 0.0,
            hot,
            1.0 if temperature is not None and temperature <= 0 else 0.0,
            hot * perishable,
            math.log1p(weight),
            float(row["lines"] or 0),
            perishable,
            load,
            max(0.0, load - 1.0),
            day_load,
            math.log(max(lead, 1.0)),
            math.nan if rain is None else math.log1p(max(rain, 0.0)),
            heat,
            heat * perishable,
        ]
