# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytest
from wx_feedback.tools import dissatisfaction as rule_tools
from wx_feedback.tools.dissatisfaction import (
    CSAT,
    NPS,
    RATING,
    TEXT,
    Rule,
    is_dissatisfied,
    is_positive,
    reasons,
)


@pytest.mark.parametrize(
    "rating_max, rating, unhappy",
    [
        (3, 1, True),
        (3, 3, True),
        (3, 4, False),
        (3, 5, False),
        (2, 2, True),
        (2, 3, False),
        (1, 1, True),
        (1, 2, False),
    ],
)
def test_rating_boundary(rating_max, rating, unhappy):
    assert is_dissatisfied({"rating": rating}, Rule(rating_max=rating_max)) is unhappy


@pytest.mark.parametrize(
    "nps, unhappy", [(0, True), (5, True), (6, True), (7, False), (10, False)]
)
def test_nps_detractors_are_dissatisfied(nps, unhappy):
    assert is_dissatisfied({"nps": nps}) is unhappy


def test_nps_threshold_is_configurable():
    assert is_dissatisfied({"nps": 7}, Rule(nps_max=7))
    assert not is_dissatisfied({"nps": 6}, Rule(nps_max=5))
    assert is_dissatisfied({"nps": 0}, Rule(nps_max=0))


@pytest.mark.parametrize(
    "csat, unhappy", [(1, True), (2, True), (3, False), (5, False), (0, False)]
)
def test_csat_boundary(csat, unhappy):
    assert is_dissatisfied({"csat": csat}) is unhappy


def test_csat_threshold_is_configurable():
    assert is_dissatisfied({"csat": 3}, Rule(csat_max=3))
    assert not is_dissatisfied({"csat": 2}, Rule(csat_max=1))


@pytest.mark.parametrize(
    "signal, unhappy",
    [
        ({"sentiment": "neg", "confidence": 0.7}, True),
        ({"sentiment": "neg", "confidence": 0.69}, False),
        ({"sentiment": "neg", "confidence": 1.0}, True),
        ({"sentiment": "neg", "confidence": None}, False),
        ({"sentiment": "neg"}, False),
        ({"sentiment": "neg", "confidence": 0.1, "corrected": True}, True),
        ({"sentiment": "pos", "confidence": 0.99, "corrected": True}, False),
        ({"sentiment": "neu", "confidence": 0.99}, False),
        ({"sentiment": False, "confidence": 0.99}, False),
    ],
)
def test_negative_text_boundary(signal, unhappy):
    assert is_dissatisfied(signal) is unhappy


def test_negative_confidence_is_configurable():
    signal = {"sentiment": "neg", "confidence": 0.5}
    assert not is_dissatisfied(signal)
    assert is_dissatisfied(signal, Rule(negative_confidence=0.5))
    assert not is_dissatisfied(
        {"sentiment": "neg", "confidence": 0.99}, Rule(negative_confidence=1.0)
    )


def test_reasons_name_every_signal():
    signal = {
        "rating": 2,
        "nps": 3,
        "csat": 1,
        "sentiment": "neg",
        "confidence": 0.9,
    }
    assert reasons(signal) == (RATING, NPS, CSAT, TEXT)
    assert reasons({"rating": 5, "nps": 9, "csat": 5}) == ()


@pytest.mark.parametrize(
    "signal",
    [
        {},
        {"rating": None, "nps": None, "csat": None},
        {"rating": 0, "csat": 0},
        {"rating": False, "nps": False, "csat": False},
        {"rating": "2", "nps": "3"},
    ],
)
def test_nothing_given_is_never_dissatisfied(signal):
    assert not is_dissatisfied(signal)


def test_a_happy_rating_does_not_hide_a_negative_text():
    assert reasons({"rating": 5, "sentiment": "neg", "confidence": 0.95}) == (TEXT,)


@pytest.mark.parametrize(
    "values",
    [
        {"rating_max": 0},
        {"rating_max": 4},
        {"rating_max": 3.0},
        {"rating_max": True},
        {"nps_max": -1},
        {"nps_max": 10},
        {"csat_max": 0},
        {"csat_max": 5},
        {"negative_confidence": 0},
        {"negative_confidence": 1.01},
        {"negative_confidence": "0.7"},
        {"negative_confidence": True},
    ],
)
def test_rule_refuses_values_outside_the_scales(values):
    with pytest.raises((TypeError, ValueError)):
        Rule(**values)


def test_default_rule():
    assert rule_tools.DEFAULT_RULE == Rule(3, 6, 2, 0.7)


@pytest.mark.parametrize(
    "ratings, positive",
    [
        ([4], True),
        ([5, 4, 0, 5], True),
        ([5, 3], False),
        ([3], False),
        ([4, 0, 0, 1], False),
        ([0, 0], False),
        ([], False),
    ],
)
def test_positive_means_every_given_rating_is_4_or_5(ratings, positive):
    assert is_positive(ratings) is positive
