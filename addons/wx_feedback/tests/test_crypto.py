# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Encrypted contact phones: storage, masking, audited reveal, blind-index
search, missing or wrong master key, migration of clear rows, key rotation."""

from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import new_test_user
from odoo.tools import SQL

from odoo.addons.wx_feedback.models import wx_crypto_key
from odoo.addons.wx_feedback.models.wx_crypto_key import WxCryptoUnavailable
from odoo.addons.wx_feedback.tools import envelope

from .common import WxFeedbackCommon, migration_script

NUMBER = "+8613905910318"


class TestCrypto(WxFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revealer = new_test_user(
            cls.env,
            login="wx-test-revealer",
            groups="wx_feedback.group_wx_feedback_manager,"
            "wx_feedback.group_wx_contact_reveal",
        )
        cls.Keys = cls.env["wx.crypto.key"]
        cls.feedback = cls.env["wx.feedback"].create(
            {
                "partner_id": cls.contact_a.id,
                "channel": "staff",
                "rating": 4,
                "phone": "139 0591 0318",
                "description": "电话反馈",
            }
        )

    def setUp(self):
        super().setUp()
        self.addCleanup(self.Keys._wx_forget_keyrings)

    def _row(self, record):
        record.flush_recordset()
        return self.env.execute_query_dict(
            SQL(
                "SELECT * FROM %s WHERE id = %s",
                SQL.identifier(record._table),
                record.id,
            )
        )[0]

    def test_stored_encrypted_never_in_clear(self):
        row = self._row(self.feedback)
        self.assertNotIn("phone", row, "no clear column any more")
        for value in row.values():
            self.assertNotIn("13905910318", str(value))
            self.assertNotIn("139 0591 0318", str(value))
        self.assertTrue(row["phone_enc"].startswith("v1:contact-"))
        self.assertTrue(row["phone_bidx"].startswith("blind-"))
        self.assertEqual(row["phone_masked"], "139****0318")
        self.assertEqual(self.feedback._wx_contact_phone(), NUMBER)
        # the value is bound to its row: copied to another feedback it fails
        other = self.feedback.copy({"description": "copy"})
        self.assertFalse(other.phone, "contact details are not copied")
        other.sudo().phone_enc = row["phone_enc"]
        with self.assertRaises(WxCryptoUnavailable):
            other._wx_contact_phone()
        # cleared through the ORM (data-subject erasure)
        self.feedback.phone = False
        row = self._row(self.feedback)
        self.assertFalse(row["phone_enc"] or row["phone_bidx"] or row["phone_masked"])

    def test_everyone_reads_the_masked_value(self):
        for user in (self.user_logistics, self.manager, self.revealer):
            feedback = self.feedback.with_user(user)
            self.assertEqual(feedback.phone, "139****0318")
            self.assertEqual(feedback.read(["phone"])[0]["phone"], "139****0318")
        self.assertFalse(getattr(self.feedback._fields["phone"], "tracking", None))

    def test_reveal_is_audited_and_restricted_to_the_group(self):
        Events = self.env["wx.audit.event"]
        refused = self.feedback.with_user(self.manager).action_wx_reveal_contact()
        self.assertEqual(refused["params"]["type"], "danger")
        self.assertNotIn("13905910318", str(refused))
        shown = self.feedback.with_user(self.revealer).action_wx_reveal_contact()
        self.assertEqual(shown["params"]["message"], NUMBER)
        events = Events.search(
            [("res_model", "=", "wx.feedback"), ("res_id", "=", self.feedback.id)],
            order="id",
        )
        self.assertEqual(
            [(e.event_type, e.result, e.user_id, e.detail) for e in events],
            [
                ("reveal", "fail", self.manager, "phone 139****0318"),
                ("reveal", "success", self.revealer, "phone 139****0318"),
            ],
        )
        self.assertFalse(
            self.env.ref("wx_feedback.group_wx_feedback_manager").implied_ids
            & self.env.ref("wx_feedback.group_wx_contact_reveal")
        )

    def test_search_by_phone_through_the_blind_index(self):
        Feedback = self.env["wx.feedback"].with_user(self.manager)
        for spelling in (
            "139 0591 0318",
            NUMBER,
            "+86 139-0591-0318",
            "008613905910318",
        ):
            with self.subTest(spelling=spelling):
                self.assertEqual(
                    Feedback.search([("phone", "=", spelling)]), self.feedback
                )
                self.assertIn(
                    self.feedback, Feedback.search([("phone", "ilike", spelling)])
                )
        self.assertFalse(Feedback.search([("phone", "=", "13800138000")]))
        self.assertFalse(Feedback.search([("phone", "ilike", "0318")]))
        self.assertNotIn(self.feedback, Feedback.search([("phone", "=", False)]))

    def test_key_table_is_for_the_superuser_only(self):
        self.assertTrue(self.Keys.sudo().search([("purpose", "=", "contact")]))
        admin = self.env.ref("base.user_admin")
        for user in (admin, self.manager):
            with self.assertRaises(AccessError):
                self.Keys.with_user(user).search([])
        keys = self.Keys.sudo().search([("state", "!=", "retired")])
        self.assertTrue(keys)
        self.assertTrue(all(k.wrapped_key and len(k.wrapped_key) > 60 for k in keys))
        params = self.env["ir.config_parameter"].sudo().search([])
        self.assertFalse(
            [p.key for p in params if "master" in p.key or "crypto" in p.key]
        )

    def test_missing_or_wrong_master_key_is_refused_clearly(self):
        def missing():
            raise envelope.MissingKeyError("No master key.")

        self.Keys._wx_forget_keyrings()
        with patch.object(wx_crypto_key, "_master_key_provider", missing):
            with self.assertRaisesRegex(WxCryptoUnavailable, "master key"):
                self.feedback._wx_contact_phone()
            with self.assertRaisesRegex(WxCryptoUnavailable, "master key"):
                self.feedback.phone = "13800138000"
            # nothing needs the key: the masked value still reads
            self.assertEqual(self.feedback.phone, "139****0318")
        self.Keys._wx_forget_keyrings()
        wrong = envelope.LocalMasterKey(envelope.new_data_key())
        with (
            patch.object(wx_crypto_key, "_master_key_provider", lambda: wrong),
            self.assertRaisesRegex(WxCryptoUnavailable, "wrong master key"),
        ):
            self.feedback._wx_contact_phone()
        self.Keys._wx_forget_keyrings()
        self.assertEqual(self.feedback._wx_contact_phone(), NUMBER)

    def test_migration_encrypts_existing_clear_rows(self):
        module = migration_script("wx_feedback", "19.0.1.2.0", "post-migrate")
        other = self.env["wx.feedback"].create(
            {"partner_id": self.contact_a.id, "channel": "staff", "rating": 5}
        )
        (self.feedback | other).flush_recordset()
        self.env.cr.execute("ALTER TABLE wx_feedback ADD COLUMN wx_phone_clear varchar")
        self.env.execute_query(
            SQL(
                "UPDATE wx_feedback SET wx_phone_clear = %s, phone_enc = NULL,"
                " phone_bidx = NULL, phone_masked = NULL WHERE id = %s",
                "+8613812345678",
                other.id,
            )
        )
        self.env.invalidate_all()
        self.assertEqual(module.encrypt_clear_phones(self.env), 1)
        self.env.invalidate_all()
        row = self._row(other)
        self.assertNotIn("wx_phone_clear", row)
        self.assertTrue(row["phone_enc"].startswith("v1:contact-"))
        self.assertEqual(other.phone, "138****5678")
        self.assertEqual(other._wx_contact_phone(), "+8613812345678")
        self.assertEqual(
            self.env["wx.feedback"].search([("phone", "=", "13812345678")]), other
        )
        self.assertEqual(module.encrypt_clear_phones(self.env), 0, "idempotent")

    def test_rotation_re_encrypts_in_batches_and_resumes(self):
        Feedback = self.env["wx.feedback"]
        more = Feedback.create(
            [
                {
                    "partner_id": self.contact_a.id,
                    "channel": "staff",
                    "rating": 5,
                    "phone": f"1380013800{index}",
                }
                for index in range(4)
            ]
        )
        records = self.feedback | more
        records.flush_recordset()
        before = {r.id: self._row(r)["phone_enc"] for r in records}
        old_contact = self.Keys._wx_active_kid("contact")
        old_blind = self.Keys._wx_active_kid("blind")

        class Interrupted(Exception):
            pass

        batches = []

        def crash_after_two(done):
            batches.append(done)
            if len([d for d in batches if d]) == 2:
                raise Interrupted

        # not assertRaises: it would roll back what the batches did
        interrupted = False
        try:
            self.Keys._wx_rotate(
                ["contact", "blind"], batch_size=2, commit=crash_after_two
            )
        except Interrupted:
            interrupted = True
        self.assertTrue(interrupted)
        self.env.invalidate_all()
        states = dict(self.Keys.sudo().search([]).mapped(lambda k: (k.kid, k.state)))
        self.assertEqual(states[old_contact], "retiring", "old key readable meanwhile")
        new_contact = self.Keys._wx_active_kid("contact")
        self.assertNotEqual(new_contact, old_contact)
        # mid-rotation: every value reads and searches, old and new kids
        for record in records:
            self.assertTrue(record._wx_contact_phone())
        self.assertEqual(Feedback.search([("phone", "=", "13800138003")]), more[3])
        # resumed: same new key, the rest is done, old keys retired
        result = self.Keys._wx_rotate(batch_size=2, commit=lambda done: None)
        self.assertEqual(self.Keys._wx_active_kid("contact"), new_contact)
        self.assertEqual(sorted(result["rotated"]), sorted([old_contact, old_blind]))
        self.env.invalidate_all()
        for record in records:
            row = self._row(record)
            self.assertEqual(envelope.key_id_of(row["phone_enc"]), new_contact)
            self.assertNotEqual(row["phone_enc"], before[record.id])
            self.assertFalse(row["phone_bidx"].startswith(old_blind + ":"))
        self.assertEqual(self.feedback._wx_contact_phone(), NUMBER)
        self.assertEqual(Feedback.search([("phone", "=", NUMBER)]), self.feedback)
        old = self.Keys.sudo().search([("kid", "in", [old_contact, old_blind])])
        self.assertEqual(set(old.mapped("state")), {"retired"})
        self.assertFalse(any(old.mapped("wrapped_key")), "old key bytes erased")

    def test_sms_notifications_keep_the_number_masked(self):
        feedback = self.feedback.sudo()
        template = self.env.ref("wx_feedback.sms_template_reply_thanks")
        feedback._wx_queue_sms(template, NUMBER)
        notification = self.env["mail.notification"].search(
            [
                ("mail_message_id.res_id", "=", feedback.id),
                ("mail_message_id.model", "=", "wx.feedback"),
                ("notification_type", "=", "sms"),
            ]
        )
        self.assertEqual(notification.sms_number, "139****0318")
        self.assertEqual(
            notification.sms_id_int
            and self.env["sms.sms"].browse(notification.sms_id_int).number,
            NUMBER,
            "the queue keeps the number",
        )

    def test_portal_access_note_masks_the_email(self):
        partner = self.env["res.partner"].create(
            {"name": "门户 (test)", "email": "zhou.liqun@customer.example.com"}
        )
        user = new_test_user(
            self.env,
            login="wx-test-portal-mask",
            groups="base.group_portal",
            partner_id=partner.id,
        )
        user.partner_id.email = "zhou.liqun@customer.example.com"
        body = str(user._get_portal_access_update_body(True))
        self.assertIn("z***@customer.example.com", body)
        self.assertNotIn("zhou.liqun@", body)
