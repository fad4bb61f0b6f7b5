# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The exposure beacon of the feedback forms under an experiment.

The form page itself is a GET and never writes (mail scanners and link
previews fetch it). The page's script POSTs here once it runs in a browser:
robots that do not run scripts never count, robots that announce themselves
are ignored, and repeated or concurrent opens of the same order meet the
unique index (one exposure per experiment and order). The URL carries an
HMAC of (experiment, order, customer) made when the page was rendered: it is
the credential, so the route needs no login and no CSRF token.
"""

from odoo import http
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.wx_feedback.controllers.common import (
    client_key,
    within_limits,
)
from odoo.addons.wx_feedback.tools import guard

from ..tools import abtest

ROUTE = (
    "/wx_learn/exposure/<int:experiment_id>/<int:order_id>/<int:partner_id>"
    "/<string:token>"
)


def _answer(status, message=""):
    return request.make_response(
        message,
        headers=[("Content-Type", "text/plain; charset=utf-8")],
        status=status,
    )


class LearnExposure(http.Controller):
    @http.route(ROUTE, type="http", auth="public", methods=["POST"], csrf=False)
    def exposure(self, experiment_id, order_id, partner_id, token, **kw):
        if not within_limits((client_key("h5"), "h5_rate_limit_ip")):
            return _answer(429, "Too many requests.")
        if not all(map(guard.is_record_id, (experiment_id, order_id, partner_id))):
            return _answer(400, "Bad request.")
        Experiment = request.env["wx.learn.experiment"].sudo()
        experiment = Experiment.browse(experiment_id).exists()
        expected = Experiment.browse(experiment_id)._wx_beacon_token(
            order_id, partner_id
        )
        if not (experiment and consteq(token, expected)):
            return _answer(403, "Invalid exposure link.")
        if experiment.state != "running":
            return _answer(409, "The experiment is not running.")
        if abtest.is_bot(request.httprequest.user_agent.string):
            return _answer(204)
        order = request.env["sale.order"].sudo().browse(order_id).exists()
        partner = request.env["res.partner"].sudo().browse(partner_id).exists()
        if not order or order.company_id != experiment.company_id:
            return _answer(404, "Unknown order.")
        request.env["wx.learn.exposure"].sudo()._wx_record(experiment, order, partner)
        return _answer(204)
