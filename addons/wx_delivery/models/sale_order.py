# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

RISK_LEVELS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ("sale.order", "wx.customer.notify.mixin")

    wx_delivery_record_ids = fields.One2many(
        "wx.delivery.record",
        "order_id",
        groups="wx_delivery.group_wx_delivery_user",
    )
    wx_delay_risk = fields.Float(
        string="Delay Risk",
        compute="_compute_wx_delay_risk",
        digits=(3, 2),
        groups="wx_delivery.group_wx_delivery_user",
    )
    wx_delay_risk_level = fields.Selection(
        RISK_LEVELS,
        string="Delay Risk Level",
        compute="_compute_wx_delay_risk",
        groups="wx_delivery.group_wx_delivery_user",
    )
    wx_delay_risk_reasons = fields.Text(
        string="Delay Risk Reasons",
        compute="_compute_wx_delay_risk",
        groups="wx_delivery.group_wx_delivery_user",
    )

    @api.depends("wx_delivery_record_ids.risk_score")
    def _compute_wx_delay_risk(self):
        for order in self:
            scored = order.sudo().wx_delivery_record_ids.filtered(
                lambda r: r.risk_level and not r.delivered_at
            )
            top = max(scored, key=lambda r: r.risk_score, default=None)
            order.wx_delay_risk = top.risk_score if top else 0.0
            order.wx_delay_risk_level = top.risk_level if top else False
            order.wx_delay_risk_reasons = top.risk_reasons if top else False

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
