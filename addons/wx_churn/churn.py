# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Churn rules without the ORM: tiers, streaks, cooldown, working days. The
models call these with plain values.

An *event* is a dict describing one customer signal, in time order, with
whether it shows a dissatisfied customer (judged by the company's one rule,
``wx.feedback._wx_dissatisfied``, before it gets here):

- feedback: ``{"kind": "feedback", "id": 7, "at": datetime,
  "dissatisfied": True}``
- answered survey: ``{"kind": "survey", "id": 3, "at": datetime,
  "dissatisfied": False, "feedback_id": 7}``
"""

from datetime import timedelta
from typing import NamedTuple

DEFAULT_STREAK_LENGTH = 3
DEFAULT_COOLDOWN_DAYS = 30
_KIND_ORDER = {"feedback": 0, "survey": 1}


def pick_tier(amount, tiers):
    """The tier an amount earns: the one with the highest threshold that the
    amount reaches (``amount >= threshold``), else None.

    ``tiers`` is an iterable of ``(threshold, key)``; returns the key.
    """
    best = None
    for threshold, key in tiers:
        if amount >= threshold and (best is None or threshold > best[0]):
            best = (threshold, key)
    return best[1] if best else None


def sort_events(events):
    """Events in time order; ties by kind (a feedback before its survey), then id."""
    return sorted(
        events,
        key=lambda e: (e["at"], _KIND_ORDER.get(e.get("kind"), 9), e.get("id") or 0),
    )


def find_streak(events, length=DEFAULT_STREAK_LENGTH, since=None):
    """The last ``length`` events when they are all dissatisfied, else [].

    Only events after ``since`` (the previous alert) count, so one streak
    makes one alert: after an alert, ``length`` new unhappy events are needed.
    A satisfied event (or one that does not say) breaks the streak.
    """
    if length < 1:
        raise ValueError("streak length must be at least 1")
    ordered = [e for e in sort_events(events) if since is None or e["at"] > since]
    tail = ordered[-length:]
    if len(tail) < length:
        return []
    if all(event.get("dissatisfied") is True for event in tail):
        return tail
    return []


def in_cooldown(last_alert_at, now, days=DEFAULT_COOLDOWN_DAYS):
    """True while an alert raised at ``last_alert_at`` blocks a new one."""
    if last_alert_at is None or days <= 0:
        return False
    return now - last_alert_at < timedelta(days=days)


def add_working_days(start, days, is_working_day=None):
    """The ``days``-th working day after ``start`` (a date, not counted).

    Default working days are Monday to Friday.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    is_working_day = is_working_day or (lambda d: d.weekday() < 5)
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


class CouponRules(NamedTuple):
    """What a streak must show to earn a win-back coupon (anti-farming)."""

    min_orders: int = 2  # different orders the dissatisfaction concerns...
    min_order_amount: float = 1000.0  # ...each worth at least this
    min_spread_days: int = 7  # first to last signal of the streak
    max_per_year: int = 2  # coupons per customer in 365 days


DEFAULT_COUPON_RULES = CouponRules()


def coupon_refusal(signals, coupons, now, rules=DEFAULT_COUPON_RULES):
    """Why a dissatisfaction streak earns no win-back coupon, or None.

    ``signals``: the streak's feedbacks and survey answers as
    ``{"at": datetime, "order_id": int or None, "order_amount": float}`` (the
    order the feedback, or the surveyed feedback, is about). ``coupons``: the
    customer's earlier win-back coupons as ``{"issued_at": datetime, "used":
    bool, "expired": bool}``. Reasons, checked in this order:

    - ``open_coupon``: an earlier coupon is neither used nor expired;
    - ``yearly_cap``: ``max_per_year`` coupons were issued in the last 365 days;
    - ``orders``: fewer than ``min_orders`` different orders worth
      ``min_order_amount`` or more are concerned (rating cheap or made-up
      orders low earns nothing);
    - ``spread``: the signals span less than ``min_spread_days`` (a burst of
      low ratings is one bad moment, or an attempt to farm coupons).
    """
    if any(not c["used"] and not c["expired"] for c in coupons):
        return "open_coupon"
    year_ago = now - timedelta(days=365)
    if sum(1 for c in coupons if c["issued_at"] > year_ago) >= rules.max_per_year:
        return "yearly_cap"
    orders = {
        s["order_id"]
        for s in signals
        if s.get("order_id") and (s.get("order_amount") or 0) >= rules.min_order_amount
    }
    if len(orders) < rules.min_orders:
        return "orders"
    moments = [s["at"] for s in signals]
    if max(moments) - min(moments) < timedelta(days=rules.min_spread_days):
        return "spread"
    return None
