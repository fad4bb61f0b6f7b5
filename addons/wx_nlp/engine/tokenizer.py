# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Word segmentation: jieba with the domain dictionary, optional HanLP, regex.

jieba is set up without touching its cache: the prefix dictionary is built in
memory from ``data/jieba_core.txt.gz`` (the most frequent words of jieba's
MIT-licensed dictionary, ~80k words, a third of the memory of the full one)
plus ``data/jieba_domain.txt`` (fruit, packaging, delivery and complaint terms).
Nothing is downloaded and nothing is written to disk. jieba's HMM guesser
for unknown words is off: with the reduced dictionary it glues characters
into junk words (地帮, 上差) that then top the keyword list, and it costs
about a fifth of the pipeline's time. Teach the tokenizer catalogue product
names with :meth:`JiebaTokenizer.add_words` instead.

HanLP is used for Chinese only when the ``hanlp`` package imports *and* a
model directory exists locally (``WX_NLP_HANLP_MODEL`` or the ``hanlp_model``
argument). Loading runs with the Hugging Face hubs forced offline; any
failure falls back to jieba with a warning in the log.
"""

import gzip
import io
import logging
import os
import re
import threading
from pathlib import Path

from .textutil import normalize

_logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CORE_DICT = DATA_DIR / "jieba_core.txt.gz"
DOMAIN_DICT = DATA_DIR / "jieba_domain.txt"
HANLP_ENV = "WX_NLP_HANLP_MODEL"

_LATIN_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


class JiebaTokenizer:
    """A private ``jieba.Tokenizer`` (the global one is left alone)."""

    name = "jieba"

    def __init__(self, core_dict=CORE_DICT, domain_dict=DOMAIN_DICT):
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        if Path(core_dict).is_file():
            with gzip.open(core_dict, "rb") as handle:
                data = handle.read()
        else:  # the build command has not been run: jieba's full dictionary
            with open(jieba.get_dict_file().name, "rb") as handle:
                data = handle.read()
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(io.BytesIO(data))
        tokenizer.initialized = True
        if Path(domain_dict).is_file():
            tokenizer.load_userdict(str(domain_dict))
        self._tokenizer = tokenizer

    def add_words(self, words):
        for word in words:
            if word and word not in self._tokenizer.FREQ:
                self._tokenizer.add_word(word)

    def cut(self, text):
        return [tok for tok in self._tokenizer.lcut(text, HMM=False) if tok.strip()]


class HanlpTokenizer:
    """HanLP tokenizer loaded from a local directory, never from the network."""

    name = "hanlp"

    def __init__(self, model_dir):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import hanlp

        self._tok = hanlp.load(str(model_dir))

    def cut(self, text):
        result = self._tok(text)
        return [tok for tok in result if isinstance(tok, str) and tok.strip()]


def hanlp_model_dir(configured=None):
    """The local HanLP model directory to use, or ``None``."""
    path = configured or os.environ.get(HANLP_ENV)
    if not path:
        return None
    path = Path(path).expanduser()
    return path if path.is_dir() else None


def make_chinese_tokenizer(hanlp_model=None, prefer_hanlp=True):
    """HanLP when available locally, otherwise jieba (always available)."""
    model_dir = hanlp_model_dir(hanlp_model) if prefer_hanlp else None
    if model_dir is not None:
        try:
            return HanlpTokenizer(model_dir)
        except Exception as error:  # noqa: BLE001 - any failure means fallback
            _logger.warning("HanLP unavailable (%s), using jieba", error)
    return JiebaTokenizer()


class Tokenizer:
    """Language-aware tokenizer; the Chinese backend is built lazily, once."""

    def __init__(self, hanlp_model=None, prefer_hanlp=True):
        self._hanlp_model = hanlp_model
        self._prefer_hanlp = prefer_hanlp
        self._chinese = None
        self._lock = threading.Lock()

    @property
    def chinese(self):
        if self._chinese is None:
            with self._lock:
                if self._chinese is None:
                    self._chinese = make_chinese_tokenizer(
                        self._hanlp_model, self._prefer_hanlp
                    )
        return self._chinese

    @property
    def backend(self):
        return self.chinese.name

    def tokenize(self, text, lang="zh"):
        """Tokens of ``text``, lower-cased, width- and accent-folded."""
        return self.tokenize_normalized(normalize(text or ""), lang)

    def tokenize_normalized(self, norm, lang="zh"):
        """Tokens of text already passed through :func:`normalize`."""
        if not norm:
            return []
        if lang in ("zh", "ja", "und"):
            return self.chinese.cut(norm)
        return _LATIN_TOKEN.findall(norm)
