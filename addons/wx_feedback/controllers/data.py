# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's "My data" page (PIPL Art. 44-47, 50): what the suite holds
about the logged-in person, the download of all of it, the consents, and a
request to erase it.

Every route acts on the logged-in user's own partner only (no id in the URL:
nobody can ask for someone else's data); writes are POST with the CSRF token.
An erasure is a request handled by staff, not an immediate deletion: staff
check the legal retention of orders and invoices and open tickets, and the
deletion cannot be undone (see README "Data-subject requests")."""

from odoo import http
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.wx_consent import CHANNELS, PURPOSES
from .common import see_other, too_many_requests, within_limits

# the consents a customer changes on the page: the channels the suite sends by
PORTAL_CONSENT_CHANNELS = ("sms", "email")


class DataPortal(CustomerPortal):
    def _wx_data_values(self, errors=None):
        env = request.env
        partner = env.user.partner_id
        Personal = env["wx.personal.data"]
        sections, attachments = Personal._wx_personal_data(partner)
        Consent = env["wx.consent"]
        current = Consent._wx_current(partner)
        channel_names = dict(Consent._fields["channel"]._description_selection(env))
        purpose_names = dict(Consent._fields["purpose"]._description_selection(env))
        consents = [
            {
                "key": f"consent_{channel}_{purpose}",
                "channel": channel_names[channel],
                "purpose": purpose_names[purpose],
                "granted": current[(channel, purpose)],
            }
            for channel, _label in CHANNELS
            if channel in PORTAL_CONSENT_CHANNELS
            for purpose, _name in PURPOSES
        ]
        requests = (
            env["wx.data.request"]
            .sudo()
            .search([("partner_id", "=", partner.id)], order="id desc", limit=20)
        )
        open_erasure = requests.filtered(
            lambda r: r.request_type == "erasure" and r.state == "received"
        )[:1]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "wx_my_data",
                "wx_partner": partner.sudo(),
                "wx_counts": {
                    "feedback": len(sections["feedback"]),
                    "surveys": len(sections["surveys"]),
                    "tickets": len(sections["tickets"]),
                    "messages": len(sections["messages"]),
                    "files": len(attachments),
                },
                "wx_consents": consents,
                "wx_requests": requests,
                "wx_open_erasure": open_erasure,
                "wx_errors": errors or {},
                "wx_notice": request.params.get("done"),
            }
        )
        return values

    def _wx_render_data(self, errors=None, status=200):
        response = request.render(
            "wx_feedback.portal_my_data", self._wx_data_values(errors)
        )
        response.status_code = status
        response.headers["Cache-Control"] = "no-store"
        return response

    def _wx_new_request(self, request_type):
        return (
            request.env["wx.data.request"]
            .sudo()
            .create(
                {
                    "partner_id": request.env.user.partner_id.id,
                    "request_type": request_type,
                    "channel": "portal",
                    "requested_by_id": request.env.uid,
                    "company_id": (
                        request.env.user.partner_id.company_id or request.env.company
                    ).id,
                }
            )
        )

    def _wx_within_limits(self):
        return within_limits((f"dsr:user:{request.env.uid}", "portal_rate_limit_user"))

    @http.route(
        "/my/data",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def portal_my_data(self, **kw):
        return self._wx_render_data()

    @http.route(
        "/my/data/export", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_data_export(self, **kw):
        if not self._wx_within_limits():
            return too_many_requests()
        data_request = self._wx_new_request("access")
        payload = data_request._wx_do_export(store=False)
        filename = f"personal_data_{data_request.name}.zip"
        return request.make_response(
            payload,
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Disposition", content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )

    @http.route(
        "/my/data/consent", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_data_consent(self, **kw):
        if not self._wx_within_limits():
            return too_many_requests()
        partner = request.env.user.partner_id
        changes = {
            (channel, purpose): bool(kw.get(f"consent_{channel}_{purpose}"))
            for channel in PORTAL_CONSENT_CHANNELS
            for purpose, _name in PURPOSES
        }
        rows = request.env["wx.consent"]._wx_set(partner, changes, "portal")
        withdrawn = rows.filtered(lambda r: not r.granted)
        if withdrawn:
            data_request = self._wx_new_request("consent")
            data_request.note = ", ".join(
                f"{row.channel}/{row.purpose}" for row in withdrawn
            )
            data_request._wx_close("done", f"consents withdrawn: {len(withdrawn)}")
        return see_other("/my/data?done=consent")

    @http.route(
        "/my/data/erase", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_data_erase(self, confirm=None, **kw):
        if not self._wx_within_limits():
            return too_many_requests()
        if not request.env.user.share:
            return self._wx_render_data(
                {
                    "erase": request.env._(
                        "Staff accounts are not erased from this page: ask your"
                        " administrator."
                    )
                },
                status=403,
            )
        if confirm != "1":
            return self._wx_render_data(
                {
                    "erase": request.env._(
                        "Tick the box to confirm that you want your personal data"
                        " erased."
                    )
                },
                status=400,
            )
        values = self._wx_data_values()
        if not values["wx_open_erasure"]:
            self._wx_new_request("erasure")
        return see_other("/my/data?done=erasure")
