# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The sentiment model file: two hashed linear models and a small combiner.

* ``polarity``: negative (-) vs positive (+) logit over hashed n-grams;
* ``subjectivity``: neutral (+) vs opinionated (-) logit;
* ``combiner``: a 3-class softmax over a handful of per-text signals (both
  logits, the lexicon polarity, question / suggestion / sarcasm markers, the
  length and its products with the logit and the lexicon, so that long
  review-like texts can lean on the n-gram model and short domain messages on
  the lexicon).

File format (``.wxm``): gzip of one JSON header line followed by the raw
little-endian float32 weights of each linear model. Scoring needs only the
standard library (``array``), so neither numpy nor scikit-learn is needed at
run time.
"""

import array
import gzip
import json
import math
import sys
from dataclasses import dataclass, field
from operator import mul

FORMAT = "wx-nlp-sentiment/1"
CLASSES = ("neg", "neu", "pos")
COMBINER_FEATURES = (
    "polarity",
    "lexicon",
    "subjectivity",
    "question",
    "suggestion",
    "sarcasm",
    "negative_terms",
    "positive_terms",
    "short",
    "length",
    "polarity_x_length",
    "lexicon_x_length",
)


@dataclass
class LinearModel:
    """Hashed linear model: ``bias + sum(weights[i] for i in features)``."""

    bits: int
    weights: array.array
    bias: float = 0.0

    @classmethod
    def zeros(cls, bits):
        return cls(bits, array.array("f", bytes(4 * (1 << bits))), 0.0)

    @property
    def mask(self):
        return (1 << self.bits) - 1

    def partial(self, indices):
        weights = self.weights
        return sum(weights[i] for i in indices)

    def score(self, indices):
        return self.bias + self.partial(indices)


@dataclass
class SentimentModel:
    polarity: LinearModel
    subjectivity: LinearModel
    combiner: list  # one row of len(COMBINER_FEATURES) + 1 (bias) per class
    meta: dict = field(default_factory=dict)

    @classmethod
    def empty(cls, bits):
        """An untrained model (every text neutral); used to bootstrap training."""
        rows = [[0.0] * (len(COMBINER_FEATURES) + 1) for _label in CLASSES]
        return cls(LinearModel.zeros(bits), LinearModel.zeros(bits), rows, {})

    @property
    def bits(self):
        return self.polarity.bits

    @property
    def scorer(self):
        """The :class:`~.features.ClauseScorer` of this model (built once)."""
        scorer = self.__dict__.get("_scorer")
        if scorer is None:
            from .features import ClauseScorer

            scorer = ClauseScorer.pair(
                self.polarity.weights, self.subjectivity.weights, self.polarity.mask
            )
            self.__dict__["_scorer"] = scorer
        return scorer

    def combine(self, signals):
        """Class probabilities ``{neg, neu, pos}`` from the signal vector."""
        logits = [row[-1] + sum(map(mul, row, signals)) for row in self.combiner]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        return {label: e / total for label, e in zip(CLASSES, exps, strict=True)}

    # -- persistence -----------------------------------------------------------
    def save(self, path):
        header = {
            "format": FORMAT,
            "polarity": {"bits": self.polarity.bits, "bias": self.polarity.bias},
            "subjectivity": {
                "bits": self.subjectivity.bits,
                "bias": self.subjectivity.bias,
            },
            "combiner": {"features": list(COMBINER_FEATURES), "rows": self.combiner},
            "meta": self.meta,
        }
        # no file name nor time in the gzip header: same model, same bytes
        with (
            open(path, "wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as handle,
        ):
            handle.write(json.dumps(header, ensure_ascii=False).encode() + b"\n")
            for part in (self.polarity, self.subjectivity):
                weights = array.array("f", part.weights)
                if sys.byteorder != "little":
                    weights.byteswap()
                handle.write(weights.tobytes())

    @classmethod
    def load(cls, path):
        with gzip.open(path, "rb") as handle:
            blob = handle.read()
        line, _, body = blob.partition(b"\n")
        header = json.loads(line)
        if header.get("format") != FORMAT:
            raise ValueError(f"{path}: not a {FORMAT} file")
        parts = []
        offset = 0
        for name in ("polarity", "subjectivity"):
            bits = header[name]["bits"]
            size = 4 * (1 << bits)
            weights = array.array("f")
            weights.frombytes(body[offset : offset + size])
            if sys.byteorder != "little":
                weights.byteswap()
            offset += size
            parts.append(LinearModel(bits, weights, header[name]["bias"]))
        if header["combiner"]["features"] != list(COMBINER_FEATURES):
            raise ValueError(f"{path}: combiner features differ from this engine")
        return cls(parts[0], parts[1], header["combiner"]["rows"], header["meta"])
