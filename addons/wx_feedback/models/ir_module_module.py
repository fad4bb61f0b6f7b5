# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from contextlib import suppress

from odoo import api, models
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationImporter, get_base_langs

_logger = logging.getLogger(__name__)

# OCA helpdesk_mgmt ships no zh_CN and an incomplete es; its terms are
# translated here (scripts/i18n_helpdesk_mgmt.py refreshes them from its .pot)
HELPDESK_I18N = "wx_feedback/i18n_helpdesk_mgmt"
TRIGGERS = {"helpdesk_mgmt", "wx_feedback"}


def helpdesk_po_paths(lang):
    """Our .po files of helpdesk_mgmt's terms for ``lang``, as Odoo's
    ``get_po_paths`` picks a module's: base language first (``es.po`` for
    es_ES, es_MX...), then the exact one (``zh_CN.po``)."""
    for name in get_base_langs(lang):
        with suppress(FileNotFoundError):
            yield file_path(f"{HELPDESK_I18N}/{name}.po")


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _load_module_terms(self, modules, langs, overwrite=False):
        """Whenever the terms of helpdesk_mgmt or wx_feedback are loaded
        (install, update, a language installed or re-loaded), load our
        translations of helpdesk_mgmt's menus, fields, views, stages and
        templates too. Same rules as Odoo's own files: a term already
        translated in the database (e.g. edited by a user) is replaced only
        when ``overwrite`` says so, and never on ``noupdate`` records."""
        super()._load_module_terms(modules, langs, overwrite=overwrite)
        if not TRIGGERS & set(modules):
            return
        importer = TranslationImporter(self.env.cr, verbose=False)
        for lang in langs:
            for path in helpdesk_po_paths(lang):
                _logger.info(
                    "module helpdesk_mgmt: loading translation file %s for language %s",
                    path,
                    lang,
                )
                importer.load_file(path, lang)
        importer.save(overwrite=overwrite)
