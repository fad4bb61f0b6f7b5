# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Precision / recall / F1 in plain Python (evaluation and model comparison)."""


def per_class(gold, predicted, labels):
    """``{label: {precision, recall, f1, support}}`` for single-label data."""
    report = {}
    for label in labels:
        tp = sum(
            1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label
        )
        fp = sum(
            1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label
        )
        fn = sum(
            1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label
        )
        report[label] = _prf(tp, fp, fn)
    return report


def macro_f1(gold, predicted, labels=None):
    labels = labels or sorted(set(gold))
    report = per_class(gold, predicted, labels)
    return sum(item["f1"] for item in report.values()) / len(labels) if labels else 0.0


def multilabel(gold_sets, predicted_sets, labels):
    """Per-label figures and the micro average for multi-label data."""
    report = {}
    total_tp = total_fp = total_fn = 0
    for label in labels:
        tp = fp = fn = 0
        for gold, predicted in zip(gold_sets, predicted_sets, strict=True):
            if label in predicted and label in gold:
                tp += 1
            elif label in predicted:
                fp += 1
            elif label in gold:
                fn += 1
        report[label] = _prf(tp, fp, fn)
        total_tp, total_fp, total_fn = total_tp + tp, total_fp + fp, total_fn + fn
    return report, _prf(total_tp, total_fp, total_fn)


def _prf(tp, fp, fn):
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
