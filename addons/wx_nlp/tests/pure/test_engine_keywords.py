# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Keywords a manager can act on: no quantity phrases, no function words."""

import pytest
from wx_nlp import engine as nlp
from wx_nlp.engine.keywords import KeywordExtractor


@pytest.fixture(scope="module")
def extractor():
    return nlp.get_engine().resources.keywords


@pytest.mark.parametrize(
    "token", ["一箱", "一颗", "一圈", "一周", "一层", "一股", "两箱", "3箱", "半斤"]
)
def test_quantity_phrases_are_not_keywords(extractor, token):
    assert not extractor.is_candidate(token)


@pytest.mark.parametrize(
    "token",
    [
        "能否",
        "注意",
        "约定",
        "一致",
        "using",
        "well",
        "happens",
        "row",
        "algunas",
        "fecha",
    ],
)
def test_function_words_are_not_keywords(extractor, token):
    assert not extractor.is_candidate(token)


@pytest.mark.parametrize(
    "token", ["草莓", "发霉", "冰袋", "司机", "发票", "mould", "driver"]
)
def test_products_defects_and_aspects_stay(extractor, token):
    assert extractor.is_candidate(token)


def test_a_variety_counts_as_its_fruit():
    extractor = KeywordExtractor(
        idf={},
        stopwords=frozenset(),
        keep={"草莓", "奶油草莓", "火龙果", "红心火龙果", "阳光玫瑰"},
    )
    assert extractor.canonical("奶油草莓") == "草莓"
    assert extractor.canonical("红心火龙果") == "火龙果"
    assert extractor.canonical("阳光玫瑰") == "阳光玫瑰"  # no fruit inside its name
    assert extractor.canonical("发霉") == "发霉"  # not a product
    words = dict(extractor.extract(["奶油草莓", "草莓", "发霉"]))
    assert words["草莓"] > words["发霉"] and "奶油草莓" not in words


def test_keywords_of_a_complaint(extractor):
    result = nlp.get_engine().analyze("一箱奶油草莓一半都发霉了，能否今天换货")
    terms = [term for term, _weight in result.keywords]
    assert "一箱" not in terms and "能否" not in terms
    assert "发霉" in terms


def _keywords(text, engine=None):
    engine = engine or nlp.get_engine()
    return [term for term, _weight in engine.analyze(text).keywords]


@pytest.mark.parametrize(
    "text, absent",
    [
        ("客户来电说明天宴会要用的西瓜还没到", ("客户", "来电", "宴会", "明天")),
        ("学生食堂的老师傅说这批橙子很新鲜", ("学生", "食堂", "师傅")),
        ("第三次了，订的芒果又少了两箱", ("第三次", "订的", "两箱")),
    ],
)
def test_context_words_are_not_keywords(text, absent):
    """Only what the lexicon names as a product, an aspect or a defect."""
    terms = _keywords(text)
    assert terms, text
    assert not set(terms) & set(absent)


def test_negated_defect_is_not_a_keyword():
    assert "烂果" not in _keywords("这次没有烂果，很新鲜")
    assert "烂果" in _keywords("这次好多烂果")


def test_synonyms_and_adverbs_merge():
    assert "菠萝" in _keywords("凤梨还没到，司机电话打不通")
    assert "没到" in _keywords("凤梨还没到，司机电话打不通")
    assert "新鲜" in _keywords("荔枝很新鲜")


def test_english_and_spanish_plurals_count_as_singulars():
    assert {"strawberry", "carton", "mouldy"} <= set(
        _keywords("The strawberries arrived mouldy, cartons crushed")
    )
    assert {"fresa", "caja"} <= set(_keywords("Las cajas de fresas llegaron con moho"))
    terms = _keywords("Delivered on time, thanks")
    assert "on time" in terms and "on" not in terms  # only stop-words left: kept


def test_a_lexicon_term_added_by_a_manager_is_a_keyword():
    text = "周转筐一半都裂了"
    assert "周转筐" not in _keywords(text)
    edited = nlp.get_engine().with_lexicon(
        [
            {
                "lang": "zh",
                "kind": "category",
                "tag": "packaging",
                "term": "周转筐",
                "weight": 1,
            }
        ]
    )
    assert "周转筐" in _keywords(text, edited)
