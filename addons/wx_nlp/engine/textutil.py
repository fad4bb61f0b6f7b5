# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Length-preserving text normalisation and clause splitting.

``normalize`` maps every character to exactly one character, so offsets found
in the normalised text are valid offsets into the original text (evidence
spans can be highlighted in what the customer wrote).
"""

import re
import unicodedata

# Characters treated as clause boundaries (after normalisation).
CLAUSE_PUNCT = frozenset(",;!?。\n…~:")


def _build_table():
    table = {}
    # Full-width ASCII variants -> ASCII; ideographic space -> space.
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "
    # Variation selectors and zero-width joiners would break emoji matching;
    # they become spaces so that offsets stay the same.
    for code in (0xFE0E, 0xFE0F, 0x200D, 0x200B):
        table[code] = " "
    # Typographic apostrophes -> ASCII apostrophe (don't, didn't).
    table[0x2019] = "'"
    table[0x2018] = "'"
    # Latin letters with diacritics -> base letter (podrido / pódrido).
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii():
            table[code] = base
    table[0xA1] = "!"  # inverted exclamation mark
    return table


_TABLE = _build_table()


def normalize(text):
    """Lower-case, fold width and accents; the result has ``len(text)``."""
    folded = text.translate(_TABLE)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # rare: a lower-case form is longer
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
    return lowered


def is_cjk(char):
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF


_CLAUSE_END = re.compile(
    "[" + re.escape("".join(sorted(CLAUSE_PUNCT))) + r"]|\.(?=\s|$)"
)


def clause_bounds(text):
    """Return ``[(start, end)]`` of clauses; punctuation stays with its clause."""
    bounds = []
    start = 0
    for found in _CLAUSE_END.finditer(text):
        cut = found.end()
        if cut > start:
            bounds.append((start, cut))
            start = cut
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds
