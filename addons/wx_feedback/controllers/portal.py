# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.wx_crypto_key import WxCryptoUnavailable
from ..models.wx_feedback import FeedbackInputError
from .common import (
    client_key,
    default_form_data,
    error_page,
    form_categories,
    read_form,
    too_many_requests,
    within_limits,
)


class FeedbackPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "wx_feedback_count" in counters:
            Feedback = request.env["wx.feedback"]
            values["wx_feedback_count"] = (
                Feedback.search_count([]) if Feedback.has_access("read") else 0
            )
        return values

    # ------------------------------------------------------------------ my feedback

    @http.route(
        ["/my/feedback", "/my/feedback/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_feedback(self, page=1, **kw):
        Feedback = request.env["wx.feedback"]
        count = Feedback.search_count([])
        pager = portal_pager(
            url="/my/feedback", total=count, page=page, step=self._items_per_page
        )
        feedbacks = Feedback.search(
            [], limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {"feedbacks": feedbacks, "pager": pager, "page_name": "wx_feedback"}
        )
        return request.render("wx_feedback.portal_my_feedbacks", values)

    @http.route(
        "/my/feedback/<int:feedback_id>",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_feedback_page(self, feedback_id, access_token=None, **kw):
        try:
            feedback = self._document_check_access(
                "wx.feedback", feedback_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my/feedback")
        values = self._prepare_portal_layout_values()
        values.update({"feedback": feedback, "page_name": "wx_feedback"})
        return request.render("wx_feedback.portal_feedback_page", values)

    # ------------------------------------------------------------------ rate an order

    def _order_to_rate(self, order_id, access_token=None):
        """The order, if the logged-in customer may rate it; else None."""
        try:
            order = self._document_check_access("sale.order", order_id, access_token)
        except (AccessError, MissingError):
            return None
        partner = request.env.user.partner_id
        if order.partner_id.commercial_partner_id != partner.commercial_partner_id:
            return None
        return order

    def _render_rating_form(self, order, data=None, errors=None, status=200):
        partner = request.env.user.partner_id
        existing = order.wx_feedback_ids.filtered(
            lambda f: f.commercial_partner_id == partner.commercial_partner_id
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "sale_order": order,
                "feedback": existing[:1],
                "categories": form_categories(order),
                "data": data or default_form_data(partner),
                "errors": errors or {},
                "page_name": "order",
            }
        )
        response = request.render("wx_feedback.portal_order_rating", values)
        response.status_code = status
        return response

    @http.route(
        "/my/orders/<int:order_id>/feedback",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def portal_order_rating_form(self, order_id, access_token=None, **kw):
        order = self._order_to_rate(order_id, access_token)
        if order is None:
            raise request.not_found()
        if not order._wx_can_be_rated():
            return request.redirect(order.get_portal_url())
        return self._render_rating_form(order)

    @http.route(
        "/my/orders/<int:order_id>/feedback",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_order_rating_submit(self, order_id, access_token=None, **kw):
        if not within_limits(
            (client_key("portal"), "h5_rate_limit_ip"),
            (f"portal:user:{request.env.uid}", "portal_rate_limit_user"),
        ):
            return too_many_requests()
        order = self._order_to_rate(order_id, access_token)
        if order is None:
            raise request.not_found()
        if not order._wx_can_be_rated():
            return request.redirect(order.get_portal_url())
        data, files = read_form()
        Feedback = request.env["wx.feedback"]
        try:
            values, cleaned = Feedback._check_submission(data, files, order.company_id)
            result = Feedback._submit(
                request.env.user.partner_id, order, values, cleaned, "order_page"
            )
        except FeedbackInputError as exc:
            return self._render_rating_form(order, data, exc.errors, status=400)
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
        return request.redirect(f"/my/feedback/{result.id}?submitted=1")
