# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..tools import abtest
from .common import WxLearnCommon


@tagged("post_install", "-at_install")
class TestExperiment(WxLearnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.experiment = cls.make_experiment()
        cls.control, cls.variant_b = cls.experiment._arms()
        cls.orders = [cls.delivered_order(cls.customer_a) for _i in range(4)]

    def expose(self, order, experiment=None):
        return self.env["wx.learn.exposure"]._wx_record(
            experiment or self.experiment, order, self.customer_a
        )

    def test_assignment_is_sticky_and_the_hash_of_key_and_order(self):
        variants = self.experiment.variant_ids.sorted("id")
        for order in self.orders:
            variant = self.experiment._wx_variant_for(order)
            self.assertEqual(variant, self.experiment._wx_variant_for(order))
            index = abtest.assign(self.experiment.key, order.id, [50, 50])
            self.assertEqual(variant, variants[index])
            values = self.env["wx.learn.experiment"]._wx_form_values(
                order, self.contact_a, "h5"
            )
            self.assertEqual(values["two_step"], variant.two_step)
            self.assertIn(f"/wx_learn/exposure/{self.experiment.id}/", values["beacon"])

    def test_an_order_is_exposed_once_and_its_first_submission_converts(self):
        order = self.orders[0]
        self.assertTrue(self.expose(order))
        self.assertFalse(self.expose(order))  # a second open
        exposures = self.experiment.exposure_ids
        self.assertEqual(len(exposures), 1)
        self.assertEqual(exposures.variant_id, self.experiment._wx_variant_for(order))
        Feedback = self.env["wx.feedback"]
        values, cleaned = Feedback._check_submission(
            {"rating": "2", "description": "芒果烂了"}, [], order.company_id
        )
        result = Feedback._submit(self.contact_a, order, values, cleaned, "h5")
        exposures.invalidate_recordset()
        self.assertEqual(exposures.feedback_id.id, result.id)
        self.assertTrue(exposures.submitted_at)
        variant = exposures.variant_id
        self.assertEqual((variant.exposure_count, variant.submitted_count), (1, 1))
        # an order-page submission does not convert an H5 exposure of another order
        Feedback._submit(self.contact_a, self.orders[1], values, cleaned, "order_page")
        self.assertFalse(
            self.experiment.exposure_ids.filtered(
                lambda e: e.order_id == self.orders[1]
            )
        )

    def test_declaration_and_split_are_frozen_once_started(self):
        with self.assertRaises(UserError):
            self.experiment.alpha = 0.1
        with self.assertRaises(UserError):
            self.experiment.key = "other"
        with self.assertRaises(UserError):
            self.variant_b.traffic = 90
        with self.assertRaises(UserError):
            self.variant_b.unlink()

    def test_one_running_experiment_per_form(self):
        with self.assertRaises(UserError), self.cr.savepoint():
            self.make_experiment()
        other = self.make_experiment(surface="order_page")
        self.assertEqual(other.state, "running")

    def test_start_needs_a_control_and_two_variants(self):
        draft = self.make_experiment(surface="order_page", start=False)
        draft.variant_ids.is_control = False
        with self.assertRaises(UserError):
            draft.action_start()

    def test_no_winner_yet_then_promotion_in_one_click(self):
        self.assertEqual(self.experiment.decision, abtest.NO_WINNER_YET)
        with self.assertRaises(UserError):
            self.experiment.action_promote()
        self.assertIn("No winner yet", self.experiment.report_html)
        # 100 exposures each (the horizon): A converts 20, B 60
        self.fake_results(self.control, 100, 20)
        self.fake_results(self.variant_b, 100, 60)
        self.experiment.invalidate_recordset()
        self.assertEqual(self.experiment.decision, abtest.WINNER)
        self.assertEqual(self.experiment.winner_id, self.variant_b)
        self.assertIn("Winner", self.experiment.report_html)
        self.experiment.with_user(self.manager).action_promote()
        self.assertEqual(self.experiment.state, "promoted")
        self.assertEqual(self.env.company.wx_learn_h5_variant_id, self.variant_b)
        # the promoted switches are the H5 default now, with no beacon
        values = self.env["wx.learn.experiment"]._wx_form_values(
            self.orders[0], self.contact_a, "h5"
        )
        self.assertTrue(values["two_step"] and values["photo_prompt"])
        self.assertNotIn("beacon", values)

    def fake_results(self, variant, exposures, submitted):
        """Exposure rows as the beacon and submissions would leave them."""
        feedback = self.env["wx.feedback"].create(
            {"partner_id": self.contact_a.id, "rating": 4, "description": "好"}
        )
        orders = self.env["sale.order"].create(
            [{"partner_id": self.customer_a.id} for _i in range(exposures)]
        )
        self.env["wx.learn.exposure"].create(
            [
                {
                    "experiment_id": variant.experiment_id.id,
                    "variant_id": variant.id,
                    "order_id": order.id,
                    "exposed_at": "2026-01-01 10:00:00",
                    "feedback_id": feedback.id if n < submitted else False,
                    "submitted_at": "2026-01-01 10:02:00" if n < submitted else False,
                }
                for n, order in enumerate(orders)
            ]
        )

    def test_wrong_users_are_refused(self):
        for user in (self.user_logistics, self.internal, self.portal_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.experiment.with_user(user).action_stop()
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.experiment.with_user(user).action_promote()
        with self.assertRaises(AccessError):
            self.make_experiment(surface="order_page", start=False).with_user(
                self.user_logistics
            ).action_start()
        self.assertEqual(self.experiment.state, "running")
