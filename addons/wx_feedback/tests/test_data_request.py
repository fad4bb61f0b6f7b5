# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json
import zipfile
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..tools import personal_data as pd_tools
from .common import WxFeedbackCommon, jpeg_bytes


class DataRequestCommon(WxFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_a.write(
            {
                "email": "zhou@yonghui.example.com",
                "street": "福州路 1 号",
                "lang": "zh_CN",
            }
        )
        cls.stranger = cls.env["res.partner"].create(
            {
                "name": "李四",
                "parent_id": cls.customer_b.id,
                "phone": "13800138000",
                "email": "li@example.com",
            }
        )

    def feedback(self, partner=None, rating=2, text="芒果烂了，送晚了", photo=True):
        partner = partner or self.contact_a
        feedback = (
            self.env["wx.feedback"]
            .with_context(wx_feedback_no_auto_reply=True)
            .create(
                {
                    "partner_id": partner.id,
                    "rating": rating,
                    "rating_delivery": 1,
                    "category_ids": [(6, 0, self.categories["delivery"].ids)],
                    "description": text,
                    "phone": "+8613905910318"
                    if partner == self.contact_a
                    else "+8613800138000",
                }
            )
        )
        if photo:
            from ..tools.uploads import check_uploads

            feedback._attach(check_uploads([("box.jpg", jpeg_bytes())]))
        return feedback

    def tracked(self, record):
        """``record`` with change tracking on (the test base turns it off);
        the pending tracking (of its creation) is done first, as at a commit:
        a record's creation and changes in one transaction are not tracked."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        return record.with_context(tracking_disable=False, mail_notrack=False)

    def tracking(self, record):
        """Every tracked value (old and new, as text) of ``record``."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        values = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", record._name),
                ("mail_message_id.res_id", "=", record.id),
            ]
        )
        return [
            value
            for name in (
                "old_value_char",
                "new_value_char",
                "old_value_text",
                "new_value_text",
            )
            for value in values.mapped(name)
            if value
        ]

    def export(self, partner):
        payload = self.env["wx.personal.data"]._wx_export_zip(partner)
        archive = zipfile.ZipFile(io.BytesIO(payload))
        return json.loads(archive.read(pd_tools.JSON_NAME)), archive


@tagged("post_install", "-at_install")
class TestDataRequest(DataRequestCommon):
    def test_request_records_who_when_and_is_audited(self):
        Request = self.env["wx.data.request"].with_user(self.manager)
        request = Request.create(
            {"partner_id": self.contact_a.id, "request_type": "correction"}
        )
        self.assertTrue(request.name.startswith("DSR"))
        self.assertEqual(request.requested_by_id, self.manager)
        self.assertEqual(request.state, "received")
        request.action_execute()
        self.assertRecordValues(
            request, [{"state": "done", "handled_by_id": self.manager.id}]
        )
        self.assertTrue(request.handled_at)
        events = self.env["wx.audit.event"].search(
            [("res_model", "=", "wx.data.request"), ("res_id", "=", request.id)],
            order="id",
        )
        self.assertEqual(events.mapped("event_type"), ["dsr", "dsr"])
        self.assertIn("received", events[0].detail)
        self.assertIn("done", events[1].detail)
        self.assertNotIn("周采购", " ".join(events.mapped("detail")))
        with self.assertRaises(UserError):
            request.action_execute()  # handled once

    def test_a_refusal_states_its_reasons(self):
        request = (
            self.env["wx.data.request"]
            .with_user(self.manager)
            .create({"partner_id": self.contact_a.id, "request_type": "erasure"})
        )
        with self.assertRaises(UserError):
            request.action_refuse()
        with self.assertRaises(ValidationError):
            request.sudo().write({"state": "refused"})
        request.refusal_reason = "An invoice dispute is open (Art. 47: legal claim)."
        request.action_refuse()
        self.assertEqual(request.state, "refused")
        event = self.env["wx.audit.event"].search(
            [("res_model", "=", "wx.data.request"), ("res_id", "=", request.id)],
            limit=1,
        )
        self.assertIn("refused", event.detail)

    def test_only_managers_handle_requests(self):
        request = self.env["wx.data.request"].create(
            {"partner_id": self.contact_a.id, "request_type": "access"}
        )
        for user in (self.user_logistics, self.internal, self.portal_a):
            with self.assertRaises(AccessError):
                request.with_user(user).action_execute()
            with self.assertRaises(AccessError):
                self.contact_a.with_user(user).action_wx_export_personal_data()
        self.assertEqual(request.state, "received")

    def test_backend_export_from_the_partner(self):
        self.feedback()
        action = self.contact_a.with_user(self.manager).action_wx_export_personal_data()
        request = self.env["wx.data.request"].search(
            [("partner_id", "=", self.contact_a.id)]
        )
        self.assertRecordValues(
            request, [{"request_type": "access", "channel": "backend", "state": "done"}]
        )
        self.assertEqual(
            action["url"],
            f"/web/content/{request.export_attachment_id.id}?download=true",
        )
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        self.assertIn(pd_tools.JSON_NAME, archive.namelist())
        self.assertTrue(
            self.env["wx.audit.event"].search_count(
                [("event_type", "=", "export"), ("res_id", "=", request.id)]
            )
        )
        # the same through the contact's Action menu (managers only)
        server_action = self.env.ref(
            "wx_feedback.res_partner_action_wx_export_personal_data"
        )
        result = (
            server_action.with_user(self.manager)
            .with_context(active_model="res.partner", active_id=self.contact_a.id)
            .run()
        )
        self.assertEqual(result["type"], "ir.actions.act_url")
        with self.assertRaises(AccessError):
            server_action.with_user(self.user_logistics).with_context(
                active_model="res.partner", active_id=self.contact_a.id
            ).run()
        # the stored copy goes after a month; the request stays
        with freeze_time(fields.Datetime.now() + timedelta(days=31)):
            self.env["wx.data.request"]._gc_export_files()
        self.assertFalse(request.export_attachment_id)


@tagged("post_install", "-at_install")
class TestExport(DataRequestCommon):
    def test_export_holds_everything_about_the_person_and_nothing_else(self):
        mine = self.feedback()
        mine.message_post(
            body="补充：箱子也破了", author_id=self.contact_a.id, message_type="comment"
        )
        theirs = self.feedback(self.stranger, text="别人的反馈")
        self.env["wx.consent"]._wx_set(
            self.contact_a, {("sms", "survey"): False}, "backend"
        )
        self.env["wx.data.request"].create(
            {"partner_id": self.contact_a.id, "request_type": "correction"}
        )
        document, archive = self.export(self.contact_a)
        for key in (
            "contact",
            "feedback",
            "surveys",
            "tickets",
            "messages",
            "consents",
            "requests",
            "meta",
        ):
            self.assertIn(key, document)
        self.assertEqual(document["contact"][0]["email"], "zhou@yonghui.example.com")
        self.assertEqual([f["id"] for f in document["feedback"]], mine.ids)
        self.assertEqual(document["feedback"][0]["description"], "芒果烂了，送晚了")
        self.assertEqual(document["feedback"][0]["phone"], "+8613905910318")
        self.assertEqual(document["tickets"][0]["id"], mine.ticket_id.id)
        self.assertIn("补充", json.dumps(document["messages"], ensure_ascii=False))
        self.assertEqual(document["consents"][0]["granted"], False)
        self.assertEqual(document["requests"][0]["request_type"], "correction")
        photo = mine.attachment_ids
        path = pd_tools.attachment_path(photo.id, photo.name)
        self.assertEqual(document["feedback"][0]["attachments"], [path])
        self.assertEqual(archive.read(path), photo.raw)
        text = json.dumps(document, ensure_ascii=False)
        self.assertNotIn("别人的反馈", text)
        self.assertNotIn("13800138000", text)
        self.assertNotIn(theirs.name, text)
        for item in theirs.attachment_ids:
            self.assertNotIn(
                pd_tools.attachment_path(item.id, item.name), archive.namelist()
            )


@tagged("post_install", "-at_install")
class TestErasure(DataRequestCommon):
    def erase(self, partner=None):
        request = (
            self.env["wx.data.request"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": (partner or self.contact_a).id,
                    "request_type": "erasure",
                }
            )
        )
        request.action_execute()
        return request

    def test_personal_data_goes_aggregates_stay(self):
        feedback = self.feedback()
        feedback.message_post(
            body="补充：箱子也破了", author_id=self.contact_a.id, message_type="comment"
        )
        self.tracked(feedback).description = "改了：芒果全烂了"
        self.assertIn("芒果烂了", " ".join(self.tracking(feedback)))
        ticket = feedback.ticket_id
        self.assertTrue(ticket)
        photos = feedback.attachment_ids
        copies = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertTrue(copies)
        survey = self.env["wx.feedback.survey"].create(
            {"feedback_id": feedback.id, "scheduled_at": fields.Datetime.now()}
        )
        survey.write({"state": "answered", "nps": 3, "csat": 2, "comment": "太差了"})
        feedback._wx_send_auto_reply()  # queued, not sent yet
        self.assertTrue(self.env["sms.sms"].search([("number", "=", "+8613905910318")]))
        theirs = self.feedback(self.stranger, text="别人的反馈")
        name = self.contact_a.name
        request = self.erase()
        self.assertFalse(
            self.env["sms.sms"].search([("number", "=", "+8613905910318")])
        )
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "wx.feedback"), ("res_id", "=", feedback.id)]
            )
        )
        self.assertEqual(request.state, "done")
        self.assertIn("feedback 1", request.result)
        self.assertRecordValues(
            feedback,
            [
                {
                    "description": False,
                    "phone": False,
                    "rating": 2,
                    "rating_delivery": 1,
                    "category_ids": self.categories["delivery"].ids,
                    "state": feedback.state,
                }
            ],
        )
        self.assertTrue(feedback.first_submitted_at)
        self.assertRecordValues(survey, [{"comment": False, "nps": 3, "csat": 2}])
        self.assertFalse(photos.exists())
        self.assertFalse(copies.exists())
        self.assertNotIn("芒果", ticket.description)
        self.assertFalse(ticket.partner_email)
        message = self.env["mail.message"].search(
            [("author_id", "=", self.contact_a.id)]
        )
        self.assertNotIn("箱子", " ".join(message.mapped("body")))
        self.assertNotIn("芒果", " ".join(self.tracking(feedback)))
        partner = self.contact_a.with_context(active_test=False)
        self.assertFalse(partner.active)
        self.assertTrue(partner.wx_erased_at)
        self.assertFalse(partner.email or partner.phone or partner.street)
        self.assertNotEqual(partner.name, name)
        self.assertIn(str(partner.id), partner.name)
        self.assertFalse(self.portal_a.active)
        self.assertNotEqual(self.portal_a.login, "wx-test-portal-a")
        # nobody else's data is touched
        self.assertEqual(theirs.description, "别人的反馈")
        self.assertTrue(theirs.attachment_ids)
        self.assertEqual(self.stranger.phone, "13800138000")

    def test_an_individual_customer_name_leaves_the_ticket_title(self):
        person = self.env["res.partner"].create(
            {"name": "王小明", "phone": "13700137000", "email": "wang@example.com"}
        )
        feedback = self.feedback(person, rating=1)
        self.assertIn("王小明", feedback.ticket_id.name)
        self.tracked(person).email = "wang.xm@example.com"
        self.assertIn("wang@example.com", self.tracking(person))
        self.env["wx.personal.data"]._wx_erase(person)
        self.assertNotIn("王小明", feedback.ticket_id.name)
        self.assertIn(feedback.name, feedback.ticket_id.name)
        self.assertFalse(self.tracking(person))
        self.assertNotIn("王小明", person.with_context(active_test=False).name)

    def test_erasure_is_idempotent(self):
        feedback = self.feedback()
        self.erase()
        name = self.contact_a.with_context(active_test=False).name
        counts = self.env["wx.personal.data"]._wx_erase(self.contact_a)
        self.assertEqual(counts["files"], 0)
        self.assertEqual(self.contact_a.with_context(active_test=False).name, name)
        self.assertFalse(feedback.description)
        self.erase()  # a second request is done too

    def test_orders_keep_the_name_and_address(self):
        self.delivered_order(self.contact_a)
        name = self.contact_a.name
        self.erase()
        partner = self.contact_a.with_context(active_test=False)
        self.assertEqual(partner.name, name, "named by a confirmed order")
        self.assertEqual(partner.street, "福州路 1 号")
        self.assertFalse(partner.email or partner.phone)
        self.assertFalse(partner.active)

    def test_failure_changes_nothing(self):
        feedback = self.feedback()
        photos = feedback.attachment_ids
        Personal = self.env.registry["wx.personal.data"]
        with (
            patch.object(
                Personal, "_wx_anonymise_partner", side_effect=UserError("boom")
            ),
            self.assertRaises(UserError),
        ):
            self.erase()
        self.env.invalidate_all()
        self.assertEqual(feedback.description, "芒果烂了，送晚了")
        self.assertTrue(photos.exists())
        self.assertTrue(self.contact_a.active)
        self.assertFalse(self.contact_a.wx_erased_at)

    def test_staff_and_customer_companies_are_refused(self):
        with self.assertRaises(UserError):
            self.env["wx.personal.data"]._wx_erase(self.manager.partner_id)
        with self.assertRaises(UserError):
            self.env["wx.personal.data"]._wx_erase(self.customer_a)


@tagged("post_install", "-at_install")
class TestConsent(DataRequestCommon):
    def sms_of(self, record):
        return self.env["sms.sms"].search(
            [
                ("mail_message_id.model", "=", record._name),
                ("mail_message_id.res_id", "=", record.id),
            ]
        )

    def test_withdrawn_survey_consent_stops_the_survey_sms(self):
        feedback = self.feedback(photo=False)
        Consent = self.env["wx.consent"]
        self.assertTrue(Consent._wx_allows(self.contact_a, "sms", "survey"))
        Consent._wx_set(
            self.contact_a,
            {("sms", "survey"): False, ("email", "survey"): False},
            "portal",
        )
        self.assertFalse(Consent._wx_allows(self.contact_a, "sms", "survey"))
        self.assertTrue(Consent._wx_allows(self.contact_a, "sms", "service"))
        survey = self.env["wx.feedback.survey"].create(
            {"feedback_id": feedback.id, "scheduled_at": fields.Datetime.now()}
        )
        survey._send()
        self.assertEqual(survey.state, "skipped")
        self.assertFalse(self.sms_of(feedback))
        # the service reply still goes
        feedback._wx_send_auto_reply()
        self.assertEqual(len(self.sms_of(feedback)), 1)
        events = self.env["wx.audit.event"].search(
            [("event_type", "=", "dsr"), ("res_model", "=", "wx.consent")]
        )
        self.assertEqual(len(events), 2)

    def test_sms_only_withdrawal_keeps_the_survey_email(self):
        feedback = self.feedback(photo=False)
        self.env["wx.consent"]._wx_set(
            self.contact_a, {("sms", "survey"): False}, "portal"
        )
        survey = self.env["wx.feedback.survey"].create(
            {"feedback_id": feedback.id, "scheduled_at": fields.Datetime.now()}
        )
        survey._send()
        self.assertEqual(survey.state, "sent")
        self.assertFalse(self.sms_of(feedback))
        self.assertTrue(
            self.env["mail.mail"].search(
                [("model", "=", "wx.feedback"), ("res_id", "=", feedback.id)]
            )
        )

    def test_changes_are_a_log_and_a_request_withdraws_all(self):
        Consent = self.env["wx.consent"]
        Consent._wx_set(self.contact_a, {("sms", "marketing"): False}, "portal")
        Consent._wx_set(self.contact_a, {("sms", "marketing"): True}, "portal")
        Consent._wx_set(self.contact_a, {("sms", "marketing"): True}, "portal")  # no-op
        rows = Consent.search([("partner_id", "=", self.contact_a.id)])
        self.assertEqual(len(rows), 2)
        self.assertTrue(Consent._wx_allows(self.contact_a, "sms", "marketing"))
        request = (
            self.env["wx.data.request"]
            .with_user(self.manager)
            .create({"partner_id": self.contact_a.id, "request_type": "consent"})
        )
        request.action_execute()
        self.assertFalse(
            any(Consent._wx_current(self.contact_a).values()), "all withdrawn"
        )
        with self.assertRaises(AccessError):
            rows[0].with_user(self.manager).write({"granted": False})

    def test_nothing_is_sent_to_an_erased_person(self):
        feedback = self.feedback(photo=False)
        self.env["wx.personal.data"]._wx_erase(self.contact_a)
        # the company's number would be the fallback: not for an erased contact
        self.customer_a.phone = "13905910318"
        feedback._wx_send_auto_reply()
        self.assertFalse(self.sms_of(feedback))


@tagged("post_install", "-at_install")
class TestMediaRetention(DataRequestCommon):
    def test_expired_photos_are_deleted_in_batches_and_audited(self):
        self.assertEqual(self.env.company.wx_media_retention_days, 365)
        with freeze_time("2025-01-10 08:00:00"):
            old = self.feedback()
            self.feedback(self.stranger)
        with freeze_time("2025-11-01 08:00:00"):
            recent = self.feedback(self.contact_a, rating=4)
        old_files = old.attachment_ids
        copies = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", old.ticket_id.id)]
        )
        self.assertTrue(copies)
        progress = []

        def commit(cron, processed=0, remaining=None, deactivate=False):
            progress.append((processed, remaining))
            return 60.0

        with (
            freeze_time("2026-01-20 08:00:00"),
            patch.object(self.env.registry["ir.cron"], "_commit_progress", commit),
        ):
            self.env["wx.feedback"]._cron_purge_media(limit=1)
        self.assertFalse(old_files.exists())
        self.assertFalse(copies.exists())
        self.assertTrue(recent.attachment_ids)
        self.assertEqual(old.description, "芒果烂了，送晚了", "the feedback stays")
        self.assertEqual(len(progress), 2, "one committed batch per file")
        self.assertEqual(progress[-1][1], 0)
        events = self.env["wx.audit.event"].search(
            [("event_type", "=", "delete"), ("detail", "like", "media retention")]
        )
        self.assertEqual(len(events), 2)

    def test_zero_keeps_everything(self):
        self.env.company.wx_media_retention_days = 0
        with freeze_time("2020-01-10 08:00:00"):
            old = self.feedback()
        self.env["wx.feedback"]._cron_purge_media()
        self.assertTrue(old.attachment_ids)
        with self.assertRaises(ValidationError):
            self.env.company.wx_media_retention_days = -1
