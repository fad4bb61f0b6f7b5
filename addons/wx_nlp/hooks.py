# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import engine


def post_init_hook(env):
    """Show the shipped lexicon in the backend, where managers edit it."""
    rows = [
        {
            "lang": entry.lang,
            "kind": entry.kind,
            "tag": entry.tag,
            "term": entry.term,
            "weight": entry.weight,
        }
        for entry in engine.Lexicon.default().entries()
    ]
    env["wx.nlp.lexicon.term"].with_context(wx_nlp_seeding=True).create(rows)
    # feedback received before this addon was installed gets its analysis too
    env["wx.feedback"].search([("description", "!=", False)])._nlp_reanalyze()
