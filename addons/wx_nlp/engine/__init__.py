# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Offline, Chinese-first feedback understanding (no ``odoo`` import here).

Typical use::

    from odoo.addons.wx_nlp import engine   # or ``wx_nlp.engine`` in tests

    result = engine.analyze("一箱草莓一半都发霉了，今天必须换")
    result.sentiment, result.urgency, result.categories, result.evidence

    engine.configure(lexicon_overrides=rows)   # lexicon edits, no restart
    engine.analyze_many(texts)                 # batch

The heavy parts (model weights, jieba dictionary, IDF table) are loaded once
per process on first use and shared by every :class:`Engine` built from them;
:func:`configure` swaps the process-wide engine atomically.
"""

import threading
from dataclasses import dataclass
from pathlib import Path

from .analyzer import MAX_CHARS, Analysis, Engine
from .categories import CategoryModel
from .keywords import KeywordExtractor
from .langdetect import detect_language
from .lexicon import CATEGORY_CODES, Lexicon, product_synonyms
from .model import SentimentModel
from .tokenizer import Tokenizer
from .urgency import UrgencyModel

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MODEL_FILE = DATA_DIR / "sentiment.wxm"

__all__ = [
    "CATEGORY_CODES",
    "MAX_CHARS",
    "Analysis",
    "CategoryModel",
    "Engine",
    "Lexicon",
    "SentimentModel",
    "UrgencyModel",
    "analyze",
    "analyze_many",
    "configure",
    "detect_language",
    "get_engine",
    "load_model",
    "new_engine",
    "tokenize",
]


@dataclass
class Resources:
    """Process-wide read-only resources shared by engines."""

    tokenizer: Tokenizer
    keywords: KeywordExtractor


_lock = threading.RLock()
_resources = None
_default_model = None
_default_lexicon = None
_engine = None


def _shared_resources():
    global _resources
    with _lock:
        if _resources is None:
            lexicon = _base_lexicon()
            products = lexicon.terms("product")
            extractor = KeywordExtractor(keep=products, synonyms=product_synonyms())
            _resources = Resources(Tokenizer(), extractor)
        return _resources


def _base_lexicon():
    global _default_lexicon
    with _lock:
        if _default_lexicon is None:
            _default_lexicon = Lexicon.default()
        return _default_lexicon


def load_model(path=None):
    """The shipped model (cached) or the model stored at ``path``."""
    global _default_model
    if path is not None:
        return SentimentModel.load(path)
    with _lock:
        if _default_model is None:
            _default_model = SentimentModel.load(MODEL_FILE)
        return _default_model


def new_engine(
    model=None, lexicon_overrides=None, urgency_model=None, category_model=None
):
    """A new engine on the shared resources (model: object or file path;
    ``urgency_model``: an :class:`UrgencyModel`, ``category_model`` a
    :class:`CategoryModel`, default the shipped ones)."""
    if model is None or isinstance(model, (str, Path)):
        model = load_model(model)
    base = _base_lexicon()
    engine = Engine(
        _shared_resources(),
        model,
        base,
        urgency_model=urgency_model,
        category_model=category_model,
    )
    if lexicon_overrides:
        engine = engine.with_lexicon(lexicon_overrides)
    return engine


def get_engine():
    """The process-wide engine, created on first use."""
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                _engine = new_engine()
    return _engine


def configure(
    model=None, lexicon_overrides=None, urgency_model=None, category_model=None
):
    """Replace the process-wide engine (after a lexicon edit or a retrain)."""
    global _engine
    engine = new_engine(model, lexicon_overrides, urgency_model, category_model)
    with _lock:
        _engine = engine
    return engine


def analyze(text, lang=None):
    """Analyse one text with the process-wide engine (see :class:`Analysis`)."""
    return get_engine().analyze(text, lang)


def analyze_many(texts, lang=None):
    return get_engine().analyze_many(texts, lang)


def tokenize(text, lang=None):
    return get_engine().tokenize(text, lang)
