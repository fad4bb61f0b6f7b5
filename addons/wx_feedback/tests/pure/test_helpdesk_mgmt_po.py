# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Our zh_CN / es translations of OCA helpdesk_mgmt cover its installed .pot."""

import importlib.metadata
import re
from pathlib import Path

import polib
import pytest

OURS = Path(__file__).resolve().parents[2] / "i18n_helpdesk_mgmt"
LANGS = ["zh_CN", "es"]


def installed_pot():
    """helpdesk_mgmt.pot of the installed odoo-addon-helpdesk-mgmt."""
    dist = importlib.metadata.distribution("odoo-addon-helpdesk-mgmt")
    pot = [f for f in dist.files if f.name == "helpdesk_mgmt.pot"]
    assert pot, "odoo-addon-helpdesk-mgmt ships no helpdesk_mgmt.pot"
    return polib.pofile(str(dist.locate_file(pot[0])))


POT = installed_pot()


def ours(lang):
    return {
        e.msgid: e for e in polib.pofile(str(OURS / f"{lang}.po")) if not e.obsolete
    }


def markers(text):
    """What a translation must keep: tag names with their attributes,
    %-placeholders and {{ }} / t-out expressions."""
    tags = sorted(re.findall(r"<(/?[\w-]+(?:\s+[^<>]*?)?)/?>", text))
    placeholders = sorted(re.findall(r"%\(\w+\)s|%s|%d", text))
    expressions = sorted(re.findall(r"\{\{.*?\}\}", text))
    return tags, placeholders, expressions


@pytest.mark.parametrize("lang", LANGS)
def test_every_term_is_translated(lang):
    translations = ours(lang)
    assert len(POT) > 250, "unexpectedly small helpdesk_mgmt.pot"
    missing = [
        e.msgid for e in POT if not translations.get(e.msgid, polib.POEntry()).msgstr
    ]
    assert not missing, (
        f"{len(missing)} untranslated: run scripts/i18n_helpdesk_mgmt.py"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_entries_match_the_pot(lang):
    """Same occurrences and comments as the .pot (the types Odoo reads them
    by), plus the demo records' terms, all of module helpdesk_mgmt."""
    translations = ours(lang)
    for template in POT:
        entry = translations[template.msgid]
        assert entry.comment == template.comment, template.msgid
        assert set(template.occurrences) <= set(entry.occurrences), template.msgid
    for entry in translations.values():
        assert entry.comment.startswith("module: helpdesk_mgmt"), entry.msgid
        assert all(
            ":helpdesk_mgmt." in o or o.startswith("code:")
            for o, _ in entry.occurrences
        )


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_markup_and_placeholders(lang):
    for msgid, entry in ours(lang).items():
        assert markers(entry.msgstr) == markers(msgid), msgid


def test_chinese_is_chinese():
    """Every zh_CN term has Chinese text, except codes and names kept as they are."""
    kept = {"ID", "Odoo"}
    for msgid, entry in ours("zh_CN").items():
        if msgid not in kept:
            assert re.search(r"[\u4e00-\u9fff]", entry.msgstr), msgid
