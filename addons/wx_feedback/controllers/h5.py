# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The login-free mobile feedback page behind the signed link (SMS, WeCom, QR).

The signature in the URL (HMAC over order, customer, expiry and the order's
link version) is the credential: it replaces both the login and the CSRF
token. GET shows the page and never writes; POST submits. Every response is
private (no cache, no referrer, no framing).
"""

import re
import time

from odoo import http
from odoo.http import request

from ..models.wx_crypto_key import WxCryptoUnavailable
from ..models.wx_feedback import FeedbackInputError
from ..tools import guard
from .common import (
    client_key,
    error_page,
    form_categories,
    read_form,
    render_page,
    see_other,
    too_many_requests,
    within_limits,
)

H5_LANGS = ("zh_CN", "en_US", "es_ES")
H5_ROUTE = "/fb/<int:order_id>/<int:partner_id>/<int:expires>/<string:signature>"
SIGNATURE = re.compile(r"[0-9a-f]{64}")  # a SHA-256 hex digest


class FeedbackH5(http.Controller):
    def _lang(self, partner=None):
        """The customer's language, else the browser's (zh_CN, en_US, es_ES)."""
        if partner and partner.lang in H5_LANGS:
            return partner.lang
        accepted = request.httprequest.accept_languages
        best = accepted.best_match(["zh-CN", "zh", "es", "en"], default="en")
        return {"zh-CN": "zh_CN", "zh": "zh_CN", "es": "es_ES"}.get(best, "en_US")

    def _invalid_link(self):
        return error_page(
            403,
            request.env._(
                "This feedback link is not valid or has expired. Please ask us"
                " for a new one."
            ),
        )

    def _revoked_link(self):
        return error_page(
            410,
            request.env._(
                "This feedback link has been withdrawn. Please use the latest"
                " link we sent you, or ask us for a new one."
            ),
        )

    def _link_check(self, order_id, partner_id, expires, signature):
        """``(order, partner, verdict)``: verdict is valid, revoked or invalid.
        Malformed links are refused before any database read."""
        Order = request.env["sale.order"].sudo()
        Partner = request.env["res.partner"].sudo()
        if not (
            guard.is_record_id(order_id)
            and guard.is_record_id(partner_id)
            and expires >= time.time()
            and SIGNATURE.fullmatch(signature)
        ):
            return Order, Partner, "invalid"
        # sale.order and res.partner are wide: read only what is checked
        order = Order.search_fetch(
            [("id", "=", order_id)], ["partner_id", "state", "wx_h5_link_version"]
        )
        if not order:
            return order, Partner, "invalid"
        verdict = order._wx_h5_check(partner_id, expires, signature)
        partner = Partner.browse(partner_id)
        if verdict == "valid":
            partners = (partner | order.partner_id).exists()
            partners.fetch(["commercial_partner_id", "lang"])
            if not (
                partner in partners
                and partner.commercial_partner_id
                == order.partner_id.commercial_partner_id
            ):
                verdict = "invalid"
        return order, partner, verdict

    def _resolve(self, order_id, partner_id, expires, signature):
        """``(order, partner, error_response)`` of a link, after rate limiting:
        per client address first, per link once the link is verified."""
        # until the link is verified, speak the browser's language
        request.update_context(lang=self._lang())
        if not within_limits((client_key("h5"), "h5_rate_limit_ip")):
            return None, None, too_many_requests()
        order, partner, verdict = self._link_check(
            order_id, partner_id, expires, signature
        )
        if verdict == "invalid":
            return None, None, self._invalid_link()
        if verdict == "revoked":
            return None, None, self._revoked_link()
        link_key = f"h5:link:{order.id}:{partner.id}"
        if not within_limits((link_key, "h5_rate_limit_token")):
            return None, None, too_many_requests()
        request.update_context(lang=self._lang(partner))
        return order, partner, None

    def _render(self, template, values, status=200):
        return render_page(template, values, status=status)

    def _page(self, order, partner, data=None, errors=None, status=200, done=False):
        if done:
            values = {"order": order, "partner": partner, "done": True}
            return self._render("h5_page", values | {"lang": request.env.lang})
        feedback = order.wx_feedback_ids.filtered(
            lambda f: f.commercial_partner_id == partner.commercial_partner_id
        )[:1]
        values = {
            "order": order,
            "partner": partner,
            "feedback": feedback,
            "categories": form_categories(order),
            # the customer's phone is not shown to whoever holds the link
            "data": data or {},
            "errors": errors or {},
            "done": done,
            "lang": request.env.lang,
            "action": request.httprequest.path,
        }
        return self._render("h5_page", values, status=status)

    @http.route(
        H5_ROUTE, type="http", auth="public", methods=["GET"], csrf=False, readonly=True
    )
    def h5_form(self, order_id, partner_id, expires, signature, done=None, **kw):
        order, partner, error = self._resolve(order_id, partner_id, expires, signature)
        return error or self._page(order, partner, done=bool(done))

    @http.route(H5_ROUTE, type="http", auth="public", methods=["POST"], csrf=False)
    def h5_submit(self, order_id, partner_id, expires, signature, **kw):
        order, partner, error = self._resolve(order_id, partner_id, expires, signature)
        if error:
            return error
        if not order._wx_can_be_rated():
            return error_page(
                409, request.env._("This order has not been delivered yet.")
            )
        data, files = read_form()
        Feedback = request.env["wx.feedback"].sudo()
        try:
            values, cleaned = Feedback._check_submission(data, files, order.company_id)
            Feedback._submit(partner, order, values, cleaned, "h5")
        except FeedbackInputError as exc:
            return self._page(order, partner, data, exc.errors, status=400)
        except WxCryptoUnavailable:
            # the master key is missing on this server: nothing is kept
            request.env.cr.rollback()
            return error_page(
                503,
                request.env._(
                    "Your feedback cannot be recorded right now."
                    " Please try again later."
                ),
            )
        return see_other(f"{request.httprequest.path}?done=1")
