# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""TF-IDF keywords with an IDF table fitted offline on a corpus.

Choices: stop-words (function words, politeness, generic nouns such as 水果 /
东西 / fruit) are dropped; single characters, numbers and punctuation are
dropped, except product names. Product names (草莓, 榴莲...) are *kept* as
ordinary keywords, never stop-words and not boosted: which fruit a complaint
is about is the most useful drill-down for the keyword trends, and their IDF
already ranks them high. Unknown words get the highest IDF of the table.
"""

import gzip
import math
import re
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
IDF_FILE = DATA_DIR / "idf.tsv.gz"
STOPWORDS_FILE = DATA_DIR / "stopwords.txt"
_JUNK = re.compile(r"^[\d\W_]+$")
# Quantity phrases: a number and a measure word (一箱, 一颗, 一圈, 两周, 半斤,
# 3箱, 每层) say how much, not what: never keywords.
_QUANTITY = re.compile(
    r"^(?:[\d一二两三四五六七八九十百千几半每整各这那哪上下本]+)"
    r"(?:箱|颗|圈|周|层|股|个|盒|斤|公斤|件|包|袋|串|筐|托|次|回|遍|天|份|点|些|块|车|批|"
    r"单|粒|只|根|瓣|片|吨|克|两|成|号|趟|家|位|种|样|排|堆|辆|柜|板|格|口|刀|下)$"
)


def load_idf(path=IDF_FILE):
    idf = {}
    if Path(path).is_file():
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                term, _, value = line.rstrip("\n").partition("\t")
                if value:
                    idf[term] = float(value)
    return idf


def load_stopwords(path=STOPWORDS_FILE):
    words = set()
    if Path(path).is_file():
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                words.update(line.split())
    return frozenset(words)


class KeywordExtractor:
    def __init__(self, idf=None, stopwords=None, keep=frozenset()):
        self.idf = load_idf() if idf is None else idf
        self.stopwords = load_stopwords() if stopwords is None else stopwords
        self.keep = frozenset(keep)  # product names: kept even when short
        self.default_idf = max(self.idf.values()) if self.idf else 10.0

    def is_candidate(self, token):
        if token in self.keep:
            return True
        if token in self.stopwords or _JUNK.match(token) or _QUANTITY.match(token):
            return False
        if len(token) < 2:
            return False
        return not (token.isascii() and len(token) < 3)

    def canonical(self, token):
        """A variety named after its fruit counts as the fruit: 奶油草莓 -> 草莓,
        红心火龙果 -> 火龙果 (product names only; the longest fruit suffix)."""
        if token in self.keep:
            for size in range(len(token) - 1, 1, -1):
                base = token[-size:]
                if base in self.keep:
                    return base
        return token

    def extract(self, tokens, top=5):
        """``[(term, weight)]`` sorted by TF-IDF, weights rounded to 4 places."""
        counts = {}
        for token in tokens:
            if self.is_candidate(token):
                token = self.canonical(token)
                counts[token] = counts.get(token, 0) + 1
        if not counts:
            return []
        total = sum(counts.values())
        idf, default = self.idf, self.default_idf
        scored = [
            (term, count / total * idf.get(term, default))
            for term, count in counts.items()
        ]
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        return [(term, round(weight, 4)) for term, weight in scored[:top]]


def fit_idf(documents):
    """Smoothed IDF ``log((1 + N) / (1 + df)) + 1`` of token lists."""
    df = {}
    count = 0
    for tokens in documents:
        count += 1
        for token in set(tokens):
            df[token] = df.get(token, 0) + 1
    return {t: math.log((1 + count) / (1 + d)) + 1 for t, d in df.items()}
