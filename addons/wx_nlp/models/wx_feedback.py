# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.fields import Domain

from odoo.addons.wx_feedback.access import STAFF, check_rights

from .wx_nlp_model import NLP_MANAGER

SENTIMENTS = [("neg", "Negative"), ("neu", "Neutral"), ("pos", "Positive")]
URGENCIES = [("high", "High"), ("normal", "Normal"), ("low", "Low")]
NLP_LABELS = ("nlp_sentiment", "nlp_urgency", "nlp_category_codes")


class WxFeedback(models.Model):
    _inherit = "wx.feedback"

    nlp_sentiment = fields.Selection(
        SENTIMENTS, string="Sentiment", tracking=True, groups=STAFF
    )
    nlp_score = fields.Float(
        string="Sentiment Score", digits=(3, 2), readonly=True, groups=STAFF
    )
    nlp_confidence = fields.Float(
        string="Confidence", digits=(3, 2), readonly=True, groups=STAFF
    )
    nlp_urgency = fields.Selection(
        URGENCIES, string="Urgency", tracking=True, groups=STAFF
    )
    nlp_evidence = fields.Text(string="Evidence", readonly=True, groups=STAFF)
    nlp_category_codes = fields.Char(string="Detected Categories", groups=STAFF)
    nlp_keywords = fields.Char(string="Keywords", readonly=True, groups=STAFF)
    nlp_lang = fields.Char(string="Detected Language", readonly=True, groups=STAFF)
    nlp_analyzed_at = fields.Datetime(
        string="Analysed On", readonly=True, index=True, groups=STAFF
    )
    nlp_corrected = fields.Boolean(
        string="Corrected by Staff", readonly=True, groups=STAFF
    )
    nlp_agreement = fields.Float(
        string="Analysis Kept %",
        compute="_compute_nlp_agreement",
        store=True,
        aggregator="avg",
        help="100 when staff kept the automatic labels: its average is the"
        " share of analyses nobody had to correct.",
        groups=STAFF,
    )
    nlp_keyword_ids = fields.One2many(
        "wx.nlp.keyword",
        "feedback_id",
        string="Keyword Rows",
        groups=STAFF,
    )
    nlp_correction_ids = fields.One2many(
        "wx.nlp.correction",
        "feedback_id",
        string="Corrections",
        groups=STAFF,
    )

    @api.depends("nlp_corrected", "nlp_analyzed_at")
    def _compute_nlp_agreement(self):
        for feedback in self:
            feedback.nlp_agreement = 0.0 if feedback.nlp_corrected else 100.0

    # ------------------------------------------------------------------ analysis

    @api.model
    def _nlp_values(self, text):
        """Stored fields of the analysis of ``text`` (empty: nothing to analyse)."""
        if not (text or "").strip():
            return {}
        result = self.env["wx.nlp.lexicon.term"]._engine().analyze(text)
        evidence = "; ".join(
            f"{item.get('term') or item.get('rule')} ({item['kind']}"
            f"{':' + item['tag'] if item.get('tag') not in (None, '-') else ''})"
            for item in result.evidence
            if item["kind"] in ("urgency", "category", "sentiment")
        )
        return {
            "nlp_sentiment": result.sentiment,
            "nlp_score": result.score,
            "nlp_confidence": result.confidence,
            "nlp_urgency": result.urgency,
            "nlp_evidence": evidence[:2000],
            "nlp_category_codes": ",".join(result.categories),
            "nlp_keywords": ", ".join(term for term, _weight in result.keywords[:8]),
            "nlp_lang": result.lang,
            "nlp_analyzed_at": fields.Datetime.now(),
        }

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")  # before analysing any text
        Category = self.env["wx.feedback.category"].sudo()
        Company = self.env["res.company"]
        for vals in vals_list:
            nlp = self._nlp_values(vals.get("description"))
            vals.update({k: v for k, v in nlp.items() if k not in vals})
            codes = [
                c
                for c in nlp.get("nlp_category_codes", "").split(",")
                if c not in ("", "other")
            ]
            if codes and not vals.get("category_ids"):
                # the customer tagged nothing: route by what the text says,
                # with the categories of the feedback's company
                company = Company.browse(vals.get("company_id")) or self.env.company
                categories = Category._wx_for_company(company, codes)
                vals["category_ids"] = [Command.set(categories.ids)]
        feedbacks = super().create(vals_list)
        if not self.env.context.get("wx_feedback_defer_ticket"):
            feedbacks._nlp_store_keywords()
        return feedbacks

    def _wx_erasure_values(self):
        # the evidence quotes the text; the labels and keywords stay
        return {**super()._wx_erasure_values(), "nlp_evidence": False}

    def _wx_after_submission(self):
        # keyword rows only feed the trends: stored after the request
        result = super()._wx_after_submission()
        self._nlp_store_keywords()
        return result

    def _nlp_store_keywords(self):
        """Keyword rows for the trends and the word cloud."""
        Keyword = self.env["wx.nlp.keyword"].sudo()
        Keyword.search([("feedback_id", "in", self.ids)]).unlink()
        Keyword.create(
            [
                {"feedback_id": feedback.id, "term": term.strip()}
                for feedback in self
                for term in (feedback.nlp_keywords or "").split(",")
                if term.strip()
            ]
        )

    def write(self, vals):
        self.check_access("write")  # before analysing any text
        corrections = self._nlp_corrections(vals)
        if "description" in vals and not set(NLP_LABELS) & set(vals):
            vals = {**vals, **self._nlp_values(vals["description"])}
        result = super().write(vals)
        if "nlp_keywords" in vals:
            self._nlp_store_keywords()
        if corrections:
            self.env["wx.nlp.correction"].sudo().create(corrections)
            super().write({"nlp_corrected": True})
        return result

    def _nlp_corrections(self, vals):
        """Corrections made by staff on the automatic labels, to keep."""
        if self.env.context.get("wx_nlp_analysis"):
            return []
        corrections = []
        for feedback in self:
            if not feedback.nlp_analyzed_at:
                continue
            for field, label in (
                ("nlp_sentiment", "sentiment"),
                ("nlp_urgency", "urgency"),
                ("nlp_category_codes", "categories"),
            ):
                if field in vals and (vals[field] or "") != (feedback[field] or ""):
                    corrections.append(
                        {
                            "feedback_id": feedback.id,
                            "label": label,
                            "predicted": feedback[field] or "-",
                            "corrected": vals[field] or "-",
                        }
                    )
        return corrections

    def action_wx_nlp_reanalyze(self):
        """Analyse the text of these feedbacks again (text analysis managers,
        on feedback they may change)."""
        check_rights(self, NLP_MANAGER, "write")
        self._nlp_reanalyze()
        return True

    def _nlp_reanalyze(self):
        for feedback in self:
            feedback.with_context(wx_nlp_analysis=True).write(
                {**feedback._nlp_values(feedback.description), "nlp_corrected": False}
            )

    @api.model
    def _cron_nlp_reanalyze(self, batch=200):
        """Refresh stored analyses older than the last lexicon change."""
        domain = self._nlp_stale_domain()
        while domain and (done := self._nlp_reanalyze_batch(domain, batch)):
            remaining = self.sudo().search_count(domain)
            if self.env["ir.cron"]._commit_progress(done, remaining=remaining) <= 0:
                return

    @api.model
    def _nlp_stale_domain(self):
        """Analyses older than the last lexicon change (none before any change)."""
        changed = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("wx_nlp.lexicon_changed_at")
        )
        if not changed:
            return []
        return [
            ("description", "!=", False),
            ("nlp_corrected", "=", False),
            "|",
            ("nlp_analyzed_at", "=", False),
            ("nlp_analyzed_at", "<", changed),
        ]

    @api.model
    def _nlp_reanalyze_batch(self, domain, batch):
        stale = self.sudo().search(domain, limit=batch).try_lock_for_update()
        stale._nlp_reanalyze()
        return len(stale)

    # ------------------------------------------------------------------ loop hooks

    @api.depends("nlp_sentiment", "nlp_confidence", "nlp_corrected")
    def _compute_wx_dissatisfied(self):
        return super()._compute_wx_dissatisfied()

    def _wx_dissatisfaction_signal(self):
        signal = super()._wx_dissatisfaction_signal()
        signal.update(
            sentiment=self.nlp_sentiment,
            confidence=self.nlp_confidence,
            corrected=self.nlp_corrected,
        )
        return signal

    @api.model
    def _wx_negative_text_domain(self, rule):
        return Domain("nlp_sentiment", "=", "neg") & (
            Domain("nlp_confidence", ">=", rule.negative_confidence)
            | Domain("nlp_corrected", "=", True)
        )

    def _wx_ticket_reasons(self):
        reasons = super()._wx_ticket_reasons()
        if self.nlp_urgency == "high":
            reasons.append(
                self.env._("high urgency: %(evidence)s", evidence=self.nlp_evidence)
            )
        return reasons

    def _wx_ticket_priority(self):
        priority = super()._wx_ticket_priority()
        return "3" if self.nlp_urgency == "high" else priority
