# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.2.0, before the update: the clear ``phone`` column of feedback is
set aside (``wx_phone_clear``) so that the ORM, which no longer stores
``phone``, leaves it alone; post-migrate encrypts and drops it."""


def set_aside_clear_phones(cr):
    cr.execute(
        """SELECT 1 FROM information_schema.columns
            WHERE table_name = 'wx_feedback' AND column_name = 'phone'"""
    )
    if cr.fetchone():
        cr.execute("ALTER TABLE wx_feedback RENAME COLUMN phone TO wx_phone_clear")


def migrate(cr, version):
    if version:
        set_aside_clear_phones(cr)
