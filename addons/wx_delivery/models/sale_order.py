# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

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
