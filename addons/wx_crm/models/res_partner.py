# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain

from odoo.addons.wx_feedback.access import FEEDBACK_USER, STAFF, check_rights

TRENDS = [("up", "Rising"), ("stable", "Stable"), ("down", "Falling")]
TREND_DAYS = 90
# a change of the average smaller than this is no trend
TREND_MARGIN = {"nps": 0.5, "csat": 0.2}


def trend(recent, before, margin):
    """``up`` / ``down`` / ``stable`` comparing two lists of scores; False
    when either period has no score."""
    if not recent or not before:
        return False
    delta = sum(recent) / len(recent) - sum(before) / len(before)
    if delta > margin:
        return "up"
    if delta < -margin:
        return "down"
    return "stable"


class ResPartner(models.Model):
    _inherit = "res.partner"

    wx_open_feedback_count = fields.Integer(
        string="Open Feedback", compute="_compute_wx_health", groups=STAFF
    )
    wx_open_ticket_count = fields.Integer(
        string="Open Tickets", compute="_compute_wx_health", groups=STAFF
    )
    wx_last_dissatisfied_feedback_id = fields.Many2one(
        "wx.feedback",
        string="Last Dissatisfied Feedback",
        compute="_compute_wx_health",
        groups=STAFF,
    )
    wx_nps_trend = fields.Selection(
        TRENDS,
        string="NPS Trend",
        compute="_compute_wx_health",
        groups=STAFF,
        help="Average NPS of the last 90 days against the 90 days before.",
    )
    wx_csat_trend = fields.Selection(
        TRENDS,
        string="CSAT Trend",
        compute="_compute_wx_health",
        groups=STAFF,
        help="Average CSAT of the last 90 days against the 90 days before.",
    )
    wx_churn_risk = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        string="Churn Risk",
        compute="_compute_wx_health",
        groups=STAFF,
    )
    wx_winback_count = fields.Integer(
        string="Win-back Opportunities", compute="_compute_wx_health", groups=STAFF
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_wx_health(self):
        """Counts as the current user sees them (access rights and record
        rules: a salesperson counts what they may open)."""
        Feedback = self.env["wx.feedback"]
        Ticket = self.env["helpdesk.ticket"]
        Lead = self.env["crm.lead"]
        for partner in self:
            customer = partner.commercial_partner_id
            if not customer.id:
                partner.update(
                    {
                        "wx_open_feedback_count": 0,
                        "wx_open_ticket_count": 0,
                        "wx_last_dissatisfied_feedback_id": False,
                        "wx_nps_trend": False,
                        "wx_csat_trend": False,
                        "wx_churn_risk": False,
                        "wx_winback_count": 0,
                    }
                )
                continue
            mine = Domain("partner_id", "child_of", customer.id)
            feedback_ok = Feedback.has_access("read")
            partner.wx_open_feedback_count = (
                Feedback.search_count(
                    mine & Domain("state", "in", ["new", "in_progress"])
                )
                if feedback_ok
                else 0
            )
            partner.wx_last_dissatisfied_feedback_id = (
                Feedback.search(
                    mine & Feedback._wx_dissatisfied_domain(self.env.companies),
                    order="submitted_at desc, id desc",
                    limit=1,
                )
                if feedback_ok
                else False
            )
            partner.wx_open_ticket_count = (
                Ticket.search_count(mine & Domain("stage_id.closed", "=", False))
                if Ticket.has_access("read")
                else 0
            )
            partner.wx_winback_count = (
                Lead.search_count(
                    mine
                    & Domain("wx_winback", "=", True)
                    & Domain("type", "=", "opportunity")
                )
                if Lead.has_access("read")
                else 0
            )
            trends = customer.sudo()._wx_trends()
            partner.wx_nps_trend = trends["nps"]
            partner.wx_csat_trend = trends["csat"]
            partner.wx_churn_risk = customer.sudo()._wx_churn_risk_level()

    def _wx_trends(self):
        """``{"nps": trend, "csat": trend}`` of this customer in the current
        company (answered surveys of its contacts)."""
        self.ensure_one()
        now = fields.Datetime.now()
        middle = now - timedelta(days=TREND_DAYS)
        start = middle - timedelta(days=TREND_DAYS)
        surveys = self.env["wx.feedback.survey"].search_fetch(
            [
                ("feedback_id.partner_id", "child_of", self.id),
                ("company_id", "=", self.env.company.id),
                ("state", "=", "answered"),
                ("answered_at", ">=", start),
            ],
            ["answered_at", "nps", "csat"],
        )
        result = {}
        for key in ("nps", "csat"):
            recent = [
                s[key]
                for s in surveys
                if s[key] is not False and s.answered_at >= middle
            ]
            before = [
                s[key]
                for s in surveys
                if s[key] is not False and s.answered_at < middle
            ]
            result[key] = trend(recent, before, TREND_MARGIN[key])
        return result

    def _wx_churn_risk_level(self):
        """High: an open (or visited) churn alert in the current company;
        medium: the latest feedback is dissatisfied or NPS is falling; low
        otherwise."""
        self.ensure_one()
        company = self.env.company
        if self.env["wx.churn.alert"].search_count(
            [
                ("partner_id", "=", self.id),
                ("company_id", "=", company.id),
                ("state", "in", ["open", "visited"]),
            ],
            limit=1,
        ):
            return "high"
        latest = self.env["wx.feedback"].search(
            [("partner_id", "child_of", self.id), ("company_id", "=", company.id)],
            order="submitted_at desc, id desc",
            limit=1,
        )
        if (latest and latest._wx_dissatisfied()) or self._wx_trends()["nps"] == "down":
            return "medium"
        return "low"

    def _wx_log_tier_changes(self, before, reason, always=False):
        """Each tier change is also posted in the customer's chatter."""
        result = super()._wx_log_tier_changes(before, reason, always=always)
        for partner in self.sudo():
            old, new = before[partner.id], partner.wx_tier_id
            if old == new:
                continue
            staff = partner.with_context(lang=self.env.company._wx_lang())
            partner.message_post(
                body=staff.env._(
                    "Customer tier: %(old)s → %(new)s",
                    old=old.name or "-",
                    new=new.name or "-",
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        return result

    # ------------------------------------------------------------------ actions

    def action_wx_open_feedback(self):
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wx_feedback.wx_feedback_action"
        )
        action["domain"] = [
            ("partner_id", "child_of", self.commercial_partner_id.id),
            ("state", "in", ["new", "in_progress"]),
        ]
        action["context"] = {}
        return action

    def action_wx_open_tickets(self):
        check_rights(self, STAFF)
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_action"
        )
        action["domain"] = [
            ("partner_id", "child_of", self.commercial_partner_id.id),
            ("stage_id.closed", "=", False),
        ]
        action["context"] = {}
        return action

    def action_wx_winback_opportunities(self):
        check_rights(self, STAFF)
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wx_crm.crm_lead_winback_action"
        )
        action["domain"] = [
            ("partner_id", "child_of", self.commercial_partner_id.id),
            ("wx_winback", "=", True),
        ]
        return action
