# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# the feedback channel of each surface (wx.feedback.channel)
CHANNEL_SURFACE = {"h5": "h5", "order_page": "order_page"}


class WxLearnExposure(models.Model):
    """One row per (experiment, order): the first open of the form by a
    browser that ran the page's script. Later opens, other browsers and
    concurrent opens of the same order meet the unique index and add
    nothing, so conversion has an honest denominator."""

    _name = "wx.learn.exposure"
    _description = "Feedback Form Exposure"
    _order = "id desc"

    experiment_id = fields.Many2one(
        "wx.learn.experiment", required=True, ondelete="cascade", readonly=True
    )
    variant_id = fields.Many2one(
        "wx.learn.variant", required=True, ondelete="cascade", readonly=True, index=True
    )
    company_id = fields.Many2one(
        related="experiment_id.company_id", store=True, readonly=True
    )
    order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", readonly=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", ondelete="set null", readonly=True
    )
    exposed_at = fields.Datetime(required=True, readonly=True)
    feedback_id = fields.Many2one("wx.feedback", ondelete="set null", readonly=True)
    submitted_at = fields.Datetime(readonly=True)

    _experiment_order_unique = models.UniqueIndex(
        "(experiment_id, order_id)", "An order is exposed once per experiment."
    )

    @api.model
    def _wx_record(self, experiment, order, partner):
        """Record the first exposure of ``order`` (idempotent, race-free:
        ``INSERT ... ON CONFLICT DO NOTHING`` on the unique index; a
        concurrent first open that committed meanwhile is a serialization
        failure in repeatable read, taken as "already recorded"). Returns
        True when this call recorded it."""
        variant = experiment._wx_variant_for(order)
        self.flush_model()
        query = SQL(
            """INSERT INTO wx_learn_exposure (experiment_id, variant_id,
                       company_id, order_id, partner_id, exposed_at,
                       create_uid, create_date, write_uid, write_date)
                   VALUES (%(experiment)s, %(variant)s, %(company)s, %(order)s,
                       %(partner)s, now() at time zone 'UTC', %(uid)s,
                       now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC')
                   ON CONFLICT (experiment_id, order_id) DO NOTHING
                   RETURNING id""",
            experiment=experiment.id,
            variant=variant.id,
            company=experiment.company_id.id,
            order=order.id,
            partner=partner.id or None,
            uid=self.env.uid,
        )
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(query, log_exceptions=False)
                recorded = bool(self.env.cr.fetchall())
        except SerializationFailure:
            # another open of this order committed its row after this
            # transaction began (repeatable read): it is recorded
            return False
        if recorded:
            self.invalidate_model()
            experiment.invalidate_recordset(["exposure_ids"])
        return recorded

    @api.model
    def _wx_record_submission(self, order, channel, feedback_id):
        """Mark the exposure of ``order`` in the running experiment of the
        channel's surface as submitted (its first submission only)."""
        surface = CHANNEL_SURFACE.get(channel)
        if not surface or not order:
            return
        self.env["wx.learn.experiment"].flush_model(["state", "surface"])
        self.flush_model()
        self.env.execute_query(
            SQL(
                """UPDATE wx_learn_exposure x
                      SET feedback_id = f.id,
                          submitted_at = now() at time zone 'UTC',
                          write_date = now() at time zone 'UTC'
                     FROM wx_learn_experiment e, wx_feedback f
                    WHERE e.id = x.experiment_id AND e.state = 'running'
                      AND e.surface = %(surface)s AND x.order_id = %(order)s
                      AND x.feedback_id IS NULL AND f.id = %(feedback)s""",
                surface=surface,
                order=order.id,
                feedback=feedback_id,
            )
        )
        self.invalidate_model(["feedback_id", "submitted_at"])

    @api.model
    def _wx_demo_expose(self, experiment_id, order_ids):
        """Demo data: exposures of these orders, submitted for the orders that
        have a feedback (opened a few minutes before it was sent)."""
        experiment = self.env["wx.learn.experiment"].browse(experiment_id)
        for order in self.env["sale.order"].browse(order_ids).exists():
            feedback = order.wx_feedback_ids[:1]
            variant = experiment._wx_variant_for(order)
            sent = feedback.submitted_at
            self.create(
                {
                    "experiment_id": experiment.id,
                    "variant_id": variant.id,
                    "order_id": order.id,
                    "partner_id": order.partner_id.commercial_partner_id.id,
                    "exposed_at": (
                        sent - timedelta(minutes=1 + order.id % 7)
                        if sent
                        else fields.Datetime.now()
                    ),
                    "feedback_id": feedback.id,
                    "submitted_at": sent,
                }
            )
