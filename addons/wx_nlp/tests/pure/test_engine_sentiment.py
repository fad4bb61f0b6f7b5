# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sentiment behaviour of the shipped engine on hand-made examples.

These sentences are written for the tests; none comes from the development
set, so the tests do not measure what the evaluation measures.
"""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wx_nlp import engine as nlp
from wx_nlp.engine.textutil import normalize


@pytest.fixture(scope="module")
def engine():
    return nlp.get_engine()


def terms(result, kind):
    return [item["term"] for item in result.evidence if item["kind"] == kind]


def test_negated_complaint_is_not_negative(engine):
    result = engine.analyze("这次的水蜜桃没有烂果，放心")
    assert result.sentiment != "neg"
    negated = [item for item in result.evidence if item.get("negated")]
    assert any(item["term"] == "烂果" for item in negated)


def test_negated_praise_is_negative(engine):
    assert engine.analyze("这批火龙果一点都不新鲜").sentiment == "neg"
    assert engine.analyze("the plums were not fresh at all").sentiment == "neg"


def test_post_negation(engine):
    result = engine.analyze("仔细检查了，发霉的一个都没有")
    assert result.sentiment != "neg"
    assert result.urgency != "high"


def test_contrast_later_part_dominates(engine):
    result = engine.analyze("水果很好但是送货太晚了")
    assert result.sentiment == "neg"
    assert "delivery" in result.categories
    assert "但是" in terms(result, "contrast")
    praise = engine.analyze("虽然晚到了二十分钟，但是菠萝品相非常好，很满意")
    assert praise.sentiment == "pos"
    english = engine.analyze("The pears were lovely but the driver came very late")
    assert english.sentiment == "neg"
    spanish = engine.analyze("Las uvas muy buenas, pero la entrega llegó tarde")
    assert spanish.sentiment == "neg"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("好", "pos"),
        ("赞", "pos"),
        ("差评", "neg"),
        ("垃圾", "neg"),
        ("👍", "pos"),
        ("😡", "neg"),
        ("收到", "neu"),
        ("great", "pos"),
        ("awful", "neg"),
    ],
)
def test_short_texts(engine, text, expected):
    assert engine.analyze(text).sentiment == expected


def test_emoji_decides_an_otherwise_neutral_message(engine):
    assert engine.analyze("今天的芒果到了😡😡").sentiment == "neg"
    assert engine.analyze("今天的芒果到了👍👍").sentiment == "pos"


def test_sarcasm(engine):
    quoted = engine.analyze("真是“新鲜”啊，半箱杏子都软塌了")
    assert quoted.sentiment == "neg"
    assert terms(quoted, "sarcasm")
    marker = engine.analyze("呵呵，下午两点才送到，你们可真准时")
    assert marker.sentiment == "neg"
    # 呵呵 alone is often friendly: no blame, no sarcasm
    friendly = engine.analyze("呵呵，这价格很超值")
    assert friendly.sentiment == "pos"
    assert not terms(friendly, "sarcasm")


def test_questions_and_requests_are_neutral(engine):
    assert engine.analyze("请问下周有没有海南的莲雾？").sentiment == "neu"
    assert engine.analyze(
        "Could you send the price list for next month?"
    ).sentiment in (
        "neu",
        "pos",
    )


def test_score_and_confidence_ranges(engine):
    for text in ("非常满意", "烂透了", "明天几点送货"):
        result = engine.analyze(text)
        assert -1.0 <= result.score <= 1.0
        assert 0.0 <= result.confidence <= 1.0
    assert engine.analyze("非常满意").score > 0 > engine.analyze("烂透了").score


@pytest.mark.parametrize("text", ["", "   ", "\n\t", None])
def test_empty_input(engine, text):
    result = engine.analyze(text)
    assert (result.sentiment, result.urgency, result.categories) == (
        "neu",
        "low",
        ["other"],
    )
    assert result.confidence == 0.0 and result.evidence == [] and result.keywords == []


def test_ten_thousand_characters(engine):
    line = "第3车：草莓发霉，香蕉也烂了，送货又晚了一小时。"
    text = (line * 500)[:10000]
    assert len(text) == 10000
    result = engine.analyze(text)
    assert (result.sentiment, result.urgency) == ("neg", "high")
    assert {"freshness", "delivery"} <= set(result.categories)
    for item in result.evidence:
        if item["span"]:
            start, end = item["span"]
            assert 0 <= start < end <= nlp.MAX_CHARS
    # neutral filler around one complaint cannot outweigh it
    padded = "今天的芒果全部发霉了。" + "另外说明一下这批货的情况。" * 700
    assert engine.analyze(padded[:10000]).sentiment != "pos"


def test_evidence_spans_point_into_the_original_text(engine):
    text = "Ｄｕｒｉａｎ到了，榴莲里面全烂了！！要求退款"  # full-width letters
    result = engine.analyze(text)
    assert result.evidence
    for item in result.evidence:
        if item["span"]:
            start, end = item["span"]
            assert text[start:end] == item["term"]


def test_analysis_is_json_friendly(engine):
    data = engine.analyze("芒果很甜，送货也准时").as_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert set(data) == {
        "lang",
        "sentiment",
        "score",
        "confidence",
        "urgency",
        "evidence",
        "categories",
        "keywords",
    }


def test_analyze_many_matches_analyze(engine):
    texts = ["草莓很新鲜", "送货又晚了", "Where is our order?"]
    assert engine.analyze_many(texts) == [engine.analyze(t) for t in texts]
    assert nlp.analyze_many(texts) == nlp.get_engine().analyze_many(texts)


def test_module_level_engine_is_a_singleton():
    assert nlp.get_engine() is nlp.get_engine()
    assert nlp.analyze("很好").sentiment == "pos"


@settings(max_examples=60, deadline=None, database=None)
@given(st.text(max_size=60))
def test_any_text_gives_a_valid_analysis(text):
    assert len(normalize(text)) == len(text)
    result = nlp.get_engine().analyze(text)
    assert result.sentiment in ("neg", "neu", "pos")
    assert result.urgency in ("high", "normal", "low")
    assert result.categories and set(result.categories) <= set(nlp.CATEGORY_CODES)


@pytest.mark.parametrize(
    "clause",
    [
        "",
        "好",
        "草莓发霉了",
        "the  mangoes were rotten",
        "Durian里面烂了，退款please",
        "👍👍",
        "烂了" * 2_600,  # longer than the precomputed trigram slices
        "芒果" * 2_500,  # the longest analysed text: within them
    ],
)
def test_clause_scorer_equals_the_feature_sums(clause):
    """The memoised trigram sums are the linear models' sums over the
    hashed features (same features, same count), memo cold or warm."""
    from wx_nlp.engine.features import ClauseScorer, clause_features

    model = nlp.load_model()
    polarity, subjectivity = model.polarity.weights, model.subjectivity.weights
    indices = clause_features(clause, model.polarity.mask)
    scorer = ClauseScorer.pair(polarity, subjectivity, model.polarity.mask, max_size=4)
    for _run in range(2):
        total, count = scorer.score(clause)
        assert count == len(indices)
        assert total.real == pytest.approx(sum(polarity[i] for i in indices), abs=1e-9)
        assert total.imag == pytest.approx(
            sum(subjectivity[i] for i in indices), abs=1e-9
        )
    assert len(scorer._grams) <= 4  # bounded memo
