# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Aliyun and Tencent Cloud SMS behind Odoo's SMS path.

``sms.sms`` rows are queued by Odoo as for any provider; when their company
sends through Aliyun or Tencent, ``_send_sms_batch`` (called by the SMS
queue cron, in its transaction) turns each number into a row of the outbox
(dedupe key: the sms uuid) and answers ``processing``: the SMS shows *In
Process* until the outbox worker hands it to the provider (*Sent*) and its
delivery receipt arrives (*Delivered*), or it fails for good (*Error*).
"""

import json

from odoo.addons.sms.tools.sms_api import SmsApiBase
from odoo.addons.wx_feedback.tools import phone as phone_tools
from odoo.addons.wx_feedback.tools.i18n import InputError


class SmsApiWxPush(SmsApiBase):
    PROVIDER_TO_SMS_FAILURE_TYPE = SmsApiBase.PROVIDER_TO_SMS_FAILURE_TYPE | {
        "wx_optout": "sms_optout",
    }

    def _get_sms_api_error_messages(self):
        return super()._get_sms_api_error_messages() | {
            "wx_optout": self.env._("The customer opted out of SMS."),
            "wrong_number_format": self.env._("Not a valid mobile number."),
        }

    def _send_sms_batch(self, messages, delivery_reports_url=False):
        env = self.env
        company = self.company
        uuids = [n["uuid"] for message in messages for n in message["numbers"]]
        sms_by_uuid = {
            sms.uuid: sms
            for sms in env["sms.sms"].sudo().search([("uuid", "in", uuids)])
        }
        numbers = {n["number"] for message in messages for n in message["numbers"]}
        opted_out = set(
            env["phone.blacklist"]
            .sudo()
            .search([("number", "in", list(numbers))])
            .mapped("number")
        )
        results, rows = [], []
        for message in messages:
            for entry in message["numbers"]:
                uuid = entry["uuid"]
                try:
                    number = phone_tools.normalize(entry["number"])
                except InputError:
                    results.append({"uuid": uuid, "state": "wrong_number_format"})
                    continue
                if number in opted_out or entry["number"] in opted_out:
                    results.append({"uuid": uuid, "state": "wx_optout"})
                    continue
                sms = sms_by_uuid.get(uuid)
                rows.append(
                    self._wx_row(company, sms, uuid, number, message["content"])
                )
                results.append({"uuid": uuid, "state": "processing"})
        env["wx.push.message"]._wx_enqueue(rows)
        return results

    def _wx_row(self, company, sms, uuid, number, content):
        env = self.env
        mail = sms.mail_message_id if sms else env["mail.message"]
        record = (
            env[mail.model].sudo().browse(mail.res_id)
            if mail.model and mail.res_id and mail.model in env
            else None
        )
        sms_type = (sms and sms.wx_message_type) or "notice"
        params = {"content": content}
        lang = company._wx_lang()
        if sms and sms.wx_params:
            params.update(sms.wx_params)
        if record is not None and record.exists():
            if hasattr(record, "_wx_sms_params"):
                params = record._wx_sms_params(sms_type) | params
            partner = record.partner_id if "partner_id" in record._fields else None
            lang = (
                ("lang" in record._fields and record.lang)
                or (partner and partner.lang)
                or lang
            )
        return {
            "name": f"SMS {sms_type} {phone_tools.mask(number)}",
            "body": json.dumps(params, ensure_ascii=False),
            "lang": lang,
            "company_id": company.id,
            "event": "sms",
            "channel": "sms",
            "res_model": record._name if record is not None else False,
            "res_id": record.id if record is not None else False,
            "dedupe_key": f"sms:{uuid}",
            "sms_uuid": uuid,
            "sms_number": number,
            "sms_type": sms_type,
        }
