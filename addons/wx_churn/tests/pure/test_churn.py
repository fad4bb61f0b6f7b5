# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

import pytest
from wx_churn import churn
from wx_feedback.tools.dissatisfaction import is_dissatisfied

T0 = datetime(2026, 3, 2, 9, 0)
TIERS = [(0, "standard"), (200_000, "key"), (1_000_000, "vip")]


def feedback(minutes, rating=5, **extra):
    """A feedback event, judged by the default rule as the models do."""
    return {
        "kind": "feedback",
        "id": minutes,
        "at": T0 + timedelta(minutes=minutes),
        "dissatisfied": is_dissatisfied({"rating": rating, **extra}),
    }


def survey(minutes, nps=9, csat=5):
    return {
        "kind": "survey",
        "id": minutes,
        "at": T0 + timedelta(minutes=minutes),
        "dissatisfied": is_dissatisfied({"nps": nps, "csat": csat}),
    }


# ---------------------------------------------------------------- tiers


@pytest.mark.parametrize(
    "amount, tier",
    [
        (0, "standard"),
        (199_999.99, "standard"),
        (200_000, "key"),
        (999_999.99, "key"),
        (1_000_000, "vip"),
        (1_000_000.01, "vip"),
        (25_000_000, "vip"),
    ],
)
def test_tier_boundaries_are_inclusive(amount, tier):
    assert churn.pick_tier(amount, TIERS) == tier


def test_tier_order_of_definition_does_not_matter():
    assert churn.pick_tier(1_000_000, list(reversed(TIERS))) == "vip"


def test_no_tier_below_every_threshold():
    assert churn.pick_tier(-5, TIERS) is None
    assert churn.pick_tier(10, []) is None


# ---------------------------------------------------------------- streaks


def test_only_a_dissatisfied_flag_counts():
    at = T0 + timedelta(minutes=1)
    events = [
        {"kind": "feedback", "id": 1, "at": at, "dissatisfied": True},
        {"kind": "feedback", "id": 2, "at": at, "dissatisfied": 1},
        {"kind": "feedback", "id": 3, "at": at},
    ]
    assert churn.find_streak(events, 1) == [], "no flag: not dissatisfied"
    assert churn.find_streak(events[:2], 2) == [], "only True counts"
    assert churn.find_streak(events[:1], 1) == events[:1]


def test_three_unhappy_in_a_row_make_a_streak():
    events = [feedback(0), feedback(1, 2), feedback(2, 1), survey(3, nps=3)]
    streak = churn.find_streak(events, 3)
    assert [e["kind"] for e in streak] == ["feedback", "feedback", "survey"]


def test_two_are_not_enough():
    assert churn.find_streak([feedback(1, 1), feedback(2, 1)], 3) == []


def test_a_satisfied_event_breaks_the_streak():
    events = [feedback(0, 1), feedback(1, 1), feedback(2, 5), feedback(3, 1)]
    assert churn.find_streak(events, 3) == []
    events += [feedback(4, 2)]
    assert churn.find_streak(events, 3) == []
    events += [feedback(5, 1)]
    assert [e["id"] for e in churn.find_streak(events, 3)] == [3, 4, 5]


def test_a_happy_survey_breaks_it_too():
    events = [feedback(0, 1), feedback(1, 1), survey(2, nps=9, csat=5)]
    assert churn.find_streak(events, 3) == []


def test_events_are_sorted_by_time_not_by_list_order():
    events = [feedback(2, 1), feedback(0, 5), feedback(3, 1), feedback(1, 1)]
    assert [e["id"] for e in churn.find_streak(events, 3)] == [1, 2, 3]
    events = [feedback(5, 5), feedback(0, 1), feedback(1, 1), feedback(2, 1)]
    assert churn.find_streak(events, 3) == [], "the newest one is happy"


def test_only_events_after_the_last_alert_count():
    events = [feedback(0, 1), feedback(1, 1), feedback(2, 1), feedback(3, 1)]
    since = T0 + timedelta(minutes=2)
    assert churn.find_streak(events, 3, since=since) == []
    events += [feedback(4, 1), feedback(5, 2)]
    assert [e["id"] for e in churn.find_streak(events, 3, since=since)] == [3, 4, 5]


def test_streak_length_is_configurable_and_checked():
    events = [feedback(0, 1)]
    assert churn.find_streak(events, 1) == events
    with pytest.raises(ValueError):
        churn.find_streak(events, 0)


# ---------------------------------------------------------------- cooldown


def test_cooldown():
    now = T0 + timedelta(days=30)
    assert churn.in_cooldown(T0 + timedelta(seconds=1), now, 30)
    assert not churn.in_cooldown(T0, now, 30), "exactly 30 days later: over"
    assert not churn.in_cooldown(None, now, 30)
    assert not churn.in_cooldown(now, now, 0), "0 days: no cooldown"


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "start, due",
    [
        (date(2026, 3, 2), date(2026, 3, 4)),  # Monday -> Wednesday
        (date(2026, 3, 5), date(2026, 3, 9)),  # Thursday -> Monday
        (date(2026, 3, 6), date(2026, 3, 10)),  # Friday -> Tuesday
        (date(2026, 3, 7), date(2026, 3, 10)),  # Saturday -> Tuesday
    ],
)
def test_two_working_days(start, due):
    assert churn.add_working_days(start, 2) == due


def test_working_days_with_a_calendar():
    holiday = date(2026, 3, 3)
    due = churn.add_working_days(
        date(2026, 3, 2), 2, lambda d: d.weekday() < 5 and d != holiday
    )
    assert due == date(2026, 3, 5)
    assert churn.add_working_days(date(2026, 3, 2), 0) == date(2026, 3, 2)
    with pytest.raises(ValueError):
        churn.add_working_days(date(2026, 3, 2), -1)


# --------------------------------------------------------------------------
# Win-back coupon rule
# --------------------------------------------------------------------------

NOW = datetime(2026, 11, 23, 9, 0)


def signal(days_ago, order_id=None, amount=5000.0):
    return {
        "at": NOW - timedelta(days=days_ago),
        "order_id": order_id,
        "order_amount": amount,
    }


def coupon(days_ago, used=True, expired=False):
    return {
        "issued_at": NOW - timedelta(days=days_ago),
        "used": used,
        "expired": expired,
    }


STREAK = [signal(20, 1), signal(9, 2), signal(1, 3)]


def test_a_real_streak_earns_a_coupon():
    assert churn.coupon_refusal(STREAK, [], NOW) is None
    # one coupon used this year, one older: still allowed
    history = [coupon(200), coupon(500, used=False, expired=True)]
    assert churn.coupon_refusal(STREAK, history, NOW) is None


def test_no_coupon_while_an_earlier_one_is_unused():
    assert churn.coupon_refusal(STREAK, [coupon(40, used=False)], NOW) == "open_coupon"
    expired = coupon(400, used=False, expired=True)
    assert churn.coupon_refusal(STREAK, [expired], NOW) is None


def test_at_most_two_coupons_a_year():
    history = [coupon(300), coupon(100)]
    assert churn.coupon_refusal(STREAK, history, NOW) == "yearly_cap"
    assert churn.coupon_refusal(STREAK, [coupon(366), coupon(100)], NOW) is None
    rules = churn.CouponRules(max_per_year=3)
    assert churn.coupon_refusal(STREAK, history, NOW, rules) is None


@pytest.mark.parametrize(
    "signals",
    [
        [signal(20), signal(9), signal(1)],  # staff entries without an order
        [signal(20, 1), signal(9, 1), signal(1, 1)],  # one order, rated and surveyed
        [signal(20, 1, 80.0), signal(9, 2, 999.99), signal(1, 3)],  # cheap orders
    ],
    ids=["no-order", "one-order", "cheap-orders"],
)
def test_the_streak_must_concern_orders_of_real_value(signals):
    assert churn.coupon_refusal(signals, [], NOW) == "orders"


def test_a_burst_of_low_ratings_earns_nothing():
    burst = [signal(3, 1), signal(2, 2), signal(1, 3)]
    assert churn.coupon_refusal(burst, [], NOW) == "spread"
    rules = churn.CouponRules(min_spread_days=2)
    assert churn.coupon_refusal(burst, [], NOW, rules) is None


def test_farming_three_orders_every_month_earns_two_coupons_a_year():
    """Rating three real orders low every 30 days (using each coupon): the
    yearly cap stops it after two."""
    issued = []
    for month in range(12):
        now = NOW + timedelta(days=30 * month)
        signals = [
            {"at": now - timedelta(days=d), "order_id": (month, d), "order_amount": 2e3}
            for d in (21, 11, 0)
        ]
        if churn.coupon_refusal(signals, issued, now) is None:
            issued.append({"issued_at": now, "used": True, "expired": False})
    assert len(issued) == 2
