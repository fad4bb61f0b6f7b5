# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import functools

from odoo import api, models
from odoo.tools.misc import file_open
from odoo.tools.translate import JAVASCRIPT_TRANSLATION_COMMENT, translation_file_reader

from .ir_module_module import helpdesk_po_paths


@functools.cache
def helpdesk_web_terms(lang):
    """``{source: translation}`` of helpdesk_mgmt's JavaScript strings from
    our .po files (read once per process, as Odoo caches a module's own)."""
    terms = {}
    for path in helpdesk_po_paths(lang):
        with file_open(path, mode="rb") as fileobj:
            for row in translation_file_reader(fileobj, fileformat="po"):
                if (
                    row.get("type") == "code"
                    and row.get("value")
                    and JAVASCRIPT_TRANSLATION_COMMENT in row["comments"]
                ):
                    terms[row["src"]] = row["value"]
    return terms


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @api.model
    def _get_translations_for_webclient(self, modules, lang):
        """Serve our translations of helpdesk_mgmt's JavaScript strings to the
        web client (what helpdesk_mgmt's own files translate wins). Its Python
        strings cannot be served so: Odoo reads them from the addon's folder
        only (see wx_feedback/readme/CONFIGURE.md)."""
        translations, lang_params = super()._get_translations_for_webclient(
            modules, lang
        )
        lang = lang or self.env.context.get("lang")
        extra = "helpdesk_mgmt" in modules and lang and helpdesk_web_terms(lang)
        if extra:
            shipped = translations.get("helpdesk_mgmt", {}).get("messages", ())
            known = {message["id"] for message in shipped}
            translations["helpdesk_mgmt"] = {
                "messages": (
                    *shipped,
                    *(
                        {"id": source, "string": value}
                        for source, value in extra.items()
                        if source not in known
                    ),
                )
            }
        return translations, lang_params
