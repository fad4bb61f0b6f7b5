# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.wx_feedback.access import FEEDBACK_MANAGER, FEEDBACK_USER, check_rights

from ..tools import abtest

SURFACES = [("h5", "H5 feedback page"), ("order_page", "Order page form")]
# the company field holding the promoted variant of each surface
DEFAULT_FIELD = {
    "h5": "wx_learn_h5_variant_id",
    "order_page": "wx_learn_order_page_variant_id",
}
METRICS = [
    ("conversion", "Opened -> submitted"),
    ("photo_rate", "Submissions with photos"),
    ("actionable_rate", "Actionable submissions"),
]
# the declaration frozen once the experiment starts
DECLARED = {
    "surface",
    "key",
    "primary_metric",
    "rule_kind",
    "alpha",
    "sample_size",
    "tau",
    "min_sample",
}


class WxLearnExperiment(models.Model):
    _name = "wx.learn.experiment"
    _description = "Feedback Form Experiment"
    _inherit = ("mail.thread",)
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    key = fields.Char(
        required=True,
        copy=False,
        default=lambda self: uuid.uuid4().hex[:12],
        help="Hashed with the order to assign the variant: changing it"
        " reshuffles every customer, so it is frozen once started.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    surface = fields.Selection(SURFACES, required=True, default="h5", tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("running", "Running"),
            ("stopped", "Stopped"),
            ("promoted", "Promoted"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    hypothesis = fields.Text()
    variant_ids = fields.One2many("wx.learn.variant", "experiment_id", copy=True)
    primary_metric = fields.Selection(
        METRICS, required=True, default="conversion", tracking=True
    )
    rule_kind = fields.Selection(
        [
            ("fixed", "Fixed horizon"),
            ("sequential", "Sequential (mSPRT, look any time)"),
        ],
        string="Decision Rule",
        required=True,
        default="fixed",
        tracking=True,
    )
    alpha = fields.Float(
        string="Error Rate (alpha)", default=0.05, digits=(3, 3), tracking=True
    )
    sample_size = fields.Integer(
        string="Exposures per Variant",
        default=1000,
        tracking=True,
        help="Fixed horizon: nothing is decided before every variant has this"
        " many exposures. Sequential: the cap after which, without a"
        " decision, the answer is no difference.",
    )
    tau = fields.Float(
        string="Plausible Effect (tau)",
        default=0.05,
        digits=(3, 3),
        help="Sequential rule: the spread of the differences of rates thought"
        " plausible before the start (0.05 = five points).",
    )
    min_sample = fields.Integer(
        string="First Look After",
        default=100,
        help="Sequential rule: exposures per variant before the first look.",
    )
    started_at = fields.Datetime(readonly=True, copy=False)
    stopped_at = fields.Datetime(readonly=True, copy=False)
    promoted_variant_id = fields.Many2one(
        "wx.learn.variant", readonly=True, copy=False, tracking=True
    )
    exposure_ids = fields.One2many("wx.learn.exposure", "experiment_id")
    exposure_count = fields.Integer(compute="_compute_report")
    decision = fields.Selection(
        [
            (abtest.NO_WINNER_YET, "No winner yet"),
            (abtest.WINNER, "Winner"),
            (abtest.NO_DIFFERENCE, "No difference"),
        ],
        compute="_compute_report",
    )
    winner_id = fields.Many2one("wx.learn.variant", compute="_compute_report")
    report_html = fields.Html(compute="_compute_report", sanitize=False)

    _key_unique = models.Constraint("UNIQUE(key)", "The experiment key must be unique.")
    _one_running = models.UniqueIndex(
        "(company_id, surface) WHERE state = 'running'",
        "Only one experiment can run on a form at a time.",
    )
    _alpha_range = models.Constraint(
        "CHECK(alpha > 0 AND alpha < 0.5)", "The error rate must be in (0, 0.5)."
    )
    _sizes_positive = models.Constraint(
        "CHECK(sample_size > 0 AND min_sample > 0 AND tau > 0)",
        "Sizes and tau must be positive.",
    )

    def write(self, vals):
        self.check_access("write")
        if DECLARED & set(vals) and self.filtered(lambda e: e.state != "draft"):
            raise UserError(
                self.env._(
                    "The form, key, metric and decision rule are declared before"
                    " the start and cannot change afterwards."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------ rule

    def _rule(self):
        self.ensure_one()
        return abtest.Rule(
            kind=self.rule_kind,
            alpha=self.alpha,
            sample_size=self.sample_size,
            tau=self.tau,
            min_sample=self.min_sample,
        )

    def _arms(self):
        """The variants, control first."""
        self.ensure_one()
        return self.variant_ids.sorted(lambda v: (not v.is_control, v.sequence, v.id))

    @api.depends("variant_ids", "state", "rule_kind", "alpha", "sample_size")
    def _compute_report(self):
        for experiment in self:
            experiment.exposure_count = 0
            experiment.decision = False
            experiment.winner_id = False
            experiment.report_html = False
            if not isinstance(experiment.id, int):
                continue  # a new record in a form: nothing measured yet
            arms = experiment._arms()
            if not arms:
                continue
            stats = arms._wx_stats()
            experiment.exposure_count = sum(s["exposures"] for s in stats.values())
            if len(arms) < 2 or len(arms.filtered("is_control")) != 1:
                continue
            metric = experiment.primary_metric
            counts = [
                (stats[v.id]["successes"][metric], stats[v.id]["exposures_for"][metric])
                for v in arms
            ]
            result = abtest.decide(experiment._rule(), counts)
            experiment.decision = result.status
            if result.status == abtest.WINNER:
                experiment.winner_id = arms[result.winner]
            experiment.report_html = experiment._wx_report_html(arms, stats, result)

    def _wx_report_html(self, arms, stats, result):
        control = stats[arms[0].id]
        head = [
            self.env._("Variant"),
            self.env._("Exposures"),
            self.env._("Submitted"),
            self.env._("Conversion (95% CI)"),
            self.env._("Difference vs control (CI)"),
            self.env._("p-value"),
            self.env._("Median seconds to submit"),
            self.env._("Time vs control (p, Mann-Whitney)"),
            self.env._("Avg. text length"),
            self.env._("Photo rate"),
            self.env._("Actionable"),
            self.env._("Later NPS"),
        ]
        rows = []
        for index, variant in enumerate(arms):
            s = stats[variant.id]
            low, high = abtest.wilson_interval(s["submitted"], s["exposures"])
            test = result.tests[index - 1] if index and result.tests else None
            time_test = (
                abtest.mann_whitney(control["seconds"], s["seconds"]) if index else None
            )
            cells = [
                variant.name
                + (" " + self.env._("(control)") if variant.is_control else ""),
                s["exposures"],
                s["submitted"],
                f"{s['conversion']:.1%} ({low:.1%}-{high:.1%})",
                f"{test.diff:+.1%} ({test.ci_low:+.1%}..{test.ci_high:+.1%})"
                if test
                else "",
                f"{test.p_value:.4f}" if test else "",
                f"{abtest.median(s['seconds']):.0f}" if s["seconds"] else "",
                f"{time_test.p_value:.4f}" if time_test else "",
                f"{s['text_length']:.0f}",
                f"{s['photo_rate']:.1%}",
                f"{s['actionable_rate']:.1%}",
                f"{s['nps']:.0f}" if s["nps"] is not None else "",
            ]
            rows.append(
                Markup("<tr>%s</tr>")
                % Markup("").join(Markup("<td>%s</td>") % c for c in cells)
            )
        if result.status == abtest.WINNER:
            verdict = self.env._(
                "Winner: %(variant)s (declared rule reached).",
                variant=arms[result.winner].name,
            )
        elif result.status == abtest.NO_DIFFERENCE:
            verdict = self.env._("No difference: the declared horizon is reached.")
        else:
            verdict = self.env._(
                "No winner yet: the declared rule does not allow a decision."
            )
        return Markup(
            '<p class="fw-bold">%s</p><table class="table table-sm"><thead><tr>%s'
            "</tr></thead><tbody>%s</tbody></table>"
        ) % (
            verdict,
            Markup("").join(Markup("<th>%s</th>") % escape(h) for h in head),
            Markup("").join(rows),
        )

    # ------------------------------------------------------------------ actions

    def action_start(self):
        check_rights(self, FEEDBACK_MANAGER, "write")
        for experiment in self:
            if experiment.state != "draft":
                raise UserError(self.env._("Only a draft experiment can start."))
            variants = experiment.variant_ids
            if len(variants) < 2 or len(variants.filtered("is_control")) != 1:
                raise UserError(
                    self.env._(
                        "An experiment needs at least two variants, exactly one"
                        " of them the control."
                    )
                )
            if any(v.traffic <= 0 for v in variants):
                raise UserError(self.env._("Every variant needs a traffic share."))
            if self.search_count(
                [
                    ("state", "=", "running"),
                    ("surface", "=", experiment.surface),
                    ("company_id", "=", experiment.company_id.id),
                ]
            ):
                raise UserError(
                    self.env._("Only one experiment can run on a form at a time.")
                )
            experiment.write({"state": "running", "started_at": fields.Datetime.now()})
        return True

    def action_stop(self):
        check_rights(self, FEEDBACK_MANAGER, "write")
        if self.filtered(lambda e: e.state != "running"):
            raise UserError(self.env._("Only a running experiment can stop."))
        self.write({"state": "stopped", "stopped_at": fields.Datetime.now()})
        return True

    def action_promote(self):
        """Make the winner the default form of its surface (one click)."""
        check_rights(self, FEEDBACK_MANAGER, "write")
        self.ensure_one()
        if self.state not in ("running", "stopped"):
            raise UserError(self.env._("Only a started experiment can be promoted."))
        if self.decision != abtest.WINNER:
            raise UserError(
                self.env._(
                    "There is no winner yet: the declared rule does not allow a"
                    " decision."
                )
            )
        winner = self.winner_id
        now = fields.Datetime.now()
        self.write(
            {
                "state": "promoted",
                "promoted_variant_id": winner.id,
                "stopped_at": self.stopped_at or now,
            }
        )
        self.company_id.sudo()[DEFAULT_FIELD[self.surface]] = winner
        self.message_post(
            body=self.env._(
                "%(variant)s promoted: it is now the default form.",
                variant=winner.name,
            )
        )
        return True

    # ------------------------------------------------------------------ forms

    @api.model
    def _wx_form_values(self, order, partner, surface):
        """``wx_ab`` of the form templates for ``order`` on ``surface``: the
        switches of the order's variant in the running experiment (with the
        exposure beacon's URL), else of the promoted default, else none.
        Reads only; runs as superuser (callers checked the link or login)."""
        Experiment = self.sudo()
        company = order.company_id or self.env.company
        experiment = Experiment.search(
            [
                ("state", "=", "running"),
                ("surface", "=", surface),
                ("company_id", "=", company.id),
            ],
            limit=1,
        )
        if experiment:
            variant = experiment._wx_variant_for(order)
            values = variant._wx_switches()
            values["beacon"] = experiment._wx_beacon_url(
                order, partner.commercial_partner_id
            )
            return values
        default = company.sudo()[DEFAULT_FIELD[surface]]
        return default._wx_switches() if default else {}

    def _wx_variant_for(self, order):
        """The sticky variant of ``order``: a hash of key and order."""
        self.ensure_one()
        variants = self.variant_ids.sorted("id")
        index = abtest.assign(self.key, order.id, [v.traffic for v in variants])
        return variants[index]

    def _wx_beacon_token(self, order_id, partner_id):
        from odoo.tools import hmac as odoo_hmac

        return odoo_hmac(
            self.env(su=True),
            "wx_learn.exposure",
            f"{self.id}:{order_id}:{partner_id}",
        )

    def _wx_beacon_url(self, order, partner):
        token = self._wx_beacon_token(order.id, partner.id)
        return f"/wx_learn/exposure/{self.id}/{order.id}/{partner.id}/{token}"

    @api.constrains("alpha", "sample_size", "tau", "min_sample", "rule_kind")
    def _check_rule(self):
        for experiment in self:
            try:
                experiment._rule()
            except ValueError as error:
                raise ValidationError(str(error)) from error

    def action_view_exposures(self):
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wx_learn.wx_learn_exposure_action"
        )
        action["domain"] = [("experiment_id", "=", self.id)]
        return action
