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
from .features import NAMES, SHORT_KEYS, FeatureBuilder
from .history import is_late

LEARNERS = ("logistic", "logistic_nodecay", "gbt")
# the base learners that the blend and the stack combine
COMBINED = ("logistic", "gbt")
CALIBRATIONS = ("platt", "isotonic")
VALIDATION_SHARE = 0.2
INDEX = {name: i for i, name in enumerate(NAMES)}
# the time-decayed recent rates (features.SHORT_DAYS)
DECAYED = tuple(f"short_{k}" for k in SHORT_KEYS) + ("volume_carrier",)
# categorical columns of the logistic regression: name -> the row's value
ONE_HOT = {
    "region": lambda r: r["region"],
    "carrier": lambda r: r["carrier"],
    "warehouse": lambda r: r["warehouse"],
    "hour": lambda r: r["promised_at"].hour,
    "weekday": lambda r: r["promised_at"].weekday(),
    "carrier_region": lambda r: f"{r['carrier']}|{r['region']}",
}


def sort_rows(rows):
    return sorted(rows, key=lambda r: (r["ordered_at"], str(r["order_id"])))


def split_by_time(rows, share=0.8):
    """(earliest ``share`` of the rows by ordered_at, the rest)."""
    rows = sort_rows(rows)
    cut = round(len(rows) * share)
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
    drop = ()

    def __init__(self, c=0.5):
        self.c = c
        self.params = None
        self._hot = (None, None)

    def _one_hot(self, rows):
        """The categorical columns of ``rows`` (cached: the reasons score the
        same rows once per feature group)."""
        cached_rows, hot = self._hot
        if cached_rows is rows:
            return hot
        vocab = self.params["vocab"]
        hot = np.zeros((len(rows), len(vocab)))
        index = {tuple(k): i for i, k in enumerate(vocab)}
        for n, row in enumerate(rows):
            for name, value_of in ONE_HOT.items():
                i = index.get((name, value_of(row)))
                if i is not None:
                    hot[n, i] = 1.0
        self._hot = (rows, hot)
        return hot

    def _design(self, X, rows):
        p = self.params
        X = np.where(np.isnan(X), np.array(p["fill"]), X)
        X = (X - np.array(p["mean"])) / np.array(p["scale"])
        dropped = [INDEX[name] for name in p.get("drop", ())]
        if dropped:
            X[:, dropped] = 0.0
        return np.hstack([X, self._one_hot(rows)])

    def fit(self, X, y, rows):
        from sklearn.linear_model import LogisticRegression

        fill = np.nanmedian(X, axis=0)
        fill = np.where(np.isnan(fill), 0.0, fill)
        filled = np.where(np.isnan(X), fill, X)
        mean = filled.mean(axis=0)
        scale = filled.std(axis=0)
        scale[scale == 0] = 1.0
        vocab = sorted(
            {
                (name, value_of(row))
                for row in rows
                for name, value_of in ONE_HOT.items()
            },
            key=str,
        )
        self.params = {
            "fill": fill.tolist(),
            "mean": mean.tolist(),
            "scale": scale.tolist(),
            "vocab": [list(v) for v in vocab],
            "drop": list(self.drop),
        }
        model = LogisticRegression(C=self.c, max_iter=2000)
        model.fit(self._design(X, rows), y)
        self.params["coef"] = model.coef_[0].tolist()
        self.params["intercept"] = float(model.intercept_[0])
        return self

    def decision(self, X, rows):
        return (
            self._design(X, rows) @ np.array(self.params["coef"])
            + self.params["intercept"]
        )

    def reset_decision(self, X, rows, columns, values, cache):
        """:meth:`decision` of ``X`` with ``columns`` set to ``values``."""
        reset = np.array(X, dtype=float)
        reset[:, columns] = values
        return self.decision(reset, rows)

    def to_dict(self):
        return {"kind": self.kind, **self.params}

    @classmethod
    def from_dict(cls, data):
        learner = cls()
        learner.params = {k: v for k, v in data.items() if k != "kind"}
        return learner


class LogisticNoDecayLearner(LogisticLearner):
    """The logistic regression without the time-decayed recent rates (the
    long-run rates only): measures what the decay brings."""

    kind = "logistic_nodecay"
    drop = DECAYED


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
        self._used = None
        return self

    def _compiled(self):
        if getattr(self, "_arrays", None) is None:
            self._arrays = [
                tuple(
                    np.array(t[k])
                    for k in (
                        "feature",
                        "threshold",
                        "missing_left",
                        "left",
                        "right",
                        "leaf",
                        "value",
                    )
                )
                for t in self.trees
            ]
        return self._arrays

    def _tree_values(self, X, trees=None):
        """Each tree's output on ``X``: an ``(n, trees)`` array (all trees,
        or the indexes ``trees``)."""
        X = np.asarray(X, dtype=float)
        compiled = self._compiled()
        chosen = range(len(compiled)) if trees is None else trees
        out = np.empty((len(X), len(chosen)))
        rows_index = np.arange(len(X))
        for k, t in enumerate(chosen):
            feature, threshold, missing_left, left, right, leaf, value = compiled[t]
            node = np.zeros(len(X), dtype=int)
            active = ~leaf[node].astype(bool)
            while active.any():
                at = node[active]
                x = X[rows_index[active], feature[at]]
                go_left = np.where(
                    np.isnan(x), missing_left[at].astype(bool), x <= threshold[at]
                )
                node[active] = np.where(go_left, left[at], right[at])
                active = ~leaf[node].astype(bool)
            out[:, k] = value[node]
        return out

    def decision(self, X, rows=None):
        return self.base + self._tree_values(X).sum(axis=1)

    def _used_features(self):
        """The features each tree splits on (sets of column indexes)."""
        if getattr(self, "_used", None) is None:
            self._used = [
                {
                    f
                    for f, is_leaf in zip(t["feature"], t["leaf"], strict=True)
                    if not is_leaf
                }
                for t in self.trees
            ]
        return self._used

    def reset_decision(self, X, rows, columns, values, cache):
        """:meth:`decision` of ``X`` with ``columns`` set to ``values``,
        recomputing only the trees that split on them (``cache`` keeps the
        per-tree outputs of ``X`` between calls: the reasons reset one
        feature group after another)."""
        key = ("trees", id(self))
        if key not in cache:
            per_tree = self._tree_values(X)
            cache[key] = (per_tree, per_tree.sum(axis=1))
        per_tree, total = cache[key]
        wanted = set(columns)
        affected = [t for t, used in enumerate(self._used_features()) if used & wanted]
        if not affected:
            return self.base + total
        reset = np.array(X, dtype=float)
        reset[:, columns] = values
        changed = self._tree_values(reset, affected).sum(axis=1)
        return self.base + total - per_tree[:, affected].sum(axis=1) + changed

    def to_dict(self):
        return {"kind": self.kind, "base": self.base, "trees": self.trees}

    @classmethod
    def from_dict(cls, data):
        learner = cls()
        learner.base = data["base"]
        learner.trees = data["trees"]
        learner._arrays = None
        learner._used = None
        return learner


class BlendLearner:
    """Several fitted learners combined on the log-odds scale:
    ``sum(weight_i * decision_i)``. ``blend`` averages them (its calibration
    comes after); ``stack`` learns the weights and the calibration together
    on the validation slice (a logistic regression on their log-odds)."""

    def __init__(self, kind, parts, weights):
        self.kind = kind
        self.parts = list(parts)
        self.weights = [float(w) for w in weights]

    def decision(self, X, rows=None):
        total = np.zeros(len(X))
        for weight, part in zip(self.weights, self.parts, strict=True):
            total += weight * part.decision(X, rows)
        return total

    def reset_decision(self, X, rows, columns, values, cache):
        total = np.zeros(len(X))
        for weight, part in zip(self.weights, self.parts, strict=True):
            total += weight * part.reset_decision(X, rows, columns, values, cache)
        return total

    def to_dict(self):
        return {
            "kind": self.kind,
            "weights": self.weights,
            "parts": [part.to_dict() for part in self.parts],
        }

    @classmethod
    def from_dict(cls, data):
        parts = [LEARNER_CLASSES[p["kind"]].from_dict(p) for p in data["parts"]]
        return cls(data["kind"], parts, data["weights"])


LEARNER_CLASSES = {
    "logistic": LogisticLearner,
    "logistic_nodecay": LogisticNoDecayLearner,
    "gbt": TreesLearner,
    "blend": BlendLearner,
    "stack": BlendLearner,
}


def _platt(raw, y, columns=None):
    """Weights of p = sigmoid(w . [raw columns] + b) by Newton's method on the
    log-loss (``raw``: one score column, or ``columns``: several). Returns
    ``(a, b)`` for one column, ``([w...], b)`` for several."""
    Z = np.column_stack(columns) if columns is not None else np.asarray(raw)[:, None]
    Z = np.column_stack([Z, np.ones(len(Z))])
    w = np.zeros(Z.shape[1])
    w[:-1] = 1.0 / (Z.shape[1] - 1)
    for _ in range(100):
        p = _sigmoid(Z @ w)
        h = (Z * np.maximum(p * (1 - p), 1e-9)[:, None]).T @ Z
        step = np.linalg.solve(h + 1e-6 * np.eye(len(w)), Z.T @ (p - y))
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    if columns is None:
        return float(w[0]), float(w[1])
    return [float(v) for v in w[:-1]], float(w[-1])


class Calibration:
    """Raw log-odds -> probability: Platt scaling (``sigmoid(a * raw + b)``)
    or isotonic regression (a monotone step curve, interpolated), both fitted
    on the validation slice, which is later in time than the fitting part."""

    def __init__(self, method="platt", a=1.0, b=0.0, x=None, y=None):
        self.method = method
        self.a, self.b = a, b
        self.x = list(x or [])
        self.y = list(y or [])

    @classmethod
    def fit(cls, method, raw, y):
        if method == "platt":
            a, b = _platt(raw, y)
            return cls("platt", a, b)
        from sklearn.isotonic import IsotonicRegression

        # clipped away from 0 and 1: a certain delay is never promised
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.005, y_max=0.995)
        iso.fit(raw, y)
        return cls(
            "isotonic",
            x=iso.X_thresholds_.astype(float).tolist(),
            y=iso.y_thresholds_.astype(float).tolist(),
        )

    def __call__(self, raw):
        raw = np.asarray(raw, dtype=float)
        if self.method == "isotonic":
            return np.interp(raw, self.x, self.y)
        return _sigmoid(self.a * raw + self.b)

    def to_dict(self):
        if self.method == "isotonic":
            return {"method": "isotonic", "x": self.x, "y": self.y}
        return {"method": "platt", "a": self.a, "b": self.b}

    @classmethod
    def from_dict(cls, data):
        if isinstance(data, list | tuple):  # version 1: [a, b]
            return cls("platt", float(data[0]), float(data[1]))
        return cls(**data)


# -- the model --------------------------------------------------------------------


class RiskModel:
    """A trained delivery-risk model: feature constants, learner, calibration."""

    def __init__(self, builder, learner, calibration=None, report=None):
        self.builder = builder
        self.learner = learner
        self.calibration = calibration or Calibration()
        self.report = report or {}

    @property
    def kind(self):
        return self.learner.kind

    def features(self, rows, known, as_of=None, loads=None):
        return self.builder.matrix(rows, known, as_of=as_of, loads=loads)

    def predict_matrix(self, X, rows):
        return self.calibration(self.learner.decision(X, rows))

    def predict(self, rows, known, as_of=None, loads=None):
        X, _rates = self.features(rows, known, as_of=as_of, loads=loads)
        return self.predict_matrix(X, rows)

    def to_dict(self):
        return {
            "version": 2,
            "features": list(NAMES),
            "builder": self.builder.to_dict(),
            "learner": self.learner.to_dict(),
            "calibration": self.calibration.to_dict(),
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
            Calibration.from_dict(data["calibration"]),
            data.get("report"),
        )


def _new_learner(kind, seed):
    if kind == "gbt":
        return TreesLearner(seed=seed)
    return LEARNER_CLASSES[kind]()


def _span_days(rows):
    return (rows[-1]["ordered_at"] - rows[0]["ordered_at"]).total_seconds() / 86400


def _log_loss(y, p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _choose_calibration(raw, y, log=None):
    """Platt or isotonic, whichever predicts the later half of the validation
    slice better (Brier) when fitted on its earlier half; then fitted on all
    of it. Isotonic needs more rows than Platt's two parameters: it wins
    only by measurement."""
    half = len(raw) // 2
    scores = {}
    for method in CALIBRATIONS:
        fitted = Calibration.fit(method, raw[:half], y[:half])
        scores[method] = metrics.brier(y[half:], fitted(raw[half:]))
    best = min(CALIBRATIONS, key=lambda m: (round(scores[m], 5), m != "platt"))
    if log:
        log(
            "calibration on the latest slice: "
            + " ".join(f"{m}_brier={v:.4f}" for m, v in scores.items())
            + f" -> {best}"
        )
    return Calibration.fit(best, raw, y), scores


def _candidates(rows, calendar, learners, seed, log, stale_days):
    """Every candidate model on ``rows`` (delivered rows, sorted), with the
    validation figures that choose between them.

    The earliest 80% fit each base learner; the latest 20% (scored as of the
    cut, as open orders are) measure them, weigh the stack and fit each
    candidate's calibration. Every base learner is then refitted on all the
    rows; a candidate keeps the calibration (and stack weights) measured on
    the validation slice. Returns ``(models, table, best)``: name ->
    RiskModel, name -> {"auc", "brier", "log_loss"} and the chosen name
    (lowest validation Brier after calibration; the baseline is measured,
    never chosen)."""
    fit, validation = split_by_time(rows, 1 - VALIDATION_SHARE)
    as_of = fit[-1]["ordered_at"]
    if stale_days is None:
        stale_days = max(1.0, _span_days(validation))
    y_val = labels(validation)
    base = RegionBaseline(fit).predict(validation)
    table = {
        "baseline": {
            "auc": metrics.roc_auc(y_val, base),
            "brier": metrics.brier(y_val, base),
            "log_loss": _log_loss(y_val, base),
        }
    }
    builder = FeatureBuilder(calendar).fit(fit)
    X_fit, _rates = builder.matrix(fit, fit, stale_days=stale_days)
    X_val, _rates = builder.matrix(validation, fit, as_of=as_of, loads=rows)
    y_fit = labels(fit)
    raws = {}
    for kind in learners:
        learner = _new_learner(kind, seed).fit(X_fit, y_fit, fit)
        raws[kind] = learner.decision(X_val, validation)
    # combinations of the base learners (log-odds scale)
    combos = {}
    parts = [k for k in COMBINED if k in learners]
    if len(parts) > 1:
        combos["blend"] = [1.0 / len(parts)] * len(parts)
        weights, _b = _platt(None, y_val, columns=[raws[k] for k in parts])
        combos["stack"] = weights
        for name, weights in combos.items():
            raws[name] = sum(w * raws[k] for w, k in zip(weights, parts, strict=True))
    calibrations = {}
    for name, raw in raws.items():
        calibrations[name], by_method = _choose_calibration(raw, y_val)
        p = calibrations[name](raw)
        table[name] = {
            "auc": metrics.roc_auc(y_val, raw),
            "brier": metrics.brier(y_val, p),
            "log_loss": _log_loss(y_val, p),
            "calibration": calibrations[name].method,
            **{f"{m}_half_brier": v for m, v in by_method.items()},
        }
        if log:
            log(
                f"validation {name}: auc={table[name]['auc']:.4f}"
                f" brier={table[name]['brier']:.4f}"
                f" log_loss={table[name]['log_loss']:.4f}"
                f" calibration={calibrations[name].method}"
            )
    best = min(raws, key=lambda k: (round(table[k]["brier"], 5), k))
    # refit the base learners on all rows
    builder = FeatureBuilder(calendar).fit(rows)
    X_all, _rates = builder.matrix(rows, rows, stale_days=stale_days)
    y_all = labels(rows)
    fitted = {k: _new_learner(k, seed).fit(X_all, y_all, rows) for k in learners}
    reference = reference_values(X_all).tolist()
    models = {}
    for name in raws:
        if name in combos:
            learner = BlendLearner(name, [fitted[k] for k in parts], combos[name])
        else:
            learner = fitted[name]
        report = {
            "validation": table,
            "validation_auc": {k: v["auc"] for k, v in table.items()},
            "learner": name,
            "chosen": best,
            "rows": len(rows),
            "stale_days": stale_days,
            "reference": reference,
        }
        models[name] = RiskModel(builder, learner, calibrations[name], report)
    if log:
        log(f"chosen on validation: {best}")
    return models, table, best


def _delivered_sorted(rows):
    rows = sort_rows([r for r in rows if r["delivered_at"] is not None])
    if len(rows) < 50 or len({is_late(r) for r in rows}) < 2:
        raise ValueError("a history needs at least 50 deliveries, late and on time")
    return rows


def train(rows, calendar, learners=LEARNERS, seed=0, log=None, stale_days=None):
    """The best calibrated model on ``rows`` (delivered rows only are used),
    chosen on a later validation slice (:func:`_candidates`)."""
    rows = _delivered_sorted(rows)
    models, _table, best = _candidates(rows, calendar, learners, seed, log, stale_days)
    return models[best]


def evaluate(rows, calendar, share=0.8, learners=LEARNERS, seed=0, log=None):
    """Train on the earliest ``share`` of the rows by ordered_at, test on the rest.

    Test rows are scored as of the cut (the last training ordered_at) with the
    outcomes of training rows delivered by then: nothing of the test part's
    ``delivered_at`` reaches a score. The model is chosen on the training
    part alone; every candidate's test figures are reported beside it (for
    the comparison, not for the choice). Returns a dict of measures."""
    rows = sort_rows(rows)
    train_rows, test_rows = split_by_time(rows, share)
    test_rows = [r for r in test_rows if r["delivered_at"] is not None]
    if not test_rows:
        raise ValueError("the test part has no delivered rows")
    as_of = train_rows[-1]["ordered_at"]
    models, table, best = _candidates(
        _delivered_sorted(train_rows), calendar, learners, seed, log, None
    )
    model = models[best]
    known = [
        r
        for r in train_rows
        if r["delivered_at"] is not None and r["delivered_at"] <= as_of
    ]
    y = labels(test_rows)
    X, _rates = model.features(test_rows, known, as_of=as_of, loads=rows)
    baseline = RegionBaseline(train_rows).predict(test_rows)
    test_table = {
        "baseline": {
            "auc": metrics.roc_auc(y, baseline),
            "brier": metrics.brier(y, baseline),
        }
    }
    for name, candidate in models.items():
        scores = candidate.predict_matrix(X, test_rows)
        test_table[name] = {
            "auc": metrics.roc_auc(y, scores),
            "brier": metrics.brier(y, scores),
        }
    p = model.predict_matrix(X, test_rows)
    return {
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
        "validation": table,
        "validation_auc": model.report["validation_auc"],
        "test_comparison": test_table,
        "calibration": metrics.calibration_table(y, p),
        "model": model,
        "scores": p,
        "test_part": test_rows,
    }


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


# -- reasons ------------------------------------------------------------------------

# feature groups a reason speaks for (each: the features reset together)
REASON_GROUPS = {
    "carrier": ("short_carrier", "long_carrier", "volume_carrier"),
    "region": ("short_region", "long_region"),
    "carrier_region": ("short_carrier_region", "long_carrier_region"),
    "load": ("load", "load_over", "day_load", "short_warehouse", "long_warehouse"),
    "rain": ("rain", "heavy_rain", "rain_10", "rain_log"),
    "temperature": (
        "temperature",
        "hot",
        "cold",
        "hot_perishable",
        "heat",
        "heat_perishable",
    ),
    "holiday": (
        "holiday",
        "makeup_day",
        "days_before_holiday",
        "days_after_holiday",
        "after_holiday_length",
        "post_holiday_week",
    ),
    "timing": (
        "hour_ordered",
        "hour_promised",
        "weekday",
        "monday",
        "weekend",
        "lead_hours",
        "log_lead",
    ),
    "size": ("log_weight", "lines", "perishable"),
    "customer": ("long_customer", "long_warehouse_carrier"),
}


def reference_values(X):
    """A typical value per feature (the median; 0 where always missing)."""
    with np.errstate(all="ignore"):
        values = np.nanmedian(X, axis=0) if len(X) else np.zeros(X.shape[1])
    return np.where(np.isnan(values), 0.0, values)


def explain(model, X, rows, rates, reference, top=3, minimum=0.1):
    """The top reasons of each row: ``[(code, details), ...]``, strongest
    first; a reason is a feature group that raises the row's log-odds by at
    least ``minimum`` against its typical value. ``details`` hold the numbers
    the message quotes (rates in 0-1, load ratio, mm, °C, hours, kg)."""
    raw = model.learner.decision(X, rows)
    gains = {}
    cache = {}
    for code, names in REASON_GROUPS.items():
        columns = [INDEX[n] for n in names]
        values = np.asarray(reference)[columns]
        reset = model.learner.reset_decision(X, rows, columns, values, cache)
        gains[code] = raw - reset
    codes = list(REASON_GROUPS)
    table = np.column_stack([gains[c] for c in codes])
    result = []
    for n, row in enumerate(rows):
        order = np.argsort(-table[n])[:top]
        reasons = []
        for j in order:
            if table[n, j] < minimum:
                break
            code = codes[j]
            reasons.append((code, _details(code, X[n], row, rates)))
        result.append(reasons)
    return result


def _details(code, x, row, rates):
    at = None
    if code in ("carrier", "region", "carrier_region"):
        at = max(cell[2] for cell in rates.short.values()) if rates.short else 0
        key = {
            "carrier": row["carrier"],
            "region": row["region"],
            "carrier_region": (row["carrier"], row["region"]),
        }[code]
        rate, _weight = rates.recent(code, key, at)
        if rate is None:
            rate = x[INDEX[f"long_{code}"]]
        return {"carrier": row["carrier"], "region": row["region"], "rate": float(rate)}
    if code == "load":
        return {"warehouse": row["warehouse"], "ratio": float(x[INDEX["load"]])}
    if code == "rain":
        return {"mm": row["rain_mm"]}
    if code == "temperature":
        return {"celsius": row["temperature_c"]}
    if code == "holiday":
        return {
            "holiday": bool(x[INDEX["holiday"]]),
            "before": int(x[INDEX["days_before_holiday"]]),
            "after": int(x[INDEX["days_after_holiday"]]),
        }
    if code == "timing":
        return {
            "hour": float(x[INDEX["hour_promised"]]),
            "lead_hours": float(x[INDEX["lead_hours"]]),
        }
    if code == "size":
        return {"kg": row["weight_kg"] or 0.0, "lines": row["lines"]}
    return {"rate": float(x[INDEX["long_customer"]])}
