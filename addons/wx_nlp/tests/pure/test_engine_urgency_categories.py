# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Urgency (with evidence), categories, keywords and language handling."""

import pytest
from wx_nlp import engine as nlp


@pytest.fixture(scope="module")
def engine():
    return nlp.get_engine()


def urgency_evidence(result):
    return [item for item in result.evidence if item["kind"] == "urgency"]


def test_spoilage_is_high_with_its_term(engine):
    result = engine.analyze("刚到的一箱樱桃有一半发霉了")
    assert result.urgency == "high"
    assert any(
        item["term"] == "发霉" and item["tag"] == "spoilage"
        for item in urgency_evidence(result)
    )
    assert "freshness" in result.categories


@pytest.mark.parametrize(
    "text",
    [
        "仔细看了，没有发霉",
        "这批荔枝没有变质，也没有异味",
        "No mould at all on the figs",
    ],
)
def test_negated_urgency_terms_do_not_trigger(engine, text):
    result = engine.analyze(text)
    assert result.urgency != "high"
    assert any(item["kind"] == "negated" for item in result.evidence)


def test_same_terms_without_negation_trigger(engine):
    assert engine.analyze("荔枝变质了，还有异味").urgency == "high"
    assert engine.analyze("The figs are mouldy").urgency == "high"
    assert engine.analyze("Los higos están podridos").urgency == "high"


def test_blocking_today_rule(engine):
    result = engine.analyze("今天少了两箱沃柑，门店马上就开门了")
    assert result.urgency == "high"
    rules = [item["rule"] for item in result.evidence if item.get("rule")]
    assert "blocking_today" in rules
    # the same missing goods without time pressure are an ordinary complaint
    assert engine.analyze("上周少了两箱沃柑，下次补上吧").urgency == "normal"


def test_threat_and_repeat(engine):
    threat = engine.analyze("苹果全是碰伤，再这样我们就换供应商")
    assert threat.urgency == "high"
    assert any(item["tag"] == "threat" for item in urgency_evidence(threat))
    repeat = engine.analyze("这是第三次送错规格了，请重视")
    assert repeat.urgency == "high"
    assert any(item.get("rule") == "repeated_complaint" for item in repeat.evidence)


def test_ordinary_complaint_is_normal_and_praise_low(engine):
    assert engine.analyze("这次的橙子有点酸").urgency == "normal"
    assert engine.analyze("蓝莓很新鲜，谢谢").urgency == "low"
    assert engine.analyze("建议以后多放两个冰袋").urgency == "low"
    assert engine.analyze("下周的菠萝什么时候到？").urgency == "low"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("送货又晚了，而且纸箱都压扁了", {"delivery", "packaging"}),
        ("称了一下少了三斤", {"weight"}),
        ("订单里少了三箱柚子", {"order"}),
        ("客服电话一直没人接", {"service"}),
        ("这周的报价又涨价了", {"price"}),
        ("合作愉快", {"other"}),
        ("The boxes were crushed and the delivery was late", {"packaging", "delivery"}),
    ],
)
def test_categories(engine, text, expected):
    assert set(engine.analyze(text).categories) == expected


def test_category_evidence(engine):
    result = engine.analyze("纸箱破了")
    tags = {item["tag"] for item in result.evidence if item["kind"] == "category"}
    assert "packaging" in tags


def test_keywords(engine):
    result = engine.analyze("阳光玫瑰有好几串都发霉了，我们的阳光玫瑰是昨天到的")
    words = [term for term, _weight in result.keywords]
    assert words[0] == "阳光玫瑰"  # product names are kept (and repeated here)
    assert "发霉" in words
    assert not {"我们", "是", "了", "的"} & set(words)
    weights = [weight for _term, weight in result.keywords]
    assert weights == sorted(weights, reverse=True)
    assert 0 < len(result.keywords) <= 5


def test_keywords_in_english(engine):
    words = [t for t, _w in engine.analyze("The avocados were rotten again").keywords]
    assert "avocados" in words and "the" not in words


@pytest.mark.parametrize(
    "text, lang",
    [
        ("今天的草莓很新鲜", "zh"),
        ("The mangoes arrived late", "en"),
        ("Las fresas llegaron podridas", "es"),
        ("¿A qué hora llega el pedido?", "es"),
        ("Durian里面全烂了，退款please", "zh"),
        ("The 榴莲 arrived rotten", "en"),
        ("マンゴーが届きました", "ja"),
        ("👍👍", "und"),
        ("", "und"),
    ],
)
def test_detect_language(text, lang):
    assert nlp.detect_language(text) == lang


def test_mixed_language_analysis(engine):
    zh = engine.analyze("Durian里面全烂了，要refund")
    assert (zh.lang, zh.sentiment, zh.urgency) == ("zh", "neg", "high")
    en = engine.analyze("The 榴莲 arrived rotten")
    assert (en.lang, en.sentiment, en.urgency) == ("en", "neg", "high")


def test_tokenize(engine):
    tokens = nlp.tokenize("阳光玫瑰和智利车厘子都到了")
    assert "阳光玫瑰" in tokens and "智利车厘子" in tokens
    assert nlp.tokenize("Las Fresas llegaron", "es") == ["las", "fresas", "llegaron"]
    assert engine.tokenize("") == []
