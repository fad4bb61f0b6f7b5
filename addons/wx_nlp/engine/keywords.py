# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Keywords a manager can act on, weighted by TF-IDF.

A keyword is a word the engine *understands* as a product, a defect or a
service aspect, never any word of the text:

* product names (``product`` lexicon entries, fruit names in English and
  Spanish), a variety counted as its fruit (奶油草莓 -> 草莓) and a synonym
  as its main name (凤梨 -> 菠萝, ``products.txt``);
* lexicon terms that name an aspect: a category with full weight (包装,
  司机, 发票, 冷链...), or a defect urgency tag (spoilage, safety, missing:
  发霉, 少发...). Terms that only carry an opinion (满意, 失望), pressure or
  context (今天, 宴会, 第三次, 投诉 as a threat), questions and markers
  are not keywords. A lexicon term a manager adds becomes a keyword at once.

Each term found by the lexicon scan (longest match, so 没送到 is one term)
that is not negated (没有烂果 says nothing is rotten) counts; then the
generic filters apply: stop-words (function words), numbers, punctuation,
quantity phrases (一箱, 两周), single CJK characters and ASCII words shorter
than three letters. Degree adverbs in front of a term are dropped when the
rest is a keyword itself (还没到 -> 没到, 很新鲜 -> 新鲜) and an English or
Spanish plural counts as its singular when that is a keyword (cajas -> caja).
No tokenizer is needed. Weights are term frequency times the IDF of a table
fitted offline (unknown terms get its highest IDF).
"""

import gzip
import math
import re
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
IDF_FILE = DATA_DIR / "idf.tsv.gz"
STOPWORDS_FILE = DATA_DIR / "stopwords.txt"
# Urgency tags that name a defect of the goods or the order (the others,
# today / threat / repeat / impact / public..., say how pressing it is).
DEFECT_TAGS = frozenset({"spoilage", "safety", "missing"})
# Lexicon kinds that are markers, never a keyword.
_MARKER_FLAGS = frozenset(
    {"negation", "contrast", "concession", "question", "suggestion", "ignore"}
)
_JUNK = re.compile(r"^[\d\W_]+$")
# Quantity phrases: a number and a measure word (一箱, 一颗, 一圈, 两周, 半斤,
# 3箱, 每层) say how much, not what: never keywords.
_QUANTITY = re.compile(
    r"^(?:[\d一二两三四五六七八九十百千几半每整各这那哪上下本第]+)"
    r"(?:箱|颗|圈|周|层|股|个|盒|斤|公斤|件|包|袋|串|筐|托|次|回|遍|天|份|点|些|块|车|批|"
    r"单|粒|只|根|瓣|片|吨|克|两|成|号|趟|家|位|种|样|排|堆|辆|柜|板|格|口|刀|下)$"
)
# Degree and aspect adverbs in front of a term (还没到, 很新鲜, 有点软).
_DEGREE = re.compile(
    r"^(?:非常|特别|有点|有些|比较|还是|很|太|超|还|都|好|又|真|挺|最)"
)
# A CJK term that ends in a structural particle or a localizer (订的, 送得,
# 箱子上) or starts with a clock word or a modal verb (点到, 能送, 要的是) is a
# phrase fragment, not the name of an aspect: its core counts if it is one.
_FRAGMENT = re.compile(r"^(?:点|能|要|会|可以|想)|(?:的|得|地|是|上|里|下)$")
# en / es fruit names (zh ones are ``product`` lexicon entries).
FRUIT_WORDS = re.compile(
    r"\b(?:apples?|pears?|oranges?|mandarins?|tangerines?|lemons?|limes?|grapefruits?"
    r"|pomelos?|bananas?|mangos?|mangoes|pineapples?|papayas?|melons?|watermelons?"
    r"|grapes?|strawberr(?:y|ies)|blueberr(?:y|ies)|cherr(?:y|ies)|kiwis?|kiwifruit"
    r"|peach(?:es)?|plums?|apricots?|lychees?|litchis?|longans?|durians?|dragon ?fruit"
    r"|pitaya|avocados?|pomegranates?|persimmons?|coconuts?|passion ?fruit|figs?"
    r"|manzanas?|peras?|naranjas?|mandarinas?|limones?|toronjas?|platanos?|bananos?"
    r"|mangos?|pinas?|papayas?|melones?|sandias?|uvas?|fresas?|arandanos?|cerezas?"
    r"|duraznos?|melocotones?|ciruelas?|aguacates?|paltas?|granadas?|cocos?|pitahayas?"
    r"|lichis?|pomelos?)\b"
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


def singular(word):
    """English / Spanish singular guess (strawberries -> strawberry, cajas -> caja)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("oes", "ches", "shes", "ones", "ores", "ales")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


class KeywordExtractor:
    """Keyword rules over lexicon terms; shared by every engine (stateless)."""

    def __init__(
        self,
        idf=None,
        stopwords=None,
        keep=frozenset(),
        synonyms=None,
        min_category=1.0,
        defect_tags=DEFECT_TAGS,
    ):
        self.idf = load_idf() if idf is None else idf
        self.stopwords = load_stopwords() if stopwords is None else stopwords
        self.keep = frozenset(keep)  # product names: kept even when short
        self.synonyms = dict(synonyms or {})  # product synonym -> main name
        self.min_category = min_category
        self.defect_tags = frozenset(defect_tags)
        self.default_idf = max(self.idf.values()) if self.idf else 10.0

    # -- single words ------------------------------------------------------------
    def is_candidate(self, token):
        """Whether ``token`` passes the generic filters (not whether it names
        an aspect: see :meth:`vocabulary`)."""
        if token in self.keep:
            return True
        if token in self.stopwords or _JUNK.match(token) or _QUANTITY.match(token):
            return False
        if len(token) < 2:
            return False
        return not (token.isascii() and len(token) < 3)

    def canonical(self, token):
        """A synonym counts as its main name (凤梨 -> 菠萝) and a variety named
        after its fruit as the fruit: 奶油草莓 -> 草莓, 红心火龙果 -> 火龙果
        (product names only; the longest fruit suffix)."""
        token = self.synonyms.get(token, token)
        if token in self.keep:
            for size in range(len(token) - 1, 1, -1):
                base = token[-size:]
                if base in self.keep:
                    return self.synonyms.get(base, base)
        return token

    def names_aspect(self, info):
        """Whether a lexicon term (:class:`~.lexicon.TermInfo`) is a product,
        an aspect or a defect."""
        flags = info.flags
        if "product" in flags:
            return True
        if flags & _MARKER_FLAGS or info.sarcasm:
            return False
        if any(weight >= self.min_category for weight in info.categories.values()):
            return True
        return any(tag in self.defect_tags for tag in info.urgency)

    def vocabulary(self, infos):
        """``{term: keyword}`` of a lexicon's terms (``infos``: term -> info)."""
        aspects = {
            term
            for term, info in infos.items()
            if self.names_aspect(info) and self.is_candidate(term)
        }
        out = {}
        for term in aspects:
            keyword = self.canonical(term)
            if "product" not in infos[term].flags:
                if term.isascii():
                    keyword = self._latin_keyword(term, aspects)
                else:
                    keyword = self._cjk_keyword(term, aspects)
            if keyword:
                out[term] = keyword
        return out

    @staticmethod
    def _cjk_keyword(term, aspects):
        """Without a degree adverb (还没到 -> 没到) when the rest is a keyword;
        a fragment (订的, 点到) as its core if that is a keyword, else nothing."""
        rest = _DEGREE.sub("", term, count=1)
        if rest != term and len(rest) >= 2 and rest in aspects:
            return rest
        while _FRAGMENT.search(term):
            term = _FRAGMENT.sub("", term, count=1)
            if len(term) < 2:
                return None
            if term in aspects:
                return term
            if not _FRAGMENT.search(term):
                return None
        return term

    def _latin_keyword(self, term, aspects):
        """Without stop-words at its edges (cajas de -> cajas), as a singular
        when that is a keyword too (cartons -> carton)."""
        words = term.split()
        while len(words) > 1 and words[-1] in self.stopwords:
            words.pop()
        while len(words) > 1 and words[0] in self.stopwords:
            words.pop(0)
        if self.is_candidate(words[0]):  # else keep the phrase (on time)
            term = " ".join(words)
        one = singular(term)
        return one if one != term and one in aspects else term

    # -- a text ------------------------------------------------------------------
    def extract_terms(self, terms, top=5):
        """``[(term, weight)]`` of keyword occurrences, sorted by TF-IDF
        (weights rounded to 4 places)."""
        counts = {}
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
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

    def extract(self, tokens, top=5):
        """Keywords of a token list (products and generic filters only; the
        engine uses :meth:`extract_terms` on lexicon terms)."""
        return self.extract_terms(
            [self.canonical(t) for t in tokens if self.is_candidate(t)], top
        )

    def fruit_words(self, norm):
        """English / Spanish fruit names in normalised text, as singulars."""
        return [singular(found.group()) for found in FRUIT_WORDS.finditer(norm)]


def fit_idf(documents):
    """Smoothed IDF ``log((1 + N) / (1 + df)) + 1`` of token lists."""
    df = {}
    count = 0
    for tokens in documents:
        count += 1
        for token in set(tokens):
            df[token] = df.get(token, 0) + 1
    return {t: math.log((1 + count) / (1 + d)) + 1 for t, d in df.items()}
