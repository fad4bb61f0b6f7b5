# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Learned text signals: logistic models over a text's hashed character n-grams.

The features are those of the sentiment models (:func:`.features.
clause_features` of the whole normalised text: character 1-3 grams, Latin
words and word pairs, hashed into ``2**bits`` buckets); each model is
``logit = bias + sum(weights[bucket])``. The urgency model has one such
signal (:class:`~.urgency.TextUrgency`), the category model one per category
(:class:`~.categories.CategoryModel`).

Several models are summed in **one** pass of a :class:`~.features.
ClauseScorer`: the weights of a bucket, rounded to multiples of
``2**-SCALE_BITS``, are packed into one Python integer (``SLOT_BITS`` bits per
model, two's complement), so adding the packed integers adds every model's
sum at once, exactly. A slot cannot overflow: a weight is capped at
``WEIGHT_CAP`` and a text has at most ``3 * MAX_CHARS`` character n-grams
plus two per Latin word (< 2**15 features), so a slot's sum stays below
``2**15 * WEIGHT_CAP * 2**SCALE_BITS = 2**37`` in magnitude, under the
``2**39`` of a 40-bit slot. The rounding changes a logit by less than
``features * 2**-17`` (about 0.0006 for a 100-character text).
"""

import math
from operator import neg

from .features import ClauseScorer, clause_grams
from .modelfile import pack_weights, unpack_weights

SCALE_BITS = 16
SLOT_BITS = 40
WEIGHT_CAP = 64.0
_SCALE = float(1 << SCALE_BITS)
_SLOT_MASK = (1 << SLOT_BITS) - 1
_SLOT_HALF = 1 << (SLOT_BITS - 1)
_CAP = int(WEIGHT_CAP * _SCALE)
MEMO_SIZE = 10_000  # entries of each n-gram memo (see ClauseScorer; memory)


LOGIT_CLAMP = 30.0


def sigmoid(z):
    """The probability of a logit (clamped to +-LOGIT_CLAMP)."""
    return 1.0 / (1.0 + math.exp(-max(-LOGIT_CLAMP, min(LOGIT_CLAMP, z))))


def logit_at(probability):
    """The logit at which :func:`sigmoid` reaches ``probability``: infinite
    when it never does (its clamp), minus infinite when it always does, so
    ``sigmoid(z) >= p`` is ``z >= logit_at(p)`` without an ``exp``."""
    if probability > sigmoid(LOGIT_CLAMP):
        return math.inf
    if probability <= sigmoid(-LOGIT_CLAMP):
        return -math.inf
    return math.log(probability / (1.0 - probability))


class HashedLogits:
    """Named logistic models over the same hashed n-grams of a text.

    ``weights``: ``{name: float array of 2**bits}``; ``biases``: ``{name:
    float}``. :meth:`logits` gives ``{name: logit}`` of a normalised text.
    """

    def __init__(self, bits, weights, biases):
        self.bits = int(bits)
        self.names = tuple(weights)
        size = 1 << self.bits
        for name in self.names:
            if len(weights[name]) != size:
                raise ValueError(f"learned text weights of {name!r} do not match")
        self.weights = dict(weights)
        self.biases = {name: float(biases[name]) for name in self.names}
        arrays = [self.weights[name] for name in self.names]
        shifts = [SLOT_BITS * slot for slot in range(len(arrays))]

        def packed(index):
            total = 0
            for values, shift in zip(arrays, shifts, strict=True):
                quantum = round(values[index] * _SCALE)
                total += max(-_CAP, min(_CAP, quantum)) << shift
            return total

        self._scorer = ClauseScorer(packed, self.mask, 0, MEMO_SIZE)

    @property
    def mask(self):
        return (1 << self.bits) - 1

    def logits(self, norm):
        """``{name: logit}`` of the normalised text ``norm``."""
        total, _count = self._scorer.score(norm)
        out = {}
        for name in self.names:
            slot = total & _SLOT_MASK
            if slot >= _SLOT_HALF:
                slot -= 1 << SLOT_BITS
            out[name] = self.biases[name] + slot / _SCALE
            total = (total - slot) >> SLOT_BITS
        return out

    def top_grams(self, name, norm, count):
        """The ``count`` n-grams of ``norm`` with the largest positive weights
        in model ``name`` (n-grams of two characters or more first;
        punctuation never): the evidence of a learned decision."""
        pairs = clause_grams(norm, self.mask)
        if not pairs:
            return []
        grams, indices = zip(*pairs, strict=True)
        weights = map(self.weights[name].__getitem__, indices)
        # heaviest first, ties by the n-gram; an n-gram met twice (with and
        # without a marker) counts with its heavier weight: its first place
        longs, shorts, seen = [], [], set()
        for negative, gram in sorted(zip(map(neg, weights), grams, strict=True)):
            if negative >= 0:
                break
            if gram in seen:
                continue
            seen.add(gram)
            if len(gram) > 1:
                longs.append(gram)
                if len(longs) == count:
                    break
            elif len(shorts) < count:
                shorts.append(gram)
        return (longs + shorts)[:count]

    def packed(self, name):
        """The weights of model ``name`` as text (:func:`.modelfile.pack_weights`)."""
        return pack_weights(self.weights[name])

    @staticmethod
    def unpacked(text, bits, kind):
        """A weight array written by :meth:`packed`."""
        return unpack_weights(text, 1 << int(bits), kind)
