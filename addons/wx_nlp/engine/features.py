# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hashed text features shared by training and scoring.

A clause becomes character 1-3 grams (with begin/end markers, so "好" alone is
not the same feature as the 好 in 好吃) plus, for Latin words, word unigrams
and bigrams. Each feature is hashed with CRC-32, which is stable across
processes and Python versions (unlike ``hash``), into ``2**bits`` buckets.
"""

import re
import zlib

DEFAULT_BITS = 19
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SPACES = re.compile(r"\s+")
_crc32 = zlib.crc32


def clause_features(clause, mask):
    """Bucket indices of one normalised clause (duplicates kept: term frequency)."""
    text = "\x02" + _SPACES.sub(" ", clause.strip()) + "\x03"
    data = text.encode("utf-32-le")
    size = len(text)
    out = []
    append = out.append
    for i in range(size):
        pos = 4 * i
        append(_crc32(data[pos : pos + 4]) & mask)
        if i + 1 < size:
            append(_crc32(data[pos : pos + 8]) & mask)
            if i + 2 < size:
                append(_crc32(data[pos : pos + 12]) & mask)
    words = _WORD.findall(clause)
    if words:
        previous = "\x02"
        for word in words:
            append(_crc32(("\x01" + word).encode()) & mask)
            append(_crc32(("\x01" + previous + " " + word).encode()) & mask)
            previous = word
    return out


def text_features(clauses, mask):
    """Features of a whole text given its normalised clauses."""
    out = []
    for clause in clauses:
        out.extend(clause_features(clause, mask))
    return out
