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
_ALNUM = re.compile(r"[^\W_]")  # a letter or a digit (str.isalnum)
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


def clause_grams(clause, mask):
    """``{(n-gram, bucket)}`` of one clause, as :func:`clause_features` hashes
    them (markers dropped from the n-gram shown), each distinct n-gram once
    (a long, repetitive text is hashed once per distinct n-gram), without
    the n-grams that have no letter or digit (punctuation, spaces, the
    markers alone); used to show evidence. The character n-grams come from
    a bounded memo per ``mask`` keyed by the n-gram, never by a text."""
    text = "\x02" + _SPACES.sub(" ", clause.strip()) + "\x03"
    grams = list({text[i : i + n] for n in (1, 2, 3) for i in range(len(text) - n + 1)})
    memo = _gram_memo(mask)
    pairs = list(map(memo.get, grams))
    if None in pairs:
        pairs = [
            _gram_pair(memo, gram, mask) if pair is None else pair
            for gram, pair in zip(grams, pairs, strict=True)
        ]
    out = set(pairs)
    out.discard(False)  # no letter or digit
    add = out.add
    previous = "\x02"
    for word in _WORD.findall(clause):
        add((word, _crc32(("\x01" + word).encode()) & mask))
        pair = ("\x01" + previous + " " + word).encode()
        add((f"{previous} {word}".strip("\x02 "), _crc32(pair) & mask))
        previous = word
    return out


GRAM_MEMO_SIZE = 10_000  # entries of each memo of clause_grams (memory)
_GRAM_MEMOS = {}  # {mask: {character n-gram: (n-gram shown, bucket)}}


def _gram_pair(memo, gram, mask):
    """``(n-gram shown, bucket)`` of an n-gram with its markers, remembered;
    False for one without a letter or digit."""
    shown = gram.strip("\x02\x03")
    if _ALNUM.search(shown) is None:
        memo[gram] = False
        return False
    pair = memo[gram] = (shown, _crc32(gram.encode("utf-32-le")) & mask)
    return pair


def _gram_memo(mask):
    memo = _GRAM_MEMOS.get(mask)
    if memo is None or len(memo) >= GRAM_MEMO_SIZE:
        memo = _GRAM_MEMOS[mask] = {}
    return memo


def text_features(clauses, mask):
    """Features of a whole text given its normalised clauses."""
    out = []
    for clause in clauses:
        out.extend(clause_features(clause, mask))
    return out


# the trigram slices of a clause, taken by map (a text is analysed on its
# first 5,000 characters; a longer clause takes them one by one)
_TRIGRAMS = tuple(slice(i, i + 3) for i in range(5_002))


class ClauseScorer:
    """Sums of per-bucket values over a clause's features, in one pass.

    ``value(index)`` is what one bucket adds: for the sentiment models a
    complex number (polarity + subjectivity j, :meth:`pair`), for several
    models at once a packed integer (:class:`~.textmodel.HashedLogits`); any
    type that ``sum`` can add from ``zero``. Equal to summing ``value(i)``
    over :func:`clause_features` (same features, same hash), but faster:

    * the 1-, 2- and 3-gram starting at a position are summed together, so
      a clause costs one look-up per character (its trigram), plus one for
      its last character and the end marker;
    * these sums are kept in a bounded memo keyed by the trigram: most
      trigrams of a message were seen in earlier ones; for a new trigram
      the sum of its 1- and 2-gram comes from a second memo keyed by its
      first two characters (one hash instead of three). The memos hold
      model weights of character n-grams, never a text, and each is emptied
      when it reaches ``max_size`` entries.
    """

    def __init__(self, value, mask, zero=0j, max_size=100_000):
        self._value = value
        self._zero = zero
        self._mask = mask
        self._max_size = max_size
        self._grams = {}
        self._prefixes = {}
        self._words = {}

    @classmethod
    def pair(cls, first, second, mask, max_size=100_000):
        """Both weight arrays at once: ``first[i] + second[i] j``."""

        def value(index):
            return complex(first[index], second[index])

        return cls(value, mask, 0j, max_size)

    def _pair(self, data):
        return self._value(_crc32(data) & self._mask)

    def _gram(self, key):
        """Weights of the n-grams starting at ``key[0]`` (``key`` of 3
        characters, or 2 for a clause's last character and the end marker)."""
        head = key[:2]
        prefix = self._prefixes.get(head)  # its 1-gram + 2-gram
        if prefix is None:
            data = head.encode("utf-32-le")
            prefix = self._pair(data[:4]) + self._pair(data)
            self._remember(self._prefixes, head, prefix)
        last = key if len(key) == 3 else key[1]  # the 3-gram, or the 1-gram
        value = prefix + self._pair(last.encode("utf-32-le"))
        return self._remember(self._grams, key, value)

    def _word(self, key):
        return self._remember(self._words, key, self._pair(key.encode()))

    def _remember(self, memo, key, value):
        if len(memo) >= self._max_size:
            memo.clear()
        memo[key] = value
        return value

    def score(self, clause):
        """``(sum of the values, number of features)`` of one clause."""
        text = "\x02" + _SPACES.sub(" ", clause.strip()) + "\x03"
        size = len(text)
        if size - 2 <= len(_TRIGRAMS):
            keys = list(map(text.__getitem__, _TRIGRAMS[: size - 2]))
        else:
            keys = [text[i : i + 3] for i in range(size - 2)]
        keys.append(text[-2:])
        values = list(map(self._grams.get, keys))
        try:
            total = sum(values, self._zero)
        except TypeError:  # a trigram not in the memo (None): compute it
            gram = self._gram
            values = [
                gram(key) if value is None else value
                for key, value in zip(keys, values, strict=True)
            ]
            total = sum(values, self._zero)
        count = 3 * size - 3
        words = _WORD.findall(clause)
        if words:
            memo = self._words
            word = self._word
            previous = "\x02"
            for token in words:
                for key in ("\x01" + token, "\x01" + previous + " " + token):
                    value = memo.get(key)
                    total += word(key) if value is None else value
                previous = token
            count += 2 * len(words)
        return total, count
