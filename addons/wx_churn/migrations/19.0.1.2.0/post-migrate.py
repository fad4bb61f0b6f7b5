# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.2.0: the amounts of the tier history are encrypted (AES-256-GCM,
bound to their row); the clear column set aside by pre-migrate is dropped.
Needs the master key, like wx_feedback's 19.0.1.2.0."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def encrypt_clear_amounts(env):
    """Encrypt the set-aside amounts and drop their column; idempotent.
    Returns the number of rows encrypted."""
    cr = env.cr
    cr.execute(
        """SELECT 1 FROM information_schema.columns
            WHERE table_name = 'wx_churn_tier_history'
              AND column_name = 'wx_amount_clear'"""
    )
    if not cr.fetchone():
        return 0
    History = env["wx.churn.tier.history"].sudo()
    rows = env.execute_query(
        SQL(
            "SELECT id, wx_amount_clear FROM wx_churn_tier_history"
            " WHERE wx_amount_clear IS NOT NULL ORDER BY id"
        )
    )
    for record_id, amount in rows:
        History.browse(record_id)._wx_store_amount(amount)
    cr.execute("ALTER TABLE wx_churn_tier_history DROP COLUMN wx_amount_clear")
    _logger.info("wx_churn 19.0.1.2.0: %s tier history amounts encrypted", len(rows))
    return len(rows)


def migrate(cr, version):
    if version:
        encrypt_clear_amounts(api.Environment(cr, SUPERUSER_ID, {}))
