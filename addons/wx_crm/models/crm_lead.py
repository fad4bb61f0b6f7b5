# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL, plaintext2html

# set while one side of a win-back (alert or opportunity) follows the other:
# the follower's write must not come back
SYNC = "wx_crm_syncing"
CHURN_USER = "wx_churn.group_wx_churn_user"
RECOVERY_DAYS = 60
RISKS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ("crm.lead", "wx.customer.health.mixin")

    wx_winback = fields.Boolean(
        string="Win-back", readonly=True, copy=False, index=True
    )
    wx_churn_alert_ids = fields.One2many(
        "wx.churn.alert",
        "wx_opportunity_id",
        string="Churn Alerts",
        readonly=True,
        groups=CHURN_USER,
    )
    wx_coupon_id = fields.Many2one(
        "loyalty.card",
        string="Win-back Coupon",
        compute="_compute_wx_churn_links",
        groups=CHURN_USER,
    )
    wx_feedback_ids = fields.Many2many(
        "wx.feedback",
        string="Dissatisfied Feedback",
        compute="_compute_wx_churn_links",
        groups=CHURN_USER,
    )
    # the customer while this win-back is open: at most one per customer and
    # company (the unique index is the last guard, after the row lock)
    wx_winback_partner_id = fields.Many2one(
        "res.partner",
        compute="_compute_wx_winback_partner_id",
        store=True,
        index=True,
    )
    wx_tier_id = fields.Many2one(
        "wx.churn.tier",
        string="Customer Tier",
        compute="_compute_wx_health",
        store=True,
        help="The customer's tier when the opportunity was last refreshed.",
    )
    wx_churn_risk = fields.Selection(
        RISKS,
        string="Churn Risk",
        compute="_compute_wx_health",
        store=True,
        help="High: an open churn alert; medium: the latest feedback is"
        " dissatisfied or NPS is falling; low otherwise.",
    )
    wx_won_rate = fields.Float(
        string="Win Rate %",
        compute="_compute_wx_won_rate",
        store=True,
        aggregator="avg",
        help="100 for a won opportunity, 0 for a lost one: the average is the"
        " win rate.",
    )
    wx_recovered_amount = fields.Monetary(
        string="Revenue Recovered (60 days)",
        currency_field="company_currency",
        readonly=True,
        copy=False,
        help="A won win-back: the customer's confirmed sales (untaxed, company"
        " currency) in the 60 days after it was won; refreshed when an order"
        " is confirmed.",
    )

    _wx_winback_unique = models.UniqueIndex(
        "(wx_winback_partner_id, company_id) WHERE wx_winback_partner_id IS NOT NULL",
        "A customer has one open win-back opportunity per company.",
    )

    @api.depends("wx_winback", "active", "won_status", "partner_id")
    def _compute_wx_winback_partner_id(self):
        for lead in self:
            open_winback = lead.wx_winback and lead.active and lead.won_status != "won"
            lead.wx_winback_partner_id = (
                lead.partner_id.commercial_partner_id if open_winback else False
            )

    @api.depends("partner_id", "company_id", "wx_churn_alert_ids.state")
    def _compute_wx_health(self):
        for lead in self:
            customer = lead.partner_id.commercial_partner_id.sudo()
            if not customer:
                lead.wx_tier_id = lead.wx_churn_risk = False
                continue
            company = lead.company_id or self.env.company
            lead.wx_tier_id = customer._wx_tier(company)
            lead.wx_churn_risk = customer.with_company(company)._wx_churn_risk_level()

    @api.depends("won_status", "wx_winback")
    def _compute_wx_won_rate(self):
        for lead in self:
            lead.wx_won_rate = 100.0 if lead.won_status == "won" else 0.0

    @api.depends("wx_churn_alert_ids")
    def _compute_wx_churn_links(self):
        for lead in self:
            alerts = lead.wx_churn_alert_ids
            lead.wx_coupon_id = alerts.sorted("date")[-1:].coupon_id
            lead.wx_feedback_ids = alerts.feedback_ids

    # ------------------------------------------------------------------ ORM

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._wx_notify_vip_leader()
        return leads

    def write(self, vals):
        result = super().write(vals)
        if not self.env.context.get(SYNC) and {
            "stage_id",
            "active",
            "probability",
        } & set(vals):
            self.filtered("wx_winback")._wx_sync_alerts()
        return result

    # ------------------------------------------------------------------ win-back

    def _get_partner_email_update(self, force_void=True):
        """A win-back opportunity keeps no copy of the customer's e-mail (nor
        writes one back): the salesperson reaches the customer through the
        contact, and personal data stays in one place (PIPL, see README)."""
        return not self.wx_winback and super()._get_partner_email_update(force_void)

    def _get_partner_phone_update(self, force_void=True):
        """No copy of the customer's phone on a win-back opportunity either."""
        return not self.wx_winback and super()._get_partner_phone_update(force_void)

    @api.model
    def _wx_lock_customer(self, partner):
        """Serialize the win-backs of ``partner``: a row version of our own
        makes a concurrent transaction doing the same fail with a
        serialization error (retried by Odoo, it then finds our opportunity)."""
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET write_date = write_date WHERE id = %s",
                partner.id,
            )
        )

    @api.model
    def _wx_winback_stage(self, state, team):
        return (
            self.env["crm.stage"]
            .sudo()
            .search(
                [
                    ("wx_winback_state", "=", state),
                    "|",
                    ("team_ids", "=", False),
                    ("team_ids", "in", team.ids),
                ],
                order="sequence, id",
                limit=1,
            )
        )

    @api.model
    def _wx_winback_for_alert(self, alert):
        """The open win-back opportunity of the alert's customer in its
        company, created when there is none; the alert is linked to it."""
        alert = alert.sudo()
        partner, company = alert.partner_id, alert.company_id
        Lead = (
            self.sudo()
            .with_company(company)
            .with_context(lang=company._wx_lang(), **{SYNC: True})
        )
        self._wx_lock_customer(partner)
        lead = Lead.search(
            [
                ("wx_winback_partner_id", "=", partner.id),
                ("company_id", "=", company.id),
            ],
            limit=1,
        )
        summary = alert.with_context(lang=company._wx_lang())._wx_streak_summary()
        if lead:
            lead.message_post(
                body=plaintext2html(
                    Lead.env._("New churn alert %(alert)s:", alert=alert.name)
                    + "\n"
                    + summary
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        else:
            user = alert.user_id
            team = (
                self.env["crm.team"]
                .sudo()
                ._get_default_team_id(
                    user_id=user.id, domain=[("company_id", "in", [company.id, False])]
                )
            )
            tag = self.env.ref("wx_crm.crm_tag_winback", raise_if_not_found=False)
            ticket = alert.feedback_ids.ticket_id.sorted("id")[-1:]
            lead = Lead.create(
                {
                    "name": Lead.env._(
                        "Win-back: %(customer)s", customer=partner.display_name
                    ),
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "team_id": team.id,
                    "company_id": company.id,
                    "stage_id": self._wx_winback_stage("open", team).id,
                    "expected_revenue": self._wx_trailing_sales(partner, company),
                    "wx_winback": True,
                    "tag_ids": [Command.link(tag.id)] if tag else [],
                    "ticket_id": ticket.id,
                    "description": plaintext2html(summary),
                }
            )
        alert.with_context(**{SYNC: True}).write({"wx_opportunity_id": lead.id})
        return lead

    @api.model
    def _wx_trailing_sales(self, partner, company):
        """The customer's confirmed sales of the trailing 12 months in
        ``company`` (wx_churn's tier computation, live)."""
        rows = (
            self.env["res.partner"]
            .sudo()
            .with_company(company)
            ._wx_tier_rows(partner_ids=[partner.id])
        )
        return rows[0][1] if rows else 0.0

    def _wx_refresh_recovered(self):
        """Store the revenue recovered by these won win-backs: confirmed
        orders of the customer within RECOVERY_DAYS after the win."""
        Order = self.env["sale.order"].sudo()
        for lead in self.sudo():
            if lead.won_status != "won" or not lead.date_closed:
                continue
            orders = Order.search(
                [
                    (
                        "partner_id",
                        "child_of",
                        lead.partner_id.commercial_partner_id.id,
                    ),
                    ("company_id", "=", lead.company_id.id),
                    ("state", "=", "sale"),
                    ("date_order", ">=", lead.date_closed),
                    (
                        "date_order",
                        "<=",
                        lead.date_closed + timedelta(days=RECOVERY_DAYS),
                    ),
                ]
            )
            amount = sum(
                order.amount_untaxed / (order.currency_rate or 1.0) for order in orders
            )
            lead.with_context(**{SYNC: True}).wx_recovered_amount = amount

    def _wx_alert_target(self):
        """The churn alert state this opportunity means (None: no change)."""
        self.ensure_one()
        if self.won_status == "won":
            return "won_back"
        if self.won_status == "lost":
            return "lost"
        return self.stage_id.wx_winback_state or None

    def _wx_sync_alerts(self):
        """Bring the churn alerts of these win-back opportunities in step
        with their stage (the user's write passed the access checks)."""
        for lead in self.sudo().with_context(**{SYNC: True}):
            target = lead._wx_alert_target()
            alerts = lead.wx_churn_alert_ids.filtered(lambda a, t=target: a.state != t)
            if not target or not alerts:
                continue
            staff = lead.with_context(lang=lead.company_id._wx_lang())
            if target in ("won_back", "lost"):
                if target == "won_back":
                    lead._wx_refresh_recovered()
                    note = staff.env._(
                        "Won back: opportunity %(lead)s won.", lead=lead.name
                    )
                else:
                    note = staff.env._(
                        "Lost: %(reason)s",
                        reason=lead.lost_reason_id.name
                        or staff.env._("no reason given"),
                    )
                for alert in alerts:
                    if alert.state == "open":
                        alert.action_visited()
                    if not (alert.outcome_note or "").strip():
                        alert.outcome_note = note
                    if alert.state in ("won_back", "lost"):
                        alert.action_reopen()
                    alert._wx_close(target)
            elif target == "visited":
                alerts.filtered(lambda a: a.state == "open").action_visited()
                alerts.filtered(
                    lambda a: a.state in ("won_back", "lost")
                ).action_reopen()

    def _wx_follow_alert(self, alert):
        """Move this opportunity to the state of ``alert`` (alert side)."""
        lead = self.sudo().with_context(active_test=False, **{SYNC: True})
        if alert.state == "won_back" and lead.won_status != "won":
            lead.action_set_won()
            lead._wx_refresh_recovered()
        elif alert.state == "lost" and lead.won_status != "lost":
            reason = self.env.ref(
                "wx_crm.crm_lost_reason_churned", raise_if_not_found=False
            )
            lead.action_set_lost(lost_reason_id=reason.id if reason else False)
        elif alert.state == "visited":
            if not lead.active:
                lead.action_restore()
            stage = self._wx_winback_stage("visited", lead.team_id)
            if stage and (lead.stage_id != stage or lead.won_status == "won"):
                lead.write({"stage_id": stage.id})
        if alert.state in ("won_back", "lost") and alert.outcome_note:
            lead.message_post(
                body=plaintext2html(f"{alert.name}: {alert.outcome_note}"),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------ VIP care

    def _wx_notify_vip_leader(self):
        """A VIP customer's new opportunity: a to-do for the VIP team leader."""
        for lead in self.sudo().filtered(
            lambda l: l.type == "opportunity" and l.partner_id
        ):
            company = lead.company_id or self.env.company
            leader = company.wx_vip_team_id.user_id
            if not leader or not lead.partner_id._wx_is_vip(company):
                continue
            staff = lead.with_context(lang=company._wx_lang(recipient=leader))
            lead.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=staff.env._(
                    "VIP customer %(customer)s: new opportunity",
                    customer=lead.partner_id.commercial_partner_id.display_name,
                ),
                user_id=leader.id,
            )

    # ------------------------------------------------------------------ actions
