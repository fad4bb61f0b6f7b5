# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The category decision: one small logistic model per category over evidence.

The lexicon's category terms and the quantity rules are the *evidence* (a
category is a candidate when the text names it); this model decides which
candidates the text is about. LABELS.md asks for every aspect "that is
evaluated or has a problem", so a term mentioned in passing ("订单" in a
lateness complaint) should not count as much as one in a clause with an
opinion or a problem. Features per candidate: the summed term weight, full-
and half-weight term counts, negated terms, the weight inside clauses with an
opinion or an urgency term, quantity-rule hits, whether the plain rule (total
>= 1) chooses it, the strongest other category, how many categories the rule
chooses, the sentiment, a high urgency, a question and the category's learned
text signal.

The learned text signal (:class:`CategoryText`) is one logistic model per
category over the text's hashed character n-grams (:mod:`.textmodel`, the
features of the sentiment and urgency text models). Besides being a feature
of the candidates, it lets a category that no lexicon term names be chosen
when its probability reaches a threshold calibrated out of fold; that choice
shows the n-grams that weighed most (``learned_text`` evidence), so the
evidence still explains every category.

Trained reproducibly by ``scripts/nlp/train_categories.py``
(:func:`wx_nlp.engine.training.train_categories`) and stored in
``data/categories.json``. A category without a trained model falls back to
the plain rule. When no category is chosen, an opinion about a fruit is
``freshness`` and anything else ``other`` (the analyzer decides that).
"""

from operator import mul
from pathlib import Path

from .lexicon import CATEGORY_CODES
from .modelfile import JsonModelFile
from .textmodel import HashedLogits, logit_at, sigmoid

FORMAT = "wx-nlp-categories/2"
DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "categories.json"
RULE_THRESHOLD = 1.0  # the plain rule: summed term weight
LEARNED_CAP = 6.0
LEARNED_EVIDENCE = 3  # n-grams shown for a category chosen by the text alone
ASPECTS = tuple(code for code in CATEGORY_CODES if code != "other")
_ORDER = {code: index for index, code in enumerate(ASPECTS)}
FEATURES = (
    "weight",
    "full_terms",
    "half_terms",
    "negated_terms",
    "weight_in_opinion_clauses",
    "quantity_rules",
    "rule_chooses",
    "strongest_other",
    "rule_count",
    "neg",
    "neu",
    "urgency_high",
    "question",
    "learned",
)
LEARNED = FEATURES.index("learned")


def features(evidence, label, urgency, question, learned=None):
    """``{category: feature values}`` of the candidate categories.

    ``evidence`` maps a category to ``[weight, full terms, half terms,
    negated terms, weight in opinion clauses, quantity rule hits]``;
    ``learned`` maps a category to its text logit (:class:`CategoryText`).
    """
    if not evidence:
        return {}
    capped = {
        code: min(3.0, values[0]) for code, values in evidence.items() if code in _ORDER
    }
    chosen = sum(1 for code in capped if evidence[code][0] >= RULE_THRESHOLD)
    neg = 1.0 if label == "neg" else 0.0
    neu = 1.0 if label == "neu" else 0.0
    high = 1.0 if urgency == "high" else 0.0
    asked = 1.0 if question else 0.0
    learned = learned or {}
    out = {}
    for code, weight_capped in capped.items():
        weight, full, half, negated, opinion, quantity = evidence[code]
        if weight <= 0:
            continue
        others = [value for other, value in capped.items() if other != code]
        out[code] = [
            weight_capped,
            float(min(3, full)),
            float(min(3, half)),
            float(min(2, negated)),
            min(3.0, opinion),
            float(min(2, quantity)),
            1.0 if weight >= RULE_THRESHOLD else 0.0,
            max(others, default=0.0),
            float(chosen),
            neg,
            neu,
            high,
            asked,
            cap_learned(learned.get(code, 0.0)),
        ]
    return out


def cap_learned(logit):
    return max(-LEARNED_CAP, min(LEARNED_CAP, logit))


class CategoryText:
    """The learned text signal of each category (:mod:`.textmodel`).

    ``thresholds[code]``: the probability at which ``code`` is chosen for a
    text whose evidence does not name it (calibrated out of fold; above 1:
    never).
    """

    def __init__(self, bits, weights, biases, thresholds):
        for code in weights:
            if code not in _ORDER:
                raise ValueError(f"learned category text: unknown category {code!r}")
        self.model = HashedLogits(bits, weights, biases)
        self.thresholds = {code: float(thresholds[code]) for code in weights}
        # the same thresholds on the logit (sigmoid(z) >= t  <=>  z >= logit(t))
        self.logit_thresholds = {
            code: logit_at(value) for code, value in self.thresholds.items()
        }

    def logits(self, norm):
        """``{category: logit}`` of the normalised text ``norm``."""
        return self.model.logits(norm)

    def top_grams(self, code, norm, count=LEARNED_EVIDENCE):
        return self.model.top_grams(code, norm, count)

    def as_dict(self):
        model = self.model
        return {
            "bits": model.bits,
            "biases": {code: round(b, 6) for code, b in model.biases.items()},
            "thresholds": {c: round(t, 4) for c, t in self.thresholds.items()},
            "weights": {code: model.packed(code) for code in model.names},
        }

    @classmethod
    def from_dict(cls, data):
        weights = {
            code: HashedLogits.unpacked(text, data["bits"], "learned category")
            for code, text in data["weights"].items()
        }
        return cls(data["bits"], weights, data["biases"], data["thresholds"])


class CategoryModel(JsonModelFile):
    """Per category ``P = sigmoid(bias + w . features)``, chosen at ``threshold``
    (or its own in ``thresholds``); ``text``: a :class:`CategoryText` or None."""

    FORMAT = FORMAT
    FEATURES = FEATURES
    KIND = "category"
    DATA_FILE = DATA_FILE

    def __init__(
        self, weights, biases, threshold=0.5, meta=None, thresholds=None, text=None
    ):
        for code, row in weights.items():
            if code not in ASPECTS or len(row) != len(FEATURES):
                raise ValueError(f"category model: bad weights for {code!r}")
        self.weights = {code: [float(w) for w in row] for code, row in weights.items()}
        self.biases = {code: float(biases[code]) for code in weights}
        self.threshold = float(threshold)
        # per category (calibrated out of fold); else ``threshold``
        self.thresholds = {code: float(t) for code, t in (thresholds or {}).items()}
        self.meta = dict(meta or {})
        self.text = text

    def learned(self, norm):
        """``{category: text logit}`` of ``norm`` (empty without a text model)."""
        return self.text.logits(norm) if self.text is not None else {}

    def probability(self, code, values):
        """P(the text is about ``code``), or None without a model for it."""
        row = self.weights.get(code)
        if row is None:
            return None
        return sigmoid(self.biases[code] + sum(map(mul, row, values)))

    def choose(self, candidates, learned=None):
        """Codes chosen among ``{code: features}``, and among the other
        categories by their text logits ``learned`` alone (ASPECTS order)."""
        chosen = []
        if learned:
            thresholds = self.text.logit_thresholds
            for code, logit in learned.items():
                if logit >= thresholds[code] and code not in candidates:
                    chosen.append(code)
        for code, values in candidates.items():
            probability = self.probability(code, values)
            if probability is None:
                if values[6]:  # the plain rule
                    chosen.append(code)
            elif probability >= self.thresholds.get(code, self.threshold):
                chosen.append(code)
        if len(chosen) > 1:
            chosen.sort(key=_ORDER.__getitem__)
        return chosen

    @classmethod
    def rule(cls):
        """No learned weights: the plain rule (summed weight >= 1)."""
        return cls({}, {}, 0.5, {"rule": True})

    # -- files -----------------------------------------------------------------
    def as_dict(self):
        return {
            **self.header(),
            "weights": {
                code: [round(w, 6) for w in row] for code, row in self.weights.items()
            },
            "biases": {code: round(b, 6) for code, b in self.biases.items()},
            "threshold": round(self.threshold, 4),
            "thresholds": {c: round(t, 4) for c, t in self.thresholds.items()},
            "meta": self.meta,
            "text": self.text.as_dict() if self.text is not None else None,
        }

    @classmethod
    def _from_checked(cls, data):
        text = data.get("text")
        return cls(
            data["weights"],
            data["biases"],
            data["threshold"],
            data.get("meta"),
            data.get("thresholds"),
            CategoryText.from_dict(text) if text else None,
        )
