# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError

from .common import WxFeedbackCommon


class TestAuditEvent(WxFeedbackCommon):
    def test_record_stores_who_what_and_result(self):
        Event = self.env["wx.audit.event"].with_user(self.user_logistics)
        event = Event._wx_record(
            "reveal", self.contact_a, detail="phone 139****0318", result="fail"
        )
        self.assertRecordValues(
            event,
            [
                {
                    "event_type": "reveal",
                    "user_id": self.user_logistics.id,
                    "res_model": "res.partner",
                    "res_id": self.contact_a.id,
                    "result": "fail",
                    "detail": "phone 139****0318",
                }
            ],
        )

    def test_several_records_are_listed_in_the_detail(self):
        partners = self.contact_a | self.customer_b
        event = self.env["wx.audit.event"]._wx_record("export", partners, detail="csv")
        self.assertFalse(event.res_id)
        self.assertIn(f"[2: {self.contact_a.id},{self.customer_b.id}]", event.detail)

    def test_nobody_edits_or_deletes_events(self):
        event = self.env["wx.audit.event"]._wx_record("login")
        for user in (self.manager, self.user_logistics, self.portal):
            with self.assertRaises(AccessError):
                event.with_user(user).write({"result": "fail"})
            with self.assertRaises(AccessError):
                event.with_user(user).unlink()
        with self.assertRaises(AccessError):
            self.env["wx.audit.event"].with_user(self.manager).create(
                {"event_type": "login"}
            )
        self.assertEqual(event.with_user(self.manager).event_type, "login")
        with self.assertRaises(AccessError):
            event.with_user(self.user_logistics).read(["event_type"])
