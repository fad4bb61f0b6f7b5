# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Local fakes of the WeCom robot and application API, the DingTalk robot,
Aliyun SendSms and Tencent Cloud SendSms (INTEGRATIONS.md §1-3), for the
tests, the demo and the benchmark. They listen on 127.0.0.1 only.

They behave as the real services do where it matters to a sender: they
check keys, signatures (DingTalk 加签, Aliyun RPC V2, Tencent TC3), nonces,
timestamps, payload shapes and byte limits; enforce the rate limits (WeCom
20 per minute and robot, a sliding minute; DingTalk 20 per minute then a
10-minute block; optional per-number SMS flow control); answer with the
real error codes (HTTP 200 with a non-zero errcode, as the providers do);
and can be told to fail: a fraction of 5xx / busy / timeout answers, an
outage window, or a script of answers for the next calls. A timeout holds
the request past the client's timeout and delivers nothing (a "lost
request"); ``timeout_delivers=True`` delivers first (a "lost answer").

Everything received is kept in ``received`` (one dict per message) so the
caller can count deliveries and duplicates.

    fake = FakeServer()
    fake.start()
    fake.add_wecom_robot("key-1")
    ... # send to fake.url + "/cgi-bin/webhook/send?key=key-1"
    fake.stop()
"""

import json
import logging
import random
import re
import threading
import time
import uuid
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit
from urllib.request import Request, urlopen

from . import signing
from .payloads import (
    WECOM_MARKDOWN_BYTES,
    WECOM_NEWS_ARTICLES,
    WECOM_TEXT_BYTES,
    utf8_len,
)

_logger = logging.getLogger(__name__)

MINUTE = 60.0
DINGTALK_BLOCK = 600.0
TIMESTAMP_SKEW_MS = 3600 * 1000


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output clean
        pass

    def _reply(self, status, body):
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._dispatch("GET", b"")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self._dispatch("POST", self.rfile.read(length))

    def _dispatch(self, method, body):
        fake = self.server.fake
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        route = fake.route(method, parts.path)
        if route is None:
            self._reply(404, {"error": "not found"})
            return
        channel, handler = route
        fault = fake._fault(channel)
        if fault == "outage":
            self.close_connection = True
            self._reply(503, {"error": "service unavailable"})
            return
        if fault == "timeout" and not fake.timeout_delivers:
            time.sleep(fake.timeout_s)
            self.close_connection = True
            return
        if isinstance(fault, tuple) and fault[0] == "http":
            self._reply(fault[1], {"error": "injected"})
            return
        status, answer = handler(self, query, body, fault)
        if fault == "timeout":  # delivered, but the answer is lost
            time.sleep(fake.timeout_s)
            self.close_connection = True
            return
        self._reply(status, answer)


class FakeServer:
    """One threaded HTTP server holding every fake provider."""

    def __init__(self, port=0, seed=0):
        self._lock = threading.RLock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self._server.daemon_threads = True
        self._server.fake = self
        self._thread = None
        self.rng = random.Random(seed)
        self.reset()

    # ------------------------------------------------------------ lifecycle

    @property
    def url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="wx-push-fakes", daemon=True
        )
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def reset(self):
        """Forget configuration, counters and faults."""
        with self._lock:
            self.wecom_robots = {}
            self.wecom_corps = {}
            self.wecom_tokens = {}
            self.dingtalk_robots = {}
            self.aliyun_accounts = {}
            self.tencent_accounts = {}
            self.received = []
            self.rejected = []
            self.rate_violations = 0
            self._windows = defaultdict(deque)
            self._blocked_until = {}
            self._nonces = set()
            self._number_windows = defaultdict(deque)
            self.fail_rate = 0.0
            self.fail_kinds = ("http", "busy", "timeout")
            self.timeout_s = 3.0
            self.timeout_delivers = False
            self.outages = []
            self.scripts = defaultdict(deque)
            self.sms_per_number_per_minute = 0

    # ------------------------------------------------------------ configuration

    def add_wecom_robot(self, key):
        self.wecom_robots[key] = True

    def add_wecom_corp(self, corp_id, secret, agent_id, users=()):
        self.wecom_corps[corp_id] = {
            "secret": secret,
            "agent_id": int(agent_id),
            "users": set(users),
        }

    def add_dingtalk_robot(self, token, secret=None, keywords=()):
        self.dingtalk_robots[token] = {"secret": secret, "keywords": list(keywords)}

    def add_aliyun(self, key_id, secret, signs=(), templates=None, receipt_url=None):
        """``templates``: {template code: [parameter names]}."""
        self.aliyun_accounts[key_id] = {
            "secret": secret,
            "signs": set(signs),
            "templates": dict(templates or {}),
            "receipt_url": receipt_url,
        }

    def add_tencent(
        self, secret_id, secret_key, app_id, signs=(), templates=None, receipt_url=None
    ):
        """``templates``: {template id: number of parameters}."""
        self.tencent_accounts[secret_id] = {
            "secret": secret_key,
            "app_id": str(app_id),
            "signs": set(signs),
            "templates": dict(templates or {}),
            "receipt_url": receipt_url,
        }

    def outage(self, seconds, start=None):
        """Every call fails (HTTP 503, connection closed) from ``start``
        (default now) for ``seconds``."""
        start = time.time() if start is None else start
        self.outages.append((start, start + seconds))

    def script(self, channel, answers):
        """The next calls on ``channel`` answer these in turn: ``("http",
        502)``, ``"timeout"``, ``"busy"`` (the provider's busy code),
        ``("code", <code>)`` (that error code) or ``None`` (normal)."""
        self.scripts[channel].extend(answers)

    # ------------------------------------------------------------ counting

    def messages(self, channel=None, dest=None):
        return [
            m
            for m in self.received
            if (channel is None or m["channel"] == channel)
            and (dest is None or m["dest"] == dest)
        ]

    def tokens(self, pattern, channel=None):
        """Every match of ``pattern`` in the content received (an alert
        merged into a digest counts once, a message sent twice twice)."""
        regex = re.compile(pattern)
        found = []
        for message in self.messages(channel):
            found.extend(regex.findall(message["text"]))
        return found

    # ------------------------------------------------------------ internals

    def route(self, method, path):
        routes = {
            ("POST", "/cgi-bin/webhook/send"): ("wecom_robot", self._wecom_robot),
            ("GET", "/cgi-bin/gettoken"): ("wecom_token", self._wecom_token),
            ("POST", "/cgi-bin/message/send"): ("wecom_app", self._wecom_app),
            ("POST", "/robot/send"): ("dingtalk", self._dingtalk),
            ("POST", "/aliyun/"): ("aliyun", self._aliyun),
            ("POST", "/tencent/"): ("tencent", self._tencent),
        }
        return routes.get((method, path))

    def _fault(self, channel):
        now = time.time()
        with self._lock:
            if any(start <= now < end for start, end in self.outages):
                return "outage"
            if self.scripts[channel]:
                return self.scripts[channel].popleft()
            if channel != "wecom_token" and self.rng.random() < self.fail_rate:
                kind = self.rng.choice(self.fail_kinds)
                return ("http", 502) if kind == "http" else kind
        return None

    def _record(self, channel, dest, payload, text):
        with self._lock:
            self.received.append(
                {
                    "channel": channel,
                    "dest": dest,
                    "payload": payload,
                    "text": text,
                    "at": time.time(),
                }
            )

    def _slide(self, key, limit):
        """True when one more message for ``key`` stays within ``limit``
        per sliding minute (and counts it)."""
        now = time.time()
        with self._lock:
            window = self._windows[key]
            while window and window[0] <= now - MINUTE:
                window.popleft()
            if len(window) >= limit:
                self.rate_violations += 1
                return False
            window.append(now)
            return True

    def _reject(self, channel, dest, code, why):
        with self._lock:
            self.rejected.append({"channel": channel, "dest": dest, "code": code})
        return why

    @staticmethod
    def _json(body):
        try:
            data = json.loads(body.decode())
        except (UnicodeDecodeError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    # ------------------------------------------------------------ WeCom

    def _wecom_check(self, data, fault):
        if fault == "busy":
            return -1, "system busy"
        if isinstance(fault, tuple) and fault[0] == "code":
            return fault[1], "injected"
        if data is None:
            return 40008, "invalid message type"
        kind = data.get("msgtype")
        if kind == "text":
            content = (data.get("text") or {}).get("content") or ""
            if not content:
                return 44004, "empty content"
            if utf8_len(content) > WECOM_TEXT_BYTES:
                return 45002, "content size out of limit"
        elif kind == "markdown":
            content = (data.get("markdown") or {}).get("content") or ""
            if not content:
                return 44004, "empty content"
            if utf8_len(content) > WECOM_MARKDOWN_BYTES:
                return 40058, "markdown.content exceed max length 4096"
        elif kind == "news":
            articles = (data.get("news") or {}).get("articles") or []
            if not 1 <= len(articles) <= WECOM_NEWS_ARTICLES:
                return 40058, "invalid articles"
            if any(not a.get("title") or not a.get("url") for a in articles):
                return 40058, "invalid article"
        else:
            return 40008, "invalid message type"
        return 0, "ok"

    @staticmethod
    def _text_of(data):
        kind = data.get("msgtype")
        if kind == "news":
            return "\n".join(
                f"{a.get('title')}\n{a.get('description', '')}"
                for a in data["news"]["articles"]
            )
        if kind == "markdown" and "text" in data.get("markdown", {}):
            return data["markdown"]["text"]
        return (data.get(kind) or {}).get("content") or ""

    def _wecom_robot(self, handler, query, body, fault):
        key = query.get("key", "")
        if key not in self.wecom_robots:
            return 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
        data = self._json(body)
        code, msg = self._wecom_check(data, fault)
        if code:
            self._reject("wecom_robot", key, code, msg)
            return 200, {"errcode": code, "errmsg": msg}
        if not self._slide(("wecom", key), 20):
            self._reject("wecom_robot", key, 45009, "api freq out of limit")
            return 200, {"errcode": 45009, "errmsg": "api freq out of limit"}
        self._record("wecom_robot", key, data, self._text_of(data))
        return 200, {"errcode": 0, "errmsg": "ok"}

    def _wecom_token(self, handler, query, body, fault):
        corp = self.wecom_corps.get(query.get("corpid", ""))
        if not corp:
            return 200, {"errcode": 40013, "errmsg": "invalid corpid"}
        if query.get("corpsecret") != corp["secret"]:
            return 200, {"errcode": 40001, "errmsg": "invalid credential"}
        token = uuid.uuid4().hex
        with self._lock:
            self.wecom_tokens[token] = (query["corpid"], time.time() + 7200)
        return 200, {
            "errcode": 0,
            "errmsg": "ok",
            "access_token": token,
            "expires_in": 7200,
        }

    def expire_wecom_tokens(self):
        with self._lock:
            self.wecom_tokens.clear()

    def _wecom_app(self, handler, query, body, fault):
        token = self.wecom_tokens.get(query.get("access_token", ""))
        if not token:
            return 200, {"errcode": 40014, "errmsg": "invalid access_token"}
        if token[1] < time.time():
            return 200, {"errcode": 42001, "errmsg": "access_token expired"}
        corp = self.wecom_corps[token[0]]
        data = self._json(body)
        code, msg = self._wecom_check(data, fault)
        if not code and data.get("agentid") != corp["agent_id"]:
            code, msg = 40056, "invalid agentid"
        if code:
            self._reject("wecom_app", token[0], code, msg)
            return 200, {"errcode": code, "errmsg": msg}
        users = [u for u in (data.get("touser") or "").split("|") if u]
        invalid = [u for u in users if u not in corp["users"]]
        valid = [u for u in users if u in corp["users"]]
        if not valid:
            return 200, {"errcode": 81013, "errmsg": "user & party & tag all invalid"}
        for user in valid:
            self._record("wecom_app", user, data, self._text_of(data))
        answer = {"errcode": 0, "errmsg": "ok", "msgid": uuid.uuid4().hex}
        if invalid:
            answer["invaliduser"] = "|".join(invalid)
        return 200, answer

    # ------------------------------------------------------------ DingTalk

    def _dingtalk(self, handler, query, body, fault):
        token = query.get("access_token", "")
        robot = self.dingtalk_robots.get(token)
        if robot is None:
            return 200, {"errcode": 300001, "errmsg": "token is not exist"}
        if fault == "busy":
            return 200, {"errcode": -1, "errmsg": "系统繁忙"}
        if isinstance(fault, tuple) and fault[0] == "code":
            return 200, {"errcode": fault[1], "errmsg": "injected"}
        if robot["secret"]:
            try:
                stamp = int(query.get("timestamp", ""))
            except ValueError:
                stamp = 0
            if abs(time.time() * 1000 - stamp) > TIMESTAMP_SKEW_MS:
                return 200, {"errcode": 310000, "errmsg": "invalid timestamp"}
            expected = unquote(signing.dingtalk_sign(stamp, robot["secret"]))
            if query.get("sign") != expected:
                self._reject("dingtalk", token, 310000, "sign not match")
                return 200, {"errcode": 310000, "errmsg": "sign not match"}
        data = self._json(body)
        if data is None or data.get("msgtype") not in (
            "text",
            "markdown",
            "actionCard",
            "link",
            "feedCard",
        ):
            return 200, {"errcode": 40035, "errmsg": "缺少参数 msgtype"}
        text = self._text_of(data)
        if data["msgtype"] == "markdown":
            text = (data["markdown"].get("title") or "") + "\n" + text
        if robot["keywords"] and not any(k in text for k in robot["keywords"]):
            self._reject("dingtalk", token, 310000, "keywords not in content")
            return 200, {"errcode": 310000, "errmsg": "keywords not in content"}
        now = time.time()
        with self._lock:
            if self._blocked_until.get(token, 0) > now:
                self.rate_violations += 1
                return 200, {
                    "errcode": 130101,
                    "errmsg": "send too fast, exceed 20 times per minute",
                }
        if not self._slide(("dingtalk", token), 20):
            with self._lock:
                self._blocked_until[token] = now + DINGTALK_BLOCK
            return 200, {
                "errcode": 130101,
                "errmsg": "send too fast, exceed 20 times per minute",
            }
        self._record("dingtalk", token, data, text)
        return 200, {"errcode": 0, "errmsg": "ok"}

    # ------------------------------------------------------------ SMS

    def _number_allowed(self, number):
        limit = self.sms_per_number_per_minute
        if not limit:
            return True
        now = time.time()
        with self._lock:
            window = self._number_windows[number]
            while window and window[0] <= now - MINUTE:
                window.popleft()
            if len(window) >= limit:
                return False
            window.append(now)
            return True

    def _push_receipt(self, url, payload, headers=None):
        def push():
            request = Request(
                url,
                data=json.dumps(payload).encode(),
                headers={"Content-Type": "application/json", **(headers or {})},
            )
            try:
                urlopen(request, timeout=10).read()
            except OSError as error:  # the receiver is down: as a provider, give up
                _logger.debug("receipt to %s failed: %s", url, error)

        threading.Timer(0.2, push).start()

    def _aliyun_auth(self, form, account):
        """(HTTP status, Code) of a refused call, or None."""
        if account is None:
            return 404, "InvalidAccessKeyId.NotFound"
        expected = signing.aliyun_rpc_signature(form, account["secret"], "POST")
        if form.get("Signature") != expected:
            return 400, "SignatureDoesNotMatch"
        nonce = form.get("SignatureNonce")
        with self._lock:
            if not nonce or nonce in self._nonces:
                return 400, "SignatureNonceUsed"
            self._nonces.add(nonce)
        if form.get("Action") != "SendSms" or form.get("Version") != "2017-05-25":
            return 400, "InvalidAction"
        return None

    def _aliyun_content(self, form, account, numbers):
        """(error Code or None, template parameters)."""
        if not numbers:
            return "isv.MOBILE_NUMBER_ILLEGAL", {}
        if len(numbers) > 1000:
            return "isv.MOBILE_COUNT_OVER_LIMIT", {}
        if any(not re.fullmatch(r"(\+|00)?(86)?1\d{10}", n) for n in numbers):
            return "isv.MOBILE_NUMBER_ILLEGAL", {}
        if form.get("SignName") not in account["signs"]:
            return "isv.SMS_SIGNATURE_ILLEGAL", {}
        names = account["templates"].get(form.get("TemplateCode"))
        if names is None:
            return "isv.SMS_TEMPLATE_ILLEGAL", {}
        try:
            params = json.loads(form.get("TemplateParam") or "{}")
        except ValueError:
            return "isv.INVALID_JSON_PARAM", {}
        if not isinstance(params, dict) or any(n not in params for n in names):
            return "isv.TEMPLATE_MISSING_PARAMETERS", {}
        if not all(self._number_allowed(n[-11:]) for n in numbers):
            return "isv.BUSINESS_LIMIT_CONTROL", {}
        return None, params

    def _aliyun(self, handler, query, body, fault):
        form = {
            k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()
        }
        account = self.aliyun_accounts.get(form.get("AccessKeyId", ""))
        request_id = str(uuid.uuid4()).upper()
        refused = self._aliyun_auth(form, account)
        if refused:
            return refused[0], {"Code": refused[1], "RequestId": request_id}
        if fault == "busy":
            return 200, {"Code": "isp.SYSTEM_ERROR", "RequestId": request_id}
        if isinstance(fault, tuple) and fault[0] == "code":
            return 200, {"Code": fault[1], "RequestId": request_id}
        numbers = [n for n in form.get("PhoneNumbers", "").split(",") if n]
        code, params = self._aliyun_content(form, account, numbers)
        if code:
            return 200, {"Code": code, "Message": code, "RequestId": request_id}
        biz_id = f"{self.rng.randrange(10**17, 10**18)}^0"
        text = " ".join(f"{k}={v}" for k, v in params.items())
        for number in numbers:
            self._record(
                "aliyun",
                number[-11:],
                dict(form, TemplateParam=params),
                f"{form.get('TemplateCode')} {text} out_id={form.get('OutId', '')}",
            )
        if account["receipt_url"]:
            stamp = time.strftime("%Y-%m-%d %H:%M:%S")
            self._push_receipt(
                account["receipt_url"],
                [
                    {
                        "phone_number": number[-11:],
                        "send_time": stamp,
                        "report_time": stamp,
                        "success": True,
                        "err_code": "DELIVERED",
                        "err_msg": "用户接收成功",
                        "sms_size": "1",
                        "biz_id": biz_id,
                        "out_id": form.get("OutId", ""),
                    }
                    for number in numbers
                ],
            )
        return 200, {
            "Code": "OK",
            "Message": "OK",
            "BizId": biz_id,
            "RequestId": request_id,
        }

    def _tencent_auth(self, handler, body):
        """(Code, Message) of a refused call, or None."""
        auth = handler.headers.get("Authorization") or ""
        match = re.fullmatch(
            r"TC3-HMAC-SHA256 Credential=([^/]+)/([^,]+), "
            r"SignedHeaders=content-type;host, Signature=([0-9a-f]{64})",
            auth,
        )
        if not match:
            return "AuthFailure.InvalidAuthorization", "bad Authorization"
        account = self.tencent_accounts.get(match.group(1))
        if account is None:
            return "AuthFailure.SecretIdNotFound", "unknown SecretId"
        try:
            stamp = int(handler.headers.get("X-TC-Timestamp") or "")
        except ValueError:
            stamp = 0
        if abs(time.time() - stamp) > 300:
            return "AuthFailure.SignatureExpire", "signature expired"
        signature, scope = signing.tc3_signature(
            account["secret"], handler.headers.get("Host"), body, stamp, "sms"
        )
        if match.group(3) != signature or match.group(2) != scope:
            return "AuthFailure.SignatureFailure", "signature mismatch"
        if (
            handler.headers.get("X-TC-Action") != "SendSms"
            or handler.headers.get("X-TC-Version") != "2021-01-11"
        ):
            return "InvalidAction", "action or version"
        handler.wx_account = account
        return None

    def _tencent(self, handler, query, body, fault):
        request_id = str(uuid.uuid4())

        def error(code, message):
            return 200, {
                "Response": {
                    "Error": {"Code": code, "Message": message},
                    "RequestId": request_id,
                }
            }

        refused = self._tencent_auth(handler, body)
        if refused:
            return error(*refused)
        if fault == "busy":
            return error("InternalError.Timeout", "busy")
        if isinstance(fault, tuple) and fault[0] == "code":
            return error(fault[1], "injected")
        account = handler.wx_account
        data = self._json(body) or {}
        if str(data.get("SmsSdkAppId")) != account["app_id"]:
            return error("FailedOperation.SmsSdkAppIdVerifyFail", "app id")
        if data.get("SignName") not in account["signs"]:
            return error("FailedOperation.SignatureIncorrectOrUnapproved", "sign")
        count = account["templates"].get(str(data.get("TemplateId")))
        if count is None:
            return error("FailedOperation.TemplateIncorrectOrUnapproved", "template")
        params = data.get("TemplateParamSet") or []
        if len(params) != count or not all(isinstance(p, str) for p in params):
            return error("InvalidParameterValue.TemplateParameterFormatError", "params")
        numbers = data.get("PhoneNumberSet") or []
        if not numbers or len(numbers) > 200:
            return error("LimitExceeded.PhoneNumberCountLimit", "numbers")
        statuses = []
        for number in numbers:
            status = {
                "SerialNo": uuid.uuid4().hex,
                "PhoneNumber": number,
                "Fee": 1,
                "SessionContext": data.get("SessionContext", ""),
                "IsoCode": "CN",
            }
            if not re.fullmatch(r"\+861\d{10}", str(number)):
                status.update(Code="InvalidParameterValue.IncorrectPhoneNumber", Fee=0)
            elif not self._number_allowed(number[-11:]):
                status.update(Code="LimitExceeded.PhoneNumberDailyLimit", Fee=0)
            else:
                status.update(Code="Ok", Message="send success")
                self._record(
                    "tencent",
                    number[-11:],
                    data,
                    f"{data['TemplateId']} {' '.join(params)}"
                    f" ctx={data.get('SessionContext', '')}",
                )
                if account["receipt_url"]:
                    self._push_receipt(
                        account["receipt_url"],
                        [
                            {
                                "user_receive_time": time.strftime("%Y-%m-%d %H:%M:%S"),
                                "nationcode": "86",
                                "mobile": number[-11:],
                                "report_status": "SUCCESS",
                                "errmsg": "DELIVRD",
                                "description": "用户短信送达成功",
                                "sid": status["SerialNo"],
                                "ext": data.get("SessionContext", ""),
                            }
                        ],
                    )
            statuses.append(status)
        return 200, {"Response": {"SendStatusSet": statuses, "RequestId": request_id}}
