# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import WxDeliveryCommon


@tagged("post_install", "-at_install")
class TestDeliveryRecord(WxDeliveryCommon):
    def test_confirmed_order_gets_an_open_row(self):
        order = self._order()
        record = self.env["wx.delivery.record"].search([("order_id", "=", order.id)])
        self.assertEqual(len(record), 1)
        self.assertEqual(record.picking_id, order.picking_ids)
        self.assertEqual(record.region, "广东省/深圳市")
        self.assertEqual(record.state_id, self.guangdong)
        self.assertEqual(record.carrier_id, self.carrier)
        self.assertEqual(record.warehouse_id, self.warehouse)
        self.assertEqual(record.promised_at, datetime(2026, 6, 2, 2, 0))
        self.assertFalse(record.delivered_at)
        self.assertFalse(record.is_late)
        self.assertEqual(record.weight_kg, 120)
        self.assertEqual(record.line_count, 2)
        self.assertAlmostEqual(record.perishable_share, 0.25)

    def test_validation_records_the_outcome(self):
        order = self._order()
        self._deliver(order.picking_ids, datetime(2026, 6, 2, 3, 15))
        record = self.env["wx.delivery.record"].search([("order_id", "=", order.id)])
        self.assertEqual(record.delivered_at, datetime(2026, 6, 2, 3, 15))
        self.assertTrue(record.is_late)
        self.assertEqual(record.lateness_minutes, 75)
        order.picking_ids.date_done = datetime(2026, 6, 2, 1, 0)
        self.assertFalse(record.is_late)
        self.assertEqual(record.lateness_minutes, 0)

    def test_promise_without_commitment_is_the_first_schedule(self):
        order = self._order(commitment=False)
        record = self.env["wx.delivery.record"].search([("order_id", "=", order.id)])
        promised = record.promised_at
        self.assertEqual(promised, order.picking_ids.scheduled_date)
        order.picking_ids.scheduled_date = datetime(2030, 1, 1)
        self.assertEqual(record.promised_at, promised, "a reschedule keeps the promise")

    def test_cancelled_delivery_leaves_the_history(self):
        order = self._order()
        order.picking_ids.action_cancel()
        self.assertFalse(
            self.env["wx.delivery.record"].search([("order_id", "=", order.id)])
        )

    def test_access(self):
        order = self._order()
        Record = self.env["wx.delivery.record"]
        self.assertTrue(
            Record.with_user(self.logistics).search([("order_id", "=", order.id)])
        )
        with self.assertRaises(AccessError):
            Record.with_user(self.internal).search([])
        with self.assertRaises(AccessError):
            Record.with_user(self.logistics).search(
                [("order_id", "=", order.id)]
            ).write({"city": "x"})

    def test_demo_history(self):
        """18+ months of history from the demo loader, with open orders."""
        Record = self.env["wx.delivery.record"]
        if not Record.search_count([("order_id", "=", False)], limit=1):
            self.skipTest("installed without demo data")
        first = Record.search([], order="promised_at asc", limit=1).promised_at
        last = Record.search(
            [("delivered_at", "!=", False)], order="promised_at desc", limit=1
        )
        self.assertGreaterEqual((last.promised_at - first).days, 548)
        self.assertGreater(Record.search_count([("is_late", "=", True)]), 1000)
        open_records = Record.search(
            [("order_id", "!=", False), ("delivered_at", "=", False)]
        )
        self.assertGreaterEqual(len(open_records), 20)
        # three demo warehouses: the history, the orders and their
        # deliveries vary by warehouse
        names = {"上海仓", "深圳仓", "福州仓"}
        by_warehouse = dict(
            Record._read_group(
                [("warehouse_id.name", "in", list(names))],
                ["warehouse_id"],
                ["__count"],
            )
        )
        self.assertEqual({w.name for w in by_warehouse}, names)
        self.assertTrue(all(count > 1000 for count in by_warehouse.values()))
        demo_orders = self.env["ir.model.data"].search(
            [("module", "=", "wx_delivery"), ("model", "=", "sale.order")]
        )
        orders = self.env["sale.order"].browse(demo_orders.mapped("res_id"))
        self.assertGreaterEqual(len(orders), 20)
        self.assertEqual(set(orders.warehouse_id.mapped("name")), names)
        self.assertEqual(
            set(orders.picking_ids.picking_type_id.warehouse_id.mapped("name")), names
        )
        # their deliveries have XML ids too (removed with wx_delivery)
        demo_pickings = self.env["ir.model.data"].search(
            [("module", "=", "wx_delivery"), ("model", "=", "stock.picking")]
        )
        self.assertEqual(
            set(demo_pickings.mapped("res_id")), set(orders.picking_ids.ids)
        )
        # the weather of the open days, for their regions
        weather = self.env["wx.delivery.weather"].search_count(
            [("region", "in", orders.wx_delivery_record_ids.mapped("region"))]
        )
        self.assertGreater(weather, len(orders))
