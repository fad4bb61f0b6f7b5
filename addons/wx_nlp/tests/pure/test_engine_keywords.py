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
        "客户",
        "来电",
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
