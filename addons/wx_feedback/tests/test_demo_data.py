# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo database must look like the fruit-wholesale business."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo_data = cls.env["ir.model.data"].search(
            [("module", "=", "wx_feedback"), ("name", "=like", "%_demo")]
        )

    def setUp(self):
        super().setUp()
        if not self.demo_data:
            self.skipTest("wx_feedback installed without demo data")

    def demo_records(self, model):
        ids = self.demo_data.filtered(lambda d: d.model == model).mapped("res_id")
        return self.env[model].browse(ids)

    def test_customers(self):
        partners = self.demo_records("res.partner")
        companies = partners.filtered("is_company")
        self.assertGreaterEqual(len(companies), 30)
        self.assertGreaterEqual(len(companies.state_id), 8, "several provinces")
        self.assertGreaterEqual(len(set(companies.mapped("city"))), 10, "many cities")
        kinds = set(companies.mapped("comment"))
        self.assertTrue(
            {"超市", "水果店", "餐厅", "食堂"} <= {k and k.striptags() for k in kinds}
        )
        contacts = partners - companies
        self.assertTrue(all(c.parent_id in companies for c in contacts))
        self.assertTrue(all(c.phone and c.phone.startswith("+86") for c in contacts))

    def test_products(self):
        products = self.demo_records("product.product")
        self.assertEqual(len(products), 25)
        fruit = self.env.ref("wx_feedback.product_category_fruit_demo")
        self.assertEqual(len(products.categ_id), 6)
        self.assertEqual(products.categ_id.parent_id, fruit)
        self.assertEqual(products.uom_id, self.env.ref("uom.product_uom_kgm"))

    def test_orders_delivered_over_a_year(self):
        orders = self.demo_records("sale.order")
        self.assertEqual(len(orders), 300)
        self.assertEqual(set(orders.mapped("state")), {"sale"})
        pickings = orders.picking_ids
        self.assertEqual(len(pickings), 300)
        self.assertEqual(set(pickings.mapped("state")), {"done"})
        self.assertTrue(
            all(
                line.qty_delivered == line.product_uom_qty for line in orders.order_line
            )
        )
        now = fields.Datetime.now()
        oldest = min(orders.mapped("date_order"))
        self.assertLess(oldest, now - relativedelta(months=11))
        self.assertGreater(oldest, now - relativedelta(months=12, days=2))
        self.assertGreaterEqual(
            len({d.strftime("%Y-%m") for d in orders.mapped("date_order")}), 12
        )
        late = orders.filtered(lambda o: o.picking_ids.date_done > o.commitment_date)
        self.assertTrue(0.05 * len(orders) < len(late) < 0.3 * len(orders), len(late))

    def test_customer_scale_spread(self):
        orders = self.demo_records("sale.order")
        totals = {}
        for order in orders:
            totals[order.partner_id] = (
                totals.get(order.partner_id, 0.0) + order.amount_untaxed
            )
        self.assertGreaterEqual(len(totals), 28, "nearly every customer ordered")
        self.assertGreaterEqual(len([t for t in totals.values() if t >= 1_000_000]), 2)
        self.assertGreaterEqual(
            len([t for t in totals.values() if 200_000 <= t < 1_000_000]), 3
        )

    def test_teams_and_users(self):
        teams = self.demo_records("helpdesk.ticket.team")
        self.assertEqual(set(teams.mapped("name")), {"物流组", "采购组", "客服组"})
        self.assertTrue(
            all(team.user_id and team.user_id in team.user_ids for team in teams)
        )
        users = self.demo_records("res.users")
        by_login = {u.login: u for u in users}
        self.assertTrue(
            by_login["wx_manager"].has_group("wx_feedback.group_wx_feedback_manager")
        )
        for login in ("wx_logistics", "wx_purchasing", "wx_service", "wx_vip"):
            self.assertTrue(
                by_login[login].has_group("wx_feedback.group_wx_feedback_user")
            )
            self.assertFalse(
                by_login[login].has_group("wx_feedback.group_wx_feedback_manager")
            )
        for login in ("wx_portal", "wx_portal2"):
            self.assertTrue(by_login[login]._is_portal())
            self.assertTrue(by_login[login].partner_id.parent_id.is_company)

    def test_feedback_and_the_closed_loop(self):
        feedbacks = self.demo_records("wx.feedback")
        self.assertGreaterEqual(len(feedbacks), 200)
        self.assertEqual(
            set(feedbacks.mapped("channel")),
            {"order_page", "h5", "api", "staff", "email"},
        )
        self.assertEqual(
            set(feedbacks.mapped("state")), {"new", "in_progress", "resolved", "closed"}
        )
        self.assertEqual(set(feedbacks.mapped("lang")), {"zh_CN", "en_US", "es_ES"})
        self.assertGreaterEqual(len(feedbacks.filtered("attachment_ids")), 20)
        tickets = feedbacks.ticket_id
        self.assertGreaterEqual(len(tickets), 60)
        positive = feedbacks.filtered(
            lambda f: (
                min(
                    r
                    for r in (
                        f.rating,
                        f.rating_delivery,
                        f.rating_freshness,
                        f.rating_service,
                    )
                    if r
                )
                >= 4
            )
        )
        self.assertTrue(positive)
        self.assertFalse(positive.ticket_id, "positive feedback opens no ticket")
        self.assertTrue(
            tickets.filtered(lambda t: t.stage_id.wx_feedback_state == "resolved")
        )
        self.assertEqual(len(tickets.team_id), 3)
        answered = feedbacks.survey_ids.filtered(lambda s: s.state == "answered")
        self.assertGreaterEqual(len(answered), 25)
        ((nps, count),) = self.env["wx.feedback.survey"]._read_group(
            [("id", "in", answered.ids)], aggregates=["nps_points:avg", "__count"]
        )
        self.assertEqual(count, len(answered))
        self.assertTrue(-100 <= nps <= 100)
