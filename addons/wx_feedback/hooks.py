# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Keep the records an uninstall cannot delete.

Delivered demo orders leave done stock moves behind, and those keep pointing at
the demo products after the addon is gone: Odoo cannot delete the products and
would log a failed DELETE for each. So the XML ids of such records move to a
holding name when the addon is uninstalled and come back when it is installed
again, where the data files then update the same records instead of creating
duplicates.
"""

from odoo.tools import SQL

from .tools.audit_chain import AUDIT_TABLES
from .tools.audit_sql import uninstall_sql

HOLDING_MODULE = "wx_feedback_retained"
RETAINED_MODELS = ("product.product", "product.template", "product.category")


def uninstall_hook(env):
    # the audit trail's triggers, functions and chain heads (tools/audit_sql);
    # wx_audit_event goes with the module, auditlog's tables stay with auditlog
    env.cr.execute(
        SQL("SELECT relname FROM pg_class WHERE relname IN %s", tuple(AUDIT_TABLES))
    )
    tables = [row[0] for row in env.cr.fetchall()]
    for statement in uninstall_sql(tables):
        env.cr.execute(SQL(statement))  # pylint: disable=sql-injection
    env["ir.model.data"].search(
        [("module", "=", "wx_feedback"), ("model", "in", RETAINED_MODELS)]
    ).write({"module": HOLDING_MODULE})


def pre_init_hook(env):
    env["ir.model.data"].search([("module", "=", HOLDING_MODULE)]).write(
        {"module": "wx_feedback"}
    )
