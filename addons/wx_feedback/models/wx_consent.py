# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a customer contact agreed to receive, per channel and purpose, with
time and source (PIPL Art. 14-15: consent is specific and can be withdrawn as
easily as it was given).

The table is a log: each change adds a row and rows are never edited; the
latest row of a (partner, channel, purpose) is the current state. Without any
row a purpose is allowed (the suite's opt-out default, see README "Consent");
a withdrawal stops every message of that purpose on that channel. Service
messages (the reply to the customer's own feedback or ticket) answer a request
the customer made and are not a consent purpose; they stop only when the
person's data is erased."""

from odoo import api, fields, models

CHANNELS = [("sms", "SMS"), ("email", "Email"), ("wecom", "WeCom")]
PURPOSES = [
    ("survey", "Satisfaction Surveys"),
    ("marketing", "Offers and Coupons"),
]
SOURCES = [
    ("portal", "Customer Portal"),
    ("backend", "Staff"),
    ("import", "Import"),
]


class WxConsent(models.Model):
    _name = "wx.consent"
    _description = "Customer Consent"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer Contact",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    channel = fields.Selection(CHANNELS, required=True, readonly=True)
    purpose = fields.Selection(PURPOSES, required=True, readonly=True)
    granted = fields.Boolean(
        readonly=True, help="Set: the customer agreed; unset: consent withdrawn."
    )
    date = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True
    )
    source = fields.Selection(SOURCES, required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Recorded by",
        readonly=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company", readonly=True, default=lambda self: self.env.company
    )

    @api.model
    def _wx_current(self, partner):
        """``{(channel, purpose): granted}`` of ``partner``: the latest row
        of each pair, and True for the pairs without any row."""
        state = {(c, p): True for c, _l in CHANNELS for p, _m in PURPOSES}
        rows = self.sudo().search(
            [("partner_id", "=", partner.id)], order="date asc, id asc"
        )
        for row in rows:
            state[(row.channel, row.purpose)] = row.granted
        return state

    @api.model
    def _wx_allows(self, partner, channel, purpose):
        """Whether ``partner`` may receive a ``purpose`` message by
        ``channel`` (``service``: always, unless the person's data was
        erased)."""
        partner = partner.sudo()
        if not partner or partner.wx_erased_at:
            return not partner  # nobody to ask: nothing to refuse
        if purpose == "service":
            return True
        return self._wx_current(partner).get((channel, purpose), True)

    @api.model
    def _wx_set(self, partner, changes, source):
        """Record ``changes`` (``{(channel, purpose): granted}``) of
        ``partner`` that differ from the current state; return the new rows.
        Each change is an audited data-subject event. Callers check who may
        change whose consent."""
        current = self._wx_current(partner)
        values = [
            {
                "partner_id": partner.id,
                "channel": channel,
                "purpose": purpose,
                "granted": bool(granted),
                "source": source,
                "company_id": (partner.company_id or self.env.company).id,
            }
            for (channel, purpose), granted in changes.items()
            if current.get((channel, purpose)) != bool(granted)
        ]
        rows = self.sudo().create(values)
        Audit = self.env["wx.audit.event"]
        for row in rows:
            Audit._wx_record(
                "dsr",
                row,
                detail=f"consent {'granted' if row.granted else 'withdrawn'}:"
                f" {row.channel}/{row.purpose} via {source}",
            )
        return rows
