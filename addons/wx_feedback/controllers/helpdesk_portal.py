# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


def _relabel(options, labels):
    """``options`` (key -> {"label": ...}) with the labels of ``labels``."""
    for key, label in labels.items():
        if key in options:
            options[key]["label"] = label
    return options


class HelpdeskPortal(CustomerPortalHelpdesk):
    """The sort, group and search options of helpdesk_mgmt's *My Tickets* in
    the customer's language. Odoo reads an addon's Python translations from
    that addon's folder only and helpdesk_mgmt ships no zh_CN: its labels are
    translated here, by option key (any other option keeps its own label)."""

    @http.route()
    def portal_my_tickets(self, *args, **kwargs):
        response = super().portal_my_tickets(*args, **kwargs)
        # the "All" filter is built inside the route: relabel the page's values
        filters = getattr(response, "qcontext", {}).get("searchbar_filters")
        if filters and "all" in filters:
            filters["all"]["label"] = request.env._("All")
        return response

    def _ticket_get_searchbar_sortings(self):
        return _relabel(
            super()._ticket_get_searchbar_sortings(),
            {
                "date": request.env._("Newest"),
                "name": request.env._("Title"),
                "stage": request.env._("Stage"),
                "update": request.env._("Last Stage Update"),
            },
        )

    def _ticket_get_searchbar_groupby(self):
        return _relabel(
            super()._ticket_get_searchbar_groupby(),
            {
                "none": request.env._("None"),
                "category": request.env._("Category"),
                "stage": request.env._("Stage"),
            },
        )

    def _ticket_get_searchbar_inputs(self):
        return _relabel(
            super()._ticket_get_searchbar_inputs(),
            {
                "all": request.env._("Search in All"),
                "number": request.env._("Search in Number"),
                "name": request.env._("Search in Title"),
            },
        )
