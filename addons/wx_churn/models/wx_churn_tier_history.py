# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.wx_feedback.tools import envelope

REASONS = [
    ("computed", "Recomputed"),
    ("override", "Manual Override"),
    ("override_expired", "Override Expired"),
]


class WxChurnTierHistory(models.Model):
    """One change of a customer's effective tier. Append-only: written by the
    tier recomputation and by overrides, never edited nor deleted."""

    _name = "wx.churn.tier.history"
    _description = "Customer Tier Change"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        check_company=True,
    )
    date = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True, index=True
    )
    from_tier_id = fields.Many2one(
        "wx.churn.tier",
        string="From",
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    to_tier_id = fields.Many2one(
        "wx.churn.tier",
        string="To",
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    # stored encrypted (AES-256-GCM bound to the row, wx.crypto.key): a copy
    # of order amounts; decrypted for display, never searchable nor summed
    amount = fields.Monetary(
        string="Trailing 12-month Purchases",
        compute="_compute_amount",
        help="Confirmed orders of the last 12 months (untaxed) at the time.",
    )
    amount_enc = fields.Char(
        string="Encrypted Amount", readonly=True, copy=False, groups="base.group_system"
    )
    currency_id = fields.Many2one(
        "res.currency",
        readonly=True,
        default=lambda self: self.env.company.currency_id,
    )
    reason = fields.Selection(REASONS, required=True, readonly=True)
    note = fields.Char(readonly=True, help="The reason given for an override.")
    user_id = fields.Many2one(
        "res.users",
        string="Changed by",
        readonly=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company",
        readonly=True,
        default=lambda self: self.env.company,
        index=True,
    )

    _wx_encrypted_fields = (("amount", "amount_enc", "amount", None, None),)

    def _wx_amount_aad(self):
        self.ensure_one()
        return envelope.aad_for(self._name, "amount", self.id)

    def _compute_amount(self):
        Keys = self.env["wx.crypto.key"]
        for history in self:
            token = history.sudo().amount_enc
            history.amount = (
                float(Keys._wx_decrypt(token, history._wx_amount_aad(), "amount"))
                if token
                else 0.0
            )

    @api.model
    def _wx_tier_at_sql(self, partner_alias, company, moment):
        """SQL: the tier of the customer of the ``res_partner`` row
        ``partner_alias`` in ``company`` (an SQL expression) at ``moment`` (a
        UTC timestamp expression). The suite's one rule, used by the fill of
        feedback recorded without a tier (``wx.feedback``) and by wx_insight's
        facts: the tier the last change of the history before (or at) that
        moment set, else the tier the first change after it left -- the
        customer's first tier when that change gave them a tier for the first
        time: before the tiers were computed the customer stood where they
        were first put -- else (no change recorded) the current tier. An array
        keeps a change to "no tier" (NULL) apart from "no change"."""
        partner = SQL.identifier(partner_alias)
        return SQL(
            """(COALESCE(
                (SELECT ARRAY[h.to_tier_id] FROM wx_churn_tier_history h
                  WHERE h.partner_id = %(partner)s.id AND h.company_id = %(company)s
                    AND h.date <= %(moment)s
                  ORDER BY h.date DESC, h.id DESC LIMIT 1),
                (SELECT ARRAY[COALESCE(h.from_tier_id, h.to_tier_id)]
                   FROM wx_churn_tier_history h
                  WHERE h.partner_id = %(partner)s.id AND h.company_id = %(company)s
                    AND h.date > %(moment)s
                  ORDER BY h.date, h.id LIMIT 1),
                ARRAY[(%(partner)s.wx_tier_id ->> %(company)s::text)::int]))[1]""",
            partner=partner,
            company=company,
            moment=moment,
        )

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        amounts = [vals.pop("amount", None) for vals in vals_list]
        Keys = self.env["wx.crypto.key"]
        if any(amount is not None for amount in amounts):
            Keys._wx_check_available()
        histories = super().create(vals_list)
        # encrypted once the ids are known: the ciphertext is bound to its row
        for history, amount in zip(histories, amounts, strict=True):
            if amount is not None:
                history._wx_store_amount(amount)
        return histories

    def _wx_store_amount(self, amount):
        """Store ``amount`` encrypted (history rows are otherwise read-only)."""
        self.ensure_one()
        token = self.env["wx.crypto.key"]._wx_encrypt(
            "amount", repr(float(amount or 0.0)), self._wx_amount_aad()
        )
        self.env.execute_query(
            SQL(
                "UPDATE wx_churn_tier_history SET amount_enc = %s WHERE id = %s",
                token,
                self.id,
            )
        )
        self.invalidate_recordset(["amount_enc", "amount"])

    def write(self, vals):
        self.check_access("write")
        if self:
            raise UserError(self.env._("Tier history cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Tier history cannot be deleted."))
