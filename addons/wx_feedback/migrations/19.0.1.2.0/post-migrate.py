# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.2.0: contact phones of feedback are encrypted.

Every clear number set aside by pre-migrate (``wx_phone_clear``) is written
through the ORM (AES-256-GCM bound to its row, blind index, masked form) and
the clear column is dropped. The chatter kept the numbers of earlier phone
changes (the field was tracked): those tracking values are masked. Needs the
master key (odoo.conf ``[wx_feedback] master_key_file`` or ``WX_MASTER_KEY``):
without it the update stops with that message and changes nothing.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.wx_feedback.tools import masking

_logger = logging.getLogger(__name__)
BATCH = 1000


def encrypt_clear_phones(env):
    """Encrypt the set-aside clear phones and drop their column; mask the
    phone tracking values. Idempotent; returns the number of rows encrypted."""
    cr = env.cr
    cr.execute(
        """SELECT 1 FROM information_schema.columns
            WHERE table_name = 'wx_feedback' AND column_name = 'wx_phone_clear'"""
    )
    done = 0
    if cr.fetchone():
        Feedback = env["wx.feedback"].sudo()
        while True:
            rows = env.execute_query(
                SQL(
                    """SELECT id, wx_phone_clear FROM wx_feedback
                        WHERE wx_phone_clear IS NOT NULL AND wx_phone_clear != ''
                        ORDER BY id LIMIT %s""",
                    BATCH,
                )
            )
            if not rows:
                break
            for record_id, number in rows:
                Feedback.browse(record_id)._wx_store_phone(number)
            env.execute_query(
                SQL(
                    "UPDATE wx_feedback SET wx_phone_clear = NULL WHERE id IN %s",
                    tuple(row[0] for row in rows),
                )
            )
            done += len(rows)
        Feedback.flush_model()
        cr.execute("ALTER TABLE wx_feedback DROP COLUMN wx_phone_clear")
    tracked = env.execute_query(
        SQL(
            """SELECT value.id, value.old_value_char, value.new_value_char
                 FROM mail_tracking_value value
                 JOIN ir_model_fields field ON field.id = value.field_id
                WHERE field.model = 'wx.feedback' AND field.name = 'phone'"""
        )
    )
    for value_id, old, new in tracked:
        env.execute_query(
            SQL(
                """UPDATE mail_tracking_value
                      SET old_value_char = %s, new_value_char = %s
                    WHERE id = %s""",
                masking.mask_phone(old) or None,
                masking.mask_phone(new) or None,
                value_id,
            )
        )
    _logger.info(
        "wx_feedback 19.0.1.2.0: %s contact phones encrypted,"
        " %s tracking values masked",
        done,
        len(tracked),
    )
    return done


def migrate(cr, version):
    if version:
        encrypt_clear_phones(api.Environment(cr, SUPERUSER_ID, {}))
