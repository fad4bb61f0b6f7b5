# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import WxFeedbackCommon


@tagged("post_install", "-at_install")
class TestSurveyHttp(WxFeedbackCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_a.lang = "es_ES"
        order = cls.delivered_order(cls.customer_a)
        cls.feedback = cls.env["wx.feedback"].create(
            {"partner_id": cls.contact_a.id, "order_id": order.id, "rating": 2}
        )
        cls.feedback.ticket_id.stage_id = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_done"
        )
        cls.survey = cls.feedback.survey_ids
        cls.survey._send()
        cls.url = f"/fb/survey/{cls.survey.id}/{cls.survey._token()}"

    def test_show_answer_and_update(self):
        page = self.url_open(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="nps"', page.text)
        self.assertIn('<html lang="es-ES"', page.text)
        self.assertEqual(self.survey.state, "sent", "GET never writes")
        response = self.url_open(
            self.url, data={"nps": "9", "csat": "4", "comment": "ok"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual((self.survey.state, self.survey.nps), ("answered", 9))
        again = self.url_open(
            self.url, data={"nps": "5", "csat": "2", "comment": "<b>no</b>"}
        )
        self.assertEqual(again.status_code, 200)
        self.assertEqual((self.survey.nps, self.survey.csat), (5, 2))
        self.assertNotIn("<b>no</b>", self.url_open(self.url).text)

    def test_bad_answers_are_refused(self):
        for data in (
            {"nps": "11", "csat": "4"},
            {"nps": "x", "csat": "4"},
            {"nps": "5", "csat": "0"},
            {"nps": "5", "csat": "4", "comment": "x" * 1001},
        ):
            with self.subTest(data=str(data)[:30]):
                response = self.url_open(self.url, data=data)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(self.survey.state, "sent")

    def test_forged_reused_and_expired_links(self):
        other_order = self.delivered_order(self.customer_b)
        other = self.env["wx.feedback"].create(
            {"partner_id": self.customer_b.id, "order_id": other_order.id, "rating": 1}
        )
        other.ticket_id.stage_id = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_done"
        )
        other.survey_ids._send()
        forged = f"/fb/survey/{self.survey.id}/{'0' * 64}"
        swapped = f"/fb/survey/{other.survey_ids.id}/{self.survey._token()}"
        for url in (forged, swapped, f"/fb/survey/999999/{self.survey._token()}"):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 403)
                self.assertEqual(
                    self.url_open(url, data={"nps": "1", "csat": "1"}).status_code, 403
                )
        self.survey.expires_at = fields.Datetime.now() - timedelta(minutes=1)
        url = f"/fb/survey/{self.survey.id}/{self.survey._token()}"
        self.assertEqual(self.url_open(url).status_code, 410)
        self.assertEqual(
            self.url_open(url, data={"nps": "1", "csat": "1"}).status_code, 410
        )
        self.assertEqual(self.survey.state, "sent")

    def test_malformed_links_answer_a_clear_page(self):
        for url in (
            f"/fb/survey/{self.survey.id}/%C3%A9",
            f"/fb/survey/{self.survey.id}/{'%C3%A9' * 32}",
            "/fb/survey/99999999999/abc",
            f"/fb/survey/{self.survey.id}/{self.survey._token()[:-1]}",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 403)
                self.assertIn("not valid", response.text)
                self.assertEqual(response.headers["Cache-Control"], "no-store")

    def test_survey_page_is_private(self):
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Cache-Control"], "no-store")
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        self.assertIn(
            "frame-ancestors 'none'", response.headers["Content-Security-Policy"]
        )
