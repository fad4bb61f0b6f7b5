# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# a change of these fields changes the picking's delivery record
WX_DELIVERY_FIELDS = {
    "date_done",
    "scheduled_date",
    "carrier_id",
    "partner_id",
    "state",
    "picking_type_id",
}


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ("stock.picking", "wx.delivery.risk.mixin")
    _wx_delivery_record_field = "picking_id"
    _wx_delay_risk_depends = ("state",)

    def _action_done(self):
        result = super()._action_done()
        self.env["wx.delivery.record"]._wx_sync_pickings(self)
        return result

    def action_cancel(self):
        result = super().action_cancel()
        self.env["wx.delivery.record"]._wx_sync_pickings(self)
        return result

    def write(self, vals):
        result = super().write(vals)
        if WX_DELIVERY_FIELDS.intersection(vals) and not self.env.context.get(
            "wx_delivery_no_sync"
        ):
            Record = self.env["wx.delivery.record"].sudo()
            synced = Record.search([("picking_id", "in", self.ids)]).picking_id
            if synced:
                Record._wx_sync_pickings(synced)
        return result

    def _wx_delivery_values(self, kg):
        """Values of this picking's ``wx.delivery.record`` (see its docstring)."""
        self.ensure_one()
        order = self.sale_id
        address = self.partner_id or order.partner_shipping_id
        weight = perishable = 0.0
        moves = self.move_ids.filtered(lambda m: m.state != "cancel")
        for move in moves:
            uom = move.product_uom
            if kg and uom._has_common_reference(kg):
                move_kg = uom._compute_quantity(move.product_uom_qty, kg, round=False)
            else:
                move_kg = move.product_qty * move.product_id.weight
            weight += move_kg
            category = move.product_id.categ_id
            while category and not category.wx_perishable:
                category = category.parent_id
            if category:
                perishable += move_kg
        return {
            "order_id": order.id,
            "picking_id": self.id,
            "partner_id": order.partner_id.commercial_partner_id.id,
            "company_id": self.company_id.id,
            "state_id": address.state_id.id,
            "city": address.city or False,
            "warehouse_id": self.picking_type_id.warehouse_id.id,
            "carrier_id": self.carrier_id.id,
            "ordered_at": order.date_order,
            "promised_at": order.commitment_date or self.scheduled_date,
            "delivered_at": self.date_done if self.state == "done" else False,
            "weight_kg": round(weight, 3),
            "line_count": len(moves.product_id),
            "perishable_share": round(perishable / weight, 4) if weight else 0.0,
        }
