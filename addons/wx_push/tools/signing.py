# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Request signatures of the providers (INTEGRATIONS.md §1-3).

* WeCom group robots have no signature: the webhook key is the secret.
* DingTalk custom robot 加签: ``timestamp + "\\n" + secret`` signed with
  HMAC-SHA256 keyed by the secret, base64, then URL-encoded.
* Aliyun RPC signature V2 (``SignatureMethod=HMAC-SHA1``).
* Tencent Cloud API 3.0 ``TC3-HMAC-SHA256``.

The same functions sign our requests and check them in the fakes.
"""

import base64
import hashlib
import hmac
from datetime import datetime, timezone
from urllib.parse import quote, quote_plus


def dingtalk_sign(timestamp_ms, secret):
    """The ``sign`` query value of a DingTalk robot call, already URL-encoded."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def percent_encode(value):
    """RFC 3986 encoding of Aliyun's RPC signature: only ``A-Za-z0-9-_.~``
    stay literal, a space is ``%20``."""
    return quote(str(value), safe="-_.~")


def aliyun_string_to_sign(params, method="POST"):
    canonical = "&".join(
        f"{percent_encode(key)}={percent_encode(params[key])}"
        for key in sorted(params)
        if key != "Signature"
    )
    return f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"


def aliyun_rpc_signature(params, secret, method="POST"):
    """``Signature`` of an Aliyun RPC call (V2): base64 of HMAC-SHA1 keyed by
    ``secret + "&"`` over the canonical string of every other parameter."""
    to_sign = aliyun_string_to_sign(params, method).encode()
    digest = hmac.new(f"{secret}&".encode(), to_sign, hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


TC3_CONTENT_TYPE = "application/json; charset=utf-8"


def _hmac256(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def tc3_signature(secret_key, host, body, timestamp, service):
    """(signature hex, credential scope) of a Tencent Cloud POST ``/`` call
    whose signed headers are ``content-type;host``."""
    if isinstance(body, str):
        body = body.encode()
    date = datetime.fromtimestamp(int(timestamp), timezone.utc).strftime("%Y-%m-%d")
    canonical = (
        f"POST\n/\n\ncontent-type:{TC3_CONTENT_TYPE}\nhost:{host}\n\n"
        f"content-type;host\n{hashlib.sha256(body).hexdigest()}"
    )
    scope = f"{date}/{service}/tc3_request"
    to_sign = (
        f"TC3-HMAC-SHA256\n{int(timestamp)}\n{scope}\n"
        f"{hashlib.sha256(canonical.encode()).hexdigest()}"
    )
    key = _hmac256(f"TC3{secret_key}".encode(), date)
    key = _hmac256(key, service)
    key = _hmac256(key, "tc3_request")
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest(), scope


def tc3_authorization(secret_id, secret_key, host, body, timestamp, service):
    """The ``Authorization`` header of a Tencent Cloud API 3.0 call."""
    signature, scope = tc3_signature(secret_key, host, body, timestamp, service)
    return (
        f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, "
        f"SignedHeaders=content-type;host, Signature={signature}"
    )


def receipt_token(key, *parts):
    """HMAC-SHA256 hex of ``parts`` joined by ``:``: the token of our own
    delivery-receipt URLs (the providers call them, we check them)."""
    return hmac.new(
        key.encode(), ":".join(map(str, parts)).encode(), hashlib.sha256
    ).hexdigest()
