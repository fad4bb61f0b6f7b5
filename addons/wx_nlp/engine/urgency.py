# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The urgency decision: a small logistic model over the evidence.

The lexicon and the concept patterns (:mod:`.concepts`) find *evidence*
(spoilage, safety, threat, repeat, missing, today, impact, money, system,
public); this model decides from it, together with the sentiment, whether a
message is ``high``. It is trained reproducibly by
``scripts/nlp/train_urgency.py`` (:func:`wx_nlp.engine.training.train_urgency`)
and stored as a few dozen numbers in ``data/urgency.json``.

A second, general signal is learned from the text itself
(:class:`TextUrgency`: a hashed character n-gram logistic model, the same
features as the sentiment models): its logit is one of the model's
features, and a message without any lexicon or rule evidence is ``high``
when its probability reaches a threshold calibrated out of fold. Such a
message shows the learned n-grams that weighed most (``learned_text``
evidence), so the evidence shown to staff explains every high urgency;
below the threshold a negative message is ``normal`` and the rest ``low``.
"""

from operator import mul
from pathlib import Path

from .lexicon import URGENCY_TAGS
from .modelfile import JsonModelFile
from .textmodel import HashedLogits, sigmoid

FORMAT = "wx-nlp-urgency/1"
DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "urgency.json"
TAG_CAP = 2.0


# Pattern rules whose hit is a feature of its own (see .concepts and the
# ordinal / wrong-goods rules of .analyzer).
RULES = (
    "ordinal",
    "wrong_goods",
    "cannot_operate",
    "event_soon",
    "whole_order",
    "wrong_place_or_signer",
    "ordering_system",
    "charge_dispute",
    "deadline",
    "insist",
    "unresolved",
    "public_pressure",
    "spoilage_described",
)


def feature_names():
    names = [f"term_{tag}" for tag in URGENCY_TAGS]
    names += [f"rule_{rule}" for rule in RULES]
    names += [
        "neg_x_spoilage_safety_threat",
        "neg_x_repeat",
        "neg_x_missing",
        "neg_x_rules",
        "missing_x_today",
        "neg",
        "neu",
        "score",
        "sarcasm",
        "question",
        "distinct_tags",
        "praise_terms",
        "blame_terms",
        "learned",
    ]
    return tuple(names)


FEATURES = feature_names()
_NONE = (0.0,) * len(RULES)
_SPOILAGE, _SAFETY, _THREAT, _REPEAT, _MISSING, _TODAY = (
    URGENCY_TAGS.index(tag)
    for tag in ("spoilage", "safety", "threat", "repeat", "missing", "today")
)


def features(
    terms, rules, label, score, sarcasm, question, praise=0, blame=0, learned=0.0
):
    """The model's input.

    ``terms`` maps urgency tags to the summed weights of non-negated lexicon
    terms; ``rules`` is the set of pattern rules that fired (:data:`RULES`);
    ``learned`` is the logit of the :class:`TextUrgency` model.
    """
    capped = [min(TAG_CAP, terms.get(tag, 0.0)) for tag in URGENCY_TAGS]
    neg = 1.0 if label == "neg" else 0.0
    fired = [1.0 if rule in rules else 0.0 for rule in RULES] if rules else _NONE
    fired_count = sum(fired)
    direct = min(TAG_CAP, capped[_SPOILAGE] + capped[_SAFETY] + capped[_THREAT])
    tags = sum(1 for value in capped if value > 0)
    values = capped  # a new list: extended in place
    values.extend(fired)
    values += [
        neg * direct,
        neg * capped[_REPEAT],
        neg * capped[_MISSING],
        neg * min(2.0, fired_count),
        min(1.0, capped[_MISSING]) * min(1.0, capped[_TODAY]),
        neg,
        1.0 if label == "neu" else 0.0,
        score,
        1.0 if sarcasm else 0.0,
        1.0 if question else 0.0,
        float(tags + fired_count),
        float(min(praise, 3)),
        float(min(blame, 3)),
        max(-LEARNED_CAP, min(LEARNED_CAP, learned)),
    ]
    return values


LEARNED_CAP = 6.0
LEARNED_EVIDENCE = 3  # n-grams shown for a learned high urgency


class TextUrgency:
    """``logit = bias + sum(weights[bucket])`` over the hashed character
    n-grams of the normalised text (:mod:`.textmodel`).

    ``threshold`` is the probability at which a message without any other
    evidence is ``high`` (calibrated out of fold; above 1: never).
    """

    def __init__(self, bits, weights, bias, threshold):
        self.threshold = float(threshold)
        self._logits = HashedLogits(bits, {"high": weights}, {"high": bias})

    @property
    def bits(self):
        return self._logits.bits

    @property
    def weights(self):
        return self._logits.weights["high"]

    @property
    def bias(self):
        return self._logits.biases["high"]

    def logit(self, norm):
        return self._logits.logits(norm)["high"]

    def top_grams(self, norm, count=LEARNED_EVIDENCE):
        """The ``count`` n-grams of ``norm`` that weigh most towards ``high``."""
        return self._logits.top_grams("high", norm, count)

    def as_dict(self):
        return {
            "bits": self.bits,
            "bias": round(self.bias, 6),
            "threshold": round(self.threshold, 4),
            "weights": self._logits.packed("high"),
        }

    @classmethod
    def from_dict(cls, data):
        weights = HashedLogits.unpacked(
            data["weights"], data["bits"], "learned urgency"
        )
        return cls(data["bits"], weights, data["bias"], data["threshold"])


class UrgencyModel(JsonModelFile):
    """``P(high) = sigmoid(bias + w . features)``; ``high`` at ``threshold``."""

    FORMAT = FORMAT
    FEATURES = FEATURES
    KIND = "urgency"
    DATA_FILE = DATA_FILE

    def __init__(self, weights, bias, threshold=0.5, meta=None, text=None):
        if len(weights) != len(FEATURES):
            raise ValueError(
                f"urgency model has {len(weights)} weights, expected {len(FEATURES)}"
            )
        self.weights = [float(w) for w in weights]
        self.bias = float(bias)
        self.threshold = float(threshold)
        self.meta = dict(meta or {})
        self.text = text  # TextUrgency or None

    def learned(self, norm):
        """The text model's logit of ``norm`` (0 without a text model)."""
        return self.text.logit(norm) if self.text is not None else 0.0

    def probability(self, values):
        if len(values) != len(self.weights):
            raise ValueError("urgency features do not match the model")
        return sigmoid(self.bias + sum(map(mul, self.weights, values)))

    @classmethod
    def neutral(cls):
        """A model that never says ``high`` (to compute features for training)."""
        return cls([0.0] * len(FEATURES), -30.0, 0.5, {"neutral": True})

    # -- files -----------------------------------------------------------------
    def as_dict(self):
        return {
            **self.header(),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "threshold": round(self.threshold, 4),
            "meta": self.meta,
            "text": self.text.as_dict() if self.text is not None else None,
        }

    @classmethod
    def _from_checked(cls, data):
        text = data.get("text")
        return cls(
            data["weights"],
            data["bias"],
            data["threshold"],
            data.get("meta"),
            TextUrgency.from_dict(text) if text else None,
        )
