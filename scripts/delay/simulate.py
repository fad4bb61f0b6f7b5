#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An independent delivery-history simulator, to check that the risk model
generalises beyond the demo's generator.

    .venv/bin/python scripts/delay/simulate.py OUT.csv [--seed N]
        [--late-rate 0.38] [--scale 1.0] [--noise 0.35] [--truth TRUTH.csv]

It shares no code with the model (``addons/wx_delivery/tools/``) nor with
the demo's generator: other regions, warehouses and carriers, other shapes
of every effect (smooth rain and heat, carriers that drift week by week
instead of bad spells, a dense carrier x region interaction, per-customer
and per-hour effects, a soft capacity curve), its own reading of the holiday
days (the raw dates of wx_sla's XML data) and its own weather. The intercept
is solved so that the late share is ``--late-rate``; ``--scale`` multiplies
every learnable effect, ``--noise`` is the spread of the unobserved daily
disturbances. ``--truth`` writes each order's true probability of being
late (``p``) and the best probability knowable before the day
(``p_knowable``: the daily disturbances averaged out); their Brier scores on
the evaluation's test part (latest 20% by ordered_at) are printed at the end:
no model can do better than the first, a model that knew the simulator's
every learnable effect exactly would reach the second.
"""

import argparse
import csv
import math
import random
import sys
import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta
from pathlib import Path

ADDONS = Path(__file__).resolve().parents[2] / "addons"
HOLIDAY_FILES = (
    ADDONS / "wx_delivery" / "data" / "wx_sla_holiday_2025_data.xml",
    ADDONS / "wx_sla" / "data" / "wx_sla_holiday_data.xml",
)
HEADER = [
    "order_id",
    "customer_id",
    "region",
    "warehouse",
    "carrier",
    "ordered_at",
    "promised_at",
    "delivered_at",
    "weight_kg",
    "lines",
    "perishable_share",
    "temperature_c",
    "rain_mm",
]
# region -> (warehouse, mean temperature, seasonal swing, wetness)
REGIONS = {
    "福建省/福州市": ("闽赣冷库", 20.5, 8.0, 1.3),
    "福建省/泉州市": ("闽赣冷库", 21.0, 7.5, 1.2),
    "江西省/南昌市": ("闽赣冷库", 18.5, 11.0, 1.2),
    "广东省/深圳市": ("华南冷库", 23.0, 6.5, 1.6),
    "广东省/东莞市": ("华南冷库", 22.5, 7.0, 1.5),
    "广西壮族自治区/南宁市": ("华南冷库", 22.0, 7.5, 1.4),
    "湖南省/长沙市": ("华南冷库", 17.5, 12.0, 1.1),
    "上海市/上海市": ("华东冷库", 17.0, 11.0, 1.0),
    "浙江省/温州市": ("华东冷库", 18.5, 9.5, 1.1),
    "山东省/青岛市": ("华东冷库", 13.5, 12.5, 0.7),
    "河南省/郑州市": ("华东冷库", 15.0, 14.0, 0.6),
    "重庆市/重庆市": ("华南冷库", 18.5, 10.0, 1.0),
}
WAREHOUSE_SHARE = {"闽赣冷库": 0.30, "华南冷库": 0.40, "华东冷库": 0.30}
CARRIERS = ("中通冷链", "顺丰特快", "安能物流", "本地车队", "闪送同城")


def holiday_days(paths=HOLIDAY_FILES):
    """The calendar-wide holiday dates of the XML data files."""
    days = set()
    for path in paths:
        for record in ET.parse(path).getroot().iter("record"):
            if record.get("model") != "wx.sla.holiday":
                continue
            values = {f.get("name"): (f.text or "").strip() for f in record}
            if values.get("calendar_id") or values.get("day_type") == "workday":
                continue
            days.add(date.fromisoformat(values["date"]))
    return days


def holiday_pressure(day, holidays):
    """Extra lateness around holidays: a backlog that fades after a long
    break, a rush on the days before one, a skeleton crew during one."""
    if day in holidays:
        return 0.5
    pressure = 0.0
    # backlog: walk back to the last holiday within 10 days
    for back in range(1, 11):
        if day - timedelta(days=back) in holidays:
            length = 0
            probe = day - timedelta(days=back)
            while probe in holidays:
                length += 1
                probe -= timedelta(days=1)
            pressure += min(length, 8) / 8 * 1.3 * math.exp(-(back - 1) / 3.0)
            break
    for ahead in (1, 2, 3):
        if day + timedelta(days=ahead) in holidays:
            pressure += 0.35 / ahead
            break
    return pressure


def _hermite(n=20):
    """Gauss-Hermite nodes and weights (for E[f(X)], X normal)."""
    import numpy as np

    return list(zip(*np.polynomial.hermite.hermgauss(n), strict=True))


def softplus(x):
    return math.log1p(math.exp(-abs(x))) + max(x, 0.0)


def simulate(
    seed=1,
    end=date(2026, 10, 31),
    days=600,
    per_day=60,
    late_rate=0.3,
    scale=1.0,
    noise=0.35,
    missing_weather=0.1,
):
    """``(rows, truth)``: CSV rows (dicts of strings) and ``{order_id: p}``."""
    rng = random.Random(seed)
    holidays = holiday_days()
    regions = list(REGIONS)
    region_effect = {r: rng.gauss(0, 0.45) for r in regions}
    region_weight = {r: rng.uniform(0.4, 1.8) for r in regions}
    carrier_base = {c: rng.gauss(0, 0.35) for c in CARRIERS}
    carrier_weight = {c: rng.uniform(0.5, 1.5) for c in CARRIERS}
    pair_effect = {(c, r): rng.gauss(0, 0.3) for c in CARRIERS for r in regions}
    hour_effect = {h: rng.gauss(0, 0.3) for h in range(5, 19)}
    weekday_effect = [rng.gauss(0, 0.15) for _ in range(7)]
    customers = {
        r: [
            (f"K{i:02d}-{n:02d}", rng.gauss(0, 0.35)) for n in range(rng.randint(4, 12))
        ]
        for i, r in enumerate(regions)
    }
    capacity = {w: per_day * s * 1.05 for w, s in WAREHOUSE_SHARE.items()}
    drift = dict.fromkeys(CARRIERS, 0.0)
    temp_noise = dict.fromkeys(regions, 0.0)
    wet = dict.fromkeys(regions, 0.0)
    start = end - timedelta(days=days)
    pending = []  # (row, z without intercept, draw)
    number = 0
    for offset in range(1, days + 1):
        day = start + timedelta(days=offset)
        if day.weekday() == 0:  # carriers drift week by week (mean-reverting)
            for c in CARRIERS:
                drift[c] = 0.85 * drift[c] + rng.gauss(0, 0.22)
        yday = day.timetuple().tm_yday
        weather = {}
        for r, (_w, mean, swing, wetness) in REGIONS.items():
            temp_noise[r] = 0.75 * temp_noise[r] + rng.gauss(0, 2.0)
            temperature = mean - swing * math.cos(2 * math.pi * (yday - 15) / 365.25)
            season = max(0.0, math.sin(math.pi * (yday - 100) / 190))
            p_rain = min(0.8, 0.15 + 0.35 * season * wetness + 0.25 * (wet[r] > 2))
            rain = rng.gammavariate(0.8, 6 + 14 * season * wetness)
            rain = rain if rng.random() < p_rain else 0.0
            wet[r] = rain
            weather[r] = (temperature + temp_noise[r], rain)
        demand = per_day * (1 + 0.2 * math.sin(2 * math.pi * (yday - 120) / 365.25))
        if day in holidays:
            demand *= 0.4
        elif day + timedelta(days=1) in holidays or day + timedelta(days=2) in holidays:
            demand *= 1.35
        orders = []
        for _ in range(max(1, round(rng.gauss(demand, 0.15 * demand)))):
            region = rng.choices(regions, weights=[region_weight[r] for r in regions])[
                0
            ]
            warehouse = REGIONS[region][0]
            if rng.random() < 0.06:
                warehouse = rng.choice(list(WAREHOUSE_SHARE))
            carrier = rng.choices(
                CARRIERS, weights=[carrier_weight[c] for c in CARRIERS]
            )[0]
            orders.append((region, warehouse, carrier))
        load = {w: 0 for w in WAREHOUSE_SHARE}
        for _r, w, _c in orders:
            load[w] += 1
        daily = {w: rng.gauss(0, noise) for w in WAREHOUSE_SHARE}
        daily_region = {r: rng.gauss(0, noise * 0.6) for r in regions}
        pressure = holiday_pressure(day, holidays)
        for region, warehouse, carrier in orders:
            number += 1
            hour = rng.choice(range(5, 19))
            promised = datetime.combine(day, time(hour, rng.choice((0, 15, 30, 45))))
            lead = rng.uniform(6, 54)
            ordered = promised - timedelta(hours=lead)
            lines = 1 + int(rng.expovariate(1 / 3.5))
            weight = round(min(2500.0, lines * rng.lognormvariate(3.8, 0.8)), 1)
            perishable = round(rng.betavariate(2, 2), 2)
            customer, customer_effect = rng.choice(customers[region])
            temperature, rain = weather[region]
            ratio = load[warehouse] / capacity[warehouse]
            learnable = (
                region_effect[region]
                + carrier_base[carrier]
                + drift[carrier]
                + pair_effect[carrier, region]
                + customer_effect
                + hour_effect[hour]
                + weekday_effect[day.weekday()]
                + 1.2 * softplus((ratio - 1.0) / 0.12) * 0.12 * 3
                + 0.55 * math.log1p(rain) / math.log(26)
                + 0.03 * max(0.0, temperature - 29) ** 1.5 * (0.4 + perishable)
                + 0.08 * max(0.0, -temperature)
                + pressure
                - 0.35 * math.log(lead / 24)
                + 0.25 * math.log(max(weight, 5) / 80)
                + 0.03 * (lines - 3)
            )
            seen = scale * learnable
            z = seen + daily[warehouse] + daily_region[region]
            missing = rng.random() < missing_weather
            pending.append(
                (
                    {
                        "order_id": f"D{seed:03d}-{number:06d}",
                        "customer_id": customer,
                        "region": region,
                        "warehouse": warehouse,
                        "carrier": carrier,
                        "ordered_at": ordered.replace(microsecond=0, second=0),
                        "promised_at": promised,
                        "weight_kg": weight,
                        "lines": lines,
                        "perishable_share": perishable,
                        "temperature_c": None if missing else round(temperature, 1),
                        "rain_mm": None if missing else round(rain, 1),
                    },
                    z,
                    rng.random(),
                    rng.random(),
                    seen,
                )
            )
    # the intercept that gives the wanted late share
    low, high = -15.0, 15.0
    for _ in range(60):
        mid = (low + high) / 2
        rate = sum(1 / (1 + math.exp(-(z + mid))) for _row, z, *_rest in pending)
        if rate / len(pending) < late_rate:
            low = mid
        else:
            high = mid
    # the daily disturbances are unknown before the day: the best forecast
    # averages them out (E over N(0, spread) by Gauss-Hermite quadrature)
    spread = noise * math.sqrt(1 + 0.6**2)
    nodes = _hermite()
    rows, truth = [], {}
    for row, z, draw, extra, seen in pending:
        p = 1 / (1 + math.exp(-(z + low)))
        knowable = sum(
            w / (1 + math.exp(-(seen + low + math.sqrt(2) * spread * x)))
            for x, w in nodes
        ) / math.sqrt(math.pi)
        late = draw < p
        minutes = 3 + 240 * extra**2 if late else -(5 + 180 * extra)
        row["delivered_at"] = row["promised_at"] + timedelta(minutes=round(minutes))
        truth[row["order_id"]] = (p, knowable)
        rows.append(row)
    rows.sort(key=lambda r: (r["ordered_at"], r["order_id"]))
    return rows, truth


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 10, 31))
    parser.add_argument("--days", type=int, default=600)
    parser.add_argument("--per-day", type=int, default=60)
    parser.add_argument("--late-rate", type=float, default=0.3)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--noise", type=float, default=0.35)
    parser.add_argument("--truth", help="CSV of order_id,p (true probabilities)")
    args = parser.parse_args(argv)
    if not 0 < args.late_rate < 1:
        parser.error("--late-rate is a share between 0 and 1")
    rows, truth = simulate(
        seed=args.seed,
        end=args.end,
        days=args.days,
        per_day=args.per_day,
        late_rate=args.late_rate,
        scale=args.scale,
        noise=args.noise,
    )
    with open(args.out, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow([_text(row[name]) for name in HEADER])
    if args.truth:
        with open(args.truth, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(("order_id", "p", "p_knowable"))
            for order_id, (p, knowable) in truth.items():
                writer.writerow((order_id, f"{p:.6f}", f"{knowable:.6f}"))
    # the noise floor on the evaluation's test part (latest 20% by ordered_at)
    test = rows[round(0.8 * len(rows)) :]
    floors = [
        sum(
            (truth[r["order_id"]][k] - (r["delivered_at"] > r["promised_at"])) ** 2
            for r in test
        )
        / len(test)
        for k in (0, 1)
    ]
    late = sum(r["delivered_at"] > r["promised_at"] for r in rows) / len(rows)
    print(
        f"rows={len(rows)} late_rate={late:.3f} true_brier_test={floors[0]:.4f}"
        f" knowable_brier_test={floors[1]:.4f} out={args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
