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
        classifier = LogisticRegression(
            C=URGENCY_TEXT_C, solver="liblinear", max_iter=200, random_state=seed
        )
        classifier.fit(x_text[index], y_all[index], sample_weight=w_all[index])
        return classifier

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
        classifier = fit_text([i for i in order if i not in held])
        logits = classifier.decision_function(x_text[folds[k]])
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
    text_classifier = fit_text(order)
    text = TextUrgency(
        bits,
        _float_array(text_classifier.coef_[0]),
        float(text_classifier.intercept_[0]),
        text_threshold,
    )
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


def train_categories(samples, engine=None, seed=0, c_value=CATEGORY_C, meta=None):
    """A :class:`~.categories.CategoryModel` fitted on ``(text, categories[,
    weight])`` (``categories``: a list of codes).

    Each category's model learns from the texts where the evidence names it
    (its candidates), as at run time: features from ``engine`` (lexicon,
    sentiment and urgency). One threshold for all, calibrated out of fold
    (4 folds) for the best micro-F1; then refitted on everything.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from . import get_engine
    from .categories import ASPECTS, CategoryModel

    engine = engine or get_engine()
    data = []
    for sample in samples:
        text, gold = sample[0], set(sample[1])
        weight = float(sample[2]) if len(sample) > 2 else 1.0
        data.append((engine.category_inputs(text), gold - {"other"}, weight))
    order = list(range(len(data)))
    random.Random(seed).shuffle(order)
    folds = [order[i::FOLDS] for i in range(FOLDS)]

    def fit(index):
        models = {}
        for code in ASPECTS:
            rows = [i for i in index if code in data[i][0]]
            targets = [code in data[i][1] for i in rows]
            if len(set(targets)) < 2:
                continue  # this category keeps the plain rule
            classifier = LogisticRegression(C=c_value, max_iter=5000, random_state=seed)
            classifier.fit(
                np.asarray([data[i][0][code] for i in rows]),
                np.asarray(targets),
                sample_weight=np.asarray([data[i][2] for i in rows]),
            )
            models[code] = classifier
        return models

    oof = {}  # (sample, code) -> probability, or None for the plain rule
    for k in range(FOLDS):
        held = set(folds[k])
        models = fit([i for i in order if i not in held])
        for i in folds[k]:
            for code, values in data[i][0].items():
                model = models.get(code)
                oof[i, code] = (
                    None
                    if model is None
                    else float(model.predict_proba([values])[0, 1])
                )

    def micro_f1(threshold):
        tp = fp = fn = 0
        for i, (candidates, gold, weight) in enumerate(data):
            chosen = set()
            for code, values in candidates.items():
                p = oof[i, code]
                if values[6] if p is None else p >= threshold:
                    chosen.add(code)
            tp += weight * len(chosen & gold)
            fp += weight * len(chosen - gold)
            fn += weight * len(gold - chosen)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    scores = {t: micro_f1(t) for t in CATEGORY_THRESHOLDS}
    threshold = max(CATEGORY_THRESHOLDS, key=lambda t: (scores[t], -abs(t - 0.5)))

    def category_f1(code, t):
        tp = fp = fn = 0.0
        for i, (candidates, gold, weight) in enumerate(data):
            values = candidates.get(code)
            chosen = (
                values is not None and oof[i, code] is not None and oof[i, code] >= t
            )
            tp += weight * (chosen and code in gold)
            fp += weight * (chosen and code not in gold)
            fn += weight * (not chosen and code in gold)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    thresholds = {}
    for code in ASPECTS:
        if any(oof.get((i, code)) is not None for i in range(len(data))):
            f1s = {t: category_f1(code, t) for t in CATEGORY_THRESHOLDS}
            thresholds[code] = max(
                CATEGORY_THRESHOLDS, key=lambda t: (f1s[t], -abs(t - threshold))
            )
    models = fit(order)
    info = {
        "samples": len(data),
        "c": c_value,
        "seed": seed,
        "oof_micro_f1": round(scores[threshold], 4),
    }
    info.update(meta or {})
    return CategoryModel(
        {code: [float(v) for v in m.coef_[0]] for code, m in models.items()},
        {code: float(m.intercept_[0]) for code, m in models.items()},
        threshold,
        info,
        {code: t for code, t in thresholds.items() if code in models},
    )


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
