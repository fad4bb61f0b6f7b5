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
        "maintainers",
        "development_status",
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


# Distributions Odoo 19.0 itself requires (its requirements.txt): an addon may
# import them without declaring them. Anything else it imports is declared.
ODOO_PROVIDES = {
    "babel", "cryptography", "dateutil", "docutils", "freezegun", "gevent",
    "jinja2", "lxml", "markupsafe", "num2words", "openpyxl", "passlib", "pil",
    "polib", "psutil", "psycopg2", "pypdf2", "pytz", "qrcode", "reportlab",
    "requests", "stdnum", "urllib3", "werkzeug", "xlrd", "xlsxwriter", "zeep",
}  # fmt: skip
# import name -> distribution name where they differ
DISTRIBUTION = {"sklearn": "scikit-learn"}
# imported only where an optional backend is present, and said so in USAGE.md
OPTIONAL = {"hanlp", "redis"}


def _third_party_imports(addon):
    """Top-level modules imported by the addon's run-time code (not tests)."""
    stdlib = set(__import__("sys").stdlib_module_names)
    found = set()
    for path in addon.rglob("*.py"):
        if "tests" in path.relative_to(addon).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in stdlib and top != "odoo":
                    found.add(DISTRIBUTION.get(top, top).lower())
    return found


def _declared(addon):
    python = manifest(addon).get("external_dependencies", {}).get("python", [])
    return {re.split(r"[<>=!~ ]", dep)[0].lower() for dep in python}


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_external_dependencies_are_exactly_the_imports(addon):
    imported = _third_party_imports(addon)
    declared = _declared(addon)
    missing = imported - declared - ODOO_PROVIDES - OPTIONAL
    assert not missing, f"imported but not in external_dependencies: {missing}"
    unused = declared - imported
    assert not unused, f"declared but never imported: {unused}"


def test_requirements_cover_every_manifest():
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    listed = {
        re.split(r"[<>=!~ ;]", line.strip())[0].lower()
        for line in lines
        if line.strip() and not line.startswith("#")
    }
    declared = set().union(*(_declared(addon) for addon in ADDONS))
    assert declared <= listed, declared - listed
    # the OCA addons the manifests depend on (helpdesk_mgmt, auditlog)
    oca = {
        f"odoo-addon-{depend.replace('_', '-')}"
        for addon in ADDONS
        for depend in manifest(addon).get("depends", [])
    }
    extra = listed - declared - OPTIONAL - oca
    assert not extra, f"requirements.txt lists what no addon uses: {extra}"


def _adds_models(addon):
    """True when the addon defines a new model with a table (a ``Model`` or
    ``TransientModel`` whose ``_name`` is not one it inherits)."""
    for path in (addon / "models").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {getattr(base, "attr", None) for base in node.bases}
            if not bases & {"Model", "TransientModel"}:
                continue
            attrs = {
                target.id: statement.value
                for statement in node.body
                if isinstance(statement, ast.Assign)
                for target in statement.targets
                if isinstance(target, ast.Name)
            }
            if "_name" not in attrs:
                continue
            name = ast.literal_eval(attrs["_name"])
            inherit = ast.literal_eval(attrs["_inherit"]) if "_inherit" in attrs else ()
            inherit = [inherit] if isinstance(inherit, str) else list(inherit)
            if name not in inherit:
                return True
    return False


def _has_ui(addon):
    """An addon with data or demo files shows something to people (views,
    menus, records): it has views and translations. One without (wx_metrics:
    an HTTP endpoint for Prometheus and counters) has neither."""
    info = manifest(addon)
    return bool(info.get("data") or info.get("demo"))


UI_ADDONS = [addon for addon in ADDONS if _has_ui(addon)]


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_layout(addon):
    folders = ("views", "tests", "readme", "i18n") if _has_ui(addon) else ("tests",)
    for folder in (*folders, "readme"):
        assert (addon / folder).is_dir(), folder
    # access rights and rules belong to the addons that add models (wx_crm
    # only extends models of other addons)
    if _adds_models(addon):
        assert (addon / "security").is_dir(), "security"
    assert (addon / "tests" / "common.py").is_file()
    assert (addon / "readme" / "DESCRIPTION.md").is_file()
    if _has_ui(addon):
        assert (addon / "i18n" / f"{addon.name}.pot").is_file()


@pytest.mark.parametrize("addon", UI_ADDONS, ids=lambda a: a.name)
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
