# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.wx_feedback.access import FEEDBACK_USER, check_rights


class WxLearnSuggestion(models.Model):
    """A similar approved case shown on a ticket or a feedback, and what the
    staff made of it (applied, helpful or not): kept for later tuning."""

    _name = "wx.learn.suggestion"
    _description = "Similar Case Suggestion"
    _order = "rank, id"

    case_id = fields.Many2one(
        "wx.learn.case", required=True, ondelete="cascade", index=True, readonly=True
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", ondelete="cascade", index=True, readonly=True
    )
    feedback_id = fields.Many2one(
        "wx.feedback", ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    case_title = fields.Char(related="case_id.name", string="Case Title")
    case_solution = fields.Text(related="case_id.solution", string="Solution")
    rank = fields.Integer(readonly=True)
    score = fields.Float(readonly=True, digits=(4, 3))
    shared_terms = fields.Char(readonly=True, help="Words the texts share.")
    mark = fields.Selection(
        [("helpful", "Helpful"), ("not_helpful", "Not helpful")], readonly=True
    )
    marked_by_id = fields.Many2one("res.users", readonly=True)
    marked_at = fields.Datetime(readonly=True)
    applied_at = fields.Datetime(readonly=True)

    _one_target = models.Constraint(
        "CHECK((ticket_id IS NULL) <> (feedback_id IS NULL))",
        "A suggestion belongs to one ticket or one feedback.",
    )

    def _target(self):
        self.ensure_one()
        return self.ticket_id or self.feedback_id

    def _wx_mark(self, mark):
        check_rights(self, FEEDBACK_USER)
        for suggestion in self:
            suggestion._target().check_access("write")
        self.sudo().write(
            {
                "mark": mark,
                "marked_by_id": self.env.uid,
                "marked_at": fields.Datetime.now(),
            }
        )
        return True

    def action_mark_helpful(self):
        return self._wx_mark("helpful")

    def action_mark_not_helpful(self):
        return self._wx_mark("not_helpful")

    def action_apply(self):
        """Open the reply composer of the ticket / feedback with the case's
        solution as the draft: staff edit it and send it, or discard it."""
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        target = self._target()
        target.check_access("write")
        case = self.case_id
        if case.state != "approved":
            raise UserError(self.env._("This case is no longer approved."))
        self.sudo().applied_at = fields.Datetime.now()
        body = Markup("<p>%s</p>") % case.solution
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reply"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": target._name,
                "default_res_ids": target.ids,
                "default_composition_mode": "comment",
                "default_message_type": "comment",
                "default_subtype_xmlid": "mail.mt_comment",
                "default_body": body,
            },
        }
