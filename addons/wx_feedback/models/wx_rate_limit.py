# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixed-window rate limits for the login-free routes, in Redis or PostgreSQL."""

import logging
import time

from odoo import api, fields, models
from odoo.tools import SQL, config

from ..tools import settings

_logger = logging.getLogger(__name__)

try:
    import redis
except ImportError:  # pragma: no cover - declared in external_dependencies
    redis = None

_clients = {}


def redis_client():
    """Redis client of the ``redis_url`` setting (odoo.conf / environment)."""
    url = settings.get("redis_url", config["config"])
    if not url or redis is None:
        return None
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(
            url, socket_timeout=0.5, socket_connect_timeout=0.5
        )
    return _clients[url]


class WxRateLimit(models.Model):
    _name = "wx.rate.limit"
    _description = "Rate Limit Counter"
    _log_access = False

    key = fields.Char(required=True)
    window_start = fields.Integer(required=True, help="Epoch second the window opened.")
    count = fields.Integer(default=0)

    _key_window_unique = models.UniqueIndex("(key, window_start)")

    @api.model
    def _hit_all(self, rules, backend=None):
        """Count one request against each ``(key, limit, period)``; False as
        soon as one of them is over its limit.

        Counts in Redis when configured and reachable (one round trip), else
        in PostgreSQL on a cursor of its own, so the count stays even when the
        request fails. ``backend`` forces "redis" or "postgres".
        """
        now = int(time.time())
        windows = [
            (key, limit, now // period * period, period) for key, limit, period in rules
        ]
        client = redis_client() if backend in (None, "redis") else None
        if client is not None:
            try:
                pipe = client.pipeline()
                for key, _limit, window, period in windows:
                    name = f"wx_feedback:rl:{self.env.cr.dbname}:{key}:{window}"
                    pipe.incr(name)
                    pipe.expire(name, period + 5)
                counts = pipe.execute()[::2]
                return all(
                    count <= limit
                    for count, (_k, limit, _w, _p) in zip(counts, windows, strict=True)
                )
            except redis.RedisError:
                if backend == "redis":
                    raise
                _logger.info("Redis unreachable, rate limits counted in PostgreSQL")
        return all(
            self._hit_postgres(key, window) <= limit
            for key, limit, window, _p in windows
        )

    @api.model
    def _hit(self, key, limit, period, backend=None):
        """Count one request for ``key``; False once more than ``limit``
        requests arrived in the current ``period`` seconds."""
        return self._hit_all([(key, limit, period)], backend)

    @api.model
    def _hit_postgres(self, key, window):
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """INSERT INTO wx_rate_limit (key, window_start, count)
                       VALUES (%s, %s, 1)
                       ON CONFLICT (key, window_start)
                       DO UPDATE SET count = wx_rate_limit.count + 1
                       RETURNING count""",
                    key,
                    window,
                )
            )
            return cr.fetchone()[0]

    @api.autovacuum
    def _gc_old_windows(self):
        self.env.execute_query(
            SQL(
                "DELETE FROM wx_rate_limit WHERE window_start < %s",
                int(time.time()) - 86400,
            )
        )
