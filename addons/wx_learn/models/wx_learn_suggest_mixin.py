# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.wx_feedback.access import FEEDBACK_USER, check_rights

SUGGESTIONS = 3


class WxLearnSuggestMixin(models.AbstractModel):
    """Similar approved cases on a record (ticket, feedback): the three best
    with score and shared words, refreshed at creation and on demand; the
    ones staff marked or applied stay."""

    _name = "wx.learn.suggest.mixin"
    _description = "Similar Case Suggestions"

    # the wx.learn.suggestion field pointing back at the record
    _wx_learn_inverse = None

    def _wx_learn_text(self):
        raise NotImplementedError

    def _wx_learn_exclude(self):
        return ()

    def _wx_learn_suggest(self):
        """Replace the unmarked suggestions of each record by the current
        top three (runs as superuser: callers checked access)."""
        Case = self.env["wx.learn.case"].sudo()
        Suggestion = self.env["wx.learn.suggestion"].sudo()
        for record in self.sudo():
            text = record._wx_learn_text()
            if not (text and text.strip()):
                continue
            found = Case._wx_similar(
                text, record.company_id, SUGGESTIONS, record._wx_learn_exclude()
            )
            old = Suggestion.search([(self._wx_learn_inverse, "=", record.id)])
            kept = old.filtered(lambda s: s.mark or s.applied_at)
            (old - kept).unlink()
            seen = set(kept.case_id.ids)
            Suggestion.create(
                [
                    {
                        self._wx_learn_inverse: record.id,
                        "case_id": case.id,
                        "rank": rank,
                        "score": score,
                        "shared_terms": ", ".join(shared[:8]),
                    }
                    for rank, (case, score, shared) in enumerate(found, 1)
                    if case.id not in seen
                ]
            )

    def action_wx_learn_suggest(self):
        check_rights(self, FEEDBACK_USER)
        self._wx_learn_suggest()
        return True


def suggestion_field(inverse):
    return fields.One2many(
        "wx.learn.suggestion",
        inverse,
        string="Similar Cases",
        groups=FEEDBACK_USER,
    )
