# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, format_amount

from odoo.addons.wx_feedback.access import check_rights

KINDS = [
    ("order", "Order"),
    ("feedback", "Feedback"),
    ("ticket", "Ticket"),
    ("survey", "Survey"),
    ("alert", "Churn Alert"),
]
# each source gets its own id space: id * 8 + offset is stable and unique
ID_OFFSETS = {"order": 1, "feedback": 2, "ticket": 3, "survey": 4, "alert": 5}
KIND_MODELS = {
    "order": "sale.order",
    "feedback": "wx.feedback",
    "ticket": "helpdesk.ticket",
    "survey": "wx.feedback.survey",
    "alert": "wx.churn.alert",
}
SOURCES = (
    "sale.order",
    "res.partner",
    "wx.feedback",
    "helpdesk.ticket",
    "helpdesk.ticket.stage",
    "wx.feedback.survey",
    "wx.churn.alert",
)


class WxChurnTimeline(models.Model):
    """Everything that happened with a customer, newest first: confirmed
    orders, feedback, tickets, surveys and churn alerts (a database view).

    A row is visible only when its document is: the access rights and record
    rules of the order, feedback, ticket, survey or alert apply to its row
    (:meth:`_search` and :meth:`_check_access`), so the timeline shows a user
    nothing the sales, feedback, helpdesk and alert rules hide."""

    _name = "wx.churn.timeline"
    _description = "Customer Timeline"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "reference"

    date = fields.Datetime(readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    reference = fields.Char(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Integer(string="Document", readonly=True)
    amount = fields.Float(readonly=True, help="Untaxed amount of an order.")
    score = fields.Integer(
        readonly=True, help="Stars of a feedback, NPS answer of a survey."
    )
    status = fields.Char(readonly=True)
    summary = fields.Char(compute="_compute_summary")

    def _compute_summary(self):
        currency = self.env.company.currency_id
        alert_states = dict(
            self.env["wx.churn.alert"]._fields["state"]._description_selection(self.env)
        )
        for line in self:
            if line.kind == "order":
                line.summary = self.env._(
                    "Order of %(amount)s",
                    amount=format_amount(self.env, line.amount, currency),
                )
            elif line.kind == "feedback":
                line.summary = "★" * line.score + "☆" * (5 - line.score)
            elif line.kind == "survey":
                line.summary = self.env._("NPS %(nps)s", nps=line.score)
            elif line.kind == "alert":
                line.summary = alert_states.get(line.status, line.status or "")
            else:
                line.summary = line.status or ""

    @api.model
    def _search(self, domain, *args, bypass_access=False, **kwargs):
        # the view reads these tables directly: write pending changes first
        for model in SOURCES:
            self.env[model].flush_model()
        if not (self.env.su or bypass_access):
            domain = Domain(domain) & self._wx_readable_domain()
        return super()._search(domain, *args, bypass_access=bypass_access, **kwargs)

    @api.model
    def _wx_readable_domain(self):
        """The rows whose document the current user may read: per kind, the
        ids its model's ``_search`` returns (access rights and record rules
        applied); no row of a model the user has no access to."""
        readable = []
        for kind, model_name in KIND_MODELS.items():
            Model = self.env[model_name].with_context(active_test=False)
            if not Model.has_access("read"):
                continue
            readable.append(
                Domain("kind", "=", kind) & Domain("res_id", "any!", Model._search([]))
            )
        return Domain.OR(readable)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or self.env.su or not any(self._ids):
            return result
        visible = self.browse(
            self.with_context(active_test=False)
            ._search([("id", "in", self.ids)])
            .get_result_ids()
        )
        forbidden = self - visible
        if forbidden:
            return forbidden, lambda: self.env["ir.rule"]._make_access_error(
                operation, forbidden
            )
        return None

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT so.id * 8 + %(order)s AS id, so.date_order AS date,
                   'order' AS kind, so.name AS reference,
                   customer.commercial_partner_id AS partner_id,
                   so.company_id, 'sale.order' AS res_model, so.id AS res_id,
                   so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)
                       AS amount,
                   0 AS score, so.state AS status
              FROM sale_order so
              JOIN res_partner customer ON customer.id = so.partner_id
             WHERE so.state = 'sale'
            UNION ALL
            SELECT fb.id * 8 + %(feedback)s, fb.submitted_at, 'feedback', fb.name,
                   fb.commercial_partner_id, fb.company_id, 'wx.feedback', fb.id,
                   0, fb.rating, fb.state
              FROM wx_feedback fb
            UNION ALL
            SELECT ticket.id * 8 + %(ticket)s, ticket.create_date, 'ticket',
                   COALESCE(ticket.number, '') || ' ' || ticket.name,
                   customer.commercial_partner_id, ticket.company_id,
                   'helpdesk.ticket', ticket.id, 0, 0,
                   COALESCE(stage.name->>%(lang)s, stage.name->>'en_US', '')
              FROM helpdesk_ticket ticket
              JOIN res_partner customer ON customer.id = ticket.partner_id
         LEFT JOIN helpdesk_ticket_stage stage ON stage.id = ticket.stage_id
            UNION ALL
            SELECT survey.id * 8 + %(survey)s,
                   COALESCE(survey.answered_at, survey.sent_at), 'survey',
                   fb.name, survey.commercial_partner_id, survey.company_id,
                   'wx.feedback.survey', survey.id, 0, survey.nps, survey.state
              FROM wx_feedback_survey survey
              JOIN wx_feedback fb ON fb.id = survey.feedback_id
             WHERE survey.state IN ('sent', 'answered', 'expired')
            UNION ALL
            SELECT alert.id * 8 + %(alert)s, alert.date, 'alert', alert.name,
                   alert.partner_id, alert.company_id, 'wx.churn.alert', alert.id,
                   alert.coupon_amount, 0, alert.state
              FROM wx_churn_alert alert
            """,
            lang=self.env.lang or "en_US",
            **ID_OFFSETS,
        )

    def action_open_document(self):
        check_rights(self, "wx_churn.group_wx_churn_user")
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id)
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
