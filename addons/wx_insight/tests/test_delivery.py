# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged
from odoo.tools import SQL

from .common import WxInsightCommon, utc


@tagged("post_install", "-at_install")
class TestInsightDelivery(WxInsightCommon):
    """March: in 福州 D1 early, D2 one minute late, D4 exactly on the
    promised minute (carrier 1 but D2, carrier 2); in 深圳 D3 two hours late
    (carrier 1), on the order of F1, whose delivery is rated 2 stars.
    February: D5 in 福州 thirty minutes late."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        product = env["product.product"].create({"name": "Delivery", "type": "service"})
        Carrier = env["delivery.carrier"]
        cls.carrier_1 = Carrier.create(
            {"name": "顺丰冷运 (test)", "product_id": product.id}
        )
        cls.carrier_2 = Carrier.create(
            {"name": "京东冷链 (test)", "product_id": product.id}
        )
        rows = [
            (
                "D1",
                cls.fujian,
                "福州市",
                cls.carrier_1,
                "2026-03-10 10:00",
                "2026-03-10 09:50",
                cls.o2,
            ),
            (
                "D2",
                cls.fujian,
                "福州市",
                cls.carrier_2,
                "2026-03-10 10:00",
                "2026-03-10 10:01",
                False,
            ),
            (
                "D3",
                cls.guangdong,
                "深圳市",
                cls.carrier_1,
                "2026-03-10 10:00",
                "2026-03-10 12:00",
                cls.o1,
            ),
            (
                "D4",
                cls.fujian,
                "福州市",
                cls.carrier_1,
                "2026-03-11 10:00",
                "2026-03-11 10:00",
                False,
            ),
            (
                "D5",
                cls.fujian,
                "福州市",
                cls.carrier_1,
                "2026-02-10 10:00",
                "2026-02-10 10:30",
                False,
            ),
        ]
        cls.deliveries = env["wx.delivery.record"].create(
            [
                {
                    "company_id": cls.company.id,
                    "partner_id": cls.customer.id,
                    "order_id": order and order.id,
                    "state_id": state.id,
                    "city": city,
                    "warehouse_id": cls.warehouse.id,
                    "carrier_id": carrier.id,
                    "promised_at": utc(promised),
                    "delivered_at": utc(delivered),
                }
                for _name, state, city, carrier, promised, delivered, order in rows
            ]
        )
        env.flush_all()
        env.cr.execute(
            SQL("UPDATE wx_feedback SET rating_delivery = 2 WHERE id = %s", cls.f1.id)
        )
        env.invalidate_all()
        cls.refresh()
        cls.board = cls.dashboard(user=cls.insight_manager)

    def test_lateness_by_the_minute(self):
        _d1, d2, _d3, d4, _d5 = self.deliveries
        self.assertEqual((d2.is_late, d2.lateness_minutes), (True, 1))
        self.assertFalse(d4.is_late)  # delivered at the promised minute

    def test_on_time_per_region(self):
        lines = self.lines(self.board, "ontime_region")
        fuzhou = (
            lines["福建省/福州市"]
            if "福建省/福州市" in lines
            else lines[next(k for k in lines if k.endswith("福州市"))]
        )
        # 3 delivered, D2 late by 1 minute: 66.67 %; February 0 %
        self.assertEqual((fuzhou.total, fuzhou.hits), (3, 1))
        self.assertAlmostEqual(fuzhou.value, 200 / 3, places=2)
        self.assertEqual((fuzhou.value2, fuzhou.value3), (1, 1))
        self.assertEqual(fuzhou.previous, 0.0)
        shenzhen = lines[next(k for k in lines if k.endswith("深圳市"))]
        self.assertEqual((shenzhen.total, shenzhen.hits, shenzhen.value), (1, 1, 0.0))
        self.assertEqual((shenzhen.value2, shenzhen.value3), (120, 120))
        self.assertEqual(shenzhen.value4, 1)  # F1 rated the delivery 2 stars

    def test_on_time_per_carrier_and_kpi(self):
        lines = self.lines(self.board, "ontime_carrier")
        first = lines[self.carrier_1.display_name]
        self.assertEqual((first.total, first.hits), (3, 1))
        self.assertEqual((first.value2, first.value3), (120, 120))
        second = lines[self.carrier_2.display_name]
        self.assertEqual((second.total, second.hits, second.value3), (1, 1, 1))
        warehouse = self.lines(self.board, "ontime_warehouse")[
            self.warehouse.display_name
        ]
        self.assertEqual((warehouse.total, warehouse.hits), (4, 2))
        kpi = self.board.kpi_line_ids.filtered(lambda x: x.code == "ontime")
        self.assertEqual((kpi.value, kpi.previous, kpi.change), (50.0, 0.0, 50.0))
        self.assertEqual(self.board.kpi_ontime, "50.0%")
        self.assertEqual(self.board.kpi_ontime_change, "+50.0%")

    def test_region_filter_and_drill_down(self):
        board = self.dashboard(user=self.insight_manager, state_id=self.fujian.id)
        self.assertEqual(len(board.ontime_region_line_ids), 1)
        line = board.ontime_region_line_ids
        action = line.with_user(self.insight_manager).action_open_records()
        self.assertEqual(action["res_model"], "wx.delivery.record")
        found = (
            self.env["wx.delivery.record"]
            .with_user(self.insight_manager)
            .search(action["domain"])
        )
        self.assertEqual(
            found, self.deliveries[0] | self.deliveries[1] | self.deliveries[3]
        )

    def test_summary_rows_are_sums_of_the_facts(self):
        """The delivery table's rolled-up and month rows (both grains) sum
        its finest day rows, as every other table's."""
        delivery = self.env["wx.insight.delivery.day"].search(
            [("company_id", "=", self.company.id), ("grain", "=", "month")]
        )
        self.assertTrue(delivery)
        self.assertGreater(self.assertSummaryRows(), len(delivery))
