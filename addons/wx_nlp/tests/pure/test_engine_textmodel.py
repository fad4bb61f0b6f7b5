# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The shared model-file helper and the learned text signals (hashed logits)."""

import array
import json
import random
import zlib

import pytest
from wx_nlp import engine as nlp
from wx_nlp.engine import modelfile
from wx_nlp.engine.categories import ASPECTS, CategoryModel, CategoryText
from wx_nlp.engine.features import clause_features
from wx_nlp.engine.textmodel import SCALE_BITS, WEIGHT_CAP, HashedLogits
from wx_nlp.engine.textutil import normalize
from wx_nlp.engine.urgency import UrgencyModel

BITS = 12


def _weights(seed, spread=1.0):
    rng = random.Random(seed)
    return array.array("f", [rng.uniform(-spread, spread) for _ in range(1 << BITS)])


@pytest.mark.parametrize(
    "text",
    [
        "草莓烂了一半，司机还迟到两小时！！",
        "The mangoes were rotten, refund please",
        "Durian里面烂了，退款please 👍👍",
        "好",
        "发票" * 400,  # long: many features in each slot
    ],
)
def test_packed_logits_equal_the_float_sums(text):
    """Every model's logit is its bias plus the sum of its weights over the
    text's hashed features (rounded to 2**-16 per weight), whatever the sign
    of the weights and of the other models' sums packed next to it."""
    names = ("a", "b", "c", "d", "e", "f", "g")
    weights = {name: _weights(seed, 3.0) for seed, name in enumerate(names)}
    weights["g"] = array.array("f", [-WEIGHT_CAP] * (1 << BITS))  # at the cap
    biases = {name: 0.25 * seed for seed, name in enumerate(names)}
    model = HashedLogits(BITS, weights, biases)
    norm = normalize(text)
    indices = clause_features(norm, model.mask)
    tolerance = len(indices) * 2.0 ** -(SCALE_BITS + 1) + 1e-9
    for _run in range(2):  # memo cold, then warm
        logits = model.logits(norm)
        assert list(logits) == list(names)
        for name in names:
            exact = biases[name] + sum(weights[name][i] for i in indices)
            assert logits[name] == pytest.approx(exact, abs=tolerance)


def test_weights_are_capped_so_slots_cannot_overflow():
    huge = array.array("f", [1e6] * (1 << BITS))
    small = array.array("f", [0.5] * (1 << BITS))
    model = HashedLogits(BITS, {"huge": huge, "small": small}, {"huge": 0, "small": 0})
    norm = normalize("x" * nlp.MAX_CHARS)
    count = len(clause_features(norm, model.mask))
    logits = model.logits(norm)
    assert logits["huge"] == pytest.approx(count * WEIGHT_CAP)
    assert logits["small"] == pytest.approx(count * 0.5)


def test_top_grams_are_the_heaviest_positive_ngrams():
    weights = array.array("f", bytes(4 << BITS))
    mask = (1 << BITS) - 1
    for gram, weight in (("烂", 1.0), ("烂了", 3.0), ("迟到", 2.0), ("，", 9.0)):
        weights[zlib.crc32(gram.encode("utf-32-le")) & mask] = weight
    model = HashedLogits(BITS, {"x": weights}, {"x": 0.0})
    assert model.top_grams("x", normalize("烂了，迟到"), 3) == ["烂了", "迟到", "烂"]


def test_packed_weights_round_trip_and_damage_is_refused():
    weights = _weights(7)
    text = modelfile.pack_weights(weights)
    assert modelfile.unpack_weights(text, 1 << BITS, "test") == weights
    with pytest.raises(ValueError, match="test weights do not match their size"):
        modelfile.unpack_weights(text, 1 << (BITS + 1), "test")
    with pytest.raises(ValueError, match="test weights are damaged"):
        modelfile.unpack_weights(text[:40] + "AAAA" + text[44:], 1 << BITS, "test")


@pytest.mark.parametrize("model_class", [UrgencyModel, CategoryModel])
def test_model_files_share_one_format_check_and_save(tmp_path, model_class):
    shipped = model_class.load()
    path = tmp_path / "model.json"
    shipped.save(path)
    assert path.read_bytes() == model_class.DATA_FILE.read_bytes()  # same bytes
    assert model_class.load(path).as_dict() == shipped.as_dict()
    data = json.loads(path.read_text(encoding="utf-8"))
    kind = model_class.KIND
    with pytest.raises(ValueError, match=f"not a wx_nlp {kind} model"):
        model_class.from_dict(dict(data, format="wx-nlp-other/1"))
    with pytest.raises(ValueError, match=f"{kind} model features do not match"):
        model_class.from_dict(dict(data, features=data["features"][:-1]))
    with pytest.raises(ValueError, match=f"not a wx_nlp {kind} model"):
        model_class.from_dict([])


def test_shipped_category_model_has_a_text_signal_per_category():
    model = CategoryModel.load()
    assert isinstance(model.text, CategoryText)
    assert set(model.text.thresholds) == set(ASPECTS)
    logits = model.learned(normalize("司机迟到了两个小时"))
    assert set(logits) == set(ASPECTS)
    assert max(logits, key=logits.get) == "delivery"


TEXTS = (
    "草莓烂了一半，司机还迟到两小时！！",
    "The mangoes were rotten, refund please",
    "发票开错了，月底前必须改好，不然下周停止合作",
    "Las fresas llegaron podridas otra vez",
    "好",
)


@pytest.mark.parametrize("text", TEXTS)
def test_engine_scores_urgency_and_category_text_in_one_pass(text):
    """The shipped urgency and category text models share their buckets, so
    the engine sums them in one pass: the logits are exactly those of each
    model scored on its own."""
    engine = nlp.get_engine()
    joint = nlp.analyzer._joint_text_models(engine.urgency_model, engine.category_model)
    assert joint, "the shipped text models no longer share one pass"
    norm = normalize(text)
    reading = engine._read(text, None)
    urgency, categories = engine._text_logits(reading)
    assert urgency == engine.urgency_model.learned(norm)
    assert categories == engine.category_model.learned(norm)
    assert engine._text_logits(reading)[1] is categories  # computed once


def test_engine_scores_models_of_different_buckets_one_by_one():
    engine = nlp.get_engine()
    urgency = UrgencyModel.load()
    urgency.text = type(urgency.text)(BITS, _weights(3), 0.25, 0.5)
    other = engine.with_urgency_model(urgency)
    assert not nlp.analyzer._joint_text_models(urgency, other.category_model)
    reading = other._read(TEXTS[0], None)
    logit, categories = other._text_logits(reading)
    assert logit == urgency.learned(reading.norm)
    assert categories == other.category_model.learned(reading.norm)
    assert other.analyze(TEXTS[0]).urgency == "high"


def test_clause_grams_memo_gives_the_hashed_ngrams_and_stays_bounded(monkeypatch):
    """clause_grams remembers the bucket of each n-gram (never a text) and
    empties its memo when full; what it returns does not depend on it:
    every n-gram with a letter or a digit, punctuation never."""
    from wx_nlp.engine import features

    mask = (1 << BITS) - 1

    def plain(clause):
        text = "\x02" + clause.strip() + "\x03"
        grams = {text[i : i + n] for n in (1, 2, 3) for i in range(len(text) - n + 1)}
        return {
            (gram.strip("\x02\x03"), zlib.crc32(gram.encode("utf-32-le")) & mask)
            for gram in grams
            if any(char.isalnum() for char in gram)
        }

    monkeypatch.setattr(features, "GRAM_MEMO_SIZE", 20)
    monkeypatch.setattr(features, "_GRAM_MEMOS", {})
    for text in TEXTS[:1] + ("烂了烂了", "芒果") * 3:
        norm = normalize(text)
        assert features.clause_grams(norm, mask) == plain(norm)
        assert len(features._GRAM_MEMOS[mask]) <= 20 + 3 * len(norm)
    memo = features._GRAM_MEMOS[mask]
    assert all(len(gram) <= 3 for gram in memo)  # n-grams, not texts


def test_top_grams_ties_duplicates_and_short_ngrams():
    """Equal weights rank by the n-gram; an n-gram met with and without a
    marker counts with its heavier weight; one-character n-grams come only
    after the longer ones, and negative weights never."""
    weights = array.array("f", bytes(4 << BITS))
    mask = (1 << BITS) - 1

    def put(gram, weight):
        weights[zlib.crc32(gram.encode("utf-32-le")) & mask] = weight

    put("烂了", 2.0)
    put("迟到", 2.0)  # the weight of 烂了 in the middle of a clause
    put("\x02烂了", 5.0)  # 烂了 at the start of the clause: heavier
    put("司机", -4.0)
    put("了", 1.0)
    put("到", 3.0)
    model = HashedLogits(BITS, {"x": weights}, {"x": 0.0})
    norm = normalize("烂了，司机迟到")
    assert model.top_grams("x", norm, 2) == ["烂了", "迟到"]
    assert model.top_grams("x", norm, 4) == ["烂了", "迟到", "到", "了"]
    put("\x02烂了", 0.0)  # now a tie: by the n-gram (烂 U+70C2, 迟 U+8FDF)
    assert model.top_grams("x", "迟到，烂了", 2) == ["烂了", "迟到"]


@pytest.mark.parametrize(
    "probability", [0.0, 1e-20, 0.35, 0.5, 0.6, 1 - 1e-15, 1.0, 1.5]
)
def test_logit_at_is_where_sigmoid_reaches_a_probability(probability):
    """``sigmoid(z) >= p`` exactly when ``z >= logit_at(p)`` (the text-alone
    category thresholds are compared on the logit), clamp included."""
    from wx_nlp.engine.textmodel import logit_at, sigmoid

    bound = logit_at(probability)
    for z in (-40.0, -30.0, -5.0, -0.62, 0.0, 0.41, 5.0, 30.0, 40.0):
        assert (sigmoid(z) >= probability) == (z >= bound), z
