# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Checks on what a login-free request brings, before it reaches the database.

A URL can carry anything: tokens are compared only when they are ASCII text
(a non-ASCII one is simply wrong, never an error), record ids only when they
fit PostgreSQL's integer, and rate limits count a client by its address
(IPv6 clients by their /64 network, which one subscriber usually holds whole).
"""

import hmac
import ipaddress

MAX_RECORD_ID = 2**31 - 1


def matches(expected: str, given) -> bool:
    """True when ``given`` equals the ``expected`` token, compared in constant
    time; False for anything that is not ASCII text."""
    if not isinstance(given, str) or not given.isascii() or not expected.isascii():
        return False
    return hmac.compare_digest(expected, given)


def is_record_id(value) -> bool:
    """True for an int that can be a database id (1 to 2**31 - 1)."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and (0 < value <= MAX_RECORD_ID)
    )


def client_bucket(address) -> str:
    """The rate-limit key of a client address: an IPv4 address as it is, an
    IPv6 address as its /64 network (an IPv4-mapped one as the IPv4 address),
    ``unknown`` when there is none."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def parse_limit(raw, default: str) -> tuple[int, int]:
    """``(count, seconds)`` of a rate limit written ``count/seconds``;
    ``default`` (same form) when ``raw`` is not one."""
    for text in (raw, default):
        try:
            count, seconds = (int(part) for part in str(text).split("/"))
        except ValueError:
            continue
        if count >= 0 and seconds > 0:
            return count, seconds
    raise ValueError(f"bad default rate limit {default!r}")
