# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import engine

KINDS = [(kind, kind.capitalize()) for kind in engine.lexicon.KINDS]
LANGS = [("zh", "Chinese"), ("en", "English"), ("es", "Spanish"), ("any", "Any")]
VERSION_PARAM = "wx_nlp.lexicon_version"

_process_version = {"version": None}
_lock = threading.Lock()


class WxNlpLexiconTerm(models.Model):
    _name = "wx.nlp.lexicon.term"
    _description = "Text Analysis Lexicon Term"
    _order = "lang, kind, tag, term"
    _rec_name = "term"

    term = fields.Char(required=True)
    lang = fields.Selection(LANGS, string="Language", required=True, default="zh")
    kind = fields.Selection(KINDS, required=True, default="urgency")
    tag = fields.Char(
        default="-",
        help="Urgency: spoilage, safety, threat, repeat, missing, today, impact,"
        " money, system or public; category: a feedback category code;"
        " otherwise '-'.",
    )
    weight = fields.Float(default=1.0, digits=(4, 2))
    active = fields.Boolean(
        default=True, help="Archive a term to remove it from the analysis."
    )

    _term_unique = models.UniqueIndex("(lang, kind, tag, term)")

    @api.constrains("kind", "tag")
    def _check_tag(self):
        for term in self:
            if term.kind == "urgency" and term.tag not in engine.lexicon.URGENCY_TAGS:
                raise ValidationError(
                    self.env._(
                        "Urgency terms need one of these tags: %(tags)s.",
                        tags=", ".join(engine.lexicon.URGENCY_TAGS),
                    )
                )
            if (
                term.kind == "category"
                and term.tag not in engine.lexicon.CATEGORY_CODES
            ):
                raise ValidationError(
                    self.env._(
                        "Category terms need a category code: %(codes)s.",
                        codes=", ".join(engine.lexicon.CATEGORY_CODES),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        terms = super().create(vals_list)
        if not self.env.context.get("wx_nlp_seeding"):
            self._bump_version()
        return terms

    def write(self, vals):
        result = super().write(vals)
        self._bump_version()
        return result

    def unlink(self):
        result = super().unlink()
        self._bump_version()
        return result

    @api.model
    def _bump_version(self):
        """Every worker picks the new lexicon at its next analysis, and the
        re-analysis cron refreshes the stored results."""
        params = self.env["ir.config_parameter"].sudo()
        version = int(params.get_param(VERSION_PARAM, 0)) + 1
        params.set_param(VERSION_PARAM, version)
        params.set_param("wx_nlp.lexicon_changed_at", fields.Datetime.now())
        self.env.ref("wx_nlp.ir_cron_reanalyze")._trigger()

    @api.model
    def _overrides(self):
        rows = (
            self.sudo()
            .with_context(active_test=False)
            .search_read([], ["lang", "kind", "tag", "term", "weight", "active"])
        )
        return [
            {
                "lang": row["lang"],
                "kind": row["kind"],
                "tag": row["tag"] or "-",
                "term": row["term"],
                "weight": row["weight"] if row["active"] else None,
            }
            for row in rows
        ]

    @api.model
    def _engine(self):
        """The process engine, reconfigured when the lexicon changed."""
        version = self.env["ir.config_parameter"].sudo().get_param(VERSION_PARAM, "0")
        if _process_version["version"] != version:
            with _lock:
                if _process_version["version"] != version:
                    overrides = self._overrides() if version != "0" else None
                    models_ = self.env["wx.nlp.model"]
                    engine.configure(
                        model=models_._active_model(),
                        lexicon_overrides=overrides,
                        urgency_model=models_._active_urgency_model(),
                    )
                    _process_version["version"] = version
        return engine
