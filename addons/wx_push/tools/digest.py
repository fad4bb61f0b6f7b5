# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Several alerts for one robot merged into one message.

A robot takes 20 messages a minute; past that the outbox does not drop
alerts nor let them wait minutes each: the alerts queued for the robot go
out together in one digest, as many as fit in the provider's byte limit.
"""

from .payloads import ELLIPSIS, truncate_bytes, utf8_len

LINE_BYTES = 400


def merge(alerts, limit, title):
    """(digest alert, number of ``alerts`` it holds). Each alert becomes one
    line (title, a cut of its body, its link); lines are added in order
    while the digest stays under ``limit`` bytes (``title`` included), and
    at least the first one is always included."""
    lines = []
    used = utf8_len(title) + 8
    for alert in alerts:
        line = "- " + (alert.get("title") or "")
        body = (alert.get("body") or "").replace("\n", " ")
        if body:
            line += ": " + body
        line = truncate_bytes(line, LINE_BYTES)
        if alert.get("url"):
            line += f" [→]({alert['url']})"
        cost = utf8_len(line) + 1
        if lines and used + cost > limit:
            break
        lines.append(line)
        used += cost
    body = "\n".join(lines)
    if utf8_len(body) > limit:
        body = truncate_bytes(body, limit - utf8_len(title) - 8, ELLIPSIS)
    return {"title": title, "body": body, "url": ""}, len(lines)
