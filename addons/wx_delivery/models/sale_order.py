# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ("sale.order", "wx.customer.notify.mixin", "wx.delivery.risk.mixin")
    _wx_delivery_record_field = "order_id"
    _wx_delay_risk_depends = (
        "wx_delivery_record_ids.risk_score",
        "wx_delivery_record_ids.delivered_at",
    )

    wx_delivery_record_ids = fields.One2many(
        "wx.delivery.record",
        "order_id",
        groups="wx_delivery.group_wx_delivery_user",
    )

    def action_confirm(self):
        result = super().action_confirm()
        self.env["wx.delivery.record"]._wx_sync_pickings(self.picking_ids)
        return result

    def write(self, vals):
        result = super().write(vals)
        if {"commitment_date", "date_order"}.intersection(vals):
            Record = self.env["wx.delivery.record"].sudo()
            synced = Record.search([("order_id", "in", self.ids)]).picking_id
            if synced:
                Record._wx_sync_pickings(synced)
        return result

    def _wx_delivery_notify_customer(self):
        """The proactive delay message, through the suite's customer channel
        (wx_feedback's notify mixin: consent, queue, chatter): SMS to the
        customer's mobile, else email."""
        self.ensure_one()
        partner = self.partner_id
        number = self._wx_customer_mobile(partner)
        if number:
            return self._wx_queue_sms(
                self.env.ref("wx_delivery.sms_template_delay_warning"),
                number,
                partner=partner,
            )
        if partner.email:
            return self._wx_queue_email(
                self.env.ref("wx_delivery.mail_template_delay_warning"),
                self.env._("Delay warning emailed to the customer."),
                partner=partner,
            )
        return False
