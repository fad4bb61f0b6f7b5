# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The login-free mobile feedback page behind the signed link (SMS, WeCom, QR).

The signature in the URL (HMAC over order, customer and expiry) is the
credential: it replaces both the login and the CSRF token. GET shows the
page and never writes; POST submits.
"""

from odoo import http
from odoo.http import request

from ..models.wx_feedback import FeedbackInputError
from .common import default_form_data, form_categories, read_form

H5_LANGS = ("zh_CN", "en_US", "es_ES")
H5_ROUTE = "/fb/<int:order_id>/<int:partner_id>/<int:expires>/<string:signature>"
DEFAULT_LIMITS = {"ip": "120/600", "token": "30/600"}


def _limit(kind):
    """``(count, seconds)`` of a rate limit, from wx_feedback.h5_rate_limit_<kind>."""
    raw = (
        request.env["ir.config_parameter"]
        .sudo()
        .get_param(f"wx_feedback.h5_rate_limit_{kind}", DEFAULT_LIMITS[kind])
    )
    try:
        count, seconds = (int(part) for part in raw.split("/"))
    except ValueError:
        count, seconds = (int(part) for part in DEFAULT_LIMITS[kind].split("/"))
    return count, max(seconds, 1)


class FeedbackH5(http.Controller):
    def _lang(self, partner=None):
        """The customer's language, else the browser's (zh_CN, en_US, es_ES)."""
        if partner and partner.lang in H5_LANGS:
            return partner.lang
        accepted = request.httprequest.accept_languages
        best = accepted.best_match(["zh-CN", "zh", "es", "en"], default="en")
        return {"zh-CN": "zh_CN", "zh": "zh_CN", "es": "es_ES"}.get(best, "en_US")

    def _render(self, template, values, status=200, headers=None):
        html = request.env["ir.qweb"]._render(f"wx_feedback.{template}", values)
        return request.make_response(
            html,
            headers=[("Content-Type", "text/html; charset=utf-8"), *(headers or [])],
            status=status,
        )

    def _error(self, status, message):
        values = {"message": message, "lang": request.env.lang}
        headers = [("Retry-After", "600")] if status == 429 else None
        return self._render("h5_error_page", values, status=status, headers=headers)

    def _resolve(self, order_id, partner_id, expires, signature):
        """``(order, partner, error_response)`` of a link, after rate limiting."""
        # until the link is verified, speak the browser's language
        request.update_context(lang=self._lang())
        Limit = request.env["wx.rate.limit"].sudo()
        ip = request.httprequest.remote_addr or "unknown"
        rules = [
            (f"h5:ip:{ip}", *_limit("ip")),
            (f"h5:tok:{signature[:32]}", *_limit("token")),
        ]
        if not Limit._hit_all(rules):
            return (
                None,
                None,
                self._error(
                    429,
                    request.env._(
                        "Too many requests. Please wait a few minutes and try again."
                    ),
                ),
            )
        # check the signature first: it needs no database read
        order = request.env["sale.order"].sudo().browse(order_id)
        partner = request.env["res.partner"].sudo().browse(partner_id)
        valid = order._wx_h5_check(partner_id, expires, signature)
        if valid:
            # sale.order and res.partner are wide: read only what is checked
            order = order.search_fetch([("id", "=", order_id)], ["partner_id", "state"])
            partners = (partner | order.partner_id).exists()
            partners.fetch(["commercial_partner_id", "lang"])
            valid = (
                order
                and partner in partners
                and partner.commercial_partner_id
                == order.partner_id.commercial_partner_id
            )
        if not valid:
            return (
                None,
                None,
                self._error(
                    403,
                    request.env._(
                        "This feedback link is not valid or has expired. Please ask us"
                        " for a new one."
                    ),
                ),
            )
        request.update_context(lang=self._lang(partner))
        return order, partner, None

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
            "data": data or default_form_data(partner),
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
            return self._error(
                409, request.env._("This order has not been delivered yet.")
            )
        data, files = read_form()
        Feedback = request.env["wx.feedback"].sudo()
        try:
            values, cleaned = Feedback._check_submission(data, files, order.company_id)
        except FeedbackInputError as exc:
            return self._page(order, partner, data, exc.errors, status=400)
        Feedback._submit(partner, order, values, cleaned, "h5")
        # Post/Redirect/Get: a reload of the thank-you page does not resubmit
        return request.redirect(f"{request.httprequest.path}?done=1", code=303)
