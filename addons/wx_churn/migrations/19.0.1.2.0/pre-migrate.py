# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.2.0, before the update: the clear ``amount`` column of the tier
history is set aside (``wx_amount_clear``); post-migrate encrypts and drops it."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """SELECT 1 FROM information_schema.columns
            WHERE table_name = 'wx_churn_tier_history' AND column_name = 'amount'"""
    )
    if cr.fetchone():
        cr.execute(
            "ALTER TABLE wx_churn_tier_history RENAME COLUMN amount TO wx_amount_clear"
        )
