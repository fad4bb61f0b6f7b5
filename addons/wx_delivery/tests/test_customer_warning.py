# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The proactive message to the customer of a delivery at high risk: SMS to
the stored mobile (else email), in the customer's language, once."""

from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import tagged

from odoo.addons.wx_feedback.tests.concurrency import CommittedThreadsCase

from .common import WxDeliveryCommon, activate_model


def _sms_of(env, order):
    return env["sms.sms"].search(
        [
            ("mail_message_id.model", "=", "sale.order"),
            ("mail_message_id.res_id", "=", order.id),
        ]
    )


def _mails_of(env, order):
    """The emails of ``order`` to its customer (not the To-Do's notice)."""
    return env["mail.mail"].search(
        [
            ("model", "=", "sale.order"),
            ("res_id", "=", order.id),
            ("recipient_ids", "in", order.partner_id.ids),
        ]
    )


@tagged("post_install", "-at_install")
class TestCustomerWarning(WxDeliveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("zh_CN", "es_ES"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            ["wx_delivery"], ["zh_CN", "es_ES"]
        )
        activate_model(cls.env, cls.env.company, cls.carrier.name, cls.warehouse.name)
        cls.env.company.write(
            {
                "wx_delivery_leader_id": cls.logistics_manager.id,
                "wx_delivery_medium": 0.01,
                "wx_delivery_high": 0.02,  # every open delivery is at high risk
                "wx_delivery_notify_customer": True,
            }
        )
        cls.customer_a.phone = "13905910318"
        cls.Record = cls.env["wx.delivery.record"]

    def _customer(self, **values):
        return self.env["res.partner"].create(
            {
                "name": "Frutas Test",
                "is_company": True,
                "state_id": self.guangdong.id,
                "city": "深圳市",
                **values,
            }
        )

    def _score(self):
        return self.Record._wx_score_open(self.env.company)

    def test_sms_in_the_customer_language_once(self):
        order = self._order(commitment=datetime.now() + timedelta(days=2))
        self._score()
        record = self.Record.search([("order_id", "=", order.id)])
        self.assertEqual(record.risk_level, "high")
        self.assertTrue(record.customer_notified_at)
        sms = _sms_of(self.env, order)
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, "+8613905910318")
        self.assertIn(order.name, sms.body)
        self.assertIn("可能晚于承诺时间送达", sms.body)  # zh_CN, the customer's
        # a second run (the hourly cron) does not text again
        self._score()
        self.assertEqual(len(_sms_of(self.env, order)), 1)

    def test_spanish_customer_gets_spanish(self):
        customer = self._customer(lang="es_ES", phone="13800138000")
        order = self._order(
            commitment=datetime.now() + timedelta(days=2), customer=customer
        )
        self._score()
        sms = _sms_of(self.env, order)
        self.assertEqual(len(sms), 1)
        self.assertIn("llegar más tarde de lo prometido", sms.body)

    def test_no_language_gets_the_default_one(self):
        customer = self._customer(lang=False, phone="13800138000")
        order = self._order(
            commitment=datetime.now() + timedelta(days=2), customer=customer
        )
        self._score()
        sms = _sms_of(self.env, order)
        self.assertEqual(len(sms), 1)
        self.assertIn("may arrive later than promised", sms.body)

    def test_no_phone_no_language_gets_an_email(self):
        customer = self._customer(lang=False, email="compras@frutas.example.com")
        order = self._order(
            commitment=datetime.now() + timedelta(days=2), customer=customer
        )
        self._score()
        self.assertFalse(_sms_of(self.env, order))
        mail = _mails_of(self.env, order)
        self.assertEqual(len(mail), 1)
        self.assertIn(order.name, mail.subject)
        record = self.Record.search([("order_id", "=", order.id)])
        self.assertTrue(record.customer_notified_at)

    def test_no_phone_no_email_is_warned_without_a_message(self):
        customer = self._customer(lang=False)
        order = self._order(
            commitment=datetime.now() + timedelta(days=2), customer=customer
        )
        self._score()
        record = self.Record.search([("order_id", "=", order.id)])
        self.assertTrue(record.warned_at, "the team is warned all the same")
        self.assertFalse(record.customer_notified_at)
        self.assertFalse(_sms_of(self.env, order) or _mails_of(self.env, order))

    def test_switched_off_sends_nothing(self):
        self.env.company.wx_delivery_notify_customer = False
        order = self._order(commitment=datetime.now() + timedelta(days=2))
        self._score()
        record = self.Record.search([("order_id", "=", order.id)])
        self.assertTrue(record.warned_at)
        self.assertFalse(record.customer_notified_at)
        self.assertFalse(_sms_of(self.env, order))

    def test_past_promise_is_not_messaged(self):
        order = self._order(commitment=datetime.now() - timedelta(hours=1))
        self._score()
        record = self.Record.search([("order_id", "=", order.id)])
        self.assertEqual(record.risk_level, "high")
        self.assertFalse(record.warned_at)
        self.assertFalse(_sms_of(self.env, order))


@tagged("post_install", "-at_install")
class TestConcurrentWarning(CommittedThreadsCase):
    """Two scoring runs at once (the hourly cron and a user's Score Now, or
    two workers): one To-Do and one SMS per delivery, no error."""

    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            company = env.company
            self.settings = {
                name: company[name]
                for name in (
                    "wx_delivery_leader_id",
                    "wx_delivery_medium",
                    "wx_delivery_high",
                    "wx_delivery_notify_customer",
                )
            }
            leader = env.ref("base.user_admin")
            company.write(
                {
                    "wx_delivery_leader_id": leader.id,
                    "wx_delivery_medium": 0.01,
                    "wx_delivery_high": 0.02,
                    "wx_delivery_notify_customer": True,
                }
            )
            customer = env["res.partner"].create(
                {
                    "name": "Concurrency fruit shop (test)",
                    "is_company": True,
                    "phone": "13905910318",
                    "city": "深圳市",
                    "state_id": env.ref("base.state_cn_GD").id,
                }
            )
            carrier = env["delivery.carrier"].create(
                {
                    "name": "Concurrency carrier (test)",
                    "delivery_type": "fixed",
                    "product_id": env.ref("delivery.product_product_delivery").id,
                }
            )
            product = env["product.product"].create(
                {"name": "Concurrency lychee (test)", "type": "consu"}
            )
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            previous = env["wx.delivery.model"].search(
                [("company_id", "=", company.id), ("state", "=", "active")]
            )
            previous.state = "retired"
            model = activate_model(env, company, carrier.name, warehouse.name)
            order = env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "carrier_id": carrier.id,
                    "warehouse_id": warehouse.id,
                    "commitment_date": datetime.now() + timedelta(days=2),
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 5})
                    ],
                }
            )
            order.action_confirm()
            self.ids = {
                "leader": leader.id,
                "customer": customer.id,
                "carrier": carrier.id,
                "product": product.id,
                "model": model.id,
                "previous": previous.ids,
                "order": order.id,
            }
        self.addCleanup(self.cleanup)

    def cleanup(self):
        with self.committed_env() as env:
            order = env["sale.order"].browse(self.ids["order"])
            messages = env["mail.message"].search(
                [("model", "=", "sale.order"), ("res_id", "=", order.id)]
            )
            env["sms.sms"].search([("mail_message_id", "in", messages.ids)]).unlink()
            order.activity_ids.unlink()
            order._action_cancel()
            order.picking_ids.unlink()
            order.unlink()
            messages.exists().unlink()
            env["wx.delivery.model"].browse(self.ids["model"]).unlink()
            env["wx.delivery.model"].browse(self.ids["previous"]).state = "active"
            env.company.write(self.settings)
            env["delivery.carrier"].browse(self.ids["carrier"]).unlink()
            env["product.product"].browse(self.ids["product"]).unlink()
            env["res.partner"].browse(self.ids["customer"]).unlink()

    def test_two_runs_warn_once(self):
        def snapshot(env):
            env["wx.delivery.record"].search_count([])

        with self.committed_env() as env:
            ids = (
                env["wx.delivery.record"]
                .search([("order_id", "=", self.ids["order"])])
                .ids
            )
        self.assertEqual(len(ids), 1)

        def submit(env, _index):
            # this test's delivery only (the database's others stay as they are)
            return env["wx.delivery.record"]._wx_score_open(env.company, ids=ids)

        results, errors = self.race(2, submit, snapshot)
        self.assertFalse(errors)
        with self.committed_env() as env:
            order = env["sale.order"].browse(self.ids["order"])
            record = env["wx.delivery.record"].search([("order_id", "=", order.id)])
            self.assertEqual(record.risk_level, "high")
            self.assertTrue(record.warned_at and record.customer_notified_at)
            self.assertEqual(len(_sms_of(env, order)), 1)
            self.assertEqual(
                len(
                    order.activity_ids.filtered(
                        lambda a: a.user_id.id == self.ids["leader"]
                    )
                ),
                1,
            )
        # the delivery was scored by exactly one of the two runs
        self.assertEqual(sorted(results), [0, 1])
