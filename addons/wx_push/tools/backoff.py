# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Exponential backoff with jitter for the outbox retries."""

import random

BASE_S = 10
CAP_S = 3600
MAX_ATTEMPTS = 8


def delay(attempt, base=BASE_S, cap=CAP_S, rng=random):
    """Seconds before attempt ``attempt + 1`` after ``attempt`` failures
    (1-based): "equal jitter", half of ``min(cap, base * 2**(attempt-1))``
    fixed and half random, so that retries of many messages spread out but
    never come back at once."""
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def exhausted(attempt, max_attempts=MAX_ATTEMPTS):
    return attempt >= max_attempts
