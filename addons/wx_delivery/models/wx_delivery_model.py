# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging

from odoo import api, fields, models

from odoo.addons.wx_feedback.access import check_rights

from ..tools import learn
from ..tools.holidays import HolidayCalendar

_logger = logging.getLogger(__name__)
MANAGER = "wx_delivery.group_wx_delivery_manager"
# trained models kept in memory, by (database, model id)
_CACHE = {}


class WxDeliveryModel(models.Model):
    """A trained delivery-risk model with the evaluation it earned.

    Training (nightly cron, or a manager's button) evaluates on the
    company's history (earliest 80% by order time, test on the rest, as
    ``scripts/delay/evaluate.py``), then fits on all of it. The new model
    becomes the active one only when its test AUC beats the region baseline
    and is at least the active model's own evaluation AUC; otherwise it is
    kept as a candidate (its evaluation stays visible)."""

    _name = "wx.delivery.model"
    _description = "Delivery Risk Model"
    _order = "trained_at desc, id desc"

    name = fields.Char(required=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("candidate", "Candidate"), ("active", "Active"), ("retired", "Retired")],
        required=True,
        default="candidate",
        index=True,
    )
    learner = fields.Char(readonly=True)
    trained_at = fields.Datetime(readonly=True)
    row_count = fields.Integer(string="Rows", readonly=True)
    auc = fields.Float(string="AUC", digits=(4, 4), readonly=True)
    pr_auc = fields.Float(string="PR AUC", digits=(4, 4), readonly=True)
    brier = fields.Float(digits=(4, 4), readonly=True)
    baseline_auc = fields.Float(string="Baseline AUC", digits=(4, 4), readonly=True)
    active_auc = fields.Float(
        string="Previous Model AUC",
        digits=(4, 4),
        readonly=True,
        help="The evaluation AUC of the model that was active (0: none).",
    )
    report = fields.Text(readonly=True)
    warning_precision = fields.Float(
        digits=(3, 2),
        readonly=True,
        help="Share of the warned deliveries (high risk) that were late, up to"
        " training.",
    )
    complaint_rate_warned = fields.Float(
        string="Complaints (Warned Late)",
        digits=(3, 2),
        readonly=True,
        help="Share of the warned late deliveries whose order got a dissatisfied"
        " feedback.",
    )
    complaint_rate_unwarned = fields.Float(
        string="Complaints (Unwarned Late)",
        digits=(3, 2),
        readonly=True,
        help="Share of the unwarned late deliveries whose order got a"
        " dissatisfied feedback.",
    )
    params = fields.Text(readonly=True, groups="wx_delivery.group_wx_delivery_manager")

    _company_state_idx = models.Index("(company_id, state)")

    # -- public -------------------------------------------------------------

    @api.model
    def action_train(self):
        """Train now for the current company (managers)."""
        check_rights(self.browse(), MANAGER, "create")
        model = self.sudo()._wx_train(self.env.company)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "view_mode": "form",
            "res_id": model.id,
        }

    # -- training -----------------------------------------------------------

    @api.model
    def _cron_train(self):
        companies = (
            self.env["wx.delivery.record"]
            .sudo()
            ._read_group([("delivered_at", "!=", False)], ["company_id"])
        )
        activated = False
        for (company,) in companies:
            try:
                activated |= self._wx_train(company).state == "active"
            except ValueError as error:
                _logger.info(
                    "delivery risk: no model for company %s: %s", company.id, error
                )
            self.env["ir.cron"]._commit_progress(1)
        if activated:
            # open deliveries are scored by the new model now, not next hour
            self.env.ref("wx_delivery.ir_cron_wx_delivery_score").sudo()._trigger()

    @api.model
    def _wx_calendar(self):
        holidays = (
            self.env["wx.sla.holiday"].sudo().search([("calendar_id", "=", False)])
        )
        return HolidayCalendar({h.date: h.day_type for h in holidays})

    @api.model
    def _wx_active(self, company):
        return self.sudo().search(
            [("company_id", "=", company.id), ("state", "=", "active")], limit=1
        )

    @api.model
    def _wx_train(self, company):
        Record = self.env["wx.delivery.record"].sudo()
        rows = Record._wx_history_rows(company, delivered=True)
        calendar = self._wx_calendar()
        result = learn.evaluate(rows, calendar)
        active = self._wx_active(company)
        # the active model was fitted on all of its history, the test part
        # included: scoring it on this split would flatter it. Its own
        # evaluation (same protocol, on the history of its day) is the bar.
        active_auc = active.auc if active else 0.0
        # compared at the stored precision (4 digits)
        auc = round(result["auc"], 4)
        better = auc > round(result["baseline_auc"], 4) and auc >= active_auc
        final = learn.train(rows, calendar)
        lines = [learn.summary_line(result)]
        lines += [
            f"validation {k}={v:.4f}" for k, v in result["validation_auc"].items()
        ]
        lines.append(f"learner={result['learner']} test_rows={result['test_rows']}")
        outcome = Record._wx_outcomes(company)
        lines.append(
            "warnings: {warned} warned, {late} late, precision={precision},"
            " recall={recall}, complaint rate warned late={complaint_rate_warned_late},"
            " unwarned late={complaint_rate_unwarned_late}".format(**outcome)
        )
        model = self.create(
            {
                "name": f"{final.kind} {fields.Date.today()}",
                "company_id": company.id,
                "state": "active" if better else "candidate",
                "learner": final.kind,
                "trained_at": fields.Datetime.now(),
                "row_count": result["rows"],
                "auc": result["auc"],
                "pr_auc": result["pr_auc"],
                "brier": result["brier"],
                "baseline_auc": result["baseline_auc"],
                "active_auc": active_auc,
                "report": "\n".join(lines),
                "warning_precision": outcome["precision"] or 0.0,
                "complaint_rate_warned": outcome["complaint_rate_warned_late"] or 0.0,
                "complaint_rate_unwarned": outcome["complaint_rate_unwarned_late"]
                or 0.0,
                "params": json.dumps(final.to_dict()),
            }
        )
        if better and active:
            active.state = "retired"
        return model

    def _wx_model(self):
        """The trained :class:`learn.RiskModel` (cached per process)."""
        self.ensure_one()
        key = (self.env.cr.dbname, self.id)
        model = _CACHE.get(key)
        if model is None:
            data = json.loads(self.sudo().params)
            model = learn.RiskModel.from_dict(data, self._wx_calendar())
            if len(_CACHE) > 20:
                _CACHE.clear()
            _CACHE[key] = model
        return model
