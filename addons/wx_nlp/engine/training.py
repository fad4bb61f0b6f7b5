# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Training and comparison of sentiment models (scikit-learn, training only).

``train(samples, seed)`` fits, on ``(text, label[, weight])`` samples with
labels ``neg`` / ``neu`` / ``pos``:

1. the *polarity* logistic regression on the neg / pos samples;
2. the *subjectivity* logistic regression, neutral vs the rest;
3. the 3-class *combiner* on out-of-fold logits of 1-2 plus the lexicon
   signals, so that it learns how much to trust each part on unseen text.

``compare(old, new, heldout)`` scores both models on held-back samples and
says whether the new one is better; callers activate it only then.

scikit-learn and numpy are imported inside the functions: scoring never needs
them. Everything is seeded, so the same samples give the same model.
"""

import logging
import random

from .features import DEFAULT_BITS
from .metrics import macro_f1, per_class
from .model import CLASSES, COMBINER_FEATURES, LinearModel, SentimentModel

_logger = logging.getLogger(__name__)

POLARITY_C = 0.5
SUBJECTIVITY_C = 0.5
COMBINER_C = 0.3
FOLDS = 4


def stars_to_label(stars):
    """Weak label of a star rating: 1-2 negative, 4-5 positive, 3 none."""
    if stars is None:
        return None
    if stars <= 2:
        return "neg"
    if stars >= 4:
        return "pos"
    return None


def _normalise_samples(samples):
    clean = []
    for sample in samples:
        text, label = sample[0], sample[1]
        weight = float(sample[2]) if len(sample) > 2 else 1.0
        if text and text.strip() and label in CLASSES and weight > 0:
            clean.append((text, label, weight))
    return clean


def _matrix(engine, texts, bits):
    import numpy as np
    from scipy.sparse import csr_matrix

    data, indices, indptr = [], [], [0]
    for text in texts:
        values = engine.weighted_features(text)
        indices.extend(values.keys())
        data.extend(values.values())
        indptr.append(len(indices))
    return csr_matrix(
        (np.asarray(data, dtype=np.float32), indices, indptr),
        shape=(len(texts), 1 << bits),
    )


def _fit_linear(matrix, targets, weights, c_value, seed, bits):
    """Logistic regression exported as a hashed :class:`LinearModel`."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    targets = np.asarray(targets)
    if len(set(targets.tolist())) < 2:
        return LinearModel.zeros(bits)
    classifier = LogisticRegression(
        C=c_value, solver="liblinear", max_iter=200, random_state=seed
    )
    classifier.fit(matrix, targets, sample_weight=np.asarray(weights))
    model = LinearModel.zeros(bits)
    model.weights[:] = _float_array(classifier.coef_[0])
    model.bias = float(classifier.intercept_[0])
    return model


def _float_array(values):
    import array

    return array.array("f", values.astype("float32").tobytes())


def _fit_pair(engine, matrix, labels, weights, seed, bits, c_pol, c_subj):
    polar = [i for i, label in enumerate(labels) if label != "neu"]
    polarity = _fit_linear(
        matrix[polar],
        [labels[i] == "pos" for i in polar],
        [weights[i] for i in polar],
        c_pol,
        seed,
        bits,
    )
    subjectivity = _fit_linear(
        matrix,
        [label == "neu" for label in labels],
        weights,
        c_subj,
        seed,
        bits,
    )
    return polarity, subjectivity


def _fit_combiner(signals, labels, weights, seed, c_value=COMBINER_C):
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    present = sorted(set(labels))
    rows = []
    if len(present) < 2:
        for label in CLASSES:
            bias = 0.0 if label in present else -10.0
            rows.append([0.0] * len(COMBINER_FEATURES) + [bias])
        return rows
    classifier = LogisticRegression(C=c_value, max_iter=3000, random_state=seed)
    classifier.fit(
        np.asarray(signals), np.asarray(labels), sample_weight=np.asarray(weights)
    )
    learned = list(classifier.classes_)
    for label in CLASSES:
        if label not in learned:
            rows.append([0.0] * len(COMBINER_FEATURES) + [-10.0])
            continue
        if len(learned) == 2:  # binary: one row of coefficients for classes_[1]
            sign = 1.0 if label == learned[1] else -1.0
            coef = [sign * v / 2 for v in classifier.coef_[0]]
            bias = sign * classifier.intercept_[0] / 2
        else:
            index = learned.index(label)
            coef = list(classifier.coef_[index])
            bias = classifier.intercept_[index]
        rows.append([float(v) for v in coef] + [float(bias)])
    return rows


def train(
    samples,
    seed=0,
    engine=None,
    bits=DEFAULT_BITS,
    folds=FOLDS,
    polarity_c=POLARITY_C,
    subjectivity_c=SUBJECTIVITY_C,
    meta=None,
    combiner_samples=None,
):
    """Train a :class:`SentimentModel` on ``(text, label[, weight])`` samples.

    The combiner is fitted on out-of-fold logits of ``samples`` or, when
    ``combiner_samples`` is given, on those (realistic, not trained on)
    samples scored by the final linear models. ``engine`` provides the
    lexicon and segmentation. Deterministic for a given ``seed`` and order.
    """
    from . import new_engine

    empty = SentimentModel.empty(bits)
    engine = (engine or new_engine(model=empty)).with_model(empty)
    data = _normalise_samples(samples)
    if not data:
        raise ValueError("no usable training samples")
    texts = [text for text, _label, _weight in data]
    labels = [label for _text, label, _weight in data]
    weights = [weight for _text, _label, weight in data]
    matrix = _matrix(engine, texts, bits)

    if combiner_samples is None:
        signals = _out_of_fold_signals(
            engine,
            empty,
            texts,
            labels,
            weights,
            matrix,
            seed,
            bits,
            folds,
            (polarity_c, subjectivity_c),
        )
        combiner_data = data
    polarity, subjectivity = _fit_pair(
        engine, matrix, labels, weights, seed, bits, polarity_c, subjectivity_c
    )
    if combiner_samples is not None:
        combiner_data = _normalise_samples(combiner_samples)
        scorer = engine.with_model(
            SentimentModel(polarity, subjectivity, empty.combiner)
        )
        signals = [scorer.signals(text) for text, _label, _weight in combiner_data]
    combiner = _fit_combiner(
        signals,
        [label for _text, label, _weight in combiner_data],
        [weight for _text, _label, weight in combiner_data],
        seed,
    )
    info = {
        "seed": seed,
        "samples": {label: labels.count(label) for label in CLASSES},
        "combiner_samples": len(combiner_data),
        "bits": bits,
        "polarity_c": polarity_c,
        "subjectivity_c": subjectivity_c,
        "folds": folds if combiner_samples is None else 0,
    }
    info.update(meta or {})
    return SentimentModel(polarity, subjectivity, combiner, info)


def _out_of_fold_signals(
    engine, empty, texts, labels, weights, matrix, seed, bits, folds, c_values
):
    """Combiner inputs of every sample, scored by models that did not see it."""
    data = texts
    order = list(range(len(data)))
    random.Random(seed).shuffle(order)
    fold_of = {index: position % folds for position, index in enumerate(order)}
    signals = [None] * len(data)
    for fold in range(folds):
        fit_rows = [i for i in range(len(data)) if fold_of[i] != fold]
        held = [i for i in range(len(data)) if fold_of[i] == fold]
        polarity, subjectivity = _fit_pair(
            engine,
            matrix[fit_rows],
            [labels[i] for i in fit_rows],
            [weights[i] for i in fit_rows],
            seed,
            bits,
            *c_values,
        )
        fold_model = SentimentModel(polarity, subjectivity, empty.combiner)
        fold_engine = engine.with_model(fold_model)
        for i in held:
            signals[i] = fold_engine.signals(texts[i])
    return signals


def split_heldout(samples, fraction=0.2, seed=0):
    """Shuffle (seeded) and split into ``(training, heldout)``."""
    items = list(samples)
    random.Random(seed).shuffle(items)
    cut = round(len(items) * (1 - fraction))
    return items[:cut], items[cut:]


def evaluate_model(engine, samples):
    """Sentiment figures of ``engine`` on ``(text, label)`` samples."""
    gold, predicted = [], []
    for sample in samples:
        gold.append(sample[1])
        predicted.append(engine.sentiment(sample[0])[0])
    labels = [label for label in CLASSES if label in set(gold)]
    binary = labels == ["neg", "pos"]
    if binary:  # neutral predictions are read from the score sign
        predicted = []
        for sample in samples:
            _label, score, _conf = engine.sentiment(sample[0])
            predicted.append("pos" if score >= 0 else "neg")
    accuracy = (
        sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
        if gold
        else 0
    )
    return {
        "macro_f1": macro_f1(gold, predicted, labels) if gold else 0.0,
        "accuracy": accuracy,
        "per_class": per_class(gold, predicted, labels),
        "n": len(gold),
    }


def compare(old, new, heldout, engine=None, min_gain=0.0):
    """Score ``old`` and ``new`` models on ``heldout`` ``(text, label)`` pairs.

    Returns ``{"old": figures, "new": figures, "better": bool, "metric": ...}``;
    ``better`` is true only when the new macro-F1 beats the old one by more
    than ``min_gain``.
    """
    from . import get_engine

    engine = engine or get_engine()
    heldout = [s for s in heldout if s[0] and s[1] in CLASSES]
    if not heldout:
        raise ValueError("compare() needs labelled held-out samples")
    old_figures = evaluate_model(engine.with_model(old), heldout)
    new_figures = evaluate_model(engine.with_model(new), heldout)
    better = new_figures["macro_f1"] > old_figures["macro_f1"] + min_gain
    _logger.info(
        "model comparison on %d samples: old %.4f new %.4f",
        len(heldout),
        old_figures["macro_f1"],
        new_figures["macro_f1"],
    )
    return {
        "metric": "macro_f1",
        "old": old_figures,
        "new": new_figures,
        "better": better,
        "n": len(heldout),
    }


# -- urgency ------------------------------------------------------------------
URGENCY_C = 0.5
URGENCY_MIN_PRECISION = 0.85


def urgency_matrix(engine, samples):
    """``(features, is_high, weights, has_evidence)`` of ``(text, urgency[, w])``."""
    rows, targets, weights, evidence = [], [], [], []
    for sample in samples:
        text, label = sample[0], sample[1]
        weight = float(sample[2]) if len(sample) > 2 else 1.0
        if label not in ("high", "normal", "low"):
            continue
        values, has_evidence = engine.urgency_inputs(text)
        if values is None:
            continue
        rows.append(values)
        targets.append(1 if label == "high" else 0)
        weights.append(weight)
        evidence.append(has_evidence)
    return rows, targets, weights, evidence


def calibrate_threshold(probabilities, targets, evidence, min_precision=None):
    """The threshold with the best recall of ``high`` at the precision floor.

    Only messages with evidence can be ``high``; among the thresholds that
    keep precision >= ``min_precision`` the one with the highest recall
    wins (ties: the higher threshold). Without any, the best F1.
    """
    min_precision = URGENCY_MIN_PRECISION if min_precision is None else min_precision
    positives = sum(targets)
    best, best_key = 0.5, None
    for step in range(10, 91):
        threshold = step / 100
        tp = fp = 0
        for p, t, e in zip(probabilities, targets, evidence, strict=True):
            if e and p >= threshold:
                tp += t
                fp += 1 - t
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / positives if positives else 0.0
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        key = (precision >= min_precision, recall if precision >= min_precision else f1)
        if best_key is None or key >= best_key:
            best, best_key = threshold, key
    return best


URGENCY_TEXT_BITS = 18
URGENCY_TEXT_C = 0.5
URGENCY_TEXT_MIN_PRECISION = 0.85
URGENCY_TEXT_ADDED_PRECISION = 0.5
URGENCY_TEXT_THRESHOLDS = tuple(step / 100 for step in range(50, 100))


def _text_matrix(texts, bits):
    import numpy as np
    from scipy.sparse import csr_matrix

    from .analyzer import MAX_CHARS
    from .features import clause_features
    from .textutil import normalize

    mask = (1 << bits) - 1
    data, indices, indptr = [], [], [0]
    for text in texts:
        counts = {}
        for index in clause_features(normalize(text[:MAX_CHARS]), mask):
            counts[index] = counts.get(index, 0.0) + 1.0
        indices.extend(counts.keys())
        data.extend(counts.values())
        indptr.append(len(indices))
    return csr_matrix(
        (np.asarray(data, dtype=np.float32), indices, indptr),
        shape=(len(texts), 1 << bits),
    )


def _fit_hashed(matrix, targets, weights, c_value, seed):
    """``(coefficients over every bucket, intercept)`` of an L2 logistic
    regression on the hashed text ``matrix``.

    Fitted on the buckets that occur in ``matrix`` only (a bucket that no
    sample has gets no weight from an L2 fit anyway): the same model, several
    times faster than over all ``2**bits`` buckets."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    columns = np.unique(matrix.indices)
    classifier = LogisticRegression(
        C=c_value, solver="liblinear", max_iter=200, random_state=seed
    )
    classifier.fit(matrix[:, columns], targets, sample_weight=weights)
    coefficients = np.zeros(matrix.shape[1])
    coefficients[columns] = classifier.coef_[0]
    return coefficients, float(classifier.intercept_[0])


def _text_threshold(probabilities, targets, evidence, chosen):
    """The probability at which messages *without* other evidence are
    ``high``, out of fold: the best recall of ``high`` while the precision of
    all ``high`` messages (``chosen``: those with evidence at the model's
    threshold, plus these) stays >= ``URGENCY_TEXT_MIN_PRECISION`` (or, when
    ``chosen`` alone is below it, while the added ones reach it), and the
    added messages are more often ``high`` than not (precision >=
    ``URGENCY_TEXT_ADDED_PRECISION``); ties: the higher threshold.
    2.0 (never) when none adds at least 3 true ``high``."""
    base_tp = sum(t for t, c in zip(targets, chosen, strict=True) if c)
    base_fp = sum(1 - t for t, c in zip(targets, chosen, strict=True) if c)
    best, best_tp = 2.0, 3
    for threshold in URGENCY_TEXT_THRESHOLDS:
        tp = fp = 0
        for p, t, e in zip(probabilities, targets, evidence, strict=True):
            if not e and p >= threshold:
                tp += t
                fp += 1 - t
        if not tp:
            continue
        precision = (base_tp + tp) / (base_tp + tp + base_fp + fp)
        added = tp / (tp + fp)
        ok = added >= URGENCY_TEXT_ADDED_PRECISION and (
            precision >= URGENCY_TEXT_MIN_PRECISION
            or added >= URGENCY_TEXT_MIN_PRECISION
        )
        if ok and tp >= best_tp:
            best, best_tp = threshold, tp
    return best


def train_urgency(samples, engine=None, seed=0, c_value=URGENCY_C, meta=None):
    """An :class:`~.urgency.UrgencyModel` fitted on ``(text, urgency[, weight])``.

    Features come from ``engine`` (its lexicon, concepts and sentiment model,
    as at run time). The text model (:class:`~.urgency.TextUrgency`) is fitted
    on the same samples; its out-of-fold logits are the ``learned`` feature,
    and its no-evidence threshold and the model's threshold are calibrated
    out of fold (4 folds) so that they hold on unseen text; then both models
    are refitted on everything.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from . import get_engine
    from .urgency import FEATURES, TextUrgency, UrgencyModel

    engine = engine or get_engine()
    kept = [
        sample
        for sample in samples
        if sample[1] in ("high", "normal", "low") and sample[0] and sample[0].strip()
    ]
    rows, targets, weights, evidence = urgency_matrix(engine, kept)
    if len(set(targets)) < 2:
        raise ValueError("train_urgency() needs both high and other samples")
    x_all, y_all, w_all = np.asarray(rows), np.asarray(targets), np.asarray(weights)
    bits = URGENCY_TEXT_BITS
    x_text = _text_matrix([sample[0] for sample in kept], bits)

    def fit_text(index):
        return _fit_hashed(
            x_text[index], y_all[index], w_all[index], URGENCY_TEXT_C, seed
        )

    def fit(index):
        classifier = LogisticRegression(C=c_value, max_iter=5000, random_state=seed)
        classifier.fit(x_all[index], y_all[index], sample_weight=w_all[index])
        return classifier

    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    folds = [order[i::FOLDS] for i in range(FOLDS)]
    learned = FEATURES.index("learned")
    text_oof = [0.0] * len(rows)
    for k in range(FOLDS):
        held = set(folds[k])
        coefficients, intercept = fit_text([i for i in order if i not in held])
        logits = x_text[folds[k]] @ coefficients + intercept
        for i, z in zip(folds[k], logits, strict=True):
            text_oof[i] = float(z)
    x_all[:, learned] = np.clip(text_oof, -6.0, 6.0)
    oof = [0.0] * len(rows)
    for k in range(FOLDS):
        held = set(folds[k])
        classifier = fit([i for i in order if i not in held])
        for i, p in zip(
            folds[k], classifier.predict_proba(x_all[folds[k]])[:, 1], strict=True
        ):
            oof[i] = float(p)
    threshold = calibrate_threshold(oof, targets, evidence)
    text_probability = [1.0 / (1.0 + np.exp(-z)) for z in text_oof]
    chosen = [e and p >= threshold for p, e in zip(oof, evidence, strict=True)]
    text_threshold = _text_threshold(text_probability, targets, evidence, chosen)
    classifier = fit(order)
    coefficients, intercept = fit_text(order)
    text = TextUrgency(bits, _float_array(coefficients), intercept, text_threshold)
    info = {"samples": len(rows), "high": int(sum(targets)), "c": c_value, "seed": seed}
    info.update(meta or {})
    return UrgencyModel(
        [float(v) for v in classifier.coef_[0]],
        float(classifier.intercept_[0]),
        threshold,
        info,
        text,
    )


CATEGORY_C = 1.0
CATEGORY_THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
CATEGORY_TEXT_BITS = 18
CATEGORY_TEXT_C = 0.5
CATEGORY_TEXT_THRESHOLDS = tuple(step / 100 for step in range(30, 100, 5))
CATEGORY_NEVER = 2.0  # a text-alone threshold no probability reaches
CATEGORY_PASSES = 2


def train_categories(
    samples,
    engine=None,
    seed=0,
    c_value=CATEGORY_C,
    meta=None,
    text_c=CATEGORY_TEXT_C,
    bits=CATEGORY_TEXT_BITS,
):
    """A :class:`~.categories.CategoryModel` fitted on ``(text, categories[,
    weight])`` (``categories``: a list of codes).

    1. The learned text signal: for each category a hashed n-gram logistic
       model (:class:`~.categories.CategoryText`), its out-of-fold logits
       (4 folds) being the ``learned`` feature of the candidates.
    2. Each category's candidate model learns from the texts where the
       evidence names it, as at run time: features from ``engine``
       (lexicon, sentiment and urgency) and the learned logit.
    3. Thresholds, out of fold, for the best micro-F1 of the whole decision
       (the fallback to ``freshness`` / ``other`` included): one for all the
       candidate models, then each category's candidate threshold and
       text-alone threshold in turn (two passes).
    4. Everything refitted on all samples. Deterministic for a seed.
    """
    from . import get_engine
    from .categories import CategoryModel, CategoryText

    fitting = _CategoryFit(samples, engine or get_engine(), seed, c_value, text_c, bits)
    fitting.out_of_fold()
    threshold, thresholds, text_thresholds = fitting.calibrate()
    models = fitting.fit(range(fitting.count))
    text_weights, text_biases, text_alone = {}, {}, {}
    for code, j in fitting.column.items():
        fitted = fitting.fit_text(range(fitting.count), j)
        if fitted is not None:
            text_weights[code] = _float_array(fitted[0])
            text_biases[code] = fitted[1]
            text_alone[code] = float(text_thresholds[j])
    info = {
        "samples": fitting.count,
        "c": c_value,
        "text_c": text_c,
        "seed": seed,
        "oof_micro_f1": round(fitting.micro_f1(thresholds, text_thresholds), 4),
    }
    info.update(meta or {})
    return CategoryModel(
        {code: [float(v) for v in m.coef_[0]] for code, m in models.items()},
        {code: float(m.intercept_[0]) for code, m in models.items()},
        threshold,
        info,
        {code: float(thresholds[fitting.column[code]]) for code in models},
        CategoryText(bits, text_weights, text_biases, text_alone)
        if text_weights
        else None,
    )


class _CategoryFit:
    """The samples of :func:`train_categories` and their out-of-fold
    decision inputs (numpy arrays, one column per category of ASPECTS)."""

    def __init__(self, samples, engine, seed, c_value, text_c, bits):
        import numpy as np

        from .categories import ASPECTS

        self.seed, self.c_value, self.text_c = seed, c_value, text_c
        texts, self.golds, weights, self.candidates, fallbacks = [], [], [], [], []
        for sample in samples:
            text = sample[0]
            if not text or not text.strip():
                continue
            found, fallback = engine.category_inputs(text)
            texts.append(text)
            self.golds.append(set(sample[1]))
            weights.append(float(sample[2]) if len(sample) > 2 else 1.0)
            self.candidates.append(found)
            fallbacks.append(fallback)
        self.count, self.width = len(texts), len(ASPECTS)
        self.column = {code: j for j, code in enumerate(ASPECTS)}
        self.weights = np.asarray(weights)
        self.gold = np.asarray(
            [[code in gold for code in ASPECTS] for gold in self.golds], dtype=bool
        )
        self.gold_other = np.asarray(["other" in gold for gold in self.golds])
        self.fallback_other = np.asarray([f == "other" for f in fallbacks])
        self.fallback_freshness = np.asarray([f == "freshness" for f in fallbacks])
        order = list(range(self.count))
        random.Random(seed).shuffle(order)
        self.folds = [order[i::FOLDS] for i in range(FOLDS)]
        self.x_text = _text_matrix(texts, bits)

    def _rest(self, k):
        held = set(self.folds[k])
        return [i for i in range(self.count) if i not in held]

    def fit_text(self, index, j):
        """``(coefficients, intercept)`` of category ``j``'s text model on
        the samples ``index``; None when they are all alike."""
        index = list(index)
        targets = self.gold[index, j]
        if targets.all() or not targets.any():
            return None
        matrix, weights = self.x_text[index], self.weights[index]
        return _fit_hashed(matrix, targets, weights, self.text_c, self.seed)

    def fit(self, index):
        """``{category: classifier}`` of the candidate models on ``index``."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        index = list(index)
        models = {}
        for code in self.column:
            rows = [i for i in index if code in self.candidates[i]]
            targets = [code in self.golds[i] for i in rows]
            if len(set(targets)) < 2:
                continue  # this category keeps the plain rule
            classifier = LogisticRegression(
                C=self.c_value, max_iter=5000, random_state=self.seed
            )
            classifier.fit(
                np.asarray([self.candidates[i][code] for i in rows]),
                np.asarray(targets),
                sample_weight=self.weights[rows],
            )
            models[code] = classifier
        return models

    def out_of_fold(self):
        """The text logits (then the candidates' ``learned`` feature), the
        candidate probabilities (-1 where the plain rule decides: its choice
        in ``by_rule``) and the text probabilities, all out of fold."""
        import numpy as np

        from .categories import LEARNED, cap_learned

        logits = np.zeros((self.count, self.width))
        for k, held in enumerate(self.folds):
            for j in range(self.width):
                fitted = self.fit_text(self._rest(k), j)
                if fitted is not None:
                    logits[held, j] = self.x_text[held] @ fitted[0] + fitted[1]
        for i, found in enumerate(self.candidates):
            for code, values in found.items():
                values[LEARNED] = cap_learned(float(logits[i, self.column[code]]))
        self.text_probability = 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))
        self.is_candidate = np.zeros((self.count, self.width), dtype=bool)
        self.by_rule = np.zeros((self.count, self.width), dtype=bool)
        self.probability = np.full((self.count, self.width), -1.0)
        for k, held in enumerate(self.folds):
            models = self.fit(self._rest(k))
            for code, j in self.column.items():
                rows = [i for i in held if code in self.candidates[i]]
                if not rows:
                    continue
                self.is_candidate[rows, j] = True
                values = [self.candidates[i][code] for i in rows]
                if code in models:
                    chances = models[code].predict_proba(np.asarray(values))[:, 1]
                    self.probability[rows, j] = chances
                else:
                    self.by_rule[rows, j] = [row[6] > 0 for row in values]

    def micro_f1(self, thresholds, text_thresholds):
        """Weighted micro-F1 of the whole decision (fallback included) at
        these candidate and text-alone thresholds (one per category)."""
        candidate = self.is_candidate
        chosen = (candidate & (self.by_rule | (self.probability >= thresholds))) | (
            ~candidate & (self.text_probability >= text_thresholds)
        )
        none = ~chosen.any(axis=1)
        chosen[none & self.fallback_freshness, self.column["freshness"]] = True
        other, gold, gold_other = none & self.fallback_other, self.gold, self.gold_other
        weights = self.weights
        tp = weights @ (chosen & gold).sum(axis=1) + weights @ (other & gold_other)
        fp = weights @ (chosen & ~gold).sum(axis=1) + weights @ (other & ~gold_other)
        fn = weights @ (~chosen & gold).sum(axis=1) + weights @ (~other & gold_other)
        return float(2 * tp / (2 * tp + fp + fn)) if tp else 0.0

    def calibrate(self):
        """``(threshold for all, candidate thresholds, text-alone thresholds)``
        for the best out-of-fold micro-F1 (ties: nearer the common threshold;
        the higher text-alone threshold)."""
        import numpy as np

        never = np.full(self.width, CATEGORY_NEVER)
        scores = {
            t: self.micro_f1(np.full(self.width, t), never) for t in CATEGORY_THRESHOLDS
        }
        common = max(CATEGORY_THRESHOLDS, key=lambda t: (scores[t], -abs(t - 0.5)))
        thresholds, text_thresholds = np.full(self.width, common), never
        text_grid = (*CATEGORY_TEXT_THRESHOLDS, CATEGORY_NEVER)
        for _pass in range(CATEGORY_PASSES):
            for j in range(self.width):
                scores = {
                    t: self.micro_f1(_replaced(thresholds, j, t), text_thresholds)
                    for t in CATEGORY_THRESHOLDS
                }
                thresholds[j] = max(scores, key=lambda t: (scores[t], -abs(t - common)))
                scores = {
                    t: self.micro_f1(thresholds, _replaced(text_thresholds, j, t))
                    for t in text_grid
                }
                text_thresholds[j] = max(scores, key=lambda t: (scores[t], t))
        return common, thresholds, text_thresholds


def _replaced(vector, index, value):
    """A copy of the numpy ``vector`` with ``vector[index] = value``."""
    copy = vector.copy()
    copy[index] = value
    return copy


def refit_combiner(model, samples, engine=None, seed=0, c_value=COMBINER_C, meta=None):
    """A copy of ``model`` whose 3-class combiner is refitted on ``samples``.

    The hashed linear models are kept; only the small combiner (how much to
    trust the n-gram logits, the lexicon, question / suggestion / sarcasm
    markers and the length) is learned again on ``(text, label[, weight])``
    samples, e.g. realistic messages from several writers. Cheap (seconds)
    and deterministic.
    """
    from . import get_engine

    engine = (engine or get_engine()).with_model(model)
    data = _normalise_samples(samples)
    if not data:
        raise ValueError("no usable combiner samples")
    signals = [engine.signals(text) for text, _label, _weight in data]
    combiner = _fit_combiner(
        signals,
        [label for _text, label, _weight in data],
        [weight for _text, _label, weight in data],
        seed,
        c_value,
    )
    info = dict(model.meta)
    info.update({"combiner_samples": len(data), "combiner_refit": True})
    info.update(meta or {})
    return SentimentModel(model.polarity, model.subjectivity, combiner, info)


def shipped_urgency_samples():
    """``(text, urgency, 1.0)`` of the shipped labelled sets.

    The *tune* third of ``data/devset.csv`` (ids divisible by 3) and the
    writers' sets of ``data/writers/`` and ``data/training_writers/``, as
    ``scripts/nlp/train_urgency.py`` uses them: the base that staff
    corrections are added to.
    """
    import csv

    from .lexicon import DATA_DIR

    paths = [
        DATA_DIR / "devset.csv",
        *sorted((DATA_DIR / "writers").glob("*.csv")),
        *sorted((DATA_DIR / "training_writers").glob("*.csv")),
    ]
    samples = []
    for path in paths:
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if path.name == "devset.csv" and int(row["id"]) % 3:
                    continue
                samples.append((row["text"], row["urgency"], 1.0))
    return samples


def evaluate_urgency(engine, samples):
    """Figures of ``high`` (recall, precision, F1) on ``(text, urgency)`` pairs."""
    gold = [sample[1] for sample in samples]
    predicted = [
        engine.analyze(sample[0], keywords=False).urgency for sample in samples
    ]
    report = per_class(gold, predicted, ["high"])["high"]
    accuracy = (
        sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
        if gold
        else 0.0
    )
    return {
        "high_recall": report["recall"],
        "high_precision": report["precision"],
        "high_f1": report["f1"],
        "accuracy": accuracy,
        "n": len(gold),
    }
