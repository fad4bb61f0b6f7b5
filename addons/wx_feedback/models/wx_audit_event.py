# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Security events that no ORM write records: logins, reveals of masked data,
exports, data-subject requests, outbound notifications (等保2.0 §8.1.4.3 b:
date and time, user, event type, success or failure, details).

Rows are written only through :meth:`_wx_record` (as superuser); nobody gets
write or unlink access to them.

This model also owns the protection of the whole audit trail (its own rows
and OCA auditlog's ``auditlog_log`` / ``auditlog_log_line``): the PostgreSQL
triggers and functions of ``tools/audit_sql`` (installed by :meth:`init` at
every install and update, removed by the uninstall hook), the sealing of new
rows into the hash chain of ``tools/audit_chain`` after each commit, and the
retention purge, which archives rows to a signed file before deleting them
through ``wx_audit_purge_rows()``, the one controlled path."""

import json
import logging
import os
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.http import request
from odoo.sql_db import Cursor
from odoo.tools import SQL, config

from ..tools import audit_chain
from ..tools.audit_scrub import mask_login
from ..tools.audit_sql import install_sql

_logger = logging.getLogger(__name__)

EVENT_TYPES = [
    ("login", "Login"),
    ("login_failed", "Failed Login"),
    ("logout", "Logout"),
    ("reveal", "Reveal of Masked Data"),
    ("decrypt", "Decryption"),
    ("export", "Export"),
    ("delete", "Deletion"),
    ("permission", "Permission Change"),
    ("config", "Configuration Change"),
    ("dsr", "Data-Subject Request"),
    ("notification", "Outbound Notification"),
]

RETENTION_PARAM = "wx_feedback.audit_retention_days"
MIN_RETENTION_DAYS = 180  # 网络安全法 第二十一条: network logs kept >= 6 months


def seal_in_own_transaction(registry):
    """Seal the committed audit rows in a transaction of its own, READ
    COMMITTED so that, once the advisory lock is held, it sees every row
    and chain head committed before (Odoo's REPEATABLE READ would see those
    of its snapshot only)."""
    with registry.cursor() as cr:
        if isinstance(cr, Cursor):
            cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
        # gone while wx_feedback is being uninstalled (its hook drops it)
        cr.execute(SQL("SELECT to_regproc('wx_audit_seal') IS NOT NULL"))
        if not cr.fetchone()[0]:
            return 0
        cr.execute(SQL("SELECT wx_audit_seal()"))
        return cr.fetchone()[0]


class WxAuditEvent(models.Model):
    _name = "wx.audit.event"
    _description = "Security Audit Event"
    _order = "id desc"
    _rec_name = "event_type"

    timestamp = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True
    )
    user_id = fields.Many2one("res.users", readonly=True, index=True)
    login = fields.Char(
        readonly=True,
        help="The login of the user, or the one typed for a failed login; masked"
        " when it is an e-mail address or a phone number.",
    )
    ip = fields.Char(string="IP Address", readonly=True)
    event_type = fields.Selection(EVENT_TYPES, required=True, readonly=True, index=True)
    res_model = fields.Char(string="Model", readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Record", model_field="res_model", readonly=True
    )
    result = fields.Selection(
        [("success", "Success"), ("fail", "Failure")],
        required=True,
        readonly=True,
        default="success",
    )
    detail = fields.Char(
        readonly=True, help="What happened, with personal data masked, never in clear."
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    wx_chain_seq = fields.Integer(string="Chain Position", readonly=True, copy=False)
    wx_chain_hash = fields.Char(string="Chain Value", readonly=True, copy=False)

    @api.private
    def init(self):
        for statement in install_sql():
            self.env.cr.execute(SQL(statement))  # pylint: disable=sql-injection

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        self._wx_schedule_seal()
        return events

    def write(self, vals):
        if self:
            raise AccessError(self.env._("Audit events cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(self.env._("Audit events cannot be deleted."))

    @api.model
    def _wx_record(
        self,
        event_type,
        records=None,
        *,
        result="success",
        detail="",
        login=None,
        user=None,
    ):
        """Append one event about ``records`` (a recordset, possibly empty,
        or None) by the current user (or ``user``); return it. ``detail`` must
        already be masked: this method stores what it is given. ``login`` is
        masked here when it is an e-mail or a phone number."""
        records = records if records is not None else self.env["res.users"].browse()
        if user is None:
            user = self.env.user if self.env.uid else self.env["res.users"]
        ip = None
        if request and getattr(request, "httprequest", None):
            ip = request.httprequest.remote_addr
        values = {
            "event_type": event_type,
            "user_id": user.id or False,
            "login": mask_login(login if login is not None else user.sudo().login)
            or False,
            "ip": ip,
            "result": result,
            "detail": detail or False,
            "company_id": self.env.company.id,
        }
        if records:
            values["res_model"] = records._name
            values["res_id"] = records.id if len(records) == 1 else False
            if len(records) > 1:
                ids = ",".join(str(i) for i in records.ids[:50])
                values["detail"] = f"{detail} [{len(records)}: {ids}]".strip()
        return self.sudo().create(values)

    @api.model
    def _wx_record_committed(self, event_type, **kwargs):
        """Record an event that must outlive the current transaction (a failed
        login: the request rolls back). In a request, a cursor of its own
        commits it; elsewhere (tests, shell) the current transaction does."""
        if not request:
            return self._wx_record(event_type, **kwargs)
        with self.env.registry.cursor() as cr:
            self.with_env(self.env(cr=cr))._wx_record(event_type, **kwargs)
        return None

    # ------------------------------------------------------------------
    # hash chain
    # ------------------------------------------------------------------
    @api.model
    def _wx_schedule_seal(self):
        """Seal the rows this transaction writes once it has committed."""
        cr = self.env.cr
        if cr.postcommit.data.get("wx_audit_seal"):
            return
        cr.postcommit.data["wx_audit_seal"] = True
        registry = self.env.registry

        @cr.postcommit.add
        def seal():
            try:
                seal_in_own_transaction(registry)
            except psycopg2.Error as exc:
                # the next commit or the cron seals them: nothing is lost
                _logger.info("audit rows not sealed yet (%s)", exc.pgcode)

    @api.model
    def _wx_seal(self):
        """Seal the unsealed rows visible to this transaction (tests, verify);
        returns how many."""
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT wx_audit_seal()"))
        return self.env.cr.fetchone()[0]

    @api.model
    def _cron_seal(self):
        """Catch-up: rows whose post-commit sealing did not run."""
        return seal_in_own_transaction(self.env.registry)

    @api.model
    def _wx_verify(self):
        """``(rows, errors, unsealed)`` of the chains as this transaction
        sees them (``tools.audit_chain.fetch_and_check``)."""
        self.env.flush_all()
        return audit_chain.fetch_and_check(self.env.cr)

    # ------------------------------------------------------------------
    # retention
    # ------------------------------------------------------------------
    @api.model
    def _wx_retention_days(self):
        raw = (
            self.env["ir.config_parameter"].sudo().get_param(RETENTION_PARAM)
            or MIN_RETENTION_DAYS
        )
        try:
            days = int(raw)
        except ValueError:
            days = 0
        if days < MIN_RETENTION_DAYS:
            raise UserError(
                self.env._(
                    "The audit trail is kept at least %(min)s days; the retention"
                    " period set (%(days)s) is refused.",
                    min=MIN_RETENTION_DAYS,
                    days=raw,
                )
            )
        return days

    @api.model
    def _wx_archive_dir(self):
        directory = config.get("wx_audit_archive_dir") or os.path.join(
            config.filestore(self.env.cr.dbname), "wx_audit_archive"
        )
        os.makedirs(directory, mode=0o700, exist_ok=True)
        return directory

    @api.model
    def _wx_archive_key(self):
        """``(key bytes, source)`` of the archive signature: the environment
        ``WX_AUDIT_ARCHIVE_KEY`` or the odoo.conf option
        ``wx_audit_archive_key`` (outside the database), else a key derived
        from the database secret (said in the signature file)."""
        secret = os.environ.get("WX_AUDIT_ARCHIVE_KEY") or config.get(
            "wx_audit_archive_key"
        )
        if secret:
            return secret.encode(), "configured key"
        db_secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        return f"wx-audit-archive:{db_secret}".encode(), "database.secret"

    @api.model
    def _cron_purge(self):
        """Archive and delete the audit rows older than the retention period,
        in a READ COMMITTED transaction of its own (see seal_in_own_transaction)."""
        with self.env.registry.cursor() as cr:
            if isinstance(cr, Cursor):
                cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
            return self.with_env(self.env(cr=cr))._wx_purge()

    @api.model
    def _wx_purge(self):
        """Archive to a signed file, then delete, the prefix of each chain
        older than the retention period. Returns the archive path or None."""
        cutoff = fields.Datetime.now() - timedelta(days=self._wx_retention_days())
        self._wx_seal()
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT wx_chain_seq, id, create_date < %s FROM auditlog_log"
                " WHERE wx_chain_seq IS NOT NULL ORDER BY wx_chain_seq",
                cutoff,
            )
        )
        logs = cr.fetchall()
        cr.execute(
            SQL(
                "SELECT wx_chain_seq, log_id FROM auditlog_log_line"
                " WHERE wx_chain_seq IS NOT NULL ORDER BY wx_chain_seq"
            )
        )
        lines = cr.fetchall()
        cr.execute(
            SQL(
                "SELECT wx_chain_seq, timestamp < %s FROM wx_audit_event"
                " WHERE wx_chain_seq IS NOT NULL ORDER BY wx_chain_seq",
                cutoff,
            )
        )
        events = cr.fetchall()
        plan = audit_chain.plan_purge(logs, lines, events)
        if not any(plan.values()):
            return None
        archive = {"database": cr.dbname, "cutoff": str(cutoff), "tables": {}}
        for table, upto in plan.items():
            cr.execute(
                SQL(
                    "SELECT purged_seq, purged_hash FROM wx_audit_chain_head"
                    " WHERE table_name = %s",
                    table,
                )
            )
            purged_seq, purged_hash = cr.fetchone()
            cr.execute(
                SQL(
                    "SELECT row_to_json(t)::text, wx_chain_seq, wx_chain_hash, %s"
                    " FROM %s t WHERE wx_chain_seq > %s AND wx_chain_seq <= %s"
                    " ORDER BY wx_chain_seq",
                    SQL(audit_chain.content_sql(table)),
                    SQL.identifier(table),
                    purged_seq,
                    upto,
                )
            )
            rows = [
                {"row": json.loads(row), "seq": seq, "hash": h, "content": content}
                for row, seq, h, content in cr.fetchall()
            ]
            archive["tables"][table] = {
                "from_seq": purged_seq,
                "from_hash": purged_hash,
                "to_seq": rows[-1]["seq"] if rows else purged_seq,
                "to_hash": rows[-1]["hash"] if rows else purged_hash,
                "rows": rows,
            }
        data = json.dumps(archive, ensure_ascii=False, sort_keys=True).encode()
        key, source = self._wx_archive_key()
        stamp = fields.Datetime.now().strftime("%Y%m%dT%H%M%S")
        path = os.path.join(
            self._wx_archive_dir(), f"wx-audit-{cr.dbname}-{stamp}.json"
        )
        with open(path, "wb") as archive_file:
            archive_file.write(data)
        with open(f"{path}.sig", "w", encoding="utf-8") as signature_file:
            json.dump(
                {
                    "algorithm": "HMAC-SHA256",
                    "key": source,
                    "signature": audit_chain.sign(data, key),
                },
                signature_file,
            )
        removed = 0
        # lines before logs: a log's deletion cascades to its lines
        for table in ("auditlog_log_line", "auditlog_log", "wx_audit_event"):
            part = archive["tables"][table]
            if part["to_seq"] > part["from_seq"]:
                cr.execute(
                    SQL(
                        "SELECT wx_audit_purge_rows(%s, %s, %s)",
                        table,
                        part["to_seq"],
                        part["to_hash"],
                    )
                )
                removed += cr.fetchone()[0]
        self._wx_record(
            "delete",
            detail=f"audit retention: {removed} rows before {cutoff} archived to"
            f" {os.path.basename(path)}",
        )
        _logger.info("audit retention: %s rows archived and removed", removed)
        return path
