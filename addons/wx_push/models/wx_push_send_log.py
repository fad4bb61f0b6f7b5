# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time

from odoo import api, fields, models
from odoo.tools import SQL


class WxPushSendLog(models.Model):
    """When each call went to a rate-limited destination: the sliding
    window of the PostgreSQL rate limiter (Redis keeps it in a sorted set
    when configured)."""

    _name = "wx.push.send.log"
    _description = "Outbound Call Log (rate limit)"
    _log_access = False

    destination_id = fields.Many2one(
        "wx.push.destination", required=True, ondelete="cascade", index=True
    )
    at = fields.Float(required=True, help="Epoch seconds of the call.")

    _destination_at_index = models.Index("(destination_id, at)")

    @api.autovacuum
    def _gc_old_calls(self):
        self.env.execute_query(
            SQL("DELETE FROM wx_push_send_log WHERE at < %s", time.time() - 3600)
        )
