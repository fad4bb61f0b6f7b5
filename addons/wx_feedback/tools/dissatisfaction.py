# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What makes a customer *dissatisfied*: one rule, used everywhere.

Tickets, reports, the weekly review and churn alerts all ask the same
question through :func:`reasons` (the ORM side: ``wx.feedback._wx_dissatisfied``
and ``_wx_dissatisfied_domain``). A company configures one :class:`Rule`:

- an overall rating at or under ``rating_max`` stars (default 3);
- a survey answer with NPS at or under ``nps_max`` (default 6: a detractor)
  or CSAT at or under ``csat_max`` (default 2);
- a negative text: the analysis says negative with a confidence of at least
  ``negative_confidence`` (default 0.7), or staff corrected it to negative.

A *signal* is a mapping with any of the keys ``rating`` (1-5), ``nps``
(0-10), ``csat`` (1-5), ``sentiment`` (``neg``/``neu``/``pos``),
``confidence`` (0-1) and ``corrected`` (staff set the labels). Missing
values, ``None``, a rating or CSAT of 0 (not given) say nothing: a signal
without any value is never dissatisfied.
"""

from dataclasses import dataclass

# the five-star scale: 4-5 is positive, 3 neutral, 1-2 negative
STARS = 5
NEUTRAL_STARS = 3

RATING = "rating"
NPS = "nps"
CSAT = "csat"
TEXT = "text"


@dataclass(frozen=True)
class Rule:
    """One company's definition of a dissatisfied customer."""

    rating_max: int = 3
    nps_max: int = 6
    csat_max: int = 2
    negative_confidence: float = 0.7

    def __post_init__(self):
        for name, low, high in (
            # a rating of 4 or 5 stars is positive: never dissatisfied
            ("rating_max", 1, NEUTRAL_STARS),
            ("nps_max", 0, 9),
            ("csat_max", 1, 4),
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"{name} must be a whole number, not {value!r}")
            if not low <= value <= high:
                raise ValueError(f"{name} goes from {low} to {high}, not {value}")
        confidence = self.negative_confidence
        if isinstance(confidence, bool) or not isinstance(confidence, (int, float)):
            raise TypeError(f"negative_confidence must be a number: {confidence!r}")
        if not 0.0 < confidence <= 1.0:
            raise ValueError(
                f"negative_confidence goes from above 0 to 1, not {confidence}"
            )


DEFAULT_RULE = Rule()


def _given(value):
    """A number that was answered (not None, not a bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def negative_text(signal, rule=DEFAULT_RULE):
    """True when the text counts as negative: staff said so, or the analysis
    is at least ``rule.negative_confidence`` sure."""
    if signal.get("sentiment") != "neg":
        return False
    if signal.get("corrected"):
        return True
    confidence = signal.get("confidence")
    return _given(confidence) and confidence >= rule.negative_confidence


def reasons(signal, rule=DEFAULT_RULE):
    """Why ``signal`` shows a dissatisfied customer under ``rule``: a tuple of
    :data:`RATING`, :data:`NPS`, :data:`CSAT`, :data:`TEXT` (empty: it does
    not)."""
    found = []
    rating = signal.get("rating")
    if _given(rating) and 0 < rating <= rule.rating_max:
        found.append(RATING)
    nps = signal.get("nps")
    if _given(nps) and 0 <= nps <= rule.nps_max:
        found.append(NPS)
    csat = signal.get("csat")
    if _given(csat) and 0 < csat <= rule.csat_max:
        found.append(CSAT)
    if negative_text(signal, rule):
        found.append(TEXT)
    return tuple(found)


def is_dissatisfied(signal, rule=DEFAULT_RULE):
    """True when ``signal`` shows a dissatisfied customer under ``rule``."""
    return bool(reasons(signal, rule))


def is_positive(ratings):
    """True when every given star rating is positive (4 or 5 stars); ratings
    of 0 (not given) are ignored, no rating at all is not positive."""
    given = [r for r in ratings if _given(r) and r > 0]
    return bool(given) and min(given) > NEUTRAL_STARS
