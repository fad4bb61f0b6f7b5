# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Message bodies of the chat providers, within their byte limits.

An alert is a dict ``{"title", "body", "url"}`` (plain text, UTF-8); the
builders shape it for each provider and cut it at a character boundary so
that the encoded content stays within the provider's limit
(INTEGRATIONS.md §1-2).
"""

import json

WECOM_TEXT_BYTES = 2048
WECOM_MARKDOWN_BYTES = 4096
WECOM_NEWS_TITLE_BYTES = 128
WECOM_NEWS_DESCRIPTION_BYTES = 512
WECOM_NEWS_ARTICLES = 8
# DingTalk publishes no byte limit we could confirm: stay within WeCom's
DINGTALK_MARKDOWN_BYTES = 4096
ELLIPSIS = "…"


def utf8_len(text):
    return len(text.encode())


def truncate_bytes(text, limit, ellipsis=ELLIPSIS):
    """``text`` cut so that its UTF-8 form (ellipsis included when cut)
    holds at most ``limit`` bytes, never inside a character."""
    text = text or ""
    if utf8_len(text) <= limit:
        return text
    room = limit - utf8_len(ellipsis)
    cut = text.encode()[: max(room, 0)].decode("utf-8", "ignore")
    return cut + ellipsis


def _markdown(alert, link_label):
    title = alert.get("title") or ""
    body = alert.get("body") or ""
    url = alert.get("url")
    tail = f"\n[{link_label}]({url})" if url else ""
    head = f"**{title}**\n" if title else ""
    return head, body, tail


def fit_markdown(alert, limit, link_label="Open"):
    """``title + body + link`` in at most ``limit`` bytes; the body is cut
    first so that the link to the record always survives."""
    head, body, tail = _markdown(alert, link_label)
    room = limit - utf8_len(head) - utf8_len(tail)
    if room < 16:  # a title that long: cut it too
        head = truncate_bytes(head, limit // 2)
        room = limit - utf8_len(head) - utf8_len(tail)
    return head + truncate_bytes(body, max(room, 0)) + tail


def wecom_robot(alert, msgtype="markdown", link_label="Open", mentions=()):
    """Body of a WeCom group robot call (markdown mentions go into the
    content as ``<@userid>``: the robot refuses mention lists there)."""
    if msgtype == "news":
        return {
            "msgtype": "news",
            "news": {
                "articles": [
                    {
                        "title": truncate_bytes(
                            alert.get("title") or "", WECOM_NEWS_TITLE_BYTES
                        ),
                        "description": truncate_bytes(
                            alert.get("body") or "", WECOM_NEWS_DESCRIPTION_BYTES
                        ),
                        "url": alert.get("url") or "",
                    }
                ]
            },
        }
    if msgtype == "text":
        text = {"content": ""}
        if mentions:
            text["mentioned_list"] = list(mentions)
        plain = (alert.get("title") or "") + "\n" + (alert.get("body") or "")
        url = alert.get("url")
        suffix = f"\n{url}" if url else ""
        text["content"] = (
            truncate_bytes(plain, WECOM_TEXT_BYTES - utf8_len(suffix)) + suffix
        )
        return {"msgtype": "text", "text": text}
    mention = "".join(f"<@{user}>" for user in mentions)
    limit = WECOM_MARKDOWN_BYTES - utf8_len(mention)
    content = fit_markdown(alert, limit, link_label) + mention
    return {"msgtype": "markdown", "markdown": {"content": content}}


def wecom_app(alert, agent_id, users, link_label="Open"):
    """Body of a WeCom application message to ``users`` (WeCom user ids)."""
    return {
        "touser": "|".join(users),
        "msgtype": "markdown",
        "agentid": int(agent_id),
        "markdown": {"content": fit_markdown(alert, WECOM_MARKDOWN_BYTES, link_label)},
    }


def dingtalk_robot(alert, keywords=(), link_label="Open", at_mobiles=()):
    """Body of a DingTalk custom robot call. A robot guarded by keywords
    refuses a message without one: the first keyword leads the title then."""
    title = alert.get("title") or ""
    body = alert.get("body") or ""
    if keywords and not any(k in title or k in body for k in keywords):
        title = f"{keywords[0]} {title}".strip()
    alert = dict(alert, title=title)
    mention = "".join(f" @{mobile}" for mobile in at_mobiles)
    text = fit_markdown(
        alert, DINGTALK_MARKDOWN_BYTES - utf8_len(mention), link_label
    ).replace("**" + title + "**", "### " + title, 1)
    payload = {
        "msgtype": "markdown",
        "markdown": {"title": truncate_bytes(title, 128), "text": text + mention},
    }
    if at_mobiles:
        payload["at"] = {"atMobiles": list(at_mobiles), "isAtAll": False}
    return payload


def dumps(payload):
    """The JSON bytes sent: UTF-8, no ASCII escaping (limits count bytes)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
