# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields, models

from odoo.addons.wx_feedback.access import check_rights

SLA_MANAGER = "wx_sla.group_wx_sla_manager"

STATES = [("open", "Open"), ("done", "Done"), ("carried", "Carried Over")]


class WxSlaReviewAction(models.Model):
    """An action item decided in a weekly review. Open items carry over to
    the next review (the copy points to the item it continues, which is then
    marked carried over)."""

    _name = "wx.sla.review.action"
    _description = "Weekly Review Action Item"
    _order = "review_id, state desc, date_deadline, id"
    _check_company_auto = True

    review_id = fields.Many2one(
        "wx.sla.review", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    name = fields.Char(string="Action", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        check_company=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    date_deadline = fields.Date(
        string="Due Date",
        required=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=7),
    )
    state = fields.Selection(STATES, required=True, default="open")
    note = fields.Text()
    carried_from_id = fields.Many2one(
        "wx.sla.review.action",
        string="Carried Over From",
        ondelete="set null",
        index="btree_not_null",
        readonly=True,
        check_company=True,
        help="The item of an earlier review this one continues.",
    )

    def action_mark_done(self):
        check_rights(self, SLA_MANAGER, "write")
        self.filtered(lambda a: a.state == "open").state = "done"
        return True

    def action_reopen(self):
        check_rights(self, SLA_MANAGER, "write")
        self.filtered(lambda a: a.state == "done").state = "open"
        return True

    def unlink(self):
        self.check_access("unlink")
        # an item carried over again becomes the open one when its copy goes
        self.carried_from_id.filtered(
            lambda a: a.state == "carried"
        ).sudo().state = "open"
        return super().unlink()
