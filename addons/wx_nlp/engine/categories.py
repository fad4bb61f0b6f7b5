# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The category decision: one small logistic model per category over evidence.

The lexicon's category terms and the quantity rules are the *evidence* (a
category is a candidate only when the text names it: the evidence always
explains a category); this model decides which candidates the text is
about. LABELS.md asks for every aspect "that is evaluated or has a problem",
so a term mentioned in passing ("订单" in a lateness complaint) should not
count as much as one in a clause with an opinion or a problem. Features per
candidate: the summed term weight, full- and half-weight term counts,
negated terms, the weight inside clauses with an opinion or an urgency
term, quantity-rule hits, whether the plain rule (total >= 1) chooses it,
the strongest other category, how many categories the rule chooses, the
sentiment, a high urgency and a question.

Trained reproducibly by ``scripts/nlp/train_categories.py``
(:func:`wx_nlp.engine.training.train_categories`) and stored as a few
numbers per category in ``data/categories.json``. A category without a
trained model falls back to the plain rule. When no candidate is chosen,
an opinion about a fruit is ``freshness`` and anything else ``other``.
"""

import json
import math
from operator import mul
from pathlib import Path

from .lexicon import CATEGORY_CODES

FORMAT = "wx-nlp-categories/1"
DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "categories.json"
RULE_THRESHOLD = 1.0  # the plain rule: summed term weight
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
)


def features(evidence, label, urgency, question):
    """``{category: feature values}`` of the candidate categories.

    ``evidence`` maps a category to ``[weight, full terms, half terms,
    negated terms, weight in opinion clauses, quantity rule hits]``.
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
        ]
    return out


class CategoryModel:
    """Per category ``P = sigmoid(bias + w . features)``, chosen at ``threshold``."""

    def __init__(self, weights, biases, threshold=0.5, meta=None, thresholds=None):
        for code, row in weights.items():
            if code not in ASPECTS or len(row) != len(FEATURES):
                raise ValueError(f"category model: bad weights for {code!r}")
        self.weights = {code: [float(w) for w in row] for code, row in weights.items()}
        self.biases = {code: float(biases[code]) for code in weights}
        self.threshold = float(threshold)
        # per category (calibrated out of fold); else ``threshold``
        self.thresholds = {code: float(t) for code, t in (thresholds or {}).items()}
        self.meta = dict(meta or {})

    def probability(self, code, values):
        """P(the text is about ``code``), or None without a model for it."""
        row = self.weights.get(code)
        if row is None:
            return None
        z = self.biases[code] + sum(map(mul, row, values))
        z = max(-30.0, min(30.0, z))
        return 1.0 / (1.0 + math.exp(-z))

    def choose(self, candidates):
        """Codes chosen among ``{code: features}`` (CATEGORY_CODES order)."""
        chosen = []
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
            "format": FORMAT,
            "features": list(FEATURES),
            "weights": {
                code: [round(w, 6) for w in row] for code, row in self.weights.items()
            },
            "biases": {code: round(b, 6) for code, b in self.biases.items()},
            "threshold": round(self.threshold, 4),
            "thresholds": {c: round(t, 4) for c, t in self.thresholds.items()},
            "meta": self.meta,
        }

    def save(self, path):
        Path(path).write_text(
            json.dumps(self.as_dict(), indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )

    @classmethod
    def from_dict(cls, data):
        if data.get("format") != FORMAT:
            raise ValueError("not a wx_nlp category model")
        if tuple(data.get("features") or ()) != FEATURES:
            raise ValueError("category model features do not match this engine")
        return cls(
            data["weights"],
            data["biases"],
            data["threshold"],
            data.get("meta"),
            data.get("thresholds"),
        )

    @classmethod
    def load(cls, path=None):
        return cls.from_dict(
            json.loads(Path(path or DATA_FILE).read_text(encoding="utf-8"))
        )
