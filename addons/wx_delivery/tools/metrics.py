# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Ranking and calibration measures (numpy only)."""

import numpy as np


def _ranks(values):
    """Average ranks (1-based) with ties sharing their mean rank."""
    values = np.asarray(values, dtype=float)
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values), dtype=float)
    sorted_values = values[order]
    edges = np.flatnonzero(np.diff(sorted_values)) + 1
    starts = np.concatenate(([0], edges))
    ends = np.concatenate((edges, [len(values)]))
    for start, end in zip(starts, ends, strict=True):
        ranks[order[start:end]] = (start + end + 1) / 2.0
    return ranks


def roc_auc(y, p):
    """Area under the ROC curve (Mann-Whitney); 0.5 when one class is absent."""
    y = np.asarray(y, dtype=bool)
    positives, negatives = int(y.sum()), int((~y).sum())
    if not positives or not negatives:
        return 0.5
    ranks = _ranks(p)
    return float((ranks[y].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def pr_auc(y, p):
    """Average precision (area under the precision-recall curve, step-wise)."""
    y = np.asarray(y, dtype=bool)
    if not y.any():
        return 0.0
    order = np.argsort(-np.asarray(p, dtype=float), kind="mergesort")
    hits = y[order]
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float(precision[hits].sum() / hits.sum())


def brier(y, p):
    y = np.asarray(y, dtype=float)
    return float(np.mean((np.asarray(p, dtype=float) - y) ** 2))


def calibration_table(y, p, bins=10):
    """``[(mean predicted, observed rate, count)]`` per probability decile."""
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    order = np.argsort(p, kind="mergesort")
    table = []
    for chunk in np.array_split(order, bins):
        if len(chunk):
            table.append((float(p[chunk].mean()), float(y[chunk].mean()), len(chunk)))
    return table
