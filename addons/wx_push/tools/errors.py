# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a provider's answer means for the outbox (INTEGRATIONS.md §1-3).

Every answer becomes an :class:`Outcome`:

* ``ok``: delivered to the provider;
* ``retry``: transient (busy, 5xx, timeout): back off and send again;
* ``throttled``: the destination's rate limit: wait ``delay`` seconds
  (DingTalk blocks a robot 10 minutes), then send again;
* ``flow_control``: a per-number SMS limit: not retried blindly, at most
  once after ``delay``;
* ``token``: the cached WeCom access token expired: refresh it, send again;
* ``permanent``: configuration or payload error: dead letter at once.

Codes are compared, never messages (WeCom says errmsg may change). A code we
do not know is permanent: a manager sees it in the dead letters and retries
once it is understood, rather than the outbox hammering a provider.
"""

from dataclasses import dataclass

OK, RETRY, THROTTLED, FLOW_CONTROL, TOKEN, PERMANENT = (
    "ok",
    "retry",
    "throttled",
    "flow_control",
    "token",
    "permanent",
)

WECOM_THROTTLE_S = 60
DINGTALK_BLOCK_S = 600
FLOW_CONTROL_S = 3600

WECOM = {
    0: (OK, 0),
    -1: (RETRY, 0),
    6000: (RETRY, 0),
    45009: (THROTTLED, WECOM_THROTTLE_S),
    45033: (THROTTLED, WECOM_THROTTLE_S),
    40014: (TOKEN, 0),  # invalid access_token (app API)
    42001: (TOKEN, 0),  # access_token expired (app API)
    93000: (PERMANENT, 0),
    93004: (PERMANENT, 0),
    93008: (PERMANENT, 0),
    40008: (PERMANENT, 0),
    40058: (PERMANENT, 0),
    44004: (PERMANENT, 0),
    45002: (PERMANENT, 0),
}

DINGTALK = {
    0: (OK, 0),
    -1: (RETRY, 0),
    130101: (THROTTLED, DINGTALK_BLOCK_S),
    310000: (PERMANENT, 0),
    300001: (PERMANENT, 0),
    300005: (PERMANENT, 0),
}

ALIYUN = {
    "OK": (OK, 0),
    "isp.SYSTEM_ERROR": (RETRY, 0),
    "Throttling.User": (THROTTLED, 1),
    "isv.BUSINESS_LIMIT_CONTROL": (FLOW_CONTROL, FLOW_CONTROL_S),
}

TENCENT_PREFIXES = (
    ("Ok", OK, 0),
    ("InternalError", RETRY, 0),
    ("RequestLimitExceeded", THROTTLED, 1),
    ("LimitExceeded.PhoneNumber", FLOW_CONTROL, FLOW_CONTROL_S),
)

# transport failures after the request was sent
MAYBE_DELIVERED = ("timeout", "no_answer")

# numbers the provider says are wrong: Odoo's sms_number_format
WRONG_NUMBER = {
    "isv.MOBILE_NUMBER_ILLEGAL",
    "InvalidParameterValue.IncorrectPhoneNumber",
}


@dataclass(frozen=True)
class Outcome:
    kind: str
    code: str = ""
    delay: int = 0

    @property
    def retryable(self):
        return self.kind in (RETRY, THROTTLED, TOKEN)

    @property
    def maybe_delivered(self):
        """The request went out and no answer came back: the provider may
        have taken it (never send it elsewhere at once)."""
        return self.code in MAYBE_DELIVERED


def classify(channel, code):
    """Outcome of the provider ``code`` on ``channel`` (wecom_robot,
    wecom_app, dingtalk, aliyun, tencent)."""
    if channel in ("wecom_robot", "wecom_app", "dingtalk"):
        try:
            number = int(code)
        except (TypeError, ValueError):
            return Outcome(PERMANENT, str(code))
        table = DINGTALK if channel == "dingtalk" else WECOM
        kind, delay = table.get(number, (PERMANENT, 0))
        return Outcome(kind, str(number), delay)
    if channel == "aliyun":
        kind, delay = ALIYUN.get(code, (PERMANENT, 0))
        return Outcome(kind, code, delay)
    if channel == "tencent":
        for prefix, kind, delay in TENCENT_PREFIXES:
            if (
                code == prefix
                or code.startswith(prefix + ".")
                or (prefix.endswith("PhoneNumber") and code.startswith(prefix))
            ):
                return Outcome(kind, code, delay)
        return Outcome(PERMANENT, code)
    raise ValueError(f"unknown channel {channel!r}")


def classify_http(status):
    """Outcome of an HTTP answer that carries no provider code."""
    if status == 429:
        return Outcome(THROTTLED, f"http_{status}", WECOM_THROTTLE_S)
    if status >= 500 or status in (408,):
        return Outcome(RETRY, f"http_{status}")
    return Outcome(PERMANENT, f"http_{status}")


def classify_transport(error_name):
    """A timeout, a dropped or a refused connection: transient.
    ``timeout`` (no answer in time) and ``no_answer`` (the connection
    closed after the request) may have been delivered; ``connect_error``
    (never connected) was not."""
    return Outcome(RETRY, error_name)
