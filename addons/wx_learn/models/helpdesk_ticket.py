# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import html2plaintext

from odoo.addons.wx_feedback.access import FEEDBACK_USER, check_rights

from .wx_learn_suggest_mixin import suggestion_field


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ("helpdesk.ticket", "wx.learn.suggest.mixin")

    _wx_learn_inverse = "ticket_id"
    wx_learn_suggestion_ids = suggestion_field("ticket_id")

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._wx_learn_suggest()
        return tickets

    def _wx_learn_text(self):
        return "\n".join(
            part for part in (self.name, html2plaintext(self.description or "")) if part
        )

    def _wx_learn_exclude(self):
        return tuple(
            self.env["wx.learn.case"].sudo().search([("ticket_id", "=", self.id)]).ids
        )

    def action_wx_learn_propose_case(self):
        """Propose this solved ticket as a case; a manager approves it."""
        check_rights(self, FEEDBACK_USER)
        self.ensure_one()
        self.env["wx.learn.case"].check_access("create")
        if not self.closed:
            raise UserError(self.env._("Only a solved ticket can become a case."))
        Case = self.env["wx.learn.case"]
        existing = Case.search([("ticket_id", "=", self.id)], limit=1)
        if existing:
            raise UserError(
                self.env._(
                    "This ticket is already the case %(case)s.", case=existing.name
                )
            )
        feedback = self.wx_feedback_id.sudo()
        customer = self.partner_id.commercial_partner_id
        replies = self.message_ids.filtered(
            lambda m: (
                m.message_type == "comment"
                and m.subtype_id == self.env.ref("mail.mt_comment")
                and not (customer and m.author_id.commercial_partner_id == customer)
            )
        ).sorted("id")
        images = (self.attachment_ids | feedback.attachment_ids).filtered(
            lambda a: (a.mimetype or "").startswith("image/")
        )
        case = Case.sudo().create(
            {
                "name": self.name,
                "problem": html2plaintext(self.description or "") or self.name,
                "solution": html2plaintext(replies[-1:].body or "")
                or self.env._("(to be written)"),
                "ticket_id": self.id,
                "company_id": self.company_id.id,
                "product_ids": [Command.set(feedback.product_ids.ids)],
                "category_id": feedback.category_ids[:1].id,
                "tag_ids": [Command.set(self.tag_ids.ids)],
                "attachment_ids": [
                    Command.set(
                        [a.copy({"res_model": False, "res_id": 0}).id for a in images]
                    )
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "wx.learn.case",
            "res_id": case.id,
            "view_mode": "form",
        }
