# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Repository rules from STYLE.md that no linter checks for us."""

import ast
import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
ADDONS = sorted(p.parent for p in (ROOT / "addons").glob("*/__manifest__.py"))
HEADER = re.compile(
    r"^# Copyright \d{4} .+\n# License AGPL-3\.0 or later \(https://www\.gnu\.org/licenses/agpl\)\.\n"
)


def manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


def test_the_four_addons_exist():
    assert {a.name for a in ADDONS} >= {"wx_feedback", "wx_nlp", "wx_sla", "wx_churn"}


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_manifest(addon):
    data = manifest(addon)
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", data["version"])
    for key in (
        "name",
        "summary",
        "license",
        "author",
        "website",
        "category",
        "depends",
    ):
        assert data.get(key), key
    assert "\n" not in data["summary"]
    assert data["license"] == "AGPL-3"
    assert "description" not in data
    assert "installable" not in data
    for dep in data.get("external_dependencies", {}).get("python", []):
        assert ">=" in dep and "==" not in dep and "<" not in dep, dep
    for path in [*data.get("data", []), *data.get("demo", [])]:
        assert (addon / path).is_file(), path


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_layout(addon):
    for folder in ("security", "views", "tests", "readme", "i18n"):
        assert (addon / folder).is_dir(), folder
    assert (addon / "tests" / "common.py").is_file()
    assert (addon / "readme" / "DESCRIPTION.md").is_file()
    assert (addon / "i18n" / f"{addon.name}.pot").is_file()


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
@pytest.mark.parametrize("lang", ["zh_CN", "es"])
def test_translations_complete(addon, lang):
    pot = polib.pofile(str(addon / "i18n" / f"{addon.name}.pot"))
    po = polib.pofile(str(addon / "i18n" / f"{lang}.po"))
    msgids = {entry.msgid for entry in pot}
    translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
    assert msgids, "empty .pot"
    assert not sorted(msgids - translated)


def test_python_file_headers():
    files = [
        p
        for p in [
            *ROOT.glob("addons/**/*.py"),
            *ROOT.glob("scripts/**/*.py"),
            ROOT / "wxf",
        ]
        if ".venv" not in p.parts
    ]
    bad = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if text.startswith("#!"):
            text = text.split("\n", 1)[1]
        if not HEADER.match(text):
            bad.append(str(path.relative_to(ROOT)))
    assert not bad
