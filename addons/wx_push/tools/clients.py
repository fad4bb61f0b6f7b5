# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The HTTP calls to the providers: one function per API, each returning a
:class:`Result` (the :class:`~.errors.Outcome` and what the provider gave
back). Every call has a timeout; nothing here retries (the outbox does)."""

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

import requests

from . import errors, signing
from .payloads import dumps

TIMEOUT_S = 5

WECOM_URL = "https://qyapi.weixin.qq.com"
DINGTALK_URL = "https://oapi.dingtalk.com"
ALIYUN_URL = "https://dysmsapi.aliyuncs.com/"
TENCENT_URL = "https://sms.tencentcloudapi.com/"


@dataclass
class Result:
    outcome: errors.Outcome
    data: dict = field(default_factory=dict)

    @property
    def ok(self):
        return self.outcome.kind == errors.OK


def _transport_code(error):
    """``connect_error`` when no connection was made (nothing was sent),
    ``timeout`` when the answer did not come in time, ``no_answer`` when the
    connection closed after the request."""
    if isinstance(error, requests.ConnectTimeout):
        return "connect_error"
    if isinstance(error, requests.Timeout):
        return "timeout"
    if isinstance(error, requests.ConnectionError):
        text = repr(error)
        if "NewConnectionError" in text or "Connection refused" in text:
            return "connect_error"
        return "no_answer"
    return type(error).__name__


def _post(session, url, timeout, **kwargs):
    """(status, JSON body) or a Result for a transport failure."""
    try:
        response = (session or requests).post(
            url, timeout=timeout or TIMEOUT_S, **kwargs
        )
    except requests.RequestException as error:
        return Result(errors.classify_transport(_transport_code(error)))
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict | list):
        return Result(errors.classify_http(response.status_code))
    return response.status_code, body


def _coded(channel, answer):
    if isinstance(answer, Result):
        return answer
    status, body = answer
    if status >= 500 or "errcode" not in body:
        return Result(errors.classify_http(status), body)
    return Result(errors.classify(channel, body["errcode"]), body)


def wecom_robot(payload, key, base=WECOM_URL, session=None, timeout=None):
    answer = _post(
        session,
        f"{base}/cgi-bin/webhook/send",
        timeout,
        params={"key": key},
        data=dumps(payload),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    return _coded("wecom_robot", answer)


def wecom_token(corp_id, secret, base=WECOM_URL, session=None, timeout=None):
    """Result whose data holds ``access_token`` and ``expires_in``."""
    try:
        response = (session or requests).get(
            f"{base}/cgi-bin/gettoken",
            params={"corpid": corp_id, "corpsecret": secret},
            timeout=timeout or TIMEOUT_S,
        )
        body = response.json()
    except requests.RequestException as error:
        return Result(errors.classify_transport(_transport_code(error)))
    except ValueError:
        return Result(errors.classify_http(response.status_code))
    if response.status_code >= 500:
        return Result(errors.classify_http(response.status_code))
    return Result(errors.classify("wecom_app", body.get("errcode", -1)), body)


def wecom_app(payload, token, base=WECOM_URL, session=None, timeout=None):
    answer = _post(
        session,
        f"{base}/cgi-bin/message/send",
        timeout,
        params={"access_token": token},
        data=dumps(payload),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    return _coded("wecom_app", answer)


def dingtalk_robot(
    payload, token, secret=None, base=DINGTALK_URL, session=None, timeout=None
):
    query = f"access_token={token}"
    if secret:
        stamp = int(time.time() * 1000)
        query += f"&timestamp={stamp}&sign={signing.dingtalk_sign(stamp, secret)}"
    answer = _post(
        session,
        f"{base}/robot/send?{query}",
        timeout,
        data=dumps(payload),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    return _coded("dingtalk", answer)


def aliyun_sms(
    number,
    sign_name,
    template_code,
    params,
    out_id,
    key_id,
    secret,
    endpoint=ALIYUN_URL,
    session=None,
    timeout=None,
    region="cn-hangzhou",
):
    """Aliyun ``SendSms`` to one number, RPC signature V2 (POST form)."""
    form = {
        "AccessKeyId": key_id,
        "Action": "SendSms",
        "Format": "JSON",
        "RegionId": region,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": str(uuid.uuid4()),
        "SignatureVersion": "1.0",
        "Timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": "2017-05-25",
        "PhoneNumbers": number,
        "SignName": sign_name,
        "TemplateCode": template_code,
        "TemplateParam": json.dumps(params, ensure_ascii=False),
        "OutId": out_id,
    }
    form["Signature"] = signing.aliyun_rpc_signature(form, secret, "POST")
    answer = _post(
        session,
        endpoint,
        timeout,
        data=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    if isinstance(answer, Result):
        return answer
    status, body = answer
    if not isinstance(body, dict) or "Code" not in body:
        return Result(errors.classify_http(status), {})
    if status >= 500:
        return Result(errors.classify_http(status), body)
    return Result(errors.classify("aliyun", body["Code"]), body)


def tencent_sms(
    number,
    sign_name,
    template_id,
    params,
    session_context,
    app_id,
    secret_id,
    secret_key,
    endpoint=TENCENT_URL,
    session=None,
    timeout=None,
    region="ap-guangzhou",
):
    """Tencent Cloud ``SendSms`` to one number, TC3-HMAC-SHA256."""
    body = dumps(
        {
            "PhoneNumberSet": [number],
            "SmsSdkAppId": str(app_id),
            "SignName": sign_name,
            "TemplateId": str(template_id),
            "TemplateParamSet": [str(p) for p in params],
            "SessionContext": session_context,
        }
    )
    host = urlsplit(endpoint).netloc
    stamp = int(time.time())
    headers = {
        "Content-Type": signing.TC3_CONTENT_TYPE,
        "Host": host,
        "X-TC-Action": "SendSms",
        "X-TC-Version": "2021-01-11",
        "X-TC-Region": region,
        "X-TC-Timestamp": str(stamp),
        "Authorization": signing.tc3_authorization(
            secret_id, secret_key, host, body, stamp, "sms"
        ),
    }
    answer = _post(session, endpoint, timeout, data=body, headers=headers)
    if isinstance(answer, Result):
        return answer
    status, data = answer
    response = data.get("Response") if isinstance(data, dict) else None
    if status >= 500 or not isinstance(response, dict):
        return Result(errors.classify_http(status), data or {})
    if "Error" in response:
        return Result(errors.classify("tencent", response["Error"]["Code"]), response)
    statuses = response.get("SendStatusSet") or [{}]
    code = statuses[0].get("Code", "")
    return Result(errors.classify("tencent", code), dict(statuses[0]))
