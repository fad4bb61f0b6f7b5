# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..access import FEEDBACK_MANAGER, STAFF, check_rights


class ResPartner(models.Model):
    _inherit = "res.partner"

    wx_erased_at = fields.Datetime(
        string="Personal Data Erased On",
        readonly=True,
        copy=False,
        groups=STAFF,
        help="The person's personal data was erased on request: the suite sends"
        " them nothing more and keeps only what the law obliges.",
    )

    def action_wx_export_personal_data(self):
        """Record an access request of this contact handled now by the
        manager, and download its export ZIP."""
        check_rights(self, FEEDBACK_MANAGER)
        self.ensure_one()
        request = self.env["wx.data.request"].create(
            {"partner_id": self.id, "request_type": "access", "channel": "backend"}
        )
        return request.action_execute()

    def action_wx_data_requests(self):
        """The data-subject requests about this contact."""
        check_rights(self, FEEDBACK_MANAGER)
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "wx_feedback.wx_data_request_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
