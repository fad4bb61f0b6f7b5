# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..sms_api import SmsApiWxPush
from ..tools import clients, errors

SMS_PROVIDERS = [
    ("odoo", "Odoo (IAP)"),
    ("aliyun", "Aliyun SMS"),
    ("tencent", "Tencent Cloud SMS"),
]


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ("res.company", "wx.push.secret.mixin")
    _wx_encrypted_fields = (
        ("wx_aliyun_secret", "wx_aliyun_secret_enc", "secret", None, None),
        ("wx_tencent_secret_key", "wx_tencent_secret_key_enc", "secret", None, None),
    )

    wx_sms_provider = fields.Selection(
        SMS_PROVIDERS, string="SMS Provider", default="odoo", required=True
    )
    wx_sms_fallback = fields.Selection(
        [("aliyun", "Aliyun SMS"), ("tencent", "Tencent Cloud SMS")],
        string="Fallback SMS Provider",
        help="Used when the provider fails for a retryable reason (busy, 5xx,"
        " timeout), never for a refused number or template.",
    )
    wx_sms_sign_name = fields.Char(string="SMS Signature")
    wx_aliyun_key_id = fields.Char(string="Aliyun AccessKey ID")
    # the secrets: system administrators only, stored encrypted (the *_enc
    # columns, see wx.push.secret.mixin)
    wx_aliyun_secret = fields.Char(
        string="Aliyun AccessKey Secret",
        compute="_compute_wx_secrets",
        inverse="_inverse_wx_aliyun_secret",
        groups="base.group_system",
    )
    wx_aliyun_secret_enc = fields.Char(
        string="Encrypted Aliyun AccessKey Secret",
        readonly=True,
        copy=False,
        groups="base.group_system",
    )
    wx_aliyun_endpoint = fields.Char(string="Aliyun Endpoint")
    wx_tencent_secret_id = fields.Char(string="Tencent SecretId")
    wx_tencent_secret_key = fields.Char(
        string="Tencent SecretKey",
        compute="_compute_wx_secrets",
        inverse="_inverse_wx_tencent_secret_key",
        groups="base.group_system",
    )
    wx_tencent_secret_key_enc = fields.Char(
        string="Encrypted Tencent SecretKey",
        readonly=True,
        copy=False,
        groups="base.group_system",
    )
    wx_tencent_app_id = fields.Char(string="Tencent SDK App ID")
    wx_tencent_endpoint = fields.Char(string="Tencent Endpoint")

    @api.depends("wx_aliyun_secret_enc", "wx_tencent_secret_key_enc")
    def _compute_wx_secrets(self):
        return super()._compute_wx_secrets()

    def _inverse_wx_aliyun_secret(self):
        self._wx_store_secret("wx_aliyun_secret")

    def _inverse_wx_tencent_secret_key(self):
        self._wx_store_secret("wx_tencent_secret_key")

    def _get_sms_api_class(self):
        self.ensure_one()
        if self.wx_sms_provider in ("aliyun", "tencent"):
            return SmsApiWxPush
        return super()._get_sms_api_class()

    def _wx_sms_providers(self):
        self.ensure_one()
        chain = [self.wx_sms_provider, self.wx_sms_fallback]
        seen = []
        for provider in chain:
            if provider in ("aliyun", "tencent") and provider not in seen:
                seen.append(provider)
        return seen

    def _wx_sms_send(self, provider, message):
        """Send the outbox SMS ``message`` through ``provider``: its
        approved template for the message type and language, filled from
        the parameters kept on the message. A clients.Result."""
        self.ensure_one()
        company = self.sudo()
        mapping = self.env["wx.push.sms.template"]._wx_find(
            company, provider, message.sms_type, message.lang
        )
        if not mapping:
            return clients.Result(errors.Outcome(errors.PERMANENT, "no_template"))
        values = message._wx_sms_params()
        names = mapping._wx_names()
        sign = mapping.sign_name or company.wx_sms_sign_name or ""
        if provider == "aliyun":
            return clients.aliyun_sms(
                message.sms_number,
                sign,
                mapping.template_code,
                {name: str(values.get(name, "")) for name in names},
                message.sms_uuid,
                company.wx_aliyun_key_id,
                company.wx_aliyun_secret,
                endpoint=company.wx_aliyun_endpoint or clients.ALIYUN_URL,
            )
        return clients.tencent_sms(
            message.sms_number,
            sign,
            mapping.template_code,
            [str(values.get(name, "")) for name in names],
            message.sms_uuid,
            company.wx_tencent_app_id,
            company.wx_tencent_secret_id,
            company.wx_tencent_secret_key,
            endpoint=company.wx_tencent_endpoint or clients.TENCENT_URL,
        )

    def _wx_receipt_url(self, provider):
        """The signed URL the provider posts delivery receipts to."""
        self.ensure_one()
        from ..controllers.main import receipt_token

        token = receipt_token(self.env, provider, self.id)
        return f"{self.get_base_url()}/wx_push/sms/receipt/{provider}/{self.id}/{token}"

    @api.model
    def _wx_demo_use_local_services(self, fakes_url, smtp_port, base_url):
        """Point the demo database at the local fakes and SMTP sink that
        ``./wxf run`` started (their ports change at each start): an outgoing
        mail server on the sink, the main company's SMS through Aliyun with
        Tencent as fallback, the demo chat robots on. E-mails and SMS that
        failed for want of a server are queued again. Returns what the fakes
        must accept (accounts, templates, receipt URLs, robots)."""
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", base_url)
        self.env["ir.config_parameter"].sudo().set_param("web.base.url.freeze", "1")
        Server = self.env["ir.mail_server"].sudo().with_context(active_test=False)
        server_vals = {
            "name": "Demo SMTP sink",
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp_port,
            "smtp_encryption": "none",
            "smtp_authentication": "login",
            "smtp_user": False,
            "smtp_pass": False,
            "sequence": 1,
            "active": True,
        }
        server = Server.search([("name", "=", server_vals["name"])], limit=1)
        if server:
            server.write(server_vals)
        else:
            Server.create(server_vals)
        company = self.env.ref("base.main_company").sudo()
        company.write(
            {
                "wx_sms_provider": "aliyun",
                "wx_sms_fallback": "tencent",
                "wx_aliyun_endpoint": f"{fakes_url}/aliyun/",
                "wx_tencent_endpoint": f"{fakes_url}/tencent/",
                # accounts of the fakes only (the company's own record is
                # noupdate: demo data could not set them on an update)
                "wx_sms_sign_name": company.wx_sms_sign_name or "万象鲜果",
                "wx_aliyun_key_id": "LTAI5tDemoWanxiang",
                "wx_aliyun_secret": "demo-aliyun-secret",
                "wx_tencent_secret_id": "AKIDDemoWanxiang",
                "wx_tencent_secret_key": "demo-tencent-secret",
                "wx_tencent_app_id": "1400900001",
            }
        )
        demo = (
            self.env["ir.model.data"]
            .sudo()
            .search([("module", "=", "wx_push"), ("model", "=", "wx.push.destination")])
        )
        robots = (
            self.env["wx.push.destination"]
            .sudo()
            .with_context(active_test=False)
            .browse(demo.mapped("res_id"))
            .exists()
        )
        robots.write({"base_url": fakes_url, "active": True})
        self.env["mail.mail"].sudo().search([("state", "=", "exception")]).write(
            {"state": "outgoing", "failure_reason": False, "failure_type": False}
        )
        self.env["sms.sms"].sudo().search(
            [("state", "=", "error"), ("failure_type", "=", "sms_server")]
        ).write({"state": "outgoing", "failure_type": False})
        mappings = (
            self.env["wx.push.sms.template"]
            .sudo()
            .search([("company_id", "=", company.id)])
        )
        signs = sorted(
            {company.wx_sms_sign_name, *mappings.mapped("sign_name")} - {False}
        )

        def templates(provider):
            found = mappings.filtered(lambda m: m.provider == provider)
            return {m.template_code: m._wx_names() for m in found}

        return {
            "aliyun": {
                "key_id": company.wx_aliyun_key_id,
                "secret": company.wx_aliyun_secret,
                "signs": signs,
                "templates": templates("aliyun"),
                "receipt_url": company._wx_receipt_url("aliyun"),
            },
            "tencent": {
                "secret_id": company.wx_tencent_secret_id,
                "secret_key": company.wx_tencent_secret_key,
                "app_id": company.wx_tencent_app_id,
                "signs": signs,
                "templates": {
                    code: len(names) for code, names in templates("tencent").items()
                },
                "receipt_url": company._wx_receipt_url("tencent"),
            },
            "wecom_robots": robots.filtered(lambda r: r.kind == "wecom_robot").mapped(
                "key"
            ),
            "dingtalk": [
                {
                    "token": r.key,
                    "secret": r.secret,
                    "keywords": [k.strip() for k in (r.keywords or "").split(",")],
                }
                for r in robots.filtered(lambda r: r.kind == "dingtalk")
            ],
        }
