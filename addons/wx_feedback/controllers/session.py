# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, http
from odoo.http import request

from odoo.addons.web.controllers.session import Session


def _read_write_when_logged_in(_controller, _rule, _args):
    """The logout writes its security event when a user is logged in."""
    return not request.session.uid


class WxSession(Session):
    @http.route(readonly=_read_write_when_logged_in)
    def logout(self, redirect="/odoo"):
        """A logout is a security event, written as the user the session still
        names (the route is auth="none": its environment has no user). The
        route is read/write then: its cursor writes the event."""
        uid = request.session.uid
        if uid and request.db:
            env = api.Environment(request.env.cr, uid, {})
            env["wx.audit.event"]._wx_record("logout", env.user)
        return super().logout(redirect=redirect)
