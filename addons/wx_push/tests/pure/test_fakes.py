# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The clients against the local fakes: signatures and payloads checked,
limits enforced, real error codes, injected faults."""

import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

import pytest
from wx_push.tools import clients, errors, payloads
from wx_push.tools.fakes import FakeServer

ALERT = {"title": "紧急 FB00001", "body": "芒果烂了", "url": "http://odoo/x"}


@pytest.fixture
def fake():
    server = FakeServer().start()
    server.timeout_s = 0.6
    yield server
    server.stop()


def test_wecom_robot_delivers_and_limits_20_per_minute(fake):
    fake.add_wecom_robot("k1")
    for i in range(20):
        result = clients.wecom_robot(
            payloads.wecom_robot(dict(ALERT, title=f"m{i}")), "k1", base=fake.url
        )
        assert result.ok, result
    over = clients.wecom_robot(payloads.wecom_robot(ALERT), "k1", base=fake.url)
    assert over.outcome.kind == errors.THROTTLED and over.outcome.code == "45009"
    assert len(fake.messages("wecom_robot", "k1")) == 20
    assert fake.rate_violations == 1


def test_wecom_robot_refuses_bad_key_and_oversized_content(fake):
    fake.add_wecom_robot("k1")
    bad = clients.wecom_robot(payloads.wecom_robot(ALERT), "nope", base=fake.url)
    assert bad.outcome == errors.Outcome(errors.PERMANENT, "93000")
    big = {"msgtype": "markdown", "markdown": {"content": "烂" * 1400}}
    assert clients.wecom_robot(big, "k1", base=fake.url).outcome.code == "40058"
    empty = {"msgtype": "text", "text": {"content": ""}}
    assert clients.wecom_robot(empty, "k1", base=fake.url).outcome.code == "44004"
    assert clients.wecom_robot({"msgtype": "x"}, "k1", base=fake.url).outcome.code == (
        "40008"
    )
    assert not fake.received


def test_wecom_app_token_and_users(fake):
    fake.add_wecom_corp("corp", "s3cret", 1000002, users=["lijianguo"])
    token = clients.wecom_token("corp", "s3cret", base=fake.url)
    assert token.ok and token.data["expires_in"] == 7200
    assert not clients.wecom_token("corp", "wrong", base=fake.url).ok
    payload = payloads.wecom_app(ALERT, 1000002, ["lijianguo", "ghost"])
    result = clients.wecom_app(payload, token.data["access_token"], base=fake.url)
    assert result.ok and result.data["invaliduser"] == "ghost"
    assert [m["dest"] for m in fake.messages("wecom_app")] == ["lijianguo"]
    fake.expire_wecom_tokens()
    stale = clients.wecom_app(payload, token.data["access_token"], base=fake.url)
    assert stale.outcome.kind == errors.TOKEN


def test_dingtalk_sign_keywords_and_ten_minute_block(fake):
    fake.add_dingtalk_robot("t1", secret="SECabc", keywords=["反馈"])
    body = payloads.dingtalk_robot(ALERT, keywords=["反馈"])
    assert clients.dingtalk_robot(body, "t1", "SECabc", base=fake.url).ok
    wrong = clients.dingtalk_robot(body, "t1", "SECxyz", base=fake.url)
    assert wrong.outcome.code == "310000" and wrong.data["errmsg"] == "sign not match"
    unsigned = clients.dingtalk_robot(body, "t1", None, base=fake.url)
    assert unsigned.outcome.code == "310000"
    nokeyword = clients.dingtalk_robot(
        payloads.dingtalk_robot(ALERT), "t1", "SECabc", base=fake.url
    )
    assert nokeyword.data["errmsg"] == "keywords not in content"
    for _ in range(19):
        assert clients.dingtalk_robot(body, "t1", "SECabc", base=fake.url).ok
    over = clients.dingtalk_robot(body, "t1", "SECabc", base=fake.url)
    assert over.outcome.kind == errors.THROTTLED and over.outcome.delay == 600
    # blocked for 10 minutes, even once the minute has passed
    fake._windows.clear()
    blocked = clients.dingtalk_robot(body, "t1", "SECabc", base=fake.url)
    assert blocked.outcome.code == "130101"
    assert len(fake.messages("dingtalk")) == 20
    assert clients.dingtalk_robot(body, "t0", None, base=fake.url).outcome.code == (
        "300001"
    )


def _aliyun(fake, number="+8613812345678", **kw):
    args = {
        "number": number,
        "sign_name": "万象鲜果",
        "template_code": "SMS_1",
        "params": {"order": "S00042"},
        "out_id": "u1",
        "key_id": "ak",
        "secret": "sk",
        "endpoint": fake.url + "/aliyun/",
    }
    args.update(kw)
    return clients.aliyun_sms(**args)


def test_aliyun_signature_params_and_flow_control(fake):
    fake.add_aliyun("ak", "sk", signs=["万象鲜果"], templates={"SMS_1": ["order"]})
    result = _aliyun(fake)
    assert result.ok and result.data["BizId"]
    assert fake.messages("aliyun")[0]["dest"] == "13812345678"
    assert "out_id=u1" in fake.messages("aliyun")[0]["text"]
    assert _aliyun(fake, secret="bad").outcome == errors.Outcome(
        errors.PERMANENT, "SignatureDoesNotMatch"
    )
    assert _aliyun(fake, params={}).outcome.code == "isv.TEMPLATE_MISSING_PARAMETERS"
    assert _aliyun(fake, sign_name="x").outcome.code == "isv.SMS_SIGNATURE_ILLEGAL"
    assert _aliyun(fake, template_code="x").outcome.code == "isv.SMS_TEMPLATE_ILLEGAL"
    assert _aliyun(fake, number="123").outcome.code == "isv.MOBILE_NUMBER_ILLEGAL"
    fake.sms_per_number_per_minute = 1
    fake._number_windows.clear()
    assert _aliyun(fake).ok
    limited = _aliyun(fake)
    assert limited.outcome.kind == errors.FLOW_CONTROL
    fake.script("aliyun", ["busy"])
    assert _aliyun(fake, number="+8613912345678").outcome.kind == errors.RETRY


def _tencent(fake, number="+8613812345678", **kw):
    args = {
        "number": number,
        "sign_name": "万象鲜果",
        "template_id": "1001",
        "params": ["S00042", "http://x"],
        "session_context": "u2",
        "app_id": "1400000001",
        "secret_id": "AKID1",
        "secret_key": "key1",
        "endpoint": fake.url + "/tencent/",
    }
    args.update(kw)
    return clients.tencent_sms(**args)


def test_tencent_tc3_and_per_number_codes(fake):
    fake.add_tencent("AKID1", "key1", "1400000001", ["万象鲜果"], {"1001": 2})
    result = _tencent(fake)
    assert result.ok and result.data["SessionContext"] == "u2"
    assert _tencent(fake, secret_key="bad").outcome.code == (
        "AuthFailure.SignatureFailure"
    )
    assert _tencent(fake, params=["only one"]).outcome.kind == errors.PERMANENT
    assert _tencent(fake, number="+861381234").outcome.code == (
        "InvalidParameterValue.IncorrectPhoneNumber"
    )
    fake.script("tencent", ["busy"])
    assert _tencent(fake).outcome.kind == errors.RETRY
    assert len(fake.messages("tencent")) == 1


def test_faults_5xx_timeout_outage(fake):
    fake.add_wecom_robot("k1")
    fake.script("wecom_robot", [("http", 502), "timeout", "busy"])
    body = payloads.wecom_robot(ALERT)
    first = clients.wecom_robot(body, "k1", base=fake.url, timeout=0.3)
    assert first.outcome == errors.Outcome(errors.RETRY, "http_502")
    assert not first.outcome.maybe_delivered
    second = clients.wecom_robot(body, "k1", base=fake.url, timeout=0.3)
    assert second.outcome == errors.Outcome(errors.RETRY, "timeout")
    assert second.outcome.maybe_delivered
    third = clients.wecom_robot(body, "k1", base=fake.url, timeout=0.3)
    assert third.outcome == errors.Outcome(errors.RETRY, "-1")
    assert not fake.received  # none of them delivered
    fake.outage(60)
    assert clients.wecom_robot(body, "k1", base=fake.url).outcome.code == "http_503"
    fake.outages.clear()  # the outage is over
    assert clients.wecom_robot(body, "k1", base=fake.url).ok
    assert fake.tokens(r"FB\d{5}") == ["FB00001"]


def test_random_failures_are_seeded(fake):
    fake.add_wecom_robot("k1")
    fake.fail_rate = 0.5
    fake.fail_kinds = ("http", "busy")
    results = [
        clients.wecom_robot(payloads.wecom_robot(ALERT), "k1", base=fake.url).ok
        for _ in range(20)
    ]
    assert 0 < sum(results) < 20
    assert len(fake.received) == sum(results)


def test_aliyun_receipt_is_pushed(fake):
    got = []

    class Sink(BaseHTTPRequestHandler):
        def do_POST(self):
            got.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    sink = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    Thread(target=sink.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{sink.server_address[1]}/r"
        fake.add_aliyun("ak", "sk", ["万象鲜果"], {"SMS_1": ["order"]}, receipt_url=url)
        assert _aliyun(fake).ok
        for _ in range(50):
            if got:
                break
            time.sleep(0.05)
        assert got[0][0]["out_id"] == "u1" and got[0][0]["err_code"] == "DELIVERED"
    finally:
        sink.shutdown()
        sink.server_close()


def test_refused_connection_was_not_delivered():
    server = FakeServer().start()
    url = server.url
    server.stop()  # nothing listens there any more
    result = clients.wecom_robot(payloads.wecom_robot(ALERT), "k1", base=url)
    assert result.outcome == errors.Outcome(errors.RETRY, "connect_error")
    assert not result.outcome.maybe_delivered


def test_dropped_connection_may_have_been_delivered(fake):
    fake.add_wecom_robot("k1")
    fake.timeout_delivers = True
    fake.script("wecom_robot", ["timeout"])
    body = payloads.wecom_robot(ALERT)
    result = clients.wecom_robot(body, "k1", base=fake.url, timeout=5)
    assert result.outcome == errors.Outcome(errors.RETRY, "no_answer")
    assert result.outcome.maybe_delivered
    assert len(fake.received) == 1  # it was: a resend would be a duplicate
