# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Delivery receipts of Aliyun (SmsReport) and Tencent Cloud SMS.

The providers post to a URL that carries an HMAC of the provider and the
company (``tools.hmac`` with the database secret): a receipt without the
right token is refused before anything is read. Receipts find their outbox
row by the sms uuid we sent (Aliyun ``out_id``, Tencent ``ext``, the
``SessionContext``) and update it, the ``sms.sms`` while it exists and its
tracker (the chatter notification).
"""

import json
import logging

from odoo import http
from odoo.http import request
from odoo.tools import consteq, hmac

_logger = logging.getLogger(__name__)

SCOPE = "wx_push-sms-receipt"
MAX_BODY = 1024 * 1024


def receipt_token(env, provider, company_id):
    return hmac(env(su=True), SCOPE, f"{provider}:{company_id}")


def _answer(provider, ok, status=200):
    if provider == "aliyun":
        body = {"code": 0 if ok else 1, "msg": "接收成功" if ok else "invalid"}
    else:
        body = {"result": 0 if ok else 1, "errmsg": "OK" if ok else "invalid"}
    return request.make_json_response(body, status=status)


class WxPushReceipts(http.Controller):
    @http.route(
        "/wx_push/sms/receipt/<string:provider>/<int:company_id>/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def sms_receipt(self, provider, company_id, token, **kwargs):
        if provider not in ("aliyun", "tencent"):
            return request.make_json_response({"error": "unknown provider"}, status=404)
        if not consteq(token, receipt_token(request.env, provider, company_id)):
            return _answer(provider, False, 403)
        raw = request.httprequest.get_data(cache=False)
        if len(raw) > MAX_BODY:
            return _answer(provider, False, 413)
        try:
            reports = json.loads(raw.decode())
        except (UnicodeDecodeError, ValueError):
            return _answer(provider, False, 400)
        if isinstance(reports, dict):
            reports = [reports]
        if not isinstance(reports, list) or not all(
            isinstance(r, dict) for r in reports
        ):
            return _answer(provider, False, 400)
        updates = []
        for report in reports:
            if provider == "aliyun":
                uuid = report.get("out_id")
                delivered = report.get("success") in (True, "true")
            else:
                uuid = report.get("ext")
                delivered = report.get("report_status") == "SUCCESS"
            if not isinstance(uuid, str) or not uuid:
                return _answer(provider, False, 400)
            updates.append((uuid, delivered))
        request.env["wx.push.message"].sudo()._wx_apply_receipts(company_id, updates)
        return _answer(provider, True)
