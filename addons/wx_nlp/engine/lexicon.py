# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Lexicons: plain-text defaults, runtime overrides and a fast longest-match scan.

A lexicon is a set of entries ``(lang, kind, tag, term, weight)``:

===========  =====================================================  =============
kind         tag                                                    weight
===========  =====================================================  =============
sentiment    ``-``                                                  polarity
urgency      spoilage, safety, threat, repeat, missing, today       trigger
category     delivery, freshness, weight, packaging, order, ...     evidence
negation, contrast, concession, sarcasm, question, suggestion,
product, ignore      ``-``                                          unused / 1
===========  =====================================================  =============

The defaults are read from ``data/lexicon/*.txt``. Overrides (for instance the
rows a manager edited in the database) are merged with
:meth:`Lexicon.with_overrides`; an override with ``weight`` ``None`` or
``active`` false removes the entry. A new :class:`Lexicon` is cheap to build
(a few milliseconds), so edits take effect without restarting anything.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from .textutil import normalize

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEXICON_DIR = DATA_DIR / "lexicon"

KINDS = (
    "sentiment",
    "urgency",
    "category",
    "negation",
    "contrast",
    "concession",
    "sarcasm",
    "question",
    "suggestion",
    "product",
    "ignore",
)
URGENCY_TAGS = (
    "spoilage",
    "safety",
    "threat",
    "repeat",
    "missing",
    "today",
    "impact",
    "money",
    "system",
    "public",
)
CATEGORY_CODES = (
    "delivery",
    "freshness",
    "weight",
    "packaging",
    "order",
    "service",
    "price",
    "other",
)
LANGS = ("zh", "en", "es", "any")
_FILES = {"zh": "zh.txt", "en": "en.txt", "es": "es.txt", "any": "emoji.txt"}
_LINE = re.compile(r"^(\w+)\s+(\S+)\s+(-?\d+(?:\.\d+)?)\s*:\s*(.*)$")
_LATIN_WORD = re.compile(r"[a-z']+|[0-9]+")
_WORD = object()  # in the scan's table: a Latin word starts here
_FLAG_KINDS = (
    "negation",
    "contrast",
    "concession",
    "question",
    "suggestion",
    "product",
    "ignore",
)


@dataclass(frozen=True)
class Entry:
    lang: str
    kind: str
    tag: str
    term: str
    weight: float

    @property
    def key(self):
        return (self.lang, self.kind, self.tag, self.term)

    def as_dict(self):
        return {
            "lang": self.lang,
            "kind": self.kind,
            "tag": self.tag,
            "term": self.term,
            "weight": self.weight,
        }


@dataclass(slots=True)
class TermInfo:
    """Everything a matched term means, merged over its entries."""

    term: str
    lang: str
    polarity: float = 0.0
    urgency: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    sarcasm: float = 0.0
    flags: frozenset = frozenset()


@dataclass(slots=True)
class Match:
    start: int
    end: int
    info: TermInfo
    negated: bool = False

    @property
    def term(self):
        return self.info.term


def _clean_term(term):
    return normalize(term.strip())


def parse_lexicon_text(text, lang):
    """Parse one lexicon file's text into entries."""
    entries = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        found = _LINE.match(line)
        if not found:
            raise ValueError(f"lexicon {lang} line {number}: cannot parse {raw!r}")
        kind, tag, weight, terms = found.groups()
        if kind not in KINDS:
            raise ValueError(f"lexicon {lang} line {number}: unknown kind {kind}")
        for term in terms.split(","):
            term = _clean_term(term)
            if term:
                entries.append(Entry(lang, kind, tag, term, float(weight)))
    return entries


def _read_product_lines():
    path = LEXICON_DIR / "products.txt"
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, main = line.partition("=")
            lines.append((name.strip(), main.strip()))
    return lines


def _read_products():
    return [name for name, _main in _read_product_lines()]


def product_synonyms():
    """``{synonym: main name}`` of ``products.txt`` (lines ``凤梨 = 菠萝``)."""
    return {
        _clean_term(name): _clean_term(main)
        for name, main in _read_product_lines()
        if main
    }


def default_entries():
    """The shipped lexicon entries (parsed from ``data/lexicon``)."""
    entries = []
    for lang, name in _FILES.items():
        text = (LEXICON_DIR / name).read_text(encoding="utf-8")
        entries.extend(parse_lexicon_text(text, lang))
    for name in _read_products():
        entries.append(Entry("zh", "product", "-", _clean_term(name), 1.0))
    return entries


def _coerce_override(item):
    """Accept an :class:`Entry`, a dict or a ``(lang, kind, tag, term, weight)``."""
    if isinstance(item, Entry):
        return item, True
    if isinstance(item, dict):
        active = item.get("active", True) and item.get("weight") is not None
        weight = float(item["weight"]) if item.get("weight") is not None else 0.0
        entry = Entry(
            item.get("lang") or "zh",
            item["kind"],
            item.get("tag") or "-",
            _clean_term(item["term"]),
            weight,
        )
    else:
        lang, kind, tag, term, weight = item
        active = weight is not None
        entry = Entry(lang, kind, tag or "-", _clean_term(term), float(weight or 0))
    if entry.kind not in KINDS:
        raise ValueError(f"unknown lexicon kind {entry.kind!r}")
    if entry.kind == "category" and entry.tag not in CATEGORY_CODES:
        raise ValueError(f"unknown category {entry.tag!r}")
    if entry.kind == "urgency" and entry.tag not in URGENCY_TAGS:
        raise ValueError(f"unknown urgency rule {entry.tag!r}")
    return entry, active


def _is_latin(char):
    return char.isascii() and char.isalnum()


class Lexicon:
    """An immutable set of entries compiled for scanning."""

    def __init__(self, entries):
        self._entries = {entry.key: entry for entry in entries if entry.term}
        self._compile()

    # -- construction --------------------------------------------------------
    @classmethod
    def default(cls):
        return cls(default_entries())

    def with_overrides(self, overrides):
        """Return a new lexicon with ``overrides`` applied on top of this one."""
        entries = dict(self._entries)
        for item in overrides or ():
            entry, active = _coerce_override(item)
            if active:
                entries[entry.key] = entry
            else:
                entries.pop(entry.key, None)
        return Lexicon(entries.values())

    def entries(self):
        return sorted(self._entries.values(), key=lambda e: e.key)

    def terms(self, kind, lang=None):
        return sorted(
            {
                e.term
                for e in self._entries.values()
                if e.kind == kind and (lang is None or e.lang == lang)
            }
        )

    def __len__(self):
        return len(self._entries)

    def term_infos(self):
        """``{term: TermInfo}`` of every term (compiled, read-only)."""
        infos = dict(self._cjk_terms)
        for candidates in self._by_word.values():
            infos.update(candidates)
        return infos

    # -- compilation -----------------------------------------------------------
    def _compile(self):
        infos = {}
        for entry in self._entries.values():
            info = infos.get(entry.term)
            if info is None:
                info = infos[entry.term] = TermInfo(entry.term, entry.lang)
            if entry.kind == "sentiment":
                info.polarity += entry.weight
            elif entry.kind == "urgency":
                info.urgency[entry.tag] = max(
                    info.urgency.get(entry.tag, 0.0), entry.weight
                )
            elif entry.kind == "category":
                info.categories[entry.tag] = max(
                    info.categories.get(entry.tag, 0.0), entry.weight
                )
            elif entry.kind == "sarcasm":
                info.sarcasm = max(info.sarcasm, entry.weight or 1.0)
                info.flags = info.flags | {"sarcasm"}
            if entry.kind in _FLAG_KINDS:
                info.flags = info.flags | {entry.kind}
        _inherit_categories(infos)
        # Terms starting with a Latin letter or digit are indexed by their first
        # word and must sit on word boundaries; others by their first character.
        # Other terms are looked up by text slice, trying only the lengths
        # that exist for their first character, longest first.
        by_word, cjk_terms, lengths = {}, {}, {}
        for term, info in infos.items():
            if _is_latin(term[0]):
                first = _LATIN_WORD.match(term).group()
                by_word.setdefault(first, []).append((term, info))
            else:
                cjk_terms[term] = info
                lengths.setdefault(term[0], set()).add(len(term))
        for candidates in by_word.values():
            candidates.sort(key=lambda pair: -len(pair[0]))
        self._by_word = by_word
        self._cjk_terms = cjk_terms
        # What the scan does at a character: the lengths of the CJK terms
        # starting with it (longest first), or _WORD for a letter or digit
        # (Latin terms are looked up by the word starting there); characters
        # that start nothing are not in the table.
        starts = {c: sorted(v, reverse=True) for c, v in lengths.items()}
        for char in "abcdefghijklmnopqrstuvwxyz0123456789":
            starts[char] = _WORD
        self._starts = starts
        # The first two characters of the CJK terms of two characters or
        # more: elsewhere only a one-character term can start.
        self._pairs = frozenset(term[:2] for term in cjk_terms if len(term) > 1)

    # -- scanning --------------------------------------------------------------
    def scan(self, text):
        """Longest-match scan of normalised ``text``; returns :class:`Match` list."""
        matches = []
        append = matches.append
        by_word, cjk_get = self._by_word, self._cjk_terms.get
        starts, pairs = self._starts.get, self._pairs
        word_at = _LATIN_WORD.match
        length = len(text)
        skip = 0  # the end of the last match or Latin word
        for i, char in enumerate(text):
            if i < skip:
                continue
            sizes = starts(char)
            if sizes is None:
                continue
            if sizes is _WORD:  # a Latin word starts here
                word = word_at(text, i)
                skip = word.end()
                for term, info in by_word.get(word.group(), ()):
                    end = i + len(term)
                    if text.startswith(term, i) and _edge_ok(text, end, term[-1]):
                        append(Match(i, end, info))
                        skip = end
                        break
                continue
            if text[i : i + 2] not in pairs:
                info = cjk_get(char)  # not Latin: no edge to check
                if info is not None:
                    append(Match(i, i + 1, info))
                    skip = i + 1
                continue
            for size in sizes:
                end = i + size
                if end > length:
                    continue
                info = cjk_get(text[i:end])
                if info is None:
                    continue
                last = info.term[-1]
                if _is_latin(last) and not _edge_ok(text, end, last):
                    continue
                append(Match(i, end, info))
                skip = end
                break
        return matches


_NO_INHERIT = frozenset(
    ("negation", "ignore", "product", "question", "suggestion", "contrast")
)


def _inherit_categories(infos):
    """Give category-less terms the categories of the terms they contain.

    The scan keeps only the longest term at a position, so 太硬 would hide
    the freshness term 硬 and 没有送到 the delivery term 送到. Spoilage and
    food-safety terms are about freshness unless they say otherwise.
    """
    own = {term: dict(info.categories) for term, info in infos.items()}
    for term, info in infos.items():
        if info.categories or info.flags & _NO_INHERIT:
            continue
        found = {}
        size = len(term)
        for start in range(size):
            for end in range(start + 1, size + 1):
                part = term[start:end]
                if part == term:
                    continue
                for code, weight in own.get(part, {}).items():
                    found[code] = max(found.get(code, 0.0), weight)
        if not found and ("spoilage" in info.urgency or "safety" in info.urgency):
            found = {"freshness": 1.0}
        info.categories = found


def _edge_ok(text, end, last):
    """A term ending in a letter (digit) must not be followed by a letter (digit)."""
    if end >= len(text) or not _is_latin(last):
        return True
    following = text[end]
    if not _is_latin(following):
        return True
    return following.isdigit() != last.isdigit()
