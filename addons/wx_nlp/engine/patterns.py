# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Regular expressions that find the same matches faster.

Python's regex engine skips quickly over characters that cannot start a
match only when a pattern begins with a plain character class or literal;
an alternation of groups (most of the engine's rule patterns) is tried at
every position of the text. :class:`Pattern` compiles ``pattern`` as::

    [F](?<=(?=(pattern))[F])

where ``F`` is the set of characters a match of ``pattern`` can start
with: the engine jumps from one character of ``F`` to the next in C, and at
each one runs ``pattern`` inside a lookahead, whose group 1 is exactly the
match the plain pattern would have found there (the leftmost position, the
same alternative). When ``F`` cannot be worked out (a pattern that can
start with any character or match the empty string), the plain pattern is
used. :meth:`Pattern.search` and :meth:`Pattern.spans` return ``(start, end)`` spans,
equal to the plain pattern's ``span()`` (``tests/pure``
``test_engine_patterns.py`` checks that on every labelled text).
"""

import re

try:  # Python >= 3.11
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _parser

_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
}


_FLAGS = re.compile(r"\(\?[aiLmsux-]")


class _Unknown(Exception):
    """The first characters of a pattern cannot be listed."""


def _char(code):
    return "\\" + chr(code) if chr(code) in "]\\^-[" else chr(code)


def _firsts(items):
    """``(class members, may match empty)`` of a parsed sequence."""
    members = []
    for op, value in items:
        if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue  # zero width: the next item starts the match
        if op is _c.LITERAL:
            members.append(_char(value))
            return members, False
        if op is _c.IN:
            for kind, item in value:
                if kind is _c.LITERAL:
                    members.append(_char(item))
                elif kind is _c.RANGE:
                    members.append(_char(item[0]) + "-" + _char(item[1]))
                elif kind is _c.CATEGORY and item in _CATEGORIES:
                    members.append(_CATEGORIES[item])
                else:  # a negated class: almost any character
                    raise _Unknown(kind)
            return members, False
        if op is _c.SUBPATTERN:
            inner, empty = _firsts(value[-1])
        elif op is _c.BRANCH:
            inner, empty = [], False
            for alternative in value[1]:
                found, may_be_empty = _firsts(alternative)
                inner += found
                empty = empty or may_be_empty
        elif op is _c.MAX_REPEAT or op is _c.MIN_REPEAT:
            inner, empty = _firsts(value[2])
            empty = empty or value[0] == 0
        else:  # any character, a back reference...: cannot tell
            raise _Unknown(op)
        members += inner
        if not empty:
            return members, False
    return members, True


def lead_class(pattern):
    """The character class of what a match of ``pattern`` starts with, or
    ``None`` (also for a pattern with flags or capturing groups, which the
    wrapping would change)."""
    if re.compile(pattern).groups or _FLAGS.search(pattern):
        return None
    try:
        members, empty = _firsts(_parser.parse(pattern))
    except _Unknown:
        return None
    if empty or not members:
        return None
    return "[" + "".join(sorted(set(members))) + "]"


class Pattern:
    """A compiled pattern whose :meth:`search` / :meth:`spans` give the
    spans of ``re.compile(pattern)``'s, found faster."""

    __slots__ = ("group", "pattern", "plain", "regex")

    def __init__(self, pattern):
        self.pattern = pattern
        self.plain = re.compile(pattern)
        lead = lead_class(pattern)
        if lead is None:
            self.regex, self.group = self.plain, 0
        else:
            self.regex = re.compile(f"{lead}(?<=(?=({pattern})){lead})")
            self.group = 1

    def search(self, text, pos=0):
        """``(start, end)`` of the leftmost match at or after ``pos``, or None."""
        found = self.regex.search(text, pos)
        return None if found is None else found.span(self.group)

    def spans(self, text):
        """Spans of the non-overlapping matches, as ``plain.finditer``'s."""
        if not self.group:
            return [found.span() for found in self.plain.finditer(text)]
        search = self.regex.search
        out = []
        found = search(text)
        while found is not None:
            span = found.span(1)
            out.append(span)
            # never empty (a match starts with a character of the class)
            found = search(text, span[1])
        return out
