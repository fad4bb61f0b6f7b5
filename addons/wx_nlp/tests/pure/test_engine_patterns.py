# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The faster rule patterns find exactly what the plain patterns find."""

import csv
import re
from pathlib import Path

import pytest
from wx_nlp.engine import analyzer, concepts
from wx_nlp.engine.patterns import Pattern, lead_class
from wx_nlp.engine.textutil import normalize

DATA = Path(__file__).resolve().parents[2] / "data"


def engine_patterns():
    found = [p for rule in concepts._RULES for p in rule[3:] if p is not None]
    found += [*concepts._EVENT, *concepts._SOON]
    found += [*analyzer._REPEAT_RULES, *analyzer._WRONG_GOODS_RULES]
    found += [pattern for _code, pattern in analyzer._QUANTITY_RULES]
    return [*found, analyzer._FRUIT_WORDS]


def labelled_texts():
    paths = [DATA / "devset.csv", *sorted((DATA / "writers").glob("*.csv"))]
    texts = []
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            texts += [normalize(row["text"]) for row in csv.DictReader(handle)]
    return texts


def test_every_engine_pattern_is_accelerated():
    assert all(pattern.group == 1 for pattern in engine_patterns())


def test_same_spans_as_the_plain_patterns_on_every_labelled_text():
    texts = labelled_texts() + [
        "",
        "第3次 第十次 third time 少了两箱少3箱 short by 2 kg",
        "订的是红提，送来的是青提; whole order wrong, charged twice",
    ]
    checked = 0
    for pattern in engine_patterns():
        for text in texts:
            plain = pattern.plain.search(text)
            assert pattern.search(text) == (plain and plain.span()), (pattern, text)
            spans = [found.span() for found in pattern.plain.finditer(text)]
            assert pattern.spans(text) == spans, (pattern.pattern, text)
            checked += 1
    assert checked > 30 * 1700


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\bab|cd?", "xab cab cd c"),
        (r"(?:\d+|[一二])箱", "少了12箱又少二箱"),
        (r"(?:x)?y|z", "aaxy zy"),
        (r"a(?=b)|c(?!d)", "ac cd ab"),
        (r"[\d\w]x", "__x 3x"),
        (r"\]|\^|-|\[", "a]^-["),
    ],
)
def test_same_spans_on_crafted_patterns(pattern, text):
    fast = Pattern(pattern)
    assert fast.group == 1
    plain = re.compile(pattern)
    found = plain.search(text)
    assert fast.search(text) == (found and found.span())
    assert fast.spans(text) == [m.span() for m in plain.finditer(text)]
    for pos in range(len(text) + 1):
        found = plain.search(text, pos)
        assert fast.search(text, pos) == (found and found.span())


@pytest.mark.parametrize(
    "pattern",
    [r"x*", r".a", r"[^a]b", r"(a)\1", r"(?i)ab", r"a|", r"(?:a|b?)"],
)
def test_patterns_that_cannot_be_accelerated_stay_plain(pattern):
    assert lead_class(pattern) is None
    fast = Pattern(pattern)
    assert fast.group == 0
    text = "aab ab xb"
    plain = re.compile(pattern)
    found = plain.search(text)
    assert fast.search(text) == (found and found.span())
    assert fast.spans(text) == [m.span() for m in plain.finditer(text)]
