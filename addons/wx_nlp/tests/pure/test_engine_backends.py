# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The optional HanLP backend falls back to jieba cleanly; no odoo import."""

import ast
import logging
import sys
import types
from pathlib import Path

import pytest
from wx_nlp.engine import tokenizer as tok

ENGINE_DIR = Path(__file__).resolve().parents[2] / "engine"


@pytest.fixture
def fake_hanlp(monkeypatch):
    """A stand-in ``hanlp`` module that records what it was asked to load."""
    module = types.ModuleType("hanlp")
    module.loaded = []

    def load(path):
        module.loaded.append(path)
        return lambda text: ["HANLP", *list(text)]

    module.load = load
    monkeypatch.setitem(sys.modules, "hanlp", module)
    return module


def test_without_configuration_jieba_is_used(monkeypatch):
    monkeypatch.delenv(tok.HANLP_ENV, raising=False)
    assert isinstance(tok.make_chinese_tokenizer(), tok.JiebaTokenizer)


def test_hanlp_not_installed_falls_back(monkeypatch, tmp_path, caplog):
    monkeypatch.setitem(sys.modules, "hanlp", None)  # import hanlp -> ImportError
    monkeypatch.setenv(tok.HANLP_ENV, str(tmp_path))
    with caplog.at_level(logging.WARNING):
        chosen = tok.make_chinese_tokenizer()
    assert isinstance(chosen, tok.JiebaTokenizer)
    assert "HanLP unavailable" in caplog.text


def test_model_directory_absent_falls_back(monkeypatch, tmp_path, fake_hanlp):
    monkeypatch.setenv(tok.HANLP_ENV, str(tmp_path / "missing"))
    assert isinstance(tok.make_chinese_tokenizer(), tok.JiebaTokenizer)
    assert fake_hanlp.loaded == []  # never asked to load (or download) anything


def test_hanlp_used_when_installed_and_model_present(monkeypatch, tmp_path, fake_hanlp):
    monkeypatch.setenv(tok.HANLP_ENV, str(tmp_path))
    chosen = tok.make_chinese_tokenizer()
    assert isinstance(chosen, tok.HanlpTokenizer)
    assert fake_hanlp.loaded == [str(tmp_path)]
    assert chosen.cut("好果") == ["HANLP", "好", "果"]
    tokenizer = tok.Tokenizer()
    assert tokenizer.backend == "hanlp"


def test_hanlp_load_error_falls_back(monkeypatch, tmp_path, fake_hanlp):
    def broken(path):
        raise OSError("weights missing")

    fake_hanlp.load = broken
    monkeypatch.setenv(tok.HANLP_ENV, str(tmp_path))
    assert isinstance(tok.make_chinese_tokenizer(), tok.JiebaTokenizer)


def test_jieba_setup_writes_no_cache(monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    tokenizer = tok.JiebaTokenizer()
    assert tokenizer.cut("丹东草莓发霉了") == ["丹东草莓", "发霉", "了"]
    assert list(tmp_path.iterdir()) == []


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_engine_has_no_odoo_import():
    files = sorted(ENGINE_DIR.glob("*.py"))
    assert any(path.name == "analyzer.py" for path in files)
    found = {name for path in files for name in imported_modules(path)}
    assert "jieba" in found  # the scan does see imports
    assert not {name for name in found if name.split(".")[0] == "odoo"}
