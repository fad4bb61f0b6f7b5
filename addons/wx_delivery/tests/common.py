# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.wx_feedback.tests.common import WxFeedbackCommon


class WxDeliveryCommon(WxFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.logistics = new_test_user(
            cls.env, login="wx-delivery-test-user", groups="wx_delivery.group_wx_delivery_user"
        )
        cls.logistics_manager = new_test_user(
            cls.env,
            login="wx-delivery-test-manager",
            groups="wx_delivery.group_wx_delivery_manager,stock.group_stock_manager",
        )
        cls.guangdong = cls.env.ref("base.state_cn_GD")
        cls.customer_a.write({"state_id": cls.guangdong.id, "city": "深圳市"})
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Test Cold Chain",
                "delivery_type": "fixed",
                "product_id": cls.env.ref("delivery.product_product_delivery").id,
            }
        )
        cls.fruit = cls.env["product.category"].create(
            {"name": "Berries (test)", "wx_perishable": True}
        )
        cls.berry = cls.env["product.product"].create(
            {
                "name": "Strawberry (test)",
                "type": "consu",
                "is_storable": True,
                "categ_id": cls.fruit.id,
                "uom_id": cls.env.ref("uom.product_uom_kgm").id,
            }
        )
        cls.apple = cls.env["product.product"].create(
            {
                "name": "Apple (test)",
                "type": "consu",
                "is_storable": True,
                "uom_id": cls.env.ref("uom.product_uom_kgm").id,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        for product in (cls.berry, cls.apple):
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.warehouse.lot_stock_id, 1000
            )

    @classmethod
    def _order(cls, commitment=datetime(2026, 6, 2, 2, 0), confirm=True):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer_a.id,
                "carrier_id": cls.carrier.id,
                "commitment_date": commitment,
                "order_line": [
                    Command.create({"product_id": cls.berry.id, "product_uom_qty": 30}),
                    Command.create({"product_id": cls.apple.id, "product_uom_qty": 90}),
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def _deliver(cls, picking, when):
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.button_validate()
        picking.date_done = when
