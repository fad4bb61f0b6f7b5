# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from datetime import datetime, timezone

import qrcode

from odoo import api, fields, models


class WxFeedbackLinkWizard(models.TransientModel):
    _name = "wx.feedback.link.wizard"
    _description = "Feedback Link and QR Code"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer Contact",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    commercial_partner_id = fields.Many2one(
        related="order_id.partner_id.commercial_partner_id"
    )
    url = fields.Char(string="Link", compute="_compute_link")
    qr_code = fields.Binary(string="QR Code", compute="_compute_link")
    expires_on = fields.Date(compute="_compute_link")

    @api.depends("order_id")
    def _compute_partner_id(self):
        for wizard in self:
            wizard.partner_id = wizard.order_id.partner_id

    @api.depends("order_id", "partner_id")
    def _compute_link(self):
        # the link is signed here: only for an order the user may read (sales
        # and multi-company rules), to a contact of the order's customer
        for wizard in self:
            order, partner = wizard.order_id, wizard.partner_id
            if (
                not order
                or not partner
                or not order.has_access("read")
                or partner.commercial_partner_id
                != order.sudo().partner_id.commercial_partner_id
            ):
                wizard.url = wizard.qr_code = wizard.expires_on = False
                continue
            path = wizard.order_id._wx_h5_path(wizard.partner_id)
            wizard.url = wizard.order_id.get_base_url() + path
            expires = int(path.split("/")[4])
            wizard.expires_on = datetime.fromtimestamp(expires, tz=timezone.utc).date()
            image = qrcode.make(wizard.url, box_size=6, border=2)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            wizard.qr_code = base64.b64encode(buffer.getvalue())
