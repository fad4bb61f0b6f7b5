# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .sms_template import MESSAGE_TYPES

PROVIDERS = [("aliyun", "Aliyun SMS"), ("tencent", "Tencent Cloud SMS")]


class WxPushSmsTemplate(models.Model):
    """An SMS template approved by a provider, for one message type and
    language: Chinese SMS go out as approved templates with parameters, not
    as the text Odoo renders."""

    _name = "wx.push.sms.template"
    _description = "Approved SMS Template"
    _order = "provider, message_type, lang"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    provider = fields.Selection(PROVIDERS, required=True)
    message_type = fields.Selection(MESSAGE_TYPES, required=True)
    lang = fields.Selection(
        "_lang_selection",
        string="Language",
        help="The customers' language; empty: any language without its own.",
    )
    sign_name = fields.Char(
        string="Signature",
        help="The approved signature (签名); default: the company's.",
    )
    template_code = fields.Char(
        required=True, help="Aliyun template code (SMS_…) or Tencent template id."
    )
    param_names = fields.Char(
        string="Parameters",
        help="The template's variables, comma-separated, in order (Tencent"
        " fills {1}, {2}… in this order), e.g. order,url.",
    )

    _unique_mapping = models.UniqueIndex(
        "(company_id, provider, message_type, COALESCE(lang, ''))"
    )

    @api.model
    def _lang_selection(self):
        return self.env["res.lang"].get_installed()

    @api.model
    def _wx_find(self, company, provider, message_type, lang):
        """The mapping for ``lang``, else its language's (zh for zh_TW),
        else the language-less one."""
        mappings = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("provider", "=", provider),
                ("message_type", "=", message_type),
            ]
        )
        prefix = (lang or "").split("_")[0]
        for match in (
            lambda m: m.lang == lang,
            lambda m: m.lang and m.lang.split("_")[0] == prefix,
            lambda m: not m.lang,
        ):
            found = mappings.filtered(match)[:1]
            if found:
                return found
        return mappings.browse()

    def _wx_names(self):
        return [n.strip() for n in (self.param_names or "").split(",") if n.strip()]
