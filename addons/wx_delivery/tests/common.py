# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import date, datetime

from odoo.tests import new_test_user

from odoo.addons.wx_feedback.tests.common import WxFeedbackCommon

from ..tools import learn
from ..tools.generator import generate

_TRAINED = {}


def generated_rows(seed=3):
    """A short generated history (150 days, 5 deliveries a day)."""
    return generate(seed=seed, end=date(2026, 5, 31), days=150, per_day=5, open_days=0)


def activate_model(env, company, carrier, warehouse):
    """An active risk model of ``company`` trained on a generated history
    whose deliveries all went by ``carrier`` from ``warehouse`` (names);
    trained once per process."""
    key = (carrier, warehouse)
    if key not in _TRAINED:
        rows = [dict(r, carrier=carrier, warehouse=warehouse) for r in generated_rows()]
        model = learn.train(rows, env["wx.delivery.model"]._wx_calendar())
        _TRAINED[key] = json.dumps(model.to_dict())
    return env["wx.delivery.model"].create(
        {
            "name": "test",
            "state": "active",
            "company_id": company.id,
            "params": _TRAINED[key],
        }
    )


class WxDeliveryCommon(WxFeedbackCommon):
    """WxFeedbackCommon's users, customers and orders, plus: delivery users,
    a carrier, a perishable and a plain product (kg) in stock, and orders
    promised at a time (``_order``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.logistics = new_test_user(
            cls.env,
            login="wx-delivery-test-user",
            groups="wx_delivery.group_wx_delivery_user",
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
        kg = cls.env.ref("uom.product_uom_kgm")
        cls.fruit = cls.env["product.category"].create(
            {"name": "Berries (test)", "wx_perishable": True}
        )
        Product = cls.env["product.product"]
        cls.berry = Product.create(
            {
                "name": "Strawberry (test)",
                "type": "consu",
                "is_storable": True,
                "categ_id": cls.fruit.id,
                "uom_id": kg.id,
            }
        )
        cls.apple = Product.create(
            {
                "name": "Apple (test)",
                "type": "consu",
                "is_storable": True,
                "uom_id": kg.id,
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
    def _order(cls, commitment=datetime(2026, 6, 2, 2, 0), customer=None):
        """A confirmed order (30 kg berries, 90 kg apples) by the test
        carrier, promised at ``commitment`` (UTC; False: none)."""
        return cls.delivered_order(
            customer or cls.customer_a,
            deliver=False,
            lines=[(cls.berry, 30), (cls.apple, 90)],
            carrier_id=cls.carrier.id,
            commitment_date=commitment,
            warehouse_id=cls.warehouse.id,
        )

    @classmethod
    def _deliver(cls, picking, when):
        cls.deliver_pickings(picking)
        picking.date_done = when
