# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# the switches of the shared form templates (wx_learn/views/form_templates.xml)
SWITCHES = ("two_step", "chips_first", "photo_prompt", "short_form")


class WxLearnVariant(models.Model):
    _name = "wx.learn.variant"
    _description = "Feedback Form Variant"
    _order = "sequence, id"

    experiment_id = fields.Many2one(
        "wx.learn.experiment", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="experiment_id.company_id", store=True)
    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    is_control = fields.Boolean(string="Control")
    traffic = fields.Integer(
        string="Traffic Share",
        default=50,
        help="Relative share of the orders shown this variant.",
    )
    two_step = fields.Boolean(
        string="Stars First, Rest on a Second Step",
        help="Only the overall rating first; the rest after Next.",
    )
    chips_first = fields.Boolean(
        string="Tag Chips First", help="What it is about before the stars."
    )
    photo_prompt = fields.Boolean(help="Ask for a photo of the problem.")
    short_form = fields.Boolean(
        string="Shorter Form", help="No aspect ratings, no contact phone."
    )
    exposure_count = fields.Integer(compute="_compute_metrics")
    submitted_count = fields.Integer(compute="_compute_metrics")
    conversion = fields.Float(compute="_compute_metrics", digits=(5, 4))

    _traffic_positive = models.Constraint(
        "CHECK(traffic > 0)", "Every variant needs a positive traffic share."
    )

    def write(self, vals):
        self.check_access("write")
        frozen = {"traffic", "experiment_id", *SWITCHES}
        if frozen & set(vals) and self.filtered(
            lambda v: v.experiment_id.state != "draft"
        ):
            raise UserError(
                self.env._(
                    "Variants, their switches and traffic shares cannot change"
                    " once the experiment has started (assignment is sticky)."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if self.filtered(lambda v: v.experiment_id.state != "draft"):
            raise UserError(
                self.env._("Variants of a started experiment cannot be deleted.")
            )

    def _wx_switches(self):
        self.ensure_one()
        values = {name: bool(self[name]) for name in SWITCHES}
        values["css"] = " ".join(f"wxf-ab-{name}" for name in SWITCHES if self[name])
        return values

    def _compute_metrics(self):
        stats = self.filtered("id")._wx_stats()
        for variant in self:
            s = stats.get(variant.id)
            variant.exposure_count = s["exposures"] if s else 0
            variant.submitted_count = s["submitted"] if s else 0
            variant.conversion = s["conversion"] if s else 0.0

    def _wx_stats(self):
        """``{variant id: metrics}`` from the exposures and their feedback.

        ``successes`` / ``exposures_for`` per primary metric: conversion counts
        submissions over exposures; photo and actionable rates count over the
        submissions. ``seconds``: times from first open to submission."""
        result = {}
        if not self:
            return result
        exposures = (
            self.env["wx.learn.exposure"]
            .sudo()
            .search_fetch(
                [("variant_id", "in", self.ids)],
                ["variant_id", "exposed_at", "submitted_at", "feedback_id"],
            )
        )
        by_variant = {variant.id: [] for variant in self}
        for exposure in exposures:
            by_variant[exposure.variant_id.id].append(exposure)
        for variant_id, rows in by_variant.items():
            submitted = [e for e in rows if e.feedback_id]
            feedbacks = (
                self.env["wx.feedback"]
                .sudo()
                .browse([e.feedback_id.id for e in submitted])
            )
            photos = sum(1 for f in feedbacks if f.attachment_ids)
            actionable = sum(1 for f in feedbacks if f._wx_ticket_reasons())
            lengths = [len(f.description or "") for f in feedbacks]
            nps = [
                f.survey_id.nps for f in feedbacks if f.survey_id.state == "answered"
            ]
            count = len(rows)
            done = len(submitted)
            result[variant_id] = {
                "exposures": count,
                "submitted": done,
                "conversion": done / count if count else 0.0,
                "seconds": [
                    (e.submitted_at - e.exposed_at).total_seconds()
                    for e in submitted
                    if e.submitted_at and e.exposed_at
                ],
                "text_length": sum(lengths) / done if done else 0.0,
                "photo_rate": photos / done if done else 0.0,
                "actionable_rate": actionable / done if done else 0.0,
                "nps": sum(nps) / len(nps) if nps else None,
                "successes": {
                    "conversion": done,
                    "photo_rate": photos,
                    "actionable_rate": actionable,
                },
                "exposures_for": {
                    "conversion": count,
                    "photo_rate": done,
                    "actionable_rate": done,
                },
            }
        return result
