# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import time
import uuid
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.wx_feedback.models.wx_rate_limit import redis_client

from ..tools import clients, errors, payloads

_logger = logging.getLogger(__name__)

try:
    import redis
except ImportError:  # pragma: no cover - declared in external_dependencies
    redis = None

KINDS = [
    ("wecom_robot", "WeCom group robot"),
    ("dingtalk", "DingTalk group robot"),
    ("wecom_app", "WeCom application (personal messages)"),
]
EVENTS = ("urgent", "vip", "sla", "churn", "review")
# clock and network margin added to the provider's window, so that calls
# spaced by our clock are spaced as much at the provider's end
WINDOW_MARGIN_S = 2.0
TOKEN_MARGIN_S = 300

# sliding-window log in one Redis round trip: drop old calls, refuse when
# full, else record this call
_REDIS_SLOT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('EXPIRE', KEYS[1], math.ceil(ARGV[2]) + 5)
return 1
"""
_REDIS_LEFT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
return tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1])
"""


class WxPushDestination(models.Model):
    """Where staff alerts go: a WeCom or DingTalk group robot (one per team
    group), or the company's WeCom application for personal messages to
    users (their WeCom user id is on the user)."""

    _name = "wx.push.destination"
    _inherit = ("wx.push.secret.mixin",)
    _description = "Chat Destination"
    _order = "sequence, id"
    _check_company_auto = True
    _wx_encrypted_fields = (
        ("key", "key_enc", "secret", None, None),
        ("secret", "secret_enc", "secret", None, None),
        ("access_token", "access_token_enc", "secret", None, None),
    )

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(KINDS, required=True, default="wecom_robot")
    team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        string="Teams",
        check_company=True,
        help="The teams whose events go here; none: every team of the company.",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Personal Recipients",
        help="WeCom application: users who get every event of these teams.",
    )
    notify_team_leader = fields.Boolean(
        default=True,
        help="WeCom application: the leader of the event's team gets it too.",
    )
    lang = fields.Selection(
        "_lang_selection",
        string="Language",
        help="Language of a group robot's messages; default: the company's."
        " Personal messages are in each user's language.",
    )
    notify_urgent = fields.Boolean(string="Urgent Feedback", default=True)
    notify_vip = fields.Boolean(string="VIP Feedback", default=True)
    notify_sla = fields.Boolean(string="SLA Escalations", default=True)
    notify_churn = fields.Boolean(string="Churn Alerts", default=True)
    notify_review = fields.Boolean(string="Weekly Review", default=False)
    # the secrets: readable by system administrators only, stored encrypted
    # (the *_enc columns, see wx.push.secret.mixin)
    key = fields.Char(
        string="Webhook Key / Access Token",
        compute="_compute_wx_secrets",
        inverse="_inverse_key",
        groups="base.group_system",
        help="WeCom robot: the key of the webhook URL. DingTalk: its access_token.",
    )
    secret = fields.Char(
        compute="_compute_wx_secrets",
        inverse="_inverse_secret",
        groups="base.group_system",
        help="DingTalk: the 加签 secret (SEC…). WeCom application: the app secret.",
    )
    key_enc = fields.Char(
        string="Encrypted Key", readonly=True, copy=False, groups="base.group_system"
    )
    secret_enc = fields.Char(
        string="Encrypted Secret", readonly=True, copy=False, groups="base.group_system"
    )
    corp_id = fields.Char(string="WeCom Corp ID")
    agent_id = fields.Char(string="WeCom Agent ID")
    keywords = fields.Char(
        help="DingTalk robot keywords (comma-separated): every message carries one."
    )
    base_url = fields.Char(
        string="API Base URL",
        help="Default: the provider's public API. Tests and the demo point it at"
        " the local fakes.",
    )
    rate_limit = fields.Integer(
        default=20, help="Calls per period at most; 0: no limit."
    )
    rate_period = fields.Integer(string="Period (s)", default=60)
    blocked_until = fields.Datetime(
        readonly=True, help="The provider blocks this robot until then."
    )
    # the cached WeCom application token grants sending as the application
    # for two hours: encrypted like the secret it is obtained with
    access_token = fields.Char(
        compute="_compute_wx_secrets",
        inverse="_inverse_access_token",
        groups="base.group_system",
        readonly=True,
    )
    access_token_enc = fields.Char(
        string="Encrypted Access Token",
        readonly=True,
        copy=False,
        groups="base.group_system",
    )
    token_expires_at = fields.Float(
        groups="base.group_system", readonly=True, copy=False
    )
    message_ids = fields.One2many("wx.push.message", "destination_id")
    message_count = fields.Integer(compute="_compute_message_count")

    _rate_positive = models.Constraint(
        "CHECK(rate_limit >= 0 AND rate_period > 0)",
        "Rate limits must be positive.",
    )

    @api.depends("key_enc", "secret_enc", "access_token_enc")
    def _compute_wx_secrets(self):
        return super()._compute_wx_secrets()

    def _inverse_key(self):
        self._wx_store_secret("key")

    def _inverse_secret(self):
        self._wx_store_secret("secret")

    def _inverse_access_token(self):
        self._wx_store_secret("access_token")

    @api.model
    def _lang_selection(self):
        return self.env["res.lang"].get_installed()

    def _compute_message_count(self):
        counts = dict(
            self.env["wx.push.message"]._read_group(
                [("destination_id", "in", self.ids)], ["destination_id"], ["__count"]
            )
        )
        for destination in self:
            destination.message_count = counts.get(destination, 0)

    @api.constrains("kind", "corp_id", "agent_id")
    def _check_kind(self):
        for destination in self:
            if destination.kind == "wecom_app" and not (
                destination.corp_id and destination.agent_id
            ):
                raise ValidationError(
                    self.env._("A WeCom application needs its corp id and agent id.")
                )

    # ------------------------------------------------------------ routing

    @api.model
    def _wx_for(self, event, company, team=None):
        """Active destinations of ``company`` that take ``event`` for ``team``."""
        assert event in EVENTS
        candidates = self.sudo().search(
            [("company_id", "=", company.id), (f"notify_{event}", "=", True)]
        )
        return candidates.filtered(
            lambda d: not d.team_ids or (team and team in d.team_ids)
        )

    def _wx_recipients(self, team=None):
        """Users a WeCom application destination writes to for ``team``."""
        self.ensure_one()
        users = self.user_ids
        if self.notify_team_leader and team and team.user_id:
            users |= team.user_id
        return users.filtered(lambda u: u.active and u.sudo().wx_wecom_userid)

    def _wx_lang(self, user=None):
        self.ensure_one()
        return (
            self.company_id._wx_lang(user)
            if user
            else (self.lang or self.company_id._wx_lang())
        )

    # ------------------------------------------------------------ rate limit

    def _wx_window(self):
        return self.rate_period + WINDOW_MARGIN_S

    def _wx_take_slot(self):
        """Reserve one call within the destination's rate limit, shared by
        every worker: a sliding window (the providers count a sliding
        minute; fixed windows would let 2x the limit through across a
        window edge). Redis when configured, else PostgreSQL under an
        advisory lock of the destination. False when the window is full."""
        self.ensure_one()
        if not self.rate_limit:
            return True
        now = time.time()
        client = redis_client()
        if client is not None:
            try:
                return bool(
                    client.eval(
                        _REDIS_SLOT,
                        1,
                        self._wx_redis_key(),
                        now,
                        self._wx_window(),
                        self.rate_limit,
                        f"{now}:{uuid.uuid4().hex}",
                    )
                )
            except redis.RedisError:
                _logger.info("Redis unreachable, push rate limits in PostgreSQL")
        with self.env.registry.cursor() as cr:
            cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", 7140, self.id))
            cr.execute(
                SQL(
                    "SELECT count(*) FROM wx_push_send_log"
                    " WHERE destination_id = %s AND at > %s",
                    self.id,
                    now - self._wx_window(),
                )
            )
            if cr.fetchone()[0] >= self.rate_limit:
                return False
            cr.execute(
                SQL(
                    "INSERT INTO wx_push_send_log (destination_id, at) VALUES (%s, %s)",
                    self.id,
                    now,
                )
            )
        return True

    def _wx_slots_left(self):
        """Calls still allowed in the current sliding window."""
        self.ensure_one()
        if not self.rate_limit:
            return 10**6
        now = time.time()
        client = redis_client()
        if client is not None:
            try:
                return int(
                    client.eval(
                        _REDIS_LEFT,
                        1,
                        self._wx_redis_key(),
                        now,
                        self._wx_window(),
                        self.rate_limit,
                    )
                )
            except redis.RedisError:
                _logger.info("Redis unreachable, push rate limits in PostgreSQL")
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "SELECT count(*) FROM wx_push_send_log"
                    " WHERE destination_id = %s AND at > %s",
                    self.id,
                    now - self._wx_window(),
                )
            )
            return self.rate_limit - cr.fetchone()[0]

    def _wx_redis_key(self):
        return f"wx_push:rl:{self.env.cr.dbname}:{self.id}"

    def _wx_blocked(self):
        self.ensure_one()
        return bool(self.blocked_until and self.blocked_until > fields.Datetime.now())

    def _wx_block(self, seconds):
        self.sudo().blocked_until = fields.Datetime.now() + timedelta(seconds=seconds)

    # ------------------------------------------------------------ sending

    def _wx_base(self, default):
        return (self.sudo().base_url or default).rstrip("/")

    def _wx_token(self, refresh=False):
        """The cached WeCom access token of this application (refreshed
        ``TOKEN_MARGIN_S`` before it expires); a Result when it failed."""
        me = self.sudo()
        if not refresh and me.access_token and me.token_expires_at > time.time():
            return me.access_token
        result = clients.wecom_token(
            me.corp_id, me.secret, base=me._wx_base(clients.WECOM_URL)
        )
        if not result.ok:
            return result
        me.write(
            {
                "access_token": result.data["access_token"],
                "token_expires_at": time.time()
                + int(result.data.get("expires_in", 7200))
                - TOKEN_MARGIN_S,
            }
        )
        return me.access_token

    def _wx_send(self, alert, user=None):
        """Send ``alert`` ({title, body, url}) here now; a clients.Result."""
        self.ensure_one()
        me = self.sudo()
        label = self.env._("Open")
        if me.kind == "wecom_robot":
            return clients.wecom_robot(
                payloads.wecom_robot(alert, link_label=label),
                me.key,
                base=me._wx_base(clients.WECOM_URL),
            )
        if me.kind == "dingtalk":
            keywords = [k.strip() for k in (me.keywords or "").split(",") if k.strip()]
            return clients.dingtalk_robot(
                payloads.dingtalk_robot(alert, keywords, link_label=label),
                me.key,
                me.secret or None,
                base=me._wx_base(clients.DINGTALK_URL),
            )
        wecom_user = user.sudo().wx_wecom_userid if user else False
        if not wecom_user:
            return clients.Result(errors.Outcome(errors.PERMANENT, "no_wecom_userid"))
        payload = payloads.wecom_app(alert, me.agent_id, [wecom_user], label)
        for refresh in (False, True):
            token = me._wx_token(refresh=refresh)
            if isinstance(token, clients.Result):
                return token
            result = clients.wecom_app(
                payload, token, base=me._wx_base(clients.WECOM_URL)
            )
            if result.outcome.kind != errors.TOKEN:
                break
        return result
