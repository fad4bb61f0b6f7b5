# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Training, calibration, evaluation and scoring of the delivery-risk model.

Learners compared on every training (the best on a later validation slice
wins, see README "Delivery risk"):

- ``baseline``: each region's historical late rate (the bar to beat);
- ``logistic``: L2-regularised logistic regression on the standardised
  features plus one-hot region / carrier / warehouse;
- ``gbt``: gradient-boosted trees (scikit-learn's histogram GBDT, already a
  suite requirement through wx_nlp).

Training needs scikit-learn; scoring does not: a trained model is plain JSON
(coefficients, or the trees' node arrays) evaluated with numpy, so scoring in
Odoo is light and no pickle is ever loaded. Probabilities are calibrated by
Platt scaling on the validation slice (later in time than the fitting part,
scored as of the fitting cut-off, as open orders are).
"""

import math
from collections import Counter

import numpy as np

from . import metrics
from .features import NAMES, FeatureBuilder
from .history import is_late

LEARNERS = ("logistic", "gbt")
VALIDATION_SHARE = 0.2
ONE_HOT = ("region", "carrier", "warehouse")


def sort_rows(rows):
    return sorted(rows, key=lambda r: (r["ordered_at"], str(r["order_id"])))


def split_by_time(rows, share=0.8):
    """(earliest ``share`` of the rows by ordered_at, the rest)."""
    rows = sort_rows(rows)
    cut = int(round(len(rows) * share))
    return rows[:cut], rows[cut:]


def labels(rows):
    return np.array([1.0 if is_late(r) else 0.0 for r in rows])


# -- baseline -------------------------------------------------------------------


class RegionBaseline:
    """Per-region late rate of the training rows (overall rate when unseen)."""

    def __init__(self, rows, prior_weight=20.0):
        delivered = [r for r in rows if r["delivered_at"] is not None]
        self.prior = sum(map(is_late, delivered)) / max(1, len(delivered))
        count, late = Counter(), Counter()
        for row in delivered:
            count[row["region"]] += 1
            late[row["region"]] += is_late(row)
        self.rates = {
            k: (late[k] + prior_weight * self.prior) / (count[k] + prior_weight)
            for k in count
        }

    def predict(self, rows):
        return np.array([self.rates.get(r["region"], self.prior) for r in rows])


# -- learners -------------------------------------------------------------------


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -35, 35)))


class LogisticLearner:
    kind = "logistic"

    def __init__(self, c=0.5):
        self.c = c
        self.params = None

    def _design(self, X, rows):
        p = self.params
        X = np.where(np.isnan(X), np.array(p["fill"]), X)
        X = (X - np.array(p["mean"])) / np.array(p["scale"])
        hot = np.zeros((len(rows), len(p["vocab"])))
        index = {tuple(k): i for i, k in enumerate(p["vocab"])}
        for n, row in enumerate(rows):
            for name in ONE_HOT:
                i = index.get((name, row[name]))
                if i is not None:
                    hot[n, i] = 1.0
        return np.hstack([X, hot])

    def fit(self, X, y, rows):
        from sklearn.linear_model import LogisticRegression

        fill = np.nanmedian(X, axis=0)
        fill = np.where(np.isnan(fill), 0.0, fill)
        filled = np.where(np.isnan(X), fill, X)
        mean = filled.mean(axis=0)
        scale = filled.std(axis=0)
        scale[scale == 0] = 1.0
        vocab = sorted({(name, row[name]) for row in rows for name in ONE_HOT})
        self.params = {
            "fill": fill.tolist(),
            "mean": mean.tolist(),
            "scale": scale.tolist(),
            "vocab": [list(v) for v in vocab],
        }
        model = LogisticRegression(C=self.c, max_iter=2000)
        model.fit(self._design(X, rows), y)
        self.params["coef"] = model.coef_[0].tolist()
        self.params["intercept"] = float(model.intercept_[0])
        return self

    def decision(self, X, rows):
        return self._design(X, rows) @ np.array(self.params["coef"]) + self.params["intercept"]

    def to_dict(self):
        return {"kind": self.kind, **self.params}

    @classmethod
    def from_dict(cls, data):
        learner = cls()
        learner.params = {k: v for k, v in data.items() if k != "kind"}
        return learner


class TreesLearner:
    """Gradient-boosted trees; trained by scikit-learn, scored from node arrays."""

    kind = "gbt"

    def __init__(self, seed=0, **options):
        self.seed = seed
        self.options = {
            "learning_rate": 0.05,
            "max_iter": 300,
            "max_leaf_nodes": 15,
            "min_samples_leaf": 60,
            "l2_regularization": 1.0,
            **options,
        }
        self.trees = None
        self.base = 0.0

    def fit(self, X, y, rows):
        from sklearn.ensemble import HistGradientBoostingClassifier

        model = HistGradientBoostingClassifier(random_state=self.seed, **self.options)
        model.fit(X, y)
        self.base = float(np.ravel(model._baseline_prediction)[0])
        self.trees = []
        for (predictor,) in model._predictors:
            nodes = predictor.nodes
            self.trees.append(
                {
                    "feature": nodes["feature_idx"].astype(int).tolist(),
                    "threshold": nodes["num_threshold"].astype(float).tolist(),
                    "missing_left": nodes["missing_go_to_left"].astype(int).tolist(),
                    "left": nodes["left"].astype(int).tolist(),
                    "right": nodes["right"].astype(int).tolist(),
                    "leaf": nodes["is_leaf"].astype(int).tolist(),
                    "value": nodes["value"].astype(float).tolist(),
                }
            )
        self._arrays = None
        return self

    def _compiled(self):
        if getattr(self, "_arrays", None) is None:
            self._arrays = [
                tuple(np.array(t[k]) for k in ("feature", "threshold", "missing_left", "left", "right", "leaf", "value"))
                for t in self.trees
            ]
        return self._arrays

    def decision(self, X, rows=None):
        X = np.asarray(X, dtype=float)
        total = np.full(len(X), self.base)
        rows_index = np.arange(len(X))
        for feature, threshold, missing_left, left, right, leaf, value in self._compiled():
            node = np.zeros(len(X), dtype=int)
            active = ~leaf[node].astype(bool)
            while active.any():
                at = node[active]
                x = X[rows_index[active], feature[at]]
                go_left = np.where(np.isnan(x), missing_left[at].astype(bool), x <= threshold[at])
                node[active] = np.where(go_left, left[at], right[at])
                active = ~leaf[node].astype(bool)
            total += value[node]
        return total

    def to_dict(self):
        return {"kind": self.kind, "base": self.base, "trees": self.trees}

    @classmethod
    def from_dict(cls, data):
        learner = cls()
        learner.base = data["base"]
        learner.trees = data["trees"]
        learner._arrays = None
        return learner


LEARNER_CLASSES = {"logistic": LogisticLearner, "gbt": TreesLearner}


def _platt(raw, y):
    """(a, b) of p = sigmoid(a * raw + b), fitted by Newton's method."""
    a, b = 1.0, 0.0
    for _ in range(50):
        p = _sigmoid(a * raw + b)
        w = np.maximum(p * (1 - p), 1e-9)
        g = np.array([np.sum((p - y) * raw), np.sum(p - y)])
        h = np.array(
            [[np.sum(w * raw * raw), np.sum(w * raw)], [np.sum(w * raw), np.sum(w)]]
        ) + 1e-6 * np.eye(2)
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-8:
            break
    return float(a), float(b)


# -- the model --------------------------------------------------------------------


class RiskModel:
    """A trained delivery-risk model: feature constants, learner, calibration."""

    def __init__(self, builder, learner, calibration=(1.0, 0.0), report=None):
        self.builder = builder
        self.learner = learner
        self.calibration = calibration
        self.report = report or {}

    @property
    def kind(self):
        return self.learner.kind

    def features(self, rows, known, as_of=None, loads=None):
        return self.builder.matrix(rows, known, as_of=as_of, loads=loads)

    def predict_matrix(self, X, rows):
        a, b = self.calibration
        return _sigmoid(a * self.learner.decision(X, rows) + b)

    def predict(self, rows, known, as_of=None, loads=None):
        X, _rates = self.features(rows, known, as_of=as_of, loads=loads)
        return self.predict_matrix(X, rows)

    def to_dict(self):
        return {
            "version": 1,
            "features": list(NAMES),
            "builder": self.builder.to_dict(),
            "learner": self.learner.to_dict(),
            "calibration": list(self.calibration),
            "report": self.report,
        }

    @classmethod
    def from_dict(cls, data, calendar):
        if data.get("features") != list(NAMES):
            raise ValueError("the model was trained on other features: retrain it")
        learner = LEARNER_CLASSES[data["learner"]["kind"]].from_dict(data["learner"])
        return cls(
            FeatureBuilder.from_dict(data["builder"], calendar),
            learner,
            tuple(data["calibration"]),
            data.get("report"),
        )


def _fit_learner(kind, builder, rows, seed, stale_days):
    X, _rates = builder.matrix(rows, rows, stale_days=stale_days)
    learner = LEARNER_CLASSES[kind](seed=seed) if kind == "gbt" else LEARNER_CLASSES[kind]()
    return learner.fit(X, labels(rows), rows)


def _span_days(rows):
    return (rows[-1]["ordered_at"] - rows[0]["ordered_at"]).total_seconds() / 86400


def train(rows, calendar, learners=LEARNERS, seed=0, log=None, stale_days=None):
    """The best calibrated model on ``rows`` (delivered rows only are used).

    The earliest 80% fit each learner; the latest 20% (scored as of the cut,
    as open orders are) pick the learner and fit the calibration; the chosen
    learner is refitted on all rows."""
    rows = sort_rows([r for r in rows if r["delivered_at"] is not None])
    if len(rows) < 50 or len({is_late(r) for r in rows}) < 2:
        raise ValueError("a history needs at least 50 deliveries, late and on time")
    fit, validation = split_by_time(rows, 1 - VALIDATION_SHARE)
    as_of = fit[-1]["ordered_at"]
    if stale_days is None:
        stale_days = max(1.0, _span_days(validation))
    y_val = labels(validation)
    baseline = RegionBaseline(fit)
    scores = {"baseline": metrics.roc_auc(y_val, baseline.predict(validation))}
    raws = {}
    builder = FeatureBuilder(calendar).fit(fit)
    X_val, _rates = builder.matrix(validation, fit, as_of=as_of, loads=rows)
    for kind in learners:
        learner = _fit_learner(kind, builder, fit, seed, stale_days)
        raws[kind] = learner.decision(X_val, validation)
        scores[kind] = metrics.roc_auc(y_val, raws[kind])
        if log:
            log(f"validation auc {kind}={scores[kind]:.4f}")
    best = max(learners, key=lambda k: scores[k])
    calibration = _platt(raws[best], y_val)
    builder = FeatureBuilder(calendar).fit(rows)
    learner = _fit_learner(best, builder, rows, seed, stale_days)
    report = {
        "validation_auc": scores,
        "learner": best,
        "rows": len(rows),
        "stale_days": stale_days,
    }
    return RiskModel(builder, learner, calibration, report)


def evaluate(rows, calendar, share=0.8, learners=LEARNERS, seed=0, log=None):
    """Train on the earliest ``share`` of the rows by ordered_at, test on the rest.

    Test rows are scored as of the cut (the last training ordered_at) with the
    outcomes of training rows delivered by then: nothing of the test part's
    ``delivered_at`` reaches a score. Returns a dict of measures."""
    rows = sort_rows(rows)
    train_rows, test_rows = split_by_time(rows, share)
    test_rows = [r for r in test_rows if r["delivered_at"] is not None]
    if not test_rows:
        raise ValueError("the test part has no delivered rows")
    as_of = train_rows[-1]["ordered_at"]
    model = train(train_rows, calendar, learners=learners, seed=seed, log=log)
    known = [r for r in train_rows if r["delivered_at"] is not None and r["delivered_at"] <= as_of]
    y = labels(test_rows)
    p = model.predict(test_rows, known, as_of=as_of, loads=rows)
    baseline = RegionBaseline(train_rows).predict(test_rows)
    result = {
        "auc": metrics.roc_auc(y, p),
        "pr_auc": metrics.pr_auc(y, p),
        "brier": metrics.brier(y, p),
        "baseline_auc": metrics.roc_auc(y, baseline),
        "baseline_brier": metrics.brier(y, baseline),
        "late_rate": float(y.mean()),
        "rows": len(rows),
        "train_rows": len(train_rows),
        "test_rows": len(test_rows),
        "learner": model.kind,
        "validation_auc": model.report["validation_auc"],
        "calibration": metrics.calibration_table(y, p),
        "model": model,
        "scores": p,
    }
    return result


def summary_line(result):
    return (
        f"auc={result['auc']:.4f} pr_auc={result['pr_auc']:.4f} "
        f"brier={result['brier']:.4f} baseline_auc={result['baseline_auc']:.4f} "
        f"rows={result['rows']}"
    )


def risk_level(probability, medium, high):
    if probability >= high:
        return "high"
    if probability >= medium:
        return "medium"
    return "low"


def log_odds(p):
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))
