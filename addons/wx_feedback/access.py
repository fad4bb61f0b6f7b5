# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may call a public model method of the wx addons.

Every method of a model whose name does not start with ``_`` and that is not
decorated with ``@api.private`` is an API: any logged-in user, portal
customers included, can call it through ``/web/dataset/call_kw`` and
``/json/2`` with any ids. So in the wx addons:

* helpers are private (``_name``); cron entry points are ``_cron_<verb>``;
* a public method (a view button, the JSON-2 API) starts with
  :func:`check_rights` (or ``check_access`` for an ORM override) before it
  reads or writes anything, and never starts with ``sudo()``;
* every public method is listed, with the check it performs, in
  ``wx_feedback/tests/public_methods.py``; a new one fails the test
  ``test_public_methods`` until it is reviewed and listed there.
"""

from odoo.exceptions import AccessError

# groups= of the fields only staff read on records portal customers can read
# (their feedback, orders, tickets, contacts): the access rights and record
# rules decide which records, this decides which fields
STAFF = "base.group_user"
FEEDBACK_USER = "wx_feedback.group_wx_feedback_user"
FEEDBACK_MANAGER = "wx_feedback.group_wx_feedback_manager"


def check_rights(records, group, operation="read"):
    """Raise :class:`AccessError` unless the current user belongs to
    ``group`` (XML id) and may ``operation`` (read, write, create, unlink)
    every record of ``records``: access rights, then record rules, the
    multi-company rules included. On an empty recordset (an ``@api.model``
    method) only the access rights are checked. The superuser passes."""
    env = records.env
    if not env.su and not env.user.has_group(group):
        raise AccessError(
            env._(
                "This action is reserved to the group %(group)s.",
                group=env.ref(group).sudo().full_name,
            )
        )
    records.check_access(operation)
