# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytest
from wx_push.tools import backoff, digest, errors, payloads

ALERT = {"title": "紧急反馈 FB00012", "body": "芒果烂了" * 10, "url": "http://x/y"}


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 5, 7, 10, 100])
def test_truncate_bytes_never_splits_a_character(limit):
    text = "一箱芒果有一半烂了" * 5
    cut = payloads.truncate_bytes(text, limit)
    assert len(cut.encode()) <= max(limit, 0) or cut == payloads.ELLIPSIS
    cut.encode().decode()  # valid UTF-8


def test_truncate_bytes_keeps_short_text():
    assert payloads.truncate_bytes("abc", 3) == "abc"
    assert payloads.truncate_bytes("abcd", 3) == "" + payloads.ELLIPSIS


def test_wecom_markdown_within_4096_bytes_and_keeps_the_link():
    alert = dict(ALERT, body="烂" * 3000)  # 9000 bytes
    payload = payloads.wecom_robot(alert, mentions=["zhangsan"])
    content = payload["markdown"]["content"]
    assert len(content.encode()) <= payloads.WECOM_MARKDOWN_BYTES
    assert "(http://x/y)" in content
    assert content.endswith("<@zhangsan>")
    assert "mentioned_list" not in payload["markdown"]


def test_wecom_text_within_2048_bytes():
    alert = dict(ALERT, body="烂" * 3000)
    payload = payloads.wecom_robot(alert, msgtype="text", mentions=["@all"])
    content = payload["text"]["content"]
    assert len(content.encode()) <= payloads.WECOM_TEXT_BYTES
    assert content.endswith("http://x/y")
    assert payload["text"]["mentioned_list"] == ["@all"]


def test_wecom_news_limits():
    alert = dict(ALERT, title="题" * 100, body="述" * 400)
    article = payloads.wecom_robot(alert, msgtype="news")["news"]["articles"][0]
    assert len(article["title"].encode()) <= 128
    assert len(article["description"].encode()) <= 512
    assert article["url"] == "http://x/y"


def test_dingtalk_adds_a_keyword_when_missing():
    payload = payloads.dingtalk_robot(ALERT, keywords=["客服"], at_mobiles=["138"])
    assert payload["markdown"]["title"].startswith("客服")
    assert "### 客服" in payload["markdown"]["text"]
    assert payload["markdown"]["text"].endswith("@138")
    assert payload["at"] == {"atMobiles": ["138"], "isAtAll": False}
    kept = payloads.dingtalk_robot(ALERT, keywords=["FB"])
    assert kept["markdown"]["title"] == ALERT["title"]


def test_wecom_app_payload():
    payload = payloads.wecom_app(ALERT, "1000002", ["a", "b"])
    assert payload["touser"] == "a|b"
    assert payload["agentid"] == 1000002


def test_digest_merges_within_limit():
    alerts = [dict(ALERT, title=f"FB{i:05d}") for i in range(200)]
    merged, count = digest.merge(alerts, 4096, "200 alerts")
    assert 1 < count < 200
    assert len(payloads.fit_markdown(merged, 4096).encode()) <= 4096
    assert "FB00000" in merged["body"] and f"FB{count - 1:05d}" in merged["body"]
    assert f"FB{count:05d}" not in merged["body"]
    one, count_one = digest.merge(alerts[:1], 10, "t")
    assert count_one == 1 and one["body"]


@pytest.mark.parametrize(
    "channel, code, kind",
    [
        ("wecom_robot", 0, errors.OK),
        ("wecom_robot", -1, errors.RETRY),
        ("wecom_robot", 6000, errors.RETRY),
        ("wecom_robot", 45009, errors.THROTTLED),
        ("wecom_robot", 45033, errors.THROTTLED),
        ("wecom_robot", 93000, errors.PERMANENT),
        ("wecom_robot", 93004, errors.PERMANENT),
        ("wecom_robot", 93008, errors.PERMANENT),
        ("wecom_robot", 40008, errors.PERMANENT),
        ("wecom_robot", 40058, errors.PERMANENT),
        ("wecom_robot", 44004, errors.PERMANENT),
        ("wecom_robot", 45002, errors.PERMANENT),
        ("wecom_robot", 12345, errors.PERMANENT),
        ("wecom_app", 42001, errors.TOKEN),
        ("wecom_app", 40014, errors.TOKEN),
        ("dingtalk", 0, errors.OK),
        ("dingtalk", -1, errors.RETRY),
        ("dingtalk", 130101, errors.THROTTLED),
        ("dingtalk", 310000, errors.PERMANENT),
        ("dingtalk", 300001, errors.PERMANENT),
        ("dingtalk", 300005, errors.PERMANENT),
        ("aliyun", "OK", errors.OK),
        ("aliyun", "isp.SYSTEM_ERROR", errors.RETRY),
        ("aliyun", "isv.BUSINESS_LIMIT_CONTROL", errors.FLOW_CONTROL),
        ("aliyun", "isv.MOBILE_NUMBER_ILLEGAL", errors.PERMANENT),
        ("aliyun", "isv.SMS_SIGNATURE_ILLEGAL", errors.PERMANENT),
        ("aliyun", "isv.SMS_TEMPLATE_ILLEGAL", errors.PERMANENT),
        ("aliyun", "isv.TEMPLATE_MISSING_PARAMETERS", errors.PERMANENT),
        ("aliyun", "isv.AMOUNT_NOT_ENOUGH", errors.PERMANENT),
        ("aliyun", "isp.RAM_PERMISSION_DENY", errors.PERMANENT),
        ("tencent", "Ok", errors.OK),
        ("tencent", "InternalError.Timeout", errors.RETRY),
        ("tencent", "RequestLimitExceeded", errors.THROTTLED),
        ("tencent", "LimitExceeded.PhoneNumberDailyLimit", errors.FLOW_CONTROL),
        ("tencent", "InvalidParameterValue.IncorrectPhoneNumber", errors.PERMANENT),
        ("tencent", "AuthFailure.SignatureFailure", errors.PERMANENT),
    ],
)
def test_error_codes(channel, code, kind):
    assert errors.classify(channel, code).kind == kind


def test_dingtalk_throttle_waits_for_the_block():
    assert errors.classify("dingtalk", 130101).delay == 600
    assert errors.classify("wecom_robot", "45009").delay == 60
    assert errors.classify("aliyun", "isv.BUSINESS_LIMIT_CONTROL").delay == 3600


def test_http_and_transport():
    assert errors.classify_http(502).kind == errors.RETRY
    assert errors.classify_http(429).kind == errors.THROTTLED
    assert errors.classify_http(404).kind == errors.PERMANENT
    assert errors.classify_transport("timeout").retryable


class _Rng:
    def __init__(self, value):
        self.value = value

    def uniform(self, low, high):
        return low + (high - low) * self.value


def test_backoff_grows_with_jitter_and_caps():
    assert backoff.delay(1, rng=_Rng(0)) == 5
    assert backoff.delay(1, rng=_Rng(1)) == 10
    assert backoff.delay(4, rng=_Rng(0)) == 40
    assert backoff.delay(30, rng=_Rng(1)) == backoff.CAP_S
    values = {backoff.delay(3) for _ in range(50)}
    assert len(values) > 1 and all(20 <= v <= 40 for v in values)
    assert not backoff.exhausted(7) and backoff.exhausted(8)
