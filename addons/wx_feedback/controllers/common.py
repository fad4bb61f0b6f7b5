# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the portal form, the H5 page and the survey share: reading the posted
form, rate limits, and the responses of the login-free pages."""

from odoo.http import request

from ..tools import guard, uploads

FORM_FIELDS = (
    "rating",
    "rating_delivery",
    "rating_freshness",
    "rating_service",
    "description",
    "phone",
)
# read one byte past the largest allowed file so an oversized one is named
READ_LIMIT = uploads.MAX_VIDEO_BYTES + 1

# ``count/seconds`` of each rate limit (system parameter wx_feedback.<name>)
RATE_LIMITS = {
    "h5_rate_limit_ip": "120/600",  # per client address (IPv6: per /64)
    "h5_rate_limit_token": "30/600",  # per verified H5 link
    "portal_rate_limit_user": "30/600",  # feedback posts per portal user
}
# The login-free pages carry a credential in their URL and personal data:
# never cached, never sent on as a referrer, never framed by another site.
PRIVATE_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
}


def read_form():
    """``(data, files)`` of the posted feedback form, unchecked."""
    form = request.httprequest.form
    data = {name: form.get(name) for name in FORM_FIELDS}
    data["categories"] = form.getlist("categories")
    files = [
        (storage.filename or "upload", storage.stream.read(READ_LIMIT))
        for storage in request.httprequest.files.getlist("attachments")
        if storage.filename
    ]
    return data, files


def form_categories(order):
    """The categories the form offers for ``order``: its company's."""
    return request.env["wx.feedback.category"]._wx_for_company(order.company_id)


def default_form_data(partner):
    """What the form shows before the first submission: the contact's phone."""
    return {"phone": partner.phone or partner.commercial_partner_id.phone or ""}


# ---------------------------------------------------------------------- limits


def client_key(prefix):
    """Rate-limit key of the requesting client's address (see README on
    ``proxy_mode`` behind a reverse proxy)."""
    return f"{prefix}:ip:{guard.client_bucket(request.httprequest.remote_addr)}"


def within_limits(*rules):
    """Count this request against each ``(key, setting)``; False once one of
    them is over its limit (RATE_LIMITS names the settings)."""
    params = request.env["ir.config_parameter"].sudo()
    limits = [
        (
            key,
            *guard.parse_limit(
                params.get_param(f"wx_feedback.{setting}"), RATE_LIMITS[setting]
            ),
        )
        for key, setting in rules
    ]
    return request.env["wx.rate.limit"].sudo()._hit_all(limits)


# ---------------------------------------------------------------------- pages


def private(response):
    """``response`` with the headers of a login-free page."""
    response.headers.update(PRIVATE_PAGE_HEADERS)
    return response


def render_page(template, values, status=200, headers=None):
    """A standalone page (no website layout) of the login-free routes."""
    html = request.env["ir.qweb"]._render(f"wx_feedback.{template}", values)
    response = request.make_response(
        html,
        headers=[("Content-Type", "text/html; charset=utf-8"), *(headers or [])],
        status=status,
    )
    return private(response)


def error_page(status, message):
    values = {"message": message, "lang": request.env.lang}
    headers = [("Retry-After", "600")] if status == 429 else None
    return render_page("h5_error_page", values, status=status, headers=headers)


def too_many_requests():
    return error_page(
        429,
        request.env._("Too many requests. Please wait a few minutes and try again."),
    )


def see_other(location):
    """Post/Redirect/Get: a reload of the next page does not post again."""
    return private(request.redirect(location, code=303))
