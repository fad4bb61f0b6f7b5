# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Lexicon loading and runtime overrides (what the backend edits will send)."""

import pytest
from wx_nlp import engine as nlp
from wx_nlp.engine.lexicon import Lexicon, parse_lexicon_text

NEW_SPOILAGE = [
    {"lang": "zh", "kind": "urgency", "tag": "spoilage", "term": "软趴趴", "weight": 1},
    {"lang": "zh", "kind": "sentiment", "tag": "-", "term": "软趴趴", "weight": -2.5},
]


@pytest.fixture(autouse=True)
def restore_process_engine():
    yield
    nlp.configure()


def test_default_lexicon_has_every_language():
    lexicon = Lexicon.default()
    for lang in ("zh", "en", "es", "any"):
        assert lexicon.terms("sentiment", lang), lang
    assert "发霉" in lexicon.terms("urgency", "zh")
    assert "草莓" in lexicon.terms("product", "zh")


def test_parse_rejects_bad_lines():
    entries = parse_lexicon_text("category price 1: 价格, 报价", "zh")
    assert [(e.term, e.tag) for e in entries] == [("价格", "price"), ("报价", "price")]
    with pytest.raises(ValueError):
        parse_lexicon_text("colour red 1: 红", "zh")
    with pytest.raises(ValueError):
        parse_lexicon_text("this is not a lexicon line", "zh")


def test_override_adds_a_term_without_restart():
    engine = nlp.get_engine()
    text = "今天的草莓软趴趴的"
    assert engine.analyze(text).urgency != "high"
    edited = engine.with_lexicon(NEW_SPOILAGE)
    result = edited.analyze(text)
    assert result.urgency == "high"
    assert any(item["term"] == "软趴趴" for item in result.evidence)
    assert engine.analyze(text).urgency != "high"  # the original is untouched


def test_override_removes_a_term():
    engine = nlp.get_engine()
    text = "这批车厘子有异味"
    assert engine.analyze(text).urgency == "high"
    removals = [
        {"lang": "zh", "kind": "urgency", "tag": tag, "term": "异味", "weight": None}
        for tag in ("spoilage", "safety")
    ]
    edited = engine.with_lexicon(removals)
    assert not [
        item
        for item in edited.analyze(text).evidence
        if item["kind"] == "urgency" and item["term"] == "异味"
    ]


def test_override_changes_a_category_weight():
    engine = nlp.get_engine()
    text = "周转筐"
    assert engine.analyze(text).categories == ["other"]
    edited = engine.with_lexicon([("zh", "category", "packaging", "周转筐", 1.0)])
    assert edited.analyze(text).categories == ["packaging"]
    # with the plain rule, a half-weight term alone is not enough
    rule = engine.with_category_model(nlp.CategoryModel.rule())
    assert rule.analyze("搬").categories == ["other"]
    edited = rule.with_lexicon([("zh", "category", "delivery", "搬", 1.0)])
    assert edited.analyze("搬").categories == ["delivery"]


def test_overrides_are_not_cumulative():
    engine = nlp.get_engine().with_lexicon(NEW_SPOILAGE)
    again = engine.with_lexicon([])  # the manager deleted the rows
    assert again.analyze("今天的草莓软趴趴的").urgency != "high"


def test_configure_swaps_the_process_engine():
    nlp.configure(lexicon_overrides=NEW_SPOILAGE)
    assert nlp.analyze("今天的草莓软趴趴的").urgency == "high"
    nlp.configure()
    assert nlp.analyze("今天的草莓软趴趴的").urgency != "high"


def test_invalid_override_is_refused():
    engine = nlp.get_engine()
    with pytest.raises(ValueError):
        engine.with_lexicon([{"kind": "category", "tag": "nope", "term": "x"}])
    with pytest.raises(ValueError):
        engine.with_lexicon([{"kind": "urgency", "tag": "panic", "term": "x"}])


def test_negation_terms_are_editable():
    engine = nlp.get_engine()
    text = "草莓绝不会发霉"
    edited = engine.with_lexicon([("zh", "negation", "-", "绝不会", 1)])
    assert edited.analyze(text).urgency != "high"
    assert any(item.get("negated") for item in edited.analyze(text).evidence)
