# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, split_every

from odoo.addons.wx_feedback.access import STAFF, check_rights

from .. import churn

_logger = logging.getLogger(__name__)

MANAGER = "wx_churn.group_wx_churn_manager"
USER = "wx_churn.group_wx_churn_user"
# written by the recomputation only (superuser)
COMPUTED_FIELDS = {
    "wx_tier_id",
    "wx_tier_computed_id",
    "wx_tier_amount",
    "wx_tier_computed_at",
}
OVERRIDE_FIELDS = {
    "wx_tier_override_id",
    "wx_tier_override_reason",
    "wx_tier_override_until",
}
BATCH_SIZE = 2000
# the nightly run skips customers checked this recently (a re-run of the same
# night continues where the previous one stopped)
RECHECK_AFTER = timedelta(hours=12)


class ResPartner(models.Model):
    """Customer tiers, per company: each company ranks its customers by what
    they bought from it, on its own tiers (and the shared ones), so the tier
    fields are company-dependent (the values of the current company)."""

    _inherit = "res.partner"

    wx_tier_id = fields.Many2one(
        "wx.churn.tier",
        string="Customer Tier",
        company_dependent=True,
        readonly=True,
        check_company=True,
        help="In the current company: the override while it runs, else the tier"
        " earned by the purchases of the last 12 months (recomputed every"
        " night).",
        groups=STAFF,
    )
    wx_tier_is_vip = fields.Boolean(
        related="wx_tier_id.is_vip", string="VIP", groups=STAFF
    )
    wx_tier_computed_id = fields.Many2one(
        "wx.churn.tier",
        string="Earned Tier",
        company_dependent=True,
        readonly=True,
        check_company=True,
        groups=STAFF,
    )
    wx_tier_currency_id = fields.Many2one(
        "res.currency", compute="_compute_wx_tier_currency_id", groups=STAFF
    )
    wx_tier_amount = fields.Float(
        string="Purchases (12 months)",
        company_dependent=True,
        readonly=True,
        groups=USER,
        help="Confirmed sale orders of the last 12 months in the current company,"
        " untaxed, in its currency, of this customer and its contacts.",
    )
    wx_tier_computed_at = fields.Datetime(
        string="Tier Computed On",
        company_dependent=True,
        readonly=True,
        groups=STAFF,
    )
    wx_tier_override_id = fields.Many2one(
        "wx.churn.tier",
        string="Override Tier",
        company_dependent=True,
        check_company=True,
        groups=USER,
    )
    wx_tier_override_reason = fields.Char(
        string="Override Reason", company_dependent=True, groups=USER
    )
    wx_tier_override_until = fields.Date(
        string="Override Until",
        company_dependent=True,
        groups=USER,
        help="The override ends after this day; the earned tier applies again.",
    )
    wx_tier_can_override = fields.Boolean(
        compute="_compute_wx_tier_can_override", groups=STAFF
    )
    wx_tier_history_ids = fields.One2many(
        "wx.churn.tier.history", "partner_id", string="Tier History", groups=USER
    )
    wx_churn_alert_at = fields.Datetime(
        string="Last Churn Alert", readonly=True, copy=False, groups=STAFF
    )
    wx_churn_alert_count = fields.Integer(
        string="Churn Alerts", compute="_compute_wx_churn_alert_count", groups=USER
    )

    # ------------------------------------------------------------------ computes

    def _wx_effective_tier(self):
        """The tier in the current company: the override while it runs, else
        the earned one. Stored in ``wx_tier_id`` on every change: the nightly
        recomputation ends expired overrides (with a history row), so it is
        exact per day."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        override = self.wx_tier_override_id
        until = self.wx_tier_override_until
        if override and (not until or until >= today):
            return override
        return self.wx_tier_computed_id

    def _compute_wx_tier_currency_id(self):
        self.wx_tier_currency_id = self.env.company.currency_id

    def _compute_wx_tier_can_override(self):
        self.wx_tier_can_override = self.env.user.has_group(MANAGER)

    def _compute_wx_churn_alert_count(self):
        counts = dict(
            self.env["wx.churn.alert"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.wx_churn_alert_count = counts.get(partner.commercial_partner_id, 0)

    @api.constrains(*OVERRIDE_FIELDS)
    def _check_wx_tier_override(self):
        today = fields.Date.context_today(self)
        for partner in self.sudo():
            if not partner.wx_tier_override_id:
                continue
            if partner.commercial_partner_id != partner:
                raise ValidationError(
                    self.env._(
                        "Override the tier on the customer company %(company)s,"
                        " not on a contact.",
                        company=partner.commercial_partner_id.display_name,
                    )
                )
            if not (partner.wx_tier_override_reason or "").strip():
                raise ValidationError(self.env._("A tier override needs a reason."))
            if not partner.wx_tier_override_until:
                raise ValidationError(self.env._("A tier override needs an end date."))
            if partner.wx_tier_override_until < today:
                raise ValidationError(
                    self.env._("The end date of a tier override cannot be past.")
                )

    # ------------------------------------------------------------------ ORM

    def write(self, vals):
        touched = (COMPUTED_FIELDS | OVERRIDE_FIELDS) & set(vals)
        if not touched:
            return super().write(vals)
        if not self.env.su:
            if touched & COMPUTED_FIELDS or not self.env.user.has_group(MANAGER):
                raise AccessError(
                    self.env._(
                        "Only Customer Tiers and Churn managers can override tiers;"
                        " earned tiers are computed."
                    )
                )
            if set(vals) <= OVERRIDE_FIELDS:
                # managers override tiers without the right to edit contacts
                self.check_access("read")
                return self.sudo().write(vals)
        before = {partner.id: partner.sudo().wx_tier_id for partner in self}
        result = super().write(vals)
        for partner in self.sudo():
            tier = partner._wx_effective_tier()
            if tier != partner.wx_tier_id:
                super(ResPartner, partner).write({"wx_tier_id": tier.id})
        reason = self.env.context.get("wx_churn_tier_reason") or (
            "override" if touched & OVERRIDE_FIELDS else "computed"
        )
        self._wx_log_tier_changes(
            before, reason, always=bool(touched & OVERRIDE_FIELDS)
        )
        return result

    def _wx_log_tier_changes(self, before, reason, always=False):
        """History rows for the partners whose effective tier changed (and,
        with ``always``, for every override set or removed)."""
        values = []
        now = fields.Datetime.now()
        for partner in self.sudo():
            old, new = before[partner.id], partner.wx_tier_id
            if old == new and not always:
                continue
            values.append(
                {
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    "date": now,
                    "from_tier_id": old.id,
                    "to_tier_id": new.id,
                    "amount": partner.wx_tier_amount,
                    "reason": reason,
                    "note": partner.wx_tier_override_reason
                    if reason == "override"
                    else False,
                }
            )
        if values:
            self.env["wx.churn.tier.history"].sudo().create(values)

    # ------------------------------------------------------------------ tiers

    def _wx_tier(self, company=None):
        """Effective tier of the customer company of this partner in
        ``company`` (default: the current one)."""
        self.ensure_one()
        customer = self.sudo().commercial_partner_id
        return customer.with_company(company or self.env.company).wx_tier_id

    def _wx_is_vip(self, company=None):
        return bool(self and self._wx_tier(company).is_vip)

    def _wx_vip_hotline(self, company=None):
        """The VIP hotline number for a VIP customer's pages, else ''."""
        if not self or not self._wx_is_vip(company):
            return ""
        return (
            self.env["ir.config_parameter"].sudo().get_param("wx_churn.vip_hotline")
            or ""
        )

    @api.model
    def _wx_tier_rows(self, partner_ids=None, stale_before=None, now=None):
        """``[(partner id, amount, earned tier id)]`` of the customers to check
        in the current company.

        One set-based query: the company's confirmed orders (state ``sale``)
        dated within the trailing 12 months, untaxed amount converted to the
        company's currency (``amount_untaxed / currency_rate``, as the sales
        report does), summed per customer company. Customers with an earned
        tier in the company but no such orders are included (they come back
        to the lowest tier); customers who never ordered get no tier.
        """
        now = now or fields.Datetime.now()
        since = now - relativedelta(months=12)
        company = self.env.company
        key = str(company.id)
        earned = SQL("(partner.wx_tier_computed_id ->> %s)::int", key)
        filters = [SQL("TRUE")]
        if partner_ids is not None:
            filters.append(SQL("partner.id = ANY(%s)", list(partner_ids)))
        if stale_before:
            checked = SQL("(partner.wx_tier_computed_at ->> %s)::timestamp", key)
            filters.append(
                SQL("(%s IS NULL OR %s < %s)", checked, checked, stale_before)
            )
        self.env["sale.order"].flush_model(
            [
                "state",
                "date_order",
                "amount_untaxed",
                "currency_rate",
                "partner_id",
                "company_id",
            ]
        )
        self.flush_model(
            ["commercial_partner_id", "wx_tier_computed_id", "wx_tier_computed_at"]
        )
        return self.env.execute_query(
            SQL(
                """
                WITH purchases AS (
                    SELECT customer.commercial_partner_id AS partner_id,
                           SUM(so.amount_untaxed
                               / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS amount
                      FROM sale_order so
                      JOIN res_partner customer ON customer.id = so.partner_id
                     WHERE so.state = 'sale'
                       AND so.company_id = %(company)s
                       AND so.date_order >= %(since)s
                       AND so.date_order <= %(now)s
                  GROUP BY customer.commercial_partner_id
                )
                SELECT partner.id,
                       ROUND(COALESCE(purchases.amount, 0), 2)::float8,
                       %(earned)s
                  FROM res_partner partner
             LEFT JOIN purchases ON purchases.partner_id = partner.id
                 WHERE (purchases.partner_id IS NOT NULL OR %(earned)s IS NOT NULL)
                   AND %(filters)s
              ORDER BY partner.id
                """,
                company=company.id,
                since=since,
                now=now,
                earned=earned,
                filters=SQL(" AND ").join(filters),
            )
        )

    @api.model
    def _wx_apply_tier_rows(self, rows, tiers, now):
        """Store one batch of :meth:`_wx_tier_rows` in the current company;
        returns ``(checked, changed)``. Customers locked by another
        transaction are skipped (the next run takes them). Amounts and check
        dates are stored set-based (no tracking, nothing depends on them);
        only customers whose earned tier changes get an ORM write, grouped by
        tier, which records the history."""
        Partner = self.sudo()
        locked = set(
            Partner.browse([row[0] for row in rows])
            .try_lock_for_update(allow_referencing=True)
            .ids
        )
        rows = [row for row in rows if row[0] in locked]
        if not rows:
            return 0, 0
        Partner.flush_model(["wx_tier_amount", "wx_tier_computed_at"])
        # the company's values in the company-dependent (jsonb) columns
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner AS partner
                   SET wx_tier_amount = COALESCE(partner.wx_tier_amount, '{}')
                           || jsonb_build_object(%(key)s, checked.amount),
                       wx_tier_computed_at = COALESCE(partner.wx_tier_computed_at, '{}')
                           || jsonb_build_object(%(key)s, %(now)s::text)
                  FROM (VALUES %(values)s) AS checked(id, amount)
                 WHERE partner.id = checked.id
                """,
                key=str(self.env.company.id),
                now=fields.Datetime.to_string(now),
                values=SQL(", ").join(
                    SQL("(%s, %s::float8)", row[0], row[1]) for row in rows
                ),
            )
        )
        Partner.invalidate_model(["wx_tier_amount", "wx_tier_computed_at"])
        thresholds = [(tier.threshold_amount, tier.id) for tier in tiers]
        moves = defaultdict(list)
        for partner_id, amount, earned_id in rows:
            new_id = churn.pick_tier(amount, thresholds)
            if new_id != earned_id:
                moves[new_id].append(partner_id)
        for tier_id, partner_ids in moves.items():
            Partner.browse(partner_ids).with_context(
                wx_churn_tier_reason="computed"
            ).write({"wx_tier_computed_id": tier_id or False})
        return len(rows), sum(len(ids) for ids in moves.values())

    @api.model
    def _wx_expire_overrides(self, partner_ids=None):
        """End the current company's overrides whose last day has passed
        (history reason 'override expired')."""
        domain = [
            ("wx_tier_override_id", "!=", False),
            ("wx_tier_override_until", "<", fields.Date.context_today(self)),
        ]
        if partner_ids is not None:
            domain.append(("id", "in", list(partner_ids)))
        expired = self.sudo().search(domain)
        expired.with_context(wx_churn_tier_reason="override_expired").write(
            dict.fromkeys(OVERRIDE_FIELDS, False)
        )
        return len(expired)

    @api.model
    def _wx_tier_companies(self):
        return self.env["res.company"].sudo().search([], order="id")

    @api.model
    def _wx_recompute_tiers(self, partner_ids=None, batch_size=BATCH_SIZE):
        """Recompute the tiers now (all customers, or ``partner_ids``) in every
        company, in this transaction; managers only. Returns
        ``{"customers", "changed"}`` (a customer counts once per company)."""
        if not (self.env.su or self.env.user.has_group(MANAGER)):
            raise AccessError(
                self.env._("Only Customer Tiers and Churn managers recompute tiers.")
            )
        now = fields.Datetime.now()
        checked = changed = 0
        for company in self._wx_tier_companies():
            Partner = self.sudo().with_company(company)
            Partner._wx_expire_overrides(partner_ids)
            rows = Partner._wx_tier_rows(partner_ids=partner_ids, now=now)
            tiers = self.env["wx.churn.tier"]._wx_active_tiers(company)
            for batch in split_every(batch_size, rows):
                done, moved = Partner._wx_apply_tier_rows(batch, tiers, now)
                checked += done
                changed += moved
            Partner._wx_fill_feedback_tiers()
        return {"customers": checked, "changed": changed}

    @api.model
    def _wx_fill_feedback_tiers(self):
        """Feedback recorded while its customer had no tier in the current
        company (e.g. before this addon was installed, or before the
        customer's first tier) takes the tier the customer had when it was
        submitted, once the tier history knows it (the rule of
        ``wx.feedback._wx_tier_given_sql``, which wx_insight counts too)."""
        company = self.env.company
        Feedback = self.env["wx.feedback"]
        Feedback.flush_model(
            ["wx_tier_id", "commercial_partner_id", "company_id", "submitted_at"]
        )
        self.flush_model(["wx_tier_id"])
        self.env["wx.churn.tier.history"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                UPDATE wx_feedback f
                   SET wx_tier_id = filled.tier_id
                  FROM (SELECT fb.id, %(tier)s AS tier_id
                          FROM wx_feedback fb
                          JOIN res_partner p ON p.id = fb.commercial_partner_id
                         WHERE fb.wx_tier_id IS NULL
                           AND fb.company_id = %(company)s) AS filled
                 WHERE f.id = filled.id AND filled.tier_id IS NOT NULL
                """,
                tier=Feedback._wx_tier_given_sql("fb", "p"),
                company=company.id,
            )
        )
        Feedback.invalidate_model(["wx_tier_id"])

    @api.model
    def _cron_recompute_tiers(self, batch_size=BATCH_SIZE):
        """Nightly: expire overrides, then recompute every customer's tier in
        every company, in committed batches (a stopped run continues with the
        customers not checked yet)."""
        now = fields.Datetime.now()
        work = []
        for company in self._wx_tier_companies():
            Partner = self.sudo().with_company(company)
            Partner._wx_expire_overrides()
            rows = Partner._wx_tier_rows(stale_before=now - RECHECK_AFTER, now=now)
            work.append(
                (Partner, self.env["wx.churn.tier"]._wx_active_tiers(company), rows)
            )
        remaining = sum(len(rows) for _partner, _tiers, rows in work)
        changed = 0
        Cron = self.env["ir.cron"]
        if not remaining:
            Cron._commit_progress(0, remaining=0)
        for Partner, tiers, rows in work:
            for batch in split_every(batch_size, rows):
                done, moved = Partner._wx_apply_tier_rows(batch, tiers, now)
                changed += moved
                remaining -= len(batch)
                if Cron._commit_progress(done, remaining=remaining) <= 0:
                    _logger.info("Customer tiers: %s customers changed tier", changed)
                    return
            Partner._wx_fill_feedback_tiers()
        _logger.info("Customer tiers: %s customers changed tier", changed)

    def action_wx_recompute_tier(self):
        """Recompute the selected customers' tiers now (managers)."""
        check_rights(self, MANAGER)
        partners = self.commercial_partner_id
        return self._wx_recompute_notification(
            self._wx_recompute_tiers(partner_ids=partners.ids)
        )

    @api.model
    def _wx_recompute_notification(self, stats):
        """The notification that reports a tier recomputation."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s customers checked, %(changed)s changed tier.",
                    count=stats["customers"],
                    changed=stats["changed"],
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------ actions

    def action_wx_timeline(self):
        check_rights(self, USER)
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wx_churn.wx_churn_timeline_action"
        )
        partner = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", partner.id)]
        action["display_name"] = self.env._(
            "Timeline of %(customer)s", customer=partner.display_name
        )
        return action

    def action_wx_churn_alerts(self):
        check_rights(self, USER)
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wx_churn.wx_churn_alert_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action
