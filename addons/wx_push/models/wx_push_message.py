# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The outbox: one row per outbound message and destination.

Delivery guarantees, and where they end:

* **Nothing lost.** A row is created in the transaction of its event (the
  feedback, the SLA step, the churn alert, the SMS queue run): the event and
  its messages commit together or not at all. A row leaves ``queued`` /
  ``failed`` only for ``sent`` or ``dead`` (after ``MAX_ATTEMPTS`` or a
  permanent error, visible in the dead letters, where a manager retries).
* **Nothing twice.** ``dedupe_key`` is unique (event + record +
  destination [+ recipient]), so an event processed twice queues once. A
  worker takes rows with ``FOR UPDATE SKIP LOCKED``, re-reads their state
  under the lock and commits ``sending`` *before* the HTTP call, so no two
  workers send the same row.
* **The at-least-once window.** A worker that dies between the provider's
  acceptance and the commit of ``sent`` (milliseconds), or a call whose
  answer is lost (a timeout after the provider accepted it), leaves the row
  ``sending`` or ``failed`` with the provider having delivered it. Chat
  robots have no idempotency key: such a row is sent again once its lease
  (``LEASE_S``) expires, the one case where a duplicate is possible. For
  SMS the window is closed: the sms uuid goes with the call (Aliyun
  ``OutId``, Tencent ``SessionContext``) and comes back in the delivery
  receipt, so an SMS whose answer was lost waits ``RECEIPT_WAIT_S`` for its
  receipt before it is sent again, and the receipt marks it sent.

Workers: the cron ``_cron_send`` (woken by ``_trigger`` whenever a row is
queued, so an urgent alert leaves within seconds) in any number of Odoo
workers at once; the rate limit of a destination is shared through Redis
(or PostgreSQL), see ``wx.push.destination._wx_take_slot``. Odoo's cron
triggers are enough here: OCA ``queue_job`` would add a job table beside the
outbox table, a job runner and its channels for what one row lock and one
cron already give, and it is not a dependency of the suite.
"""

import json
import logging
from datetime import timedelta

import psycopg2
import psycopg2.errors

from odoo import api, fields, models

from odoo.addons.wx_feedback.access import FEEDBACK_MANAGER, check_rights

from ..tools import backoff, digest, errors, payloads
from ..tools.clients import Result

_logger = logging.getLogger(__name__)

STATES = [
    ("queued", "Queued"),
    ("sending", "Sending"),
    ("sent", "Sent"),
    ("failed", "Failed (will retry)"),
    ("dead", "Dead letter"),
]
EVENTS = [
    ("urgent", "Urgent feedback"),
    ("vip", "VIP feedback"),
    ("sla", "SLA escalation"),
    ("churn", "Churn alert"),
    ("review", "Weekly review"),
    ("link", "Feedback link"),
    ("sms", "Customer SMS"),
]
CHANNELS = [
    ("wecom_robot", "WeCom robot"),
    ("dingtalk", "DingTalk robot"),
    ("wecom_app", "WeCom application"),
    ("sms", "SMS"),
]
LEASE_S = 120
RECEIPT_WAIT_S = 600
BATCH = 200
DIGEST_BYTES = payloads.WECOM_MARKDOWN_BYTES - 200


class WxPushMessage(models.Model):
    _name = "wx.push.message"
    _description = "Outbound Message"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True)
    body = fields.Text()
    text = fields.Text(
        compute="_compute_text",
        help="What the recipient reads: for an SMS the text Odoo rendered in"
        " the customer's language (the template's content parameter).",
    )
    url = fields.Char(string="Link")
    lang = fields.Char(string="Language")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    event = fields.Selection(EVENTS, required=True)
    channel = fields.Selection(CHANNELS, required=True)
    destination_id = fields.Many2one(
        "wx.push.destination", ondelete="cascade", index=True, check_company=True
    )
    recipient_user_id = fields.Many2one("res.users", string="Recipient")
    res_model = fields.Char(string="Document Model")
    res_id = fields.Many2oneReference(string="Document", model_field="res_model")
    dedupe_key = fields.Char(required=True, copy=False)
    state = fields.Selection(STATES, required=True, default="queued", index=True)
    attempts = fields.Integer(readonly=True)
    next_attempt_at = fields.Datetime(default=fields.Datetime.now, index=True)
    sending_since = fields.Datetime(readonly=True)
    sent_at = fields.Datetime(readonly=True)
    last_code = fields.Char(readonly=True, help="The provider's last answer code.")
    digest_id = fields.Many2one(
        "wx.push.message",
        string="Sent in Digest",
        readonly=True,
        ondelete="set null",
        help="This message went out merged into that one's digest.",
    )
    # SMS
    sms_uuid = fields.Char(string="SMS UUID", index="btree_not_null", readonly=True)
    sms_number = fields.Char(string="Number", readonly=True)
    sms_type = fields.Char(string="SMS Type", readonly=True)
    sms_provider = fields.Char(readonly=True, help="The provider that took it.")
    sms_ref = fields.Char(string="Provider Reference", readonly=True)
    receipt_state = fields.Selection(
        [("delivered", "Delivered"), ("failed", "Not delivered")], readonly=True
    )

    _dedupe_key_unique = models.UniqueIndex("(dedupe_key)")
    _ready_index = models.Index(
        "(next_attempt_at, id) WHERE state IN ('queued', 'failed')"
    )

    # ------------------------------------------------------------ enqueue

    @api.depends("body", "channel")
    def _compute_text(self):
        for message in self:
            text = message.body or ""
            if message.channel == "sms" and text.startswith("{"):
                try:
                    params = json.loads(text)
                except ValueError:
                    params = None
                if isinstance(params, dict) and params.get("content"):
                    text = str(params["content"])
            message.text = text

    @api.model
    def _wx_enqueue(self, vals_list):
        """Queue messages in the current transaction; those whose
        ``dedupe_key`` is already queued are skipped. Returns the new rows
        and wakes the sender."""
        keys = [vals["dedupe_key"] for vals in vals_list]
        existing = set(
            self.sudo()
            .with_context(active_test=False)
            .search([("dedupe_key", "in", keys)])
            .mapped("dedupe_key")
        )
        todo = []
        for vals in vals_list:
            if vals["dedupe_key"] not in existing:
                existing.add(vals["dedupe_key"])
                todo.append(vals)
        created = self.sudo().browse()
        for vals in todo:
            try:
                with self.env.cr.savepoint():
                    created |= self.sudo().create(vals)
            except psycopg2.IntegrityError:  # queued meanwhile by another
                continue
        if created:
            self._wx_wake()
        return created

    @api.model
    def _wx_queue_event(self, event, record, render, team=None, company=None, tag=""):
        """Queue the alert of ``event`` about ``record`` for every
        destination of its company that takes it (for ``team``): one row per
        group robot, in the robot's language, and one per recipient of a
        WeCom application, in the recipient's. ``render(env)`` returns
        (title, body) in ``env``'s language. ``tag`` tells apart several
        alerts about one record (an SLA step). Returns the rows queued."""
        company = company or record.company_id
        destinations = self.env["wx.push.destination"]._wx_for(event, company, team)
        url = f"{record.get_base_url()}/odoo/{record._name}/{record.id}"
        vals_list = []
        for destination in destinations:
            users = (
                destination._wx_recipients(team)
                if destination.kind == "wecom_app"
                else [None]
            )
            for user in users:
                lang = destination._wx_lang(user)
                title, body = render(self.with_context(lang=lang).env)
                vals_list.append(
                    {
                        "name": title,
                        "body": body,
                        "url": url,
                        "lang": lang,
                        "company_id": company.id,
                        "event": event,
                        "channel": destination.kind,
                        "destination_id": destination.id,
                        "recipient_user_id": user.id if user else False,
                        "res_model": record._name,
                        "res_id": record.id,
                        "dedupe_key": ":".join(
                            str(part)
                            for part in (
                                event,
                                record._name,
                                record.id,
                                tag,
                                destination.id,
                                user.id if user else 0,
                            )
                        ),
                    }
                )
        return self._wx_enqueue(vals_list)

    @api.model
    def _wx_wake(self):
        self.env.ref("wx_push.ir_cron_push_send").sudo()._trigger()

    # ------------------------------------------------------------ actions

    def action_retry(self):
        """Dead letters back to the queue (managers)."""
        check_rights(self, FEEDBACK_MANAGER, "write")
        retry = self.filtered(lambda m: m.state in ("dead", "failed"))
        retry.write(
            {
                "state": "queued",
                "attempts": 0,
                "next_attempt_at": fields.Datetime.now(),
                "last_code": False,
            }
        )
        if retry:
            self._wx_wake()
        return True

    def action_open_document(self):
        self.ensure_one()
        check_rights(self, FEEDBACK_MANAGER)
        if not self.res_model or not self.res_id:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------ worker

    @api.model
    def _cron_send(self):
        """Send what is due, batch after batch, committing as it goes."""
        self = self.sudo()  # noqa: PLW0642 - the cron runs as superuser anyway
        self._wx_recover_stale()
        while True:
            done = self._wx_send_batch()
            if not done:
                break
            if self._wx_commit(done) <= 0:
                break

    @api.model
    def _wx_commit(self, done=0):
        """Commit progress (patched in tests, where commits are forbidden)."""
        return self.env["ir.cron"]._commit_progress(done)

    @api.model
    def _wx_due_domain(self):
        return [
            ("state", "in", ("queued", "failed")),
            ("next_attempt_at", "<=", fields.Datetime.now()),
        ]

    @api.model
    def _wx_receipt_wait(self):
        """Seconds an SMS whose answer was lost waits for its receipt before
        it is sent again (``wx_push.sms_receipt_wait``, default 600)."""
        value = (
            self.env["ir.config_parameter"].sudo().get_param("wx_push.sms_receipt_wait")
        )
        try:
            return max(int(value), 0) if value else RECEIPT_WAIT_S
        except ValueError:
            return RECEIPT_WAIT_S

    @api.model
    def _wx_recover_stale(self):
        """Rows left ``sending`` by a worker that died: a chat message is
        sent again (the at-least-once window); an SMS first waits for its
        receipt."""
        now = fields.Datetime.now()
        stale = self.search(
            [
                ("state", "=", "sending"),
                ("sending_since", "<", now - timedelta(seconds=LEASE_S)),
            ]
        ).try_lock_for_update()
        for message in stale:
            if message.channel == "sms" and message.sending_since > now - timedelta(
                seconds=self._wx_receipt_wait()
            ):
                continue
            message.write({"state": "failed", "next_attempt_at": now})
        if stale:
            self._wx_commit()

    @api.model
    def _wx_send_batch(self, limit=BATCH):
        """One batch: lock due rows (skipping the ones other workers hold),
        group them by destination, send. Returns how many were handled."""
        due = self.search(self._wx_due_domain(), limit=limit, order="id")
        due = due.try_lock_for_update()
        if not due:
            return 0
        handled = 0
        groups = {}
        for message in due:
            key = message.destination_id or message.company_id
            groups.setdefault((message.channel, key), self.browse())
            groups[(message.channel, key)] |= message
        for (channel, _key), messages in groups.items():
            if channel == "sms":
                for message in messages:
                    handled += message._wx_process("_wx_send_sms")
            else:
                handled += messages._wx_send_chat()
        return handled

    def _wx_claim(self):
        """Lock these rows again, keep those still due, mark them
        ``sending`` and commit: from here no other worker takes them."""
        try:
            with self.env.cr.savepoint():
                mine = self.try_lock_for_update()
                mine.invalidate_recordset(["state"])
                mine = mine.filtered(lambda m: m.state in ("queued", "failed"))
        except psycopg2.errors.SerializationFailure:
            # another worker claimed them since this transaction began
            return self.browse()
        if mine:
            now = fields.Datetime.now()
            for message in mine:
                message.write(
                    {
                        "state": "sending",
                        "sending_since": now,
                        "attempts": message.attempts + 1,
                    }
                )
            self._wx_commit()
        return mine

    def _wx_send_chat(self):
        """Send these messages of one chat destination within its rate
        limit; merged into a digest when more wait than the window has
        room for. Returns how many were handled."""
        destination = self.destination_id
        if destination._wx_blocked():
            self.write({"next_attempt_at": destination.blocked_until})
            return len(self)
        handled = 0
        pending = self.sorted("id")
        while pending:
            if destination.kind == "wecom_app":
                batch, pending = pending[:1], pending[1:]
            else:
                room = destination._wx_slots_left()
                if room <= 0:
                    pending.write(
                        {
                            "next_attempt_at": fields.Datetime.now()
                            + timedelta(seconds=2)
                        }
                    )
                    return handled + len(pending)
                if len(pending) > room:
                    batch, pending = pending._wx_digest_batch()
                else:
                    batch, pending = pending[:1], pending[1:]
            if not destination._wx_take_slot():
                (batch | pending).write(
                    {"next_attempt_at": fields.Datetime.now() + timedelta(seconds=2)}
                )
                return handled + len(batch) + len(pending)
            handled += batch._wx_process("_wx_send_chat_one")
        return handled

    def _wx_digest_batch(self):
        """(the messages that fit in one digest, the rest)."""
        alerts = [m._wx_alert() for m in self]
        _merged, count = digest.merge(alerts, DIGEST_BYTES, "")
        return self[:count], self[count:]

    def _wx_alert(self):
        self.ensure_one()
        return {"title": self.name, "body": self.body or "", "url": self.url or ""}

    def _wx_send_chat_one(self):
        """Send these messages as one call (a digest when several)."""
        destination = self[0].destination_id
        if len(self) == 1:
            alert = self._wx_alert()
        else:
            lang = self[0].lang or destination._wx_lang()
            title = self.with_context(lang=lang).env._(
                "%(count)s alerts", count=len(self)
            )
            alert, _count = digest.merge(
                [m._wx_alert() for m in self], DIGEST_BYTES, title
            )
        result = destination.with_context(lang=self[0].lang or None)._wx_send(
            alert, self[0].recipient_user_id
        )
        if result.outcome.kind == errors.THROTTLED and destination.kind == "dingtalk":
            destination._wx_block(result.outcome.delay)
        return result

    def _wx_process(self, method):
        """Claim, send through ``method`` (returns a clients.Result), record
        the outcome and commit. Returns how many rows were handled."""
        mine = self._wx_claim()
        if not mine:
            return 0
        try:
            result = getattr(mine, method)()
        except Exception:  # a bug must not leave rows sending forever
            _logger.exception("Outbound message %s failed to send", mine.ids)
            result = None
        mine._wx_record(result)
        self._wx_commit()
        return len(mine)

    def _wx_record(self, result):
        """Write the outcome of one call on the rows it carried."""
        now = fields.Datetime.now()
        if result is None:
            outcome = errors.Outcome(errors.RETRY, "exception")
        else:
            outcome = result.outcome
        if outcome.kind == errors.OK:
            values = {"state": "sent", "sent_at": now, "last_code": outcome.code}
            if len(self) > 1:
                values["digest_id"] = self[0].id
            self.write(values)
            self.filtered(lambda m: m.channel == "sms")._wx_sms_accepted(result)
            return
        attempts = max(self.mapped("attempts") or [0])
        permanent = outcome.kind == errors.PERMANENT or (
            outcome.kind == errors.FLOW_CONTROL and attempts > 1
        )
        if permanent or backoff.exhausted(attempts):
            self.write({"state": "dead", "last_code": outcome.code})
            self.filtered(lambda m: m.channel == "sms")._wx_sms_failed(outcome)
            _logger.info(
                "Outbound messages %s dead after %s attempts: %s",
                self.ids,
                attempts,
                outcome.code,
            )
            return
        delay = outcome.delay or backoff.delay(attempts)
        if outcome.maybe_delivered and self[0].channel == "sms":
            # the provider may have taken it: its receipt decides
            delay = max(delay, self._wx_receipt_wait())
        self.write(
            {
                "state": "failed",
                "last_code": outcome.code,
                "next_attempt_at": now + timedelta(seconds=delay),
            }
        )

    # ------------------------------------------------------------ SMS

    def _wx_send_sms(self):
        """Send this SMS through the company's provider, then its fallback
        when the first fails for a retryable reason."""
        self.ensure_one()
        if self.receipt_state == "delivered":  # its receipt came meanwhile
            return _Accepted()
        company = self.company_id.sudo()
        result = None
        for provider in company._wx_sms_providers():
            result = company._wx_sms_send(provider, self)
            if result.ok:
                self.sms_provider = provider
                return result
            if not result.outcome.retryable or result.outcome.maybe_delivered:
                # refused for good, or maybe taken: never send it elsewhere
                return result
        return result or Result(errors.Outcome(errors.PERMANENT, "no_provider"))

    def _wx_sms_params(self):
        return json.loads(self.body or "{}")

    def _wx_sms_accepted(self, result):
        for message in self:
            message.sms_ref = (result.data or {}).get("BizId") or (
                result.data or {}
            ).get("SerialNo")
            message._wx_sms_update("pending")

    def _wx_sms_failed(self, outcome):
        failure = (
            "sms_number_format" if outcome.code in errors.WRONG_NUMBER else "sms_server"
        )
        for message in self:
            message._wx_sms_update("error", failure)

    def _wx_sms_update(self, state, failure_type=None):
        """Carry an SMS state to Odoo's records: the sms.sms while it
        exists, and its tracker (the chatter notification)."""
        self.ensure_one()
        if not self.sms_uuid:
            return
        tracker = (
            self.env["sms.tracker"].sudo().search([("sms_uuid", "=", self.sms_uuid)])
        )
        if tracker:
            tracker._action_update_from_sms_state(state, failure_type=failure_type)
        sms = self.env["sms.sms"].sudo().search([("uuid", "=", self.sms_uuid)])
        if sms:
            sms.write({"state": state, "failure_type": failure_type or False})

    @api.model
    def _wx_apply_receipts(self, company_id, updates):
        """``updates``: [(sms uuid, delivered)] from a provider's receipt.
        Unknown uuids (another company's, or gone) are ignored."""
        by_uuid = dict(updates)
        messages = self.search(
            [
                ("company_id", "=", company_id),
                ("channel", "=", "sms"),
                ("sms_uuid", "in", list(by_uuid)),
            ]
        )
        for message in messages:
            delivered = by_uuid[message.sms_uuid]
            values = {"receipt_state": "delivered" if delivered else "failed"}
            if delivered and message.state != "sent":
                # the answer of the call was lost, the receipt says it went
                values.update(state="sent", sent_at=fields.Datetime.now())
            message.write(values)
            if delivered:
                message._wx_sms_update("sent")
            else:
                message._wx_sms_update("error", "sms_server")
        return len(messages)


class _Accepted:
    """A result for an SMS whose receipt arrived before its resend."""

    outcome = errors.Outcome(errors.OK, "receipt")
    data = None
    ok = True
