# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import WxLearnCommon

BROWSER = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
    " (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40"
)


@tagged("post_install", "-at_install")
class TestFormsHttp(WxLearnCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # every order of this experiment sees B: stars first, photo prompt
        cls.experiment = cls.make_experiment(start=False)
        control = cls.experiment.variant_ids.filtered("is_control")
        control.traffic = 1
        cls.experiment.variant_ids.filtered(lambda v: not v.is_control).traffic = 10**6
        cls.experiment.action_start()
        cls.order = cls.delivered_order(cls.customer_a)
        cls.link = cls.order._wx_h5_path(cls.contact_a)

    def beacon(self):
        return self.env["wx.learn.experiment"]._wx_form_values(
            self.order, self.contact_a, "h5"
        )["beacon"]

    def post(self, url, agent=BROWSER):
        return self.url_open(url, data={"seen": "1"}, headers={"User-Agent": agent})

    def exposures(self):
        return self.env["wx.learn.exposure"].search(
            [("experiment_id", "=", self.experiment.id)]
        )

    def test_h5_page_renders_the_variant_and_never_writes(self):
        html = self.url_open(self.link).text
        self.assertIn("wxf-ab-two_step", html)
        self.assertIn("wxf-next", html)
        self.assertIn("wxf-ab-photo", html)  # the photo prompt
        self.assertIn(self.beacon(), html)
        self.assertFalse(self.exposures())  # opening the page writes nothing

    def test_the_beacon_counts_one_exposure_per_order(self):
        url = self.beacon()
        self.assertEqual(self.post(url).status_code, 204)
        self.assertEqual(self.post(url).status_code, 204)  # opened again
        self.assertEqual(len(self.exposures()), 1)
        # then the customer submits on the page: a conversion
        response = self.url_open(
            self.link, data={"rating": "2", "description": "芒果烂了"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.exposures().feedback_id)

    def test_robots_do_not_count(self):
        for agent in ("", "Googlebot/2.1", "python-requests/2.31"):
            with self.subTest(agent=agent):
                self.assertEqual(self.post(self.beacon(), agent).status_code, 204)
        self.assertFalse(self.exposures())

    def test_bad_beacons_are_refused_clearly(self):
        good = self.beacon()
        parts = good.split("/")
        forged = "/".join(parts[:-1] + ["0" * 64])
        other_order = "/".join(parts[:4] + [str(self.order.id + 10**6)] + parts[5:])
        cases = {
            forged: 403,
            other_order: 403,  # the token signs the order
            "/wx_learn/exposure/0/1/1/abc": 400,
            f"/wx_learn/exposure/{10**8}/1/1/abc": 403,
        }
        for url, status in cases.items():
            with self.subTest(url=url):
                self.assertEqual(self.post(url).status_code, status)
        self.assertEqual(self.url_open(good).status_code, 405)  # GET
        self.experiment.action_stop()
        self.assertEqual(self.post(good).status_code, 409)
        self.assertFalse(self.exposures())

    def test_order_page_form_uses_the_same_template_with_switches(self):
        self.experiment.action_stop()
        other = self.make_experiment(surface="order_page", start=False)
        other.variant_ids.filtered("is_control").traffic = 1
        other.variant_ids.filtered(lambda v: not v.is_control).write(
            {"traffic": 10**6, "short_form": True}
        )
        other.action_start()
        self.authenticate(self.portal_a.login, self.portal_a.login)
        html = self.url_open(f"/my/orders/{self.order.id}/feedback").text
        self.assertIn("wxf-ab-short_form", html)
        self.assertNotIn('name="phone"', html)  # the short form has no phone
        self.assertIn(f"/wx_learn/exposure/{other.id}/{self.order.id}/", html)
        # another customer's order: not found, nothing rendered
        self.authenticate(self.portal_b.login, self.portal_b.login)
        response = self.url_open(f"/my/orders/{self.order.id}/feedback")
        self.assertEqual(response.status_code, 404)
