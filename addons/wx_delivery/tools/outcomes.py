# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the warnings achieved, once the deliveries are done.

Input: one ``(warned, late, complained)`` triple per delivered order.
Precision = share of the warned deliveries that were late; recall = share of
the late ones that were warned; complaints avoided show as a lower complaint
rate among the warned late deliveries than among the unwarned late ones."""


def _rate(part, whole):
    return part / whole if whole else None


def outcome_summary(triples):
    warned = warned_late = late = late_warned_complained = 0
    late_unwarned = late_unwarned_complained = 0
    for was_warned, was_late, complained in triples:
        warned += bool(was_warned)
        late += bool(was_late)
        if was_warned and was_late:
            warned_late += 1
            late_warned_complained += bool(complained)
        elif was_late:
            late_unwarned += 1
            late_unwarned_complained += bool(complained)
    return {
        "warned": warned,
        "late": late,
        "precision": _rate(warned_late, warned),
        "recall": _rate(warned_late, late),
        "complaint_rate_warned_late": _rate(late_warned_complained, warned_late),
        "complaint_rate_unwarned_late": _rate(late_unwarned_complained, late_unwarned),
    }
