# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Business-impact concepts, the learned urgency decision and its evidence."""

import json

import pytest
from wx_nlp import engine as nlp
from wx_nlp.engine import concepts, training
from wx_nlp.engine.textutil import normalize
from wx_nlp.engine.urgency import FEATURES, UrgencyModel


@pytest.fixture(scope="module")
def engine():
    return nlp.get_engine()


def rules_of(text):
    return {item["rule"] for item in concepts.scan(normalize(text), text)}


def urgency_rules(result):
    return {
        item.get("rule")
        for item in result.evidence
        if item["kind"] == "urgency" and item.get("rule")
    }


# -- each concept: it fires on its situation, in other words too -------------
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("门店的冷柜全空了，等着你们补货", "cannot_operate"),
        ("今天开不了门，货还在路上", "cannot_operate"),
        ("We can't open the juice bar without the oranges.", "cannot_operate"),
        ("No podemos abrir el puesto sin la fruta.", "cannot_operate"),
        ("后天的婚宴要用的哈密瓜还没发货", "event_soon"),
        ("The banquet is tonight and nothing has come.", "event_soon"),
        ("整批货都错了，全是别人家的", "whole_order"),
        ("订了40箱，到货只有25箱", "whole_order"),
        ("The entire delivery was the wrong variety.", "whole_order"),
        ("收货单上签字的人我们根本不认识", "wrong_place_or_signer"),
        ("货卸到隔壁仓库去了", "wrong_place_or_signer"),
        (
            "It was signed for by someone we have never heard of.",
            "wrong_place_or_signer",
        ),
        ("La entrega fue a la sucursal equivocada.", "wrong_place_or_signer"),
        ("订货平台一直报错，下不了单", "ordering_system"),
        (
            "The website is down and I cannot place the order for Monday.",
            "ordering_system",
        ),
        ("同一笔货款扣了两次", "charge_dispute"),
        ("We were billed for 50 crates but only 30 came.", "charge_dispute"),
        ("Nos cobraron doble la semana pasada.", "charge_dispute"),
        ("发票上的金额不对", "billing_mismatch"),
        ("请在周四之前把更正的单据发过来", "deadline"),
        ("Please fix it by Thursday.", "deadline"),
        ("上周就反映了，到现在还没人回复", "unresolved"),
        ("Nobody answers the phone and I have sent three emails.", "unresolved"),
        ("顾客已经在点评网上写了差评", "public_pressure"),
        ("A customer posted a review about it on Google.", "public_pressure"),
        ("再这样我就去别家拿货了", "switch_supplier"),
        ("We are switching suppliers next month.", "switch_supplier"),
        ("冷链车的冷机坏了，葡萄都是热的", "spoilage_described"),
        ("The melons smelled like vinegar when we cut them.", "spoilage_described"),
        ("Las peras huelen a podrido.", "spoilage_described"),
        ("今晚必须送到", "insist"),
    ],
)
def test_concept_fires(text, rule):
    assert rule in rules_of(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("明天能送吗？", "event_soon"),  # a date without an event
        ("下个月有个活动，到时候再联系", "event_soon"),  # an event, not soon
        ("货都对，一箱不少", "whole_order"),
        ("签收很顺利，谢谢", "wrong_place_or_signer"),
        ("小程序挺好用的", "ordering_system"),
        ("发票已收到", "billing_mismatch"),
        ("We pay every invoice on time.", "charge_dispute"),
        ("上周反映的问题已经处理好了", "unresolved"),
        ("拍照发了朋友圈，大家都说好看", "switch_supplier"),
    ],
)
def test_concept_stays_quiet(text, rule):
    assert rule not in rules_of(text)


# -- the decision: high needs a complaint or pressure ---------------------------
@pytest.mark.parametrize(
    "text",
    [
        "整批货都错了，全是别人家的",
        "收货单上签字的人我们根本不认识，货也没见着",
        "订货平台一直报错，明天的单下不了",
        "同一笔货款扣了两次，赶紧退回来",
        "发票金额不对，周四之前必须改好，不然没法付款",
        "第三次了，每次都说下次注意，还是老样子",
        "顾客已经在点评网上写了差评，说你们的橙子是烂的",
        "明早的寿宴要用的西瓜还没到",
        "门店的冷柜全空了，你们的车呢",
        "合同到期我们就不续签了",
        "The website is down and I cannot place tomorrow's order, fix it urgently.",
        "We were billed for 50 crates but only received 30. Fix it by Friday.",
        "Los mangos llegaron podridos, no se pueden vender.",
    ],
)
def test_business_impact_is_high(engine, text):
    result = engine.analyze(text)
    assert result.urgency == "high", text
    assert result.sentiment == "neg"
    # the evidence shown to staff explains it: the model's summary and the
    # spans that fired
    rules = urgency_rules(result)
    assert "urgency_model" in rules
    spans = [
        item
        for item in result.evidence
        if item["kind"] == "urgency" and item.get("span")
    ]
    assert spans
    for item in spans:
        start, end = item["span"]
        assert text[start:end] == item["term"]


@pytest.mark.parametrize(
    "text",
    [
        "明天能送吗？",  # "tomorrow" said casually
        "明天上午送就行，谢谢",
        "我们明天有活动，想加订两箱苹果",  # an event, no problem, no pressure
        "Could you deliver tomorrow at 8 instead of 7?",
        "¿Pueden entregar mañana temprano?",
        "退款当天就到账了，谢谢",  # praise about a refund
        "连续一个月都准点，谢谢",  # "in a row" as praise
        "小程序挺好用的",
        "系统什么时候能导出对账单？",
        "发票抬头开错了，麻烦重新开一张",  # billing error, no deadline
        "少了一个苹果，下次注意",
        "不是整单错，只是少了一箱",  # negated concept
    ],
)
def test_not_urgent(engine, text):
    assert engine.analyze(text).urgency != "high", text


def test_sarcasm_around_spoilage_is_negative_and_high(engine):
    result = engine.analyze("好评好评，收到一箱全是烂桃，真是“新鲜”啊")
    assert result.sentiment == "neg"
    assert result.urgency == "high"


# -- categories: the rules of USAGE.md -------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发票抬头开错了，麻烦重新开一张", {"price"}),  # billing is price
        ("The invoice has the wrong company name.", {"price"}),
        ("La factura tiene un error.", {"price"}),
        ("明天的单加10箱柠檬", {"order"}),  # changing an order
        ("明早能不能六点前到", {"delivery"}),  # when it arrives
        ("今天这批车厘子是今年最好的一批", {"freshness"}),  # opinion on a fruit
        ("Cherries were fantastic this week.", {"freshness"}),
        ("辛苦了，谢谢", {"other"}),
    ],
)
def test_category_rules(engine, text, expected):
    assert set(engine.analyze(text).categories) == expected


def test_wrong_items_are_order_not_delivery(engine):
    categories = engine.analyze("订的是红提，送来的有两箱是青提").categories
    assert "order" in categories and "delivery" not in categories


# -- the model: file, training, calibration ---------------------------------------
def test_shipped_urgency_model_matches_the_engine():
    model = UrgencyModel.load()
    assert len(model.weights) == len(FEATURES)
    assert 0.0 < model.threshold < 1.0
    data = json.loads(json.dumps(model.as_dict()))
    assert UrgencyModel.from_dict(data).weights == model.weights
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError):
        UrgencyModel.from_dict(data)


def test_neutral_model_never_says_high(engine):
    quiet = engine.with_urgency_model(UrgencyModel.neutral())
    assert quiet.analyze("整批货都错了，全是别人家的").urgency == "normal"


def test_train_urgency_is_reproducible_and_learns(engine):
    highs = [
        "整批货都错了，全是别人家的",
        "订货平台一直报错，明天的单下不了",
        "同一笔货款扣了两次，赶紧退",
        "第三次了，每次都说下次注意",
        "门店的冷柜全空了，你们的车呢",
        "草莓发霉了，今天必须换",
    ] * 4
    others = [
        "明天能送吗？",
        "谢谢，水果很好",
        "发票已收到",
        "香蕉有点青，下次注意",
        "送货晚了十分钟",
        "价格能便宜点吗",
    ] * 4
    samples = [(t, "high") for t in highs] + [(t, "low") for t in others]
    first = training.train_urgency(samples, engine=engine, seed=3)
    second = training.train_urgency(samples, engine=engine, seed=3)
    assert first.weights == second.weights and first.threshold == second.threshold
    trained = engine.with_urgency_model(first)
    assert trained.analyze("整批货都错了，全是别人家的").urgency == "high"
    assert trained.analyze("明天能送吗？").urgency == "low"
    with pytest.raises(ValueError):
        training.train_urgency([(t, "low") for t in others], engine=engine)


def test_calibrated_threshold_respects_the_precision_floor():
    probabilities = [0.9, 0.8, 0.7, 0.6, 0.4, 0.3]
    targets = [1, 1, 0, 1, 0, 0]
    evidence = [True] * 6
    threshold = training.calibrate_threshold(
        probabilities, targets, evidence, min_precision=0.99
    )
    assert 0.7 < threshold <= 0.8  # only the two first are certainly right
    loose = training.calibrate_threshold(
        probabilities, targets, evidence, min_precision=0.7
    )
    assert 0.4 < loose <= 0.6  # 3 of 4 right: all three highs found
    # without evidence nothing can be high: every threshold ties, the
    # highest (most cautious) wins
    none = training.calibrate_threshold(
        probabilities, targets, [False] * 6, min_precision=0.7
    )
    assert none == pytest.approx(0.9)


def test_a_safety_term_added_by_a_manager_decides(engine):
    text = "这批火龙果里有蜗牛壳"
    assert engine.analyze(text).urgency != "high"
    edited = engine.with_lexicon(
        [
            {
                "lang": "zh",
                "kind": "urgency",
                "tag": "safety",
                "term": "蜗牛壳",
                "weight": 2.0,
            }
        ]
    )
    result = edited.analyze(text)
    assert result.urgency == "high"
    assert any(item.get("term") == "蜗牛壳" for item in result.evidence)
    # asked about, not asserted: no urgency
    assert edited.analyze("火龙果里会不会有蜗牛壳？").urgency != "high"
