# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import json
import logging
import os
import tempfile

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.wx_feedback.access import check_rights

from .. import engine
from ..engine import training

_logger = logging.getLogger(__name__)

MIN_SAMPLES = 50
MODEL_PARAM = "wx_nlp.model_id"
URGENCY_PARAM = "wx_nlp.urgency_model_id"
URGENCY_CORRECTION_WEIGHT = 3.0  # a staff correction counts as 3 shipped samples
NLP_MANAGER = "wx_nlp.group_wx_nlp_manager"


class WxNlpModel(models.Model):
    """A sentiment model retrained on the company's own feedback."""

    _name = "wx.nlp.model"
    _description = "Text Analysis Model"
    _order = "id desc"

    name = fields.Char(required=True, default=lambda self: self.env._("New model"))
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("rejected", "Not Better"),
            ("retired", "Retired"),
        ],
        default="draft",
        required=True,
        readonly=True,
    )
    trained_at = fields.Datetime(readonly=True)
    sample_count = fields.Integer(string="Training Samples", readonly=True)
    correction_count = fields.Integer(string="Staff Corrections Used", readonly=True)
    heldout_count = fields.Integer(string="Held-back Samples", readonly=True)
    old_macro_f1 = fields.Float(
        string="Active Model Macro-F1", digits=(4, 3), readonly=True
    )
    new_macro_f1 = fields.Float(
        string="New Model Macro-F1", digits=(4, 3), readonly=True
    )
    comparison = fields.Text(
        readonly=True, help="Both models' figures on the held-back slice."
    )
    data = fields.Binary(string="Model File", attachment=True, readonly=True)
    urgency_correction_count = fields.Integer(
        string="Urgency Corrections Used", readonly=True
    )
    old_urgency_f1 = fields.Float(
        string="Active Urgency F1 (high)",
        digits=(4, 3),
        readonly=True,
        help="F1 of the high urgency of the active urgency model on the"
        " held-back urgency corrections.",
    )
    new_urgency_f1 = fields.Float(
        string="New Urgency F1 (high)", digits=(4, 3), readonly=True
    )
    urgency_model = fields.Text(
        readonly=True,
        help="The urgency model trained on the shipped labelled sets and the"
        " staff's urgency corrections (used when it beat the active one).",
    )

    @api.model
    def _samples(self):
        """``(text, label)`` from the feedback the user may read (their
        companies, their teams unless feedback manager): star ratings as weak
        labels (1-2 negative, 4-5 positive) and staff corrections of the
        sentiment, which win over the stars."""
        feedbacks = self.env["wx.feedback"].search_fetch(
            [("description", "!=", False)], ["description", "rating"]
        )
        corrected = {}
        for correction in self.env["wx.nlp.correction"].search_fetch(
            [("label", "=", "sentiment"), ("feedback_id", "in", feedbacks.ids)],
            ["feedback_id", "corrected"],
            order="id",
        ):
            corrected[correction.feedback_id.id] = correction.corrected
        samples = []
        for feedback in feedbacks:
            label = corrected.get(feedback.id) or training.stars_to_label(
                feedback.rating
            )
            if label in ("neg", "neu", "pos"):
                samples.append((feedback.description, label))
        return samples, len(corrected)

    def action_train(self):
        """Train on the database, compare with the active model on a held-back
        slice, and activate the new one only when it is better (text
        analysis managers; trained on the feedback they may read)."""
        check_rights(self, NLP_MANAGER, "write")
        self.ensure_one()
        samples, corrections = self._samples()
        if len(samples) < MIN_SAMPLES:
            raise UserError(
                self.env._(
                    "Only %(count)s rated feedback texts: at least %(min)s are needed.",
                    count=len(samples),
                    min=MIN_SAMPLES,
                )
            )
        train_set, heldout = training.split_heldout(samples, fraction=0.2, seed=0)
        current = self.env["wx.nlp.lexicon.term"]._engine().get_engine()
        new_model = training.train(train_set, seed=0, engine=current)
        result = training.compare(current.model, new_model, heldout, engine=current)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "model.wxm")
            new_model.save(path)
            with open(path, "rb") as handle:
                payload = base64.b64encode(handle.read())
        self.write(
            {
                "name": self.env._("Model of %(date)s", date=fields.Date.today()),
                "trained_at": fields.Datetime.now(),
                "sample_count": len(train_set),
                "correction_count": corrections,
                "heldout_count": len(heldout),
                "old_macro_f1": result["old"]["macro_f1"],
                "new_macro_f1": result["new"]["macro_f1"],
                "comparison": json.dumps(result, indent=1, default=str),
                "data": payload,
                "state": "draft",
            }
        )
        self._train_urgency(new_model if result["better"] else current.model)
        if result["better"]:
            self._activate()
        else:
            self.state = "rejected"
        return True

    @api.model
    def _urgency_corrections(self):
        """``(text, urgency)`` of the staff's urgency corrections on the
        feedback the user may read (the latest correction of a feedback wins)."""
        readable = self.env["wx.feedback"].search([("description", "!=", False)])
        corrected = {}
        for correction in self.env["wx.nlp.correction"].search_fetch(
            [("label", "=", "urgency"), ("feedback_id", "in", readable.ids)],
            ["feedback_id", "corrected", "text"],
            order="id",
        ):
            if correction.corrected in ("high", "normal", "low") and correction.text:
                corrected[correction.feedback_id.id] = (
                    correction.text,
                    correction.corrected,
                )
        return list(corrected.values())

    def _train_urgency(self, sentiment_model):
        """Retrain the urgency model with the staff's urgency corrections.

        Trained on the shipped labelled sets plus four fifths of the
        corrections (each weighing ``URGENCY_CORRECTION_WEIGHT``), compared
        with the active urgency model on the held-back fifth; it becomes the
        active urgency model only when its F1 of ``high`` is better there.
        The figures go into the comparison report.
        """
        self.ensure_one()
        corrections = self._urgency_corrections()
        fit, heldout = training.split_heldout(corrections, fraction=0.2, seed=0)
        base = self.env["wx.nlp.lexicon.term"]._engine().get_engine()
        engine_now = base.with_model(sentiment_model)
        samples = training.shipped_urgency_samples() + [
            (text, label, URGENCY_CORRECTION_WEIGHT) for text, label in fit
        ]
        new_urgency = training.train_urgency(
            samples, engine=engine_now, seed=0, meta={"corrections": len(fit)}
        )
        old = training.evaluate_urgency(engine_now, heldout) if heldout else None
        new = (
            training.evaluate_urgency(
                engine_now.with_urgency_model(new_urgency), heldout
            )
            if heldout
            else None
        )
        better = bool(heldout) and new["high_f1"] > old["high_f1"]
        comparison = json.loads(self.comparison or "{}")
        comparison["urgency"] = {
            "metric": "high_f1",
            "old": old,
            "new": new,
            "better": better,
            "n": len(heldout),
            "threshold": new_urgency.threshold,
        }
        values = {
            "urgency_correction_count": len(corrections),
            "old_urgency_f1": old["high_f1"] if old else 0.0,
            "new_urgency_f1": new["high_f1"] if new else 0.0,
            "urgency_model": json.dumps(new_urgency.as_dict(), ensure_ascii=False),
            "comparison": json.dumps(comparison, indent=1, default=str),
        }
        self.write(values)
        if better:
            self.env["ir.config_parameter"].sudo().set_param(URGENCY_PARAM, self.id)
            self.env["wx.nlp.lexicon.term"]._bump_version()

    def action_activate(self):
        check_rights(self, NLP_MANAGER, "write")
        self.ensure_one()
        self._activate()
        return True

    def _activate(self):
        self.ensure_one()
        if not self.data:
            raise UserError(self.env._("Train the model first."))
        self.search([("state", "=", "active"), ("id", "!=", self.id)]).state = "retired"
        self.state = "active"
        self.env["ir.config_parameter"].sudo().set_param(MODEL_PARAM, self.id)
        self.env["wx.nlp.lexicon.term"]._bump_version()

    @api.model
    def _active_model(self):
        """The active retrained model as an engine model, or None (shipped one)."""
        model_id = self.env["ir.config_parameter"].sudo().get_param(MODEL_PARAM)
        record = self.sudo().browse(int(model_id or 0)).exists()
        if not record or not record.data:
            return None
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "model.wxm")
            with open(path, "wb") as handle:
                handle.write(base64.b64decode(record.data))
            return engine.load_model(path)

    @api.model
    def _active_urgency_model(self):
        """The urgency model retrained with staff corrections, or None (shipped)."""
        model_id = self.env["ir.config_parameter"].sudo().get_param(URGENCY_PARAM)
        record = self.sudo().browse(int(model_id or 0)).exists()
        if not record or not record.urgency_model:
            return None
        try:
            return engine.UrgencyModel.from_dict(json.loads(record.urgency_model))
        except ValueError:
            # an engine upgrade changed the features: the shipped model is used
            _logger.info("retrained urgency model %s no longer fits", record.id)
            return None
