# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models

from ..sms_api import SmsApiWxPush


class SmsSms(models.Model):
    _inherit = "sms.sms"

    wx_message_type = fields.Char(
        string="Message Type",
        help="Which approved template carries it (Chinese SMS are templates).",
    )

    wx_params = fields.Json(
        string="Template Parameters",
        help="Values for the approved template beyond the record's own.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        sms_type = self.env.context.get("wx_sms_type")
        params = self.env.context.get("wx_sms_params")
        for vals in vals_list:
            if sms_type:
                vals.setdefault("wx_message_type", sms_type)
            if params:
                vals.setdefault("wx_params", params)
        return super().create(vals_list)

    def _split_by_api(self):
        by_company = defaultdict(lambda: self.browse())
        rest = self.browse()
        for sms in self:
            company = sms._get_sms_company()
            if company.wx_sms_provider in ("aliyun", "tencent"):
                by_company[company] |= sms
            else:
                rest |= sms
        for company, records in by_company.items():
            api = SmsApiWxPush(self.env)
            api._set_company(company)
            yield api, records
        if rest:
            yield from super(SmsSms, rest)._split_by_api()
