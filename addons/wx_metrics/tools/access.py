# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may read ``/metrics`` (no ``odoo`` import).

The endpoint is never public: with neither a bearer token nor an IP
allow-list configured it refuses everyone. When both are configured a
scraper must pass both. A missing or wrong token is 401 (with
``WWW-Authenticate: Bearer``), an address outside the list is 403.
"""

import hmac
import ipaddress
from dataclasses import dataclass

OK = 200
UNAUTHORIZED = 401
FORBIDDEN = 403


@dataclass(frozen=True)
class Verdict:
    status: int
    reason: str


def parse_networks(text):
    """``"127.0.0.1, 10.0.0.0/8 ::1"`` -> networks; ValueError on a bad entry."""
    entries = (text or "").replace(",", " ").split()
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _in_networks(address, networks):
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in networks)


def bearer(authorization):
    """The token of an ``Authorization: Bearer <token>`` header, else ''."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def check(token, networks, authorization, remote_addr):
    """The :class:`Verdict` on one scrape. ``token`` is the configured token
    ('' for none), ``networks`` the parsed allow-list (empty for none)."""
    if not token and not networks:
        return Verdict(
            FORBIDDEN,
            "metrics are closed: set token or allowed_ips in the [wx_metrics]"
            " section of the Odoo configuration",
        )
    if networks and not _in_networks(remote_addr, networks):
        return Verdict(FORBIDDEN, "address not allowed")
    if token:
        given = bearer(authorization)
        if not given:
            return Verdict(UNAUTHORIZED, "bearer token required")
        if not hmac.compare_digest(given.encode(), token.encode()):
            return Verdict(UNAUTHORIZED, "wrong bearer token")
    return Verdict(OK, "")
