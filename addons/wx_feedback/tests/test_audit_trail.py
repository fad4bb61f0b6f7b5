# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import os
import tempfile
from datetime import datetime, timedelta
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from ..tools import audit_chain
from .common import WxFeedbackCommon


class AuditCommon(WxFeedbackCommon):
    """Post-install: auditlog patches the ORM methods of the audited models
    when the registry is ready (at once only when a rule is created)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.auditor = new_test_user(
            cls.env,
            login="wx-test-auditor",
            groups="wx_feedback.group_wx_auditor",
        )
        cls.Event = cls.env["wx.audit.event"]

    def sql(self, query, *args):
        self.env.flush_all()
        self.env.cr.execute(SQL(query, *args))
        return self.env.cr.fetchall() if self.env.cr.description else None

    def last_log(self, record, method):
        return self.env["auditlog.log"].search(
            [
                ("model_model", "=", record._name),
                ("res_id", "=", record.id),
                ("method", "=", method),
            ],
            order="id desc",
            limit=1,
        )

    def verify(self):
        rows, errors, unsealed = self.Event._wx_verify()
        return rows, [str(e) for e in errors], unsealed


@tagged("post_install", "-at_install")
class TestAuditLogCapture(AuditCommon):
    def test_rules_are_shipped_confirmed(self):
        rules = self.env["auditlog.rule"].search([("state", "=", "confirmed")])
        models = set(rules.mapped("model_id.model"))
        for model in (
            "wx.feedback",
            "wx.feedback.survey",
            "wx.feedback.category",
            "helpdesk.ticket",
            "res.partner",
            "res.users",
            "res.groups",
            "ir.config_parameter",
        ):
            self.assertIn(model, models)

    def test_contact_values_are_masked_in_log_lines(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Audit Zhou (test)",
                "phone": "+8613905910318",
                "email": "zhou.audit@example.com",
            }
        )
        partner.write({"phone": "+8613800138000", "comment": "x"})
        lines = (
            self.last_log(partner, "create").line_ids
            | self.last_log(partner, "write").line_ids
        )
        values = " ".join(
            str(v)
            for line in lines
            for v in (line.old_value, line.new_value, line.new_value_text)
        )
        self.assertIn("139****0318", values)
        self.assertIn("138****8000", values)
        self.assertIn("z***@example.com", values)
        self.assertNotIn("13905910318", values)
        self.assertNotIn("13800138000", values)
        self.assertNotIn("zhou.audit", values)
        # comment is not a watched contact field
        self.assertNotIn("comment", lines.mapped("field_name"))
        # nothing in clear anywhere in the tables either
        rows = self.sql(
            "SELECT count(*) FROM auditlog_log_line"
            " WHERE concat(old_value, new_value, old_value_text, new_value_text)"
            " LIKE %s",
            "%13905910318%",
        )
        self.assertEqual(rows[0][0], 0)

    def test_system_parameter_values_are_redacted(self):
        self.env["ir.config_parameter"].sudo().set_param("wx_test.secret", "s3cr3t")
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .search([("key", "=", "wx_test.secret")])
        )
        line = self.last_log(param, "create").line_ids.filtered(
            lambda ln: ln.field_name == "value"
        )
        self.assertEqual(line.new_value, "[redacted]")

    def test_nobody_changes_logs_through_the_orm(self):
        partner = self.env["res.partner"].create({"name": "Audit ORM (test)"})
        log = self.last_log(partner, "create")
        self.assertTrue(log.line_ids)
        admin = self.env.ref("base.user_admin")
        for user in (admin, self.manager, self.auditor):
            for records in (log, log.line_ids):
                with self.assertRaises(AccessError):
                    records.with_user(user).write({"name": "x"})
                with self.assertRaises(AccessError):
                    records.with_user(user).unlink()
        with self.assertRaises(AccessError):
            log.sudo().write({"name": "x"})
        with self.assertRaises(AccessError):
            log.line_ids.sudo().unlink()
        # auditlog's own manager rights are read-only now
        for model in ("auditlog.log", "auditlog.log.line"):
            self.assertFalse(
                self.env[model].with_user(admin).has_access("write"), model
            )
        self.assertEqual(log.with_user(self.auditor).name, "Audit ORM (test)")

    def test_auditor_reads_the_trail_and_writes_nothing(self):
        event = self.Event._wx_record("login")
        self.assertEqual(event.with_user(self.auditor).event_type, "login")
        self.assertFalse(
            self.auditor.has_group("wx_feedback.group_wx_contact_reveal")
            if self.env.ref("wx_feedback.group_wx_contact_reveal", False)
            else False
        )
        self.assertFalse(self.auditor.has_group("wx_feedback.group_wx_feedback_user"))
        for model in ("wx.feedback", "helpdesk.ticket", "res.partner"):
            self.assertFalse(
                self.env[model].with_user(self.auditor).has_access("write"), model
            )
        self.assertTrue(
            self.env["wx.feedback"].with_user(self.auditor).has_access("read")
        )
        security = self.env.ref("wx_feedback.group_wx_security_admin")
        self.assertIn(self.env.ref("base.group_erp_manager"), security.all_implied_ids)
        self.assertNotIn(
            self.env.ref("auditlog.group_auditlog_user"), security.all_implied_ids
        )


@tagged("post_install", "-at_install")
class TestAuditChain(AuditCommon):
    def setUp(self):
        super().setUp()
        self.Event._wx_seal()
        self.addCleanup(self.env.invalidate_all)

    def tamper(self, table, query, *args):
        self.sql(f"ALTER TABLE {table} DISABLE TRIGGER wx_audit_guard")
        self.sql(query, *args)
        self.sql(f"ALTER TABLE {table} ENABLE TRIGGER wx_audit_guard")

    def test_rows_are_chained_when_sealed(self):
        events = self.Event._wx_record("export") | self.Event._wx_record("config")
        self.assertFalse(events[0].wx_chain_hash, "not sealed before commit")
        self.assertEqual(self.Event._wx_seal(), 2)
        events.invalidate_recordset()
        first, second = events
        self.assertEqual(second.wx_chain_seq, first.wx_chain_seq + 1)
        content = self.sql(
            f"SELECT {audit_chain.content_sql('wx_audit_event')} FROM wx_audit_event"
            " WHERE id = %s",
            second.id,
        )[0][0]
        self.assertEqual(
            second.wx_chain_hash,
            audit_chain.link(first.wx_chain_hash, second.wx_chain_seq, content),
        )
        rows, errors, unsealed = self.verify()
        self.assertEqual((errors, unsealed), ([], 0))
        self.assertGreater(rows, 2)

    @mute_logger("odoo.sql_db")
    def test_triggers_refuse_update_and_delete(self):
        self.Event._wx_record("login")
        self.env["res.partner"].create({"name": "Audit trigger (test)"})
        self.Event._wx_seal()
        for table in ("wx_audit_event", "auditlog_log", "auditlog_log_line"):
            for query in (
                f"UPDATE {table} SET create_date = now() - interval '1 day'",
                f"DELETE FROM {table}",
                f"UPDATE {table} SET wx_chain_hash = NULL",
            ):
                with (
                    self.assertRaises(psycopg2.errors.InsufficientPrivilege),
                    self.env.cr.savepoint(),
                ):
                    self.sql(query)
        # a row is never inserted already sealed
        self.sql(
            "INSERT INTO wx_audit_event (timestamp, event_type, result, wx_chain_seq,"
            " wx_chain_hash) VALUES (now(), 'login', 'success', 999999, 'forged')"
        )
        self.assertEqual(
            self.sql("SELECT count(*) FROM wx_audit_event WHERE wx_chain_seq = 999999"),
            [(0,)],
        )

    def test_deleting_a_user_keeps_the_chain_intact(self):
        user = new_test_user(self.env, login="wx-test-audit-gone")
        self.Event.with_user(user)._wx_record("login")
        self.Event._wx_seal()
        user.unlink()
        self.assertEqual(self.verify()[1], [])

    def test_verify_names_an_edited_row(self):
        event = self.Event._wx_record("login", detail="ok")
        self.Event._wx_record("logout")
        self.Event._wx_seal()
        self.tamper(
            "wx_audit_event",
            "UPDATE wx_audit_event SET detail = 'forged' WHERE id = %s",
            event.id,
        )
        errors = self.verify()[1]
        self.assertEqual(len(errors), 1)
        self.assertIn(f"wx_audit_event id={event.id} ", errors[0])

    def test_verify_finds_a_deleted_row(self):
        partner = self.env["res.partner"].create({"name": "Audit del (test)"})
        partner.write({"name": "Audit del 2 (test)"})
        self.Event._wx_seal()
        first = self.last_log(partner, "create")
        self.tamper(
            "auditlog_log_line",
            "DELETE FROM auditlog_log_line WHERE log_id = %s",
            first.id,
        )
        self.tamper("auditlog_log", "DELETE FROM auditlog_log WHERE id = %s", first.id)
        errors = self.verify()[1]
        self.assertTrue(any(e.startswith("auditlog_log id=") for e in errors), errors)
        self.assertTrue(any("missing" in e for e in errors), errors)

    def test_verify_finds_a_deleted_last_row(self):
        event = self.Event._wx_record("login")
        self.Event._wx_seal()
        self.tamper(
            "wx_audit_event", "DELETE FROM wx_audit_event WHERE id = %s", event.id
        )
        errors = self.verify()[1]
        self.assertEqual(len(errors), 1)
        self.assertIn("head", errors[0])

    def test_verify_finds_reordered_rows(self):
        first = self.Event._wx_record("login")
        second = self.Event._wx_record("logout")
        self.Event._wx_seal()
        (first | second).invalidate_recordset()
        seq1, seq2 = first.wx_chain_seq, second.wx_chain_seq
        self.tamper(
            "wx_audit_event",
            "UPDATE wx_audit_event SET wx_chain_seq = -wx_chain_seq WHERE id IN %s",
            (first.id, second.id),
        )
        self.tamper(
            "wx_audit_event",
            "UPDATE wx_audit_event SET wx_chain_seq = CASE id WHEN %s THEN %s"
            " ELSE %s END WHERE id IN %s",
            first.id,
            seq2,
            seq1,
            (first.id, second.id),
        )
        errors = self.verify()[1]
        self.assertEqual(len(errors), 1)
        self.assertIn(f"id={second.id} ", errors[0])


@tagged("post_install", "-at_install")
class TestAuditEvents(AuditCommon):
    def events(self, event_type):
        return self.Event.search([("event_type", "=", event_type)], order="id desc")

    def assertRaisesNoRollback(self, method, *args):
        try:
            method(*args)
        except AccessDenied:
            return
        self.fail("AccessDenied not raised")

    def test_login_success_and_failures(self):
        user = new_test_user(self.env, login="wx-test-login", password="Wx-test-pw-1")
        Users = self.env["res.users"]
        env = {"interactive": False}
        Users._login(
            {"type": "password", "login": "wx-test-login", "password": "Wx-test-pw-1"},
            env,
        )
        event = self.events("login")[0]
        self.assertRecordValues(
            event, [{"user_id": user.id, "login": "wx-test-login", "result": "success"}]
        )
        # (no assertRaises: it rolls its savepoint back, the event with it)
        self.assertRaisesNoRollback(
            Users._login,
            {"type": "password", "login": "wx-test-login", "password": "bad"},
            env,
        )
        event = self.events("login_failed")[0]
        self.assertRecordValues(event, [{"user_id": user.id, "result": "fail"}])
        self.assertRaisesNoRollback(
            Users._login,
            {"type": "password", "login": "nobody.here@example.com", "password": "x"},
            env,
        )
        event = self.events("login_failed")[0]
        self.assertRecordValues(
            event, [{"user_id": False, "login": "n***@example.com", "result": "fail"}]
        )

    def test_export_is_recorded(self):
        partners = self.contact_a | self.customer_b
        exporter = new_test_user(
            self.env,
            login="wx-test-exporter",
            groups="base.group_user,base.group_allow_export,base.group_partner_manager",
        )
        partners.with_user(exporter).export_data(["name"])
        event = self.events("export")[0]
        self.assertEqual(event.user_id, exporter)
        self.assertEqual(event.res_model, "res.partner")
        self.assertIn("2 res.partner records: name", event.detail)

    def test_permission_changes_are_recorded(self):
        group = self.env.ref("wx_feedback.group_wx_auditor")
        self.user_logistics.write({"group_ids": [Command.link(group.id)]})
        event = self.events("permission")[0]
        self.assertEqual(event.res_id, self.user_logistics.id)
        self.assertIn("Auditor", event.detail)
        group.write({"user_ids": [Command.unlink(self.user_logistics.id)]})
        self.assertEqual(self.events("permission")[0].res_model, "res.groups")

    def test_configuration_changes_are_recorded(self):
        self.env["ir.config_parameter"].sudo().set_param("wx_test.key", "value-1")
        event = self.events("config")[0]
        self.assertEqual(event.detail, "system parameter wx_test.key created")
        self.assertNotIn("value-1", event.detail)

    def test_sent_mail_is_recorded_with_the_recipient_masked(self):
        mail = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": "Audit (test)",
                    "body_html": "<p>x</p>",
                    "email_to": "li.customer@example.com",
                }
            )
        )
        # what mail.mail._send calls for each mail once the SMTP server
        # answered (the test runner does not send)
        mail._postprocess_sent_message(
            success_pids=[], success_emails=["li.customer@example.com"]
        )
        event = self.events("notification")[0]
        self.assertIn("l***@example.com", event.detail)
        self.assertNotIn("li.customer", event.detail)

    def test_sent_sms_is_recorded_with_the_number_masked(self):
        sms = (
            self.env["sms.sms"]
            .sudo()
            .create({"number": "+8613905910318", "body": "test"})
        )
        sms._handle_call_result_hook([{"uuid": sms.uuid, "state": "success"}])
        event = self.events("notification")[0]
        self.assertEqual(event.detail, "SMS to 139****0318")


@tagged("post_install", "-at_install")
class TestAuditLogoutHttp(HttpCase):
    def test_logout_is_recorded(self):
        user = new_test_user(
            self.env, login="wx-test-logout", password="Wx-test-logout-1"
        )
        self.authenticate("wx-test-logout", "Wx-test-logout-1")
        self.url_open("/web/session/logout", allow_redirects=False)
        event = self.env["wx.audit.event"].search(
            [("event_type", "=", "logout"), ("user_id", "=", user.id)]
        )
        self.assertEqual(len(event), 1)


@tagged("post_install", "-at_install")
class TestAuditRetention(AuditCommon):
    def test_retention_below_180_days_is_refused(self):
        ICP = self.env["ir.config_parameter"].sudo()
        ICP.set_param("wx_feedback.audit_retention_days", "90")
        with self.assertRaises(UserError):
            self.Event._wx_purge()
        ICP.set_param("wx_feedback.audit_retention_days", "200")
        self.assertEqual(self.Event._wx_retention_days(), 200)

    def test_old_rows_are_archived_signed_then_removed(self):
        # only a prefix of a chain goes: every row so far (demo data
        # included) is old 400 days from now, the one of day 300 is not
        start = datetime.now()
        old = self.Event._wx_record("login", detail="old")
        with freeze_time(start + timedelta(days=300)):
            self.Event._wx_record("login", detail="recent")
        directory = tempfile.mkdtemp()
        with (
            patch.object(type(self.Event), "_wx_archive_dir", lambda self: directory),
            freeze_time(start + timedelta(days=400)),
        ):
            path = self.Event._wx_purge()
        self.assertTrue(path and os.path.exists(path))
        with open(path, "rb") as archive_file:
            data = archive_file.read()
        with open(f"{path}.sig", encoding="utf-8") as signature_file:
            signature = json.load(signature_file)
        key, _source = self.Event._wx_archive_key()
        self.assertTrue(audit_chain.verify_archive(data, signature["signature"], key))
        archived = json.loads(data)["tables"]["wx_audit_event"]["rows"]
        self.assertIn(old.id, [row["row"]["id"] for row in archived])
        self.assertFalse(self.Event.search([("id", "=", old.id)]))
        self.assertTrue(self.Event.search([("detail", "=", "recent")]))
        self.assertEqual(self.verify()[1], [])
        purge = self.Event.search([("event_type", "=", "delete")], limit=1)
        self.assertIn(os.path.basename(path), purge.detail)
        os.remove(path)
        os.remove(f"{path}.sig")
        os.rmdir(directory)
