# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A seeded generator of delivery histories (demo data and model tests).

Pure and deterministic: the same ``seed``, ``end`` and ``effects`` give the
same rows. Each row is a dict with the CSV columns of :mod:`.history`
(``order_id, customer_id, region, warehouse, carrier, ordered_at,
promised_at, delivered_at, weight_kg, lines, perishable_share,
temperature_c, rain_mm``); times are naive local (Asia/Shanghai) datetimes.

Lateness is drawn from a hidden logistic model whose parts a predictor has to
*learn*, none of them is a column it can read off:

- each region and carrier has its own propensity (drawn from the seed),
  carriers go through bad spells of a few weeks (a new driver pool, a broken
  truck) and two carrier x region pairs are bad together;
- a warehouse's load for the delivery day (orders promised that day against
  its capacity) pushes lateness up steeply above capacity;
- heavy rain and heat (weather columns, missing for some rows) hurt, more so
  for perishable loads;
- holidays (wx_sla's PRC calendar): a rush before each block, a backlog
  week after it, worst after the Spring Festival and National Day;
- early promised hours, short lead times, heavy and many-line orders;
- an unobserved daily disturbance per warehouse and plain noise.

``effects`` scales each part (``{"carrier": 1.0, "region": 1.0, ...}``) so
tests can check that the model generalises to histories with other effect
sizes than the one it was tuned on.

``open_events`` puts what a planner sees coming into the open days (the
history before them is unchanged): a storm forecast over a province
(its rain replaces the day's draw there) and a rush at a warehouse (orders
added until its load that day reaches a multiple of its capacity, e.g. a
supermarket chain's promotion). The hidden model scores them like any day
of the history: rain and load above capacity are among its parts.
"""

import itertools
import math
import random
from datetime import datetime, time, timedelta

# (province, city, warehouse, climate): climate = (mean temperature, seasonal
# amplitude, rainy-season wetness)
REGIONS = (
    ("上海市", "上海市", "上海仓", (17.0, 11.0, 1.0)),
    ("浙江省", "杭州市", "上海仓", (17.5, 11.5, 1.1)),
    ("浙江省", "宁波市", "上海仓", (17.0, 10.5, 1.0)),
    ("江苏省", "南京市", "上海仓", (16.0, 12.5, 0.9)),
    ("江苏省", "苏州市", "上海仓", (16.5, 12.0, 0.9)),
    ("北京市", "北京市", "上海仓", (12.5, 15.5, 0.6)),
    ("湖北省", "武汉市", "上海仓", (17.0, 12.5, 1.2)),
    ("广东省", "广州市", "深圳仓", (22.5, 7.5, 1.6)),
    ("广东省", "深圳市", "深圳仓", (23.0, 6.5, 1.6)),
    ("四川省", "成都市", "深圳仓", (16.5, 10.0, 1.1)),
    ("福建省", "福州市", "福州仓", (20.0, 8.5, 1.3)),
    ("福建省", "厦门市", "福州仓", (21.0, 7.5, 1.3)),
)
WAREHOUSES = ("上海仓", "深圳仓", "福州仓")
# each warehouse's capacity, as a share of the average day's orders
CAPACITY = (0.62, 0.3, 0.2)
CARRIERS = ("顺丰冷运", "京东冷链", "自有车队", "德邦快运")
DEFAULT_EFFECTS = {
    "carrier": 1.0,
    "region": 1.0,
    "spell": 1.0,
    "pair": 1.0,
    "load": 1.0,
    "weather": 1.0,
    "holiday": 1.0,
    "timing": 1.0,
    "size": 1.0,
    "daily": 1.0,
}


def region_name(province, city):
    """The region key of a shipping address: "province/city"."""
    return f"{province}/{city}" if city else province


def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


class _Weather:
    """Daily temperature and rain per region: seasonal means and AR(1) noise."""

    def __init__(self, rng):
        self.rng = rng
        self.temp_noise = {}
        self.wet = {}

    def day(self, region, climate, day):
        mean, amplitude, wetness = climate
        season = -math.cos(2 * math.pi * (day.timetuple().tm_yday - 20) / 365.25)
        noise = 0.7 * self.temp_noise.get(region, 0.0) + self.rng.gauss(0, 2.2)
        self.temp_noise[region] = noise
        temperature = mean + amplitude * season + noise
        # rainy season: May-September, strongest in the south
        rainy = max(0.0, math.sin(math.pi * (day.timetuple().tm_yday - 110) / 170))
        wet_yesterday = self.wet.get(region, False)
        p_rain = min(
            0.85, (0.18 + 0.35 * rainy) * wetness + (0.2 if wet_yesterday else 0)
        )
        rain = 0.0
        if self.rng.random() < p_rain:
            rain = self.rng.expovariate(1 / (5 + 12 * rainy * wetness))
        self.wet[region] = rain > 1
        return round(temperature, 1), round(rain, 1)


def _knowable(z_seen, spread, nodes):
    """E[sigmoid(z_seen + e)], e ~ N(0, spread): the daily disturbance is
    unknown before the day (Gauss-Hermite quadrature)."""
    return sum(
        w * _sigmoid(z_seen + math.sqrt(2) * spread * x) for x, w in nodes
    ) / math.sqrt(math.pi)


def generate(  # noqa: C901 (one day loop: demand, weather, lateness)
    seed=17,
    end=None,
    days=600,
    per_day=70,
    effects=None,
    open_days=3,
    truth=None,
    open_events=None,
):
    """Delivery rows of ``days`` days up to ``end`` (a date; default today), then
    the open orders promised in the ``open_days`` days after ``end``. With a
    dict ``truth``: each order's true probability of being late and the best
    one knowable before the day, ``{order_id: (p, p_knowable)}``.
    ``open_events``: ``{"storm": {province: (open day, rain mm)}, "rush":
    {warehouse: (open day, load)}}`` (load: orders / capacity), open day 1
    being the day after ``end``."""
    from datetime import date as _date

    from .holidays import prc_calendar

    rng = random.Random(seed)
    eff = dict(DEFAULT_EFFECTS)
    eff.update(effects or {})
    end = end or _date.today()
    start = end - timedelta(days=days)
    calendar = prc_calendar()

    region_keys = [region_name(p, c) for p, c, _w, _k in REGIONS]
    region_eff = {r: rng.gauss(0, 0.45) for r in region_keys}
    region_size = {r: rng.uniform(0.5, 1.6) for r in region_keys}
    carrier_eff = {c: rng.gauss(0, 0.4) for c in CARRIERS}
    carrier_share = {c: rng.uniform(0.6, 1.4) for c in CARRIERS}
    pairs = set()
    while len(pairs) < 2:
        pairs.add((rng.choice(CARRIERS), rng.choice(region_keys)))
    # bad spells: (carrier, first day, last day, strength)
    spells = []
    for carrier in CARRIERS:
        for _ in range(rng.randint(1, 3)):
            first = start + timedelta(days=rng.randrange(days))
            spells.append(
                (
                    carrier,
                    first,
                    first + timedelta(days=rng.randint(12, 45)),
                    rng.uniform(0.6, 1.3),
                )
            )
    capacity = {w: per_day * s for w, s in zip(WAREHOUSES, CAPACITY, strict=True)}
    customers = {
        r: [f"C{i:02d}{n}" for n in range(rng.randint(3, 9))]
        for i, r in enumerate(region_keys)
    }
    weather = _Weather(rng)
    region_index = range(len(REGIONS))
    region_cum = list(itertools.accumulate(region_size[r] for r in region_keys))
    carrier_cum = list(itertools.accumulate(carrier_share[c] for c in CARRIERS))

    events = open_events or {}
    storms = {
        (province, day_number): rain
        for province, (day_number, rain) in events.get("storm", {}).items()
    }
    rushes = {
        (warehouse, day_number): load
        for warehouse, (day_number, load) in events.get("rush", {}).items()
    }
    served = {w: [i for i in region_index if REGIONS[i][2] == w] for w in WAREHOUSES}

    rows = []
    number = 0
    total_days = days + open_days
    if truth is not None:
        import numpy as np

        nodes = list(zip(*np.polynomial.hermite.hermgauss(20), strict=True))
    for offset in range(total_days):
        day = start + timedelta(days=offset + 1)
        holiday, _makeup, before, after, length = calendar.features(day)
        season = 1 + 0.25 * math.sin(
            2 * math.pi * (day.timetuple().tm_yday - 150) / 365.25
        )
        demand = per_day * season * (0.75 if day.weekday() == 6 else 1.0)
        if holiday:
            demand *= 0.35
        if before:
            demand *= 1.0 + 0.5 / before  # stocking up before the holiday
        if after and after <= 5:
            demand *= 1.25  # reopening: the backlog of the holiday
        day_rain = {}
        daily = {w: rng.gauss(0, 0.35) for w in WAREHOUSES}
        spell_today = dict.fromkeys(CARRIERS, 0.0)
        for s_carrier, first, last, strength in spells:
            if first <= day <= last:
                spell_today[s_carrier] += strength
        todays = []
        for _ in range(max(1, int(rng.gauss(demand, math.sqrt(demand))))):
            index = rng.choices(region_index, cum_weights=region_cum)[0]
            _province, _city, warehouse, climate = REGIONS[index]
            region = region_keys[index]
            if rng.random() < 0.08:  # cross-dock from another warehouse
                warehouse = rng.choice(WAREHOUSES)
            carrier = rng.choices(CARRIERS, cum_weights=carrier_cum)[0]
            if region not in day_rain:
                day_rain[region] = weather.day(region, climate, day)
            todays.append((region, warehouse, carrier))
        open_day = offset - days + 1  # 1: the first open day
        for warehouse in WAREHOUSES:
            target = rushes.get((warehouse, open_day))
            if not target:
                continue
            own = sum(1 for _r, w, _c in todays if w == warehouse)
            weights = [region_size[region_keys[i]] for i in served[warehouse]]
            for _ in range(round(target * capacity[warehouse]) - own):
                index = rng.choices(served[warehouse], weights=weights)[0]
                region = region_keys[index]
                if region not in day_rain:
                    day_rain[region] = weather.day(region, REGIONS[index][3], day)
                carrier = rng.choices(CARRIERS, cum_weights=carrier_cum)[0]
                todays.append((region, warehouse, carrier))
        for index, (province, _city, _warehouse, _climate) in enumerate(REGIONS):
            rain = storms.get((province, open_day))
            region = region_keys[index]
            if rain is not None and region in day_rain:
                day_rain[region] = (day_rain[region][0], float(rain))
        load = {w: 0 for w in WAREHOUSES}
        for _region, warehouse, _carrier in todays:
            load[warehouse] += 1
        for region, warehouse, carrier in todays:
            number += 1
            hour = rng.choice((6, 7, 8, 9, 10, 10, 11, 14, 15, 16))
            promised = datetime.combine(day, time(hour, rng.choice((0, 30))))
            lead = rng.choice((10, 14, 16, 20, 24, 26, 30, 40, 48))
            ordered = promised - timedelta(hours=lead, minutes=rng.randrange(60))
            lines = max(1, int(rng.expovariate(1 / 4.5)) + 1)
            weight = round(min(3000.0, lines * rng.lognormvariate(4.0, 0.7)), 1)
            perishable = round(rng.triangular(0.0, 1.0, 0.5), 2)
            temperature, rain = day_rain[region]
            z = -2.7
            z += eff["region"] * region_eff[region]
            z += eff["carrier"] * carrier_eff[carrier]
            z += eff["spell"] * spell_today[carrier]
            if (carrier, region) in pairs:
                z += eff["pair"] * 0.9
            ratio = load[warehouse] / capacity[warehouse]
            z += eff["load"] * (
                2.2 * max(0.0, ratio - 1.05) + 0.4 * max(0.0, ratio - 0.8)
            )
            weather_z = 0.0
            if rain >= 25:
                weather_z += 1.0
            elif rain >= 10:
                weather_z += 0.45
            if temperature >= 34:
                weather_z += 0.3 + 0.5 * perishable
            elif temperature <= -3:
                weather_z += 0.35
            z += eff["weather"] * weather_z
            holiday_z = 0.0
            if holiday:
                holiday_z += 0.6
            if before in (1, 2):
                holiday_z += 0.45
            if after and length >= 5:
                holiday_z += 1.5 * math.exp(-(after - 1) / 4)
            elif after and after <= 3:
                holiday_z += 0.4
            z += eff["holiday"] * holiday_z
            timing_z = 0.45 if hour <= 7 else 0.0
            timing_z += 0.5 if lead <= 14 else 0.0
            timing_z += 0.2 if day.weekday() == 0 else 0.0
            z += eff["timing"] * timing_z
            z += eff["size"] * (
                0.22 * math.log(max(weight, 10) / 150) + 0.04 * (lines - 4)
            )
            z_seen = z
            z += eff["daily"] * daily[warehouse]
            late = rng.random() < _sigmoid(z)
            if truth is not None:
                truth[f"SO{number:06d}"] = (
                    _sigmoid(z),
                    _knowable(z_seen, 0.35 * eff["daily"], nodes),
                )
            if late:
                delay = 5 + rng.expovariate(1 / 85)
            else:
                delay = -rng.uniform(0, 150)
            delivered = promised + timedelta(minutes=round(delay))
            delivered = max(delivered, ordered + timedelta(hours=1))
            is_open = offset >= days
            missing = rng.random() < 0.07
            rows.append(
                {
                    "order_id": f"SO{number:06d}",
                    "customer_id": rng.choice(customers[region]),
                    "region": region,
                    "warehouse": warehouse,
                    "carrier": carrier,
                    "ordered_at": ordered,
                    "promised_at": promised,
                    "delivered_at": None if is_open else delivered,
                    "weight_kg": weight,
                    "lines": lines,
                    "perishable_share": perishable,
                    "temperature_c": None if missing else temperature,
                    "rain_mm": None if missing else rain,
                }
            )
    rows.sort(key=lambda r: (r["ordered_at"], r["order_id"]))
    return rows
