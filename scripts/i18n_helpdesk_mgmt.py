#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Refresh our zh_CN / es translations of OCA helpdesk_mgmt from its .pot.

OCA ``helpdesk_mgmt`` ships no zh_CN and an incomplete es; we cannot edit the
installed package, so wx_feedback carries them in
``addons/wx_feedback/i18n_helpdesk_mgmt/<lang>.po`` (wx_feedback loads them
whenever Odoo loads the terms of helpdesk_mgmt or wx_feedback).

Run after upgrading ``odoo-addon-helpdesk-mgmt``::

    .venv/bin/python scripts/i18n_helpdesk_mgmt.py

Every msgid of the installed ``helpdesk_mgmt.pot`` gets its current
occurrences and comments; its translation is kept from our file, else (es)
taken from helpdesk_mgmt's own ``es.po``, else left empty: fill those (the
pure test ``test_helpdesk_mgmt_po`` lists them). Terms of helpdesk_mgmt's demo
records (teams, categories, tags: not in its .pot) are kept from our file.
"""

import importlib.metadata
import sys
from pathlib import Path
from xml.etree import ElementTree

import polib

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "addons" / "wx_feedback" / "i18n_helpdesk_mgmt"
LANGS = {"zh_CN": "zh_CN", "es": "es"}  # file name -> Language header


def helpdesk_mgmt_dir():
    """Folder of the installed helpdesk_mgmt addon (from its distribution)."""
    dist = importlib.metadata.distribution("odoo-addon-helpdesk-mgmt")
    pot = next(f for f in dist.files if f.name == "helpdesk_mgmt.pot")
    return Path(dist.locate_file(pot)).parent.parent


def demo_xmlids(addon_dir):
    """``helpdesk_mgmt.<id>`` of the records its demo files create."""
    ids = set()
    for path in sorted((addon_dir / "demo").glob("*.xml")):
        for record in ElementTree.parse(path).iter("record"):
            ids.add(f"helpdesk_mgmt.{record.get('id')}")
    return ids


def is_demo_occurrence(occurrence, demo_ids):
    """``model:<model>,<field>:<xmlid>`` naming a demo record."""
    reference = occurrence[0]
    return reference.startswith("model:") and reference.rsplit(":", 1)[1] in demo_ids


def refresh(lang, pot, shipped, demo_ids):
    path = TARGET / f"{lang}.po"
    ours = polib.pofile(str(path)) if path.exists() else polib.POFile()
    po = polib.POFile(wrapwidth=78)
    po.header = pot.header
    po.metadata = dict(pot.metadata, Language=LANGS[lang])
    kept = {}
    for entry in ours:
        if not entry.obsolete:
            kept[entry.msgid] = entry
    missing = 0
    for template in pot:
        entry = polib.POEntry(
            msgid=template.msgid,
            msgstr=(kept[template.msgid].msgstr if template.msgid in kept else "")
            or shipped.get(template.msgid, ""),
            comment=template.comment,
            occurrences=list(template.occurrences),
            flags=list(template.flags),
        )
        if template.msgid in kept:
            entry.occurrences += [
                o
                for o in kept[template.msgid].occurrences
                if is_demo_occurrence(o, demo_ids) and o not in entry.occurrences
            ]
        missing += not entry.msgstr
        po.append(entry)
    listed = {entry.msgid for entry in pot}
    for entry in kept.values():
        demo = [o for o in entry.occurrences if is_demo_occurrence(o, demo_ids)]
        if entry.msgid not in listed and demo:
            po.append(
                polib.POEntry(
                    msgid=entry.msgid,
                    msgstr=entry.msgstr,
                    comment="module: helpdesk_mgmt",
                    occurrences=demo,
                )
            )
    po.save(str(path))
    print(f"{path.relative_to(ROOT)}: {len(po)} terms, {missing} untranslated")
    return missing


def main():
    addon_dir = helpdesk_mgmt_dir()
    pot = polib.pofile(str(addon_dir / "i18n" / "helpdesk_mgmt.pot"))
    demo_ids = demo_xmlids(addon_dir)
    TARGET.mkdir(exist_ok=True)
    missing = 0
    for lang in LANGS:
        shipped_path = addon_dir / "i18n" / f"{lang}.po"
        shipped = {}
        if shipped_path.exists():
            shipped = {
                e.msgid: e.msgstr
                for e in polib.pofile(str(shipped_path))
                if e.msgstr and not e.obsolete
            }
        missing += refresh(lang, pot, shipped, demo_ids)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
