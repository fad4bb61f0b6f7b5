# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json
import re
import zipfile

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..tools import personal_data as pd_tools
from .test_data_request import DataRequestCommon

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestPortalData(DataRequestCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # pages rendered in English: the tests read stable markers and English
        cls.contact_a.lang = "en_US"

    def login(self, login="wx-test-portal-a"):
        self.authenticate(login, login)

    def token(self):
        page = self.url_open("/my/data")
        self.assertEqual(page.status_code, 200)
        return CSRF.search(page.text)[1]

    def post(self, url, data=None, token=True):
        fields = dict(data or {})
        if token:
            fields["csrf_token"] = self.token()
        return self.url_open(url, data=fields, allow_redirects=False)

    def test_the_page_shows_my_data_only_and_is_linked_from_home(self):
        self.feedback()
        self.feedback(self.stranger, text="别人的反馈")
        self.login()
        home = self.url_open("/my/home")
        self.assertIn('href="/my/data"', home.text)
        page = self.url_open("/my/data")
        self.assertEqual(page.status_code, 200)
        self.assertIn("zhou@yonghui.example.com", page.text)
        self.assertIn('class="o_wx_count_feedback">1<', page.text)
        self.assertNotIn("li@example.com", page.text)
        self.assertEqual(page.headers["Cache-Control"], "no-store")

    def test_public_user_is_sent_to_login(self):
        page = self.url_open("/my/data", allow_redirects=False)
        self.assertIn(page.status_code, (302, 303))
        self.assertIn("/web/login", page.headers["Location"])
        response = self.url_open(
            "/my/data/export", data={"csrf_token": "x"}, allow_redirects=False
        )
        self.assertLess(response.status_code, 500)
        self.assertFalse(self.env["wx.data.request"].search_count([]))

    @mute_logger("odoo.http")
    def test_posts_need_the_csrf_token(self):
        self.login()
        for url in ("/my/data/export", "/my/data/erase", "/my/data/consent"):
            response = self.post(url, {"confirm": "1"}, token=False)
            self.assertEqual(response.status_code, 400, url)
        self.assertFalse(self.env["wx.data.request"].search_count([]))
        self.assertFalse(self.env["wx.consent"].search_count([]))
        page = self.url_open("/my/data/export")  # GET is not a route to export
        self.assertGreaterEqual(page.status_code, 400)
        self.assertLess(page.status_code, 500)

    def test_download_my_export(self):
        feedback = self.feedback()
        self.feedback(self.stranger, text="别人的反馈")
        self.login()
        response = self.post("/my/data/export")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        document = json.loads(archive.read(pd_tools.JSON_NAME))
        self.assertEqual([f["id"] for f in document["feedback"]], feedback.ids)
        self.assertNotIn("别人的反馈", json.dumps(document, ensure_ascii=False))
        photo = feedback.attachment_ids
        self.assertIn(
            pd_tools.attachment_path(photo.id, photo.name), archive.namelist()
        )
        request = self.env["wx.data.request"].search([])
        self.assertRecordValues(
            request,
            [
                {
                    "partner_id": self.contact_a.id,
                    "request_type": "access",
                    "channel": "portal",
                    "state": "done",
                    "requested_by_id": self.portal_a.id,
                    "export_attachment_id": False,
                }
            ],
        )
        events = self.env["wx.audit.event"].search(
            [("res_model", "=", "wx.data.request"), ("res_id", "=", request.id)]
        )
        self.assertEqual(sorted(events.mapped("event_type")), ["dsr", "dsr", "export"])
        self.assertEqual(events.user_id, self.portal_a)

    def test_erasure_needs_confirmation_and_is_a_request_for_staff(self):
        feedback = self.feedback()
        self.login()
        response = self.post("/my/data/erase")
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_wx_error", response.text)
        self.assertFalse(self.env["wx.data.request"].search_count([]))
        response = self.post("/my/data/erase", {"confirm": "1"})
        self.assertEqual(response.status_code, 303)
        self.post("/my/data/erase", {"confirm": "1"})  # a double click
        request = self.env["wx.data.request"].search([])
        self.assertRecordValues(
            request,
            [{"request_type": "erasure", "channel": "portal", "state": "received"}],
        )
        self.assertEqual(feedback.description, "芒果烂了，送晚了", "staff erase it")
        page = self.url_open("/my/data")
        self.assertIn("o_wx_erasure_open", page.text)
        self.assertIn(request.name, page.text)

    def test_staff_cannot_request_erasure_here(self):
        self.login("wx-test-manager")
        response = self.post("/my/data/erase", {"confirm": "1"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.env["wx.data.request"].search_count([]))

    def test_consent_toggles(self):
        self.login()
        page = self.url_open("/my/data")
        self.assertIn('name="consent_sms_survey"', page.text)
        response = self.post(
            "/my/data/consent",
            {"consent_email_survey": "1", "consent_email_marketing": "1"},
        )
        self.assertEqual(response.status_code, 303)
        Consent = self.env["wx.consent"]
        self.assertFalse(Consent._wx_allows(self.contact_a, "sms", "survey"))
        self.assertFalse(Consent._wx_allows(self.contact_a, "sms", "marketing"))
        self.assertTrue(Consent._wx_allows(self.contact_a, "email", "survey"))
        rows = Consent.search([("partner_id", "=", self.contact_a.id)])
        self.assertEqual(set(rows.mapped("source")), {"portal"})
        self.assertEqual(len(rows), 2)
        request = self.env["wx.data.request"].search([])
        self.assertRecordValues(
            request, [{"request_type": "consent", "state": "done", "channel": "portal"}]
        )
        page = self.url_open("/my/data")
        self.assertNotIn('name="consent_sms_survey" value="1" checked', page.text)

    def test_the_page_is_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.portal_a.lang = "zh_CN"
        self.login()
        page = self.url_open("/my/data")
        self.assertEqual(page.status_code, 200)
        self.assertIn('"bundle_params": {"lang": "zh_CN"}', page.text)
