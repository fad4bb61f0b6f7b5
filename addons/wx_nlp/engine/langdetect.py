# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Script- and stop-word-based language detection (zh / en / es / ja / ko).

Feedback is short and often mixed ("Durian里面烂了，退款please"): Chinese
wins as soon as it has at least as many characters as there are Latin
words; between English and Spanish, function words and Spanish letters decide.
Texts without letters (emoji, numbers) are ``und``.
"""

import re

from .textutil import normalize

_WORD = re.compile(r"[a-z]+")
_ES_HINTS = frozenset("ñáéíóú¿¡")


def _words(text):
    return frozenset(text.split())


_ES_WORDS = _words(
    """el la los las de del que y en un una unos unas por para con no es esta
    estan muy pero su sus se lo al nos hoy llegaron llego son otra vez mas fue
    todo gracias entrega pedido cajas caja hay como tienen favor"""
)
_EN_WORDS = _words(
    """the and is are was were to of in it this that we you not very but with for
    on our have has had be been they them there please thanks thank all at as an
    a again late arrived box boxes order delivery"""
)


def detect_language(text):
    """Return ``zh``, ``en``, ``es``, ``ja``, ``ko`` or ``und``."""
    if not text:
        return "und"
    cjk = kana = hangul = 0
    for char in text:
        code = ord(char)
        if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
            cjk += 1
        elif 0x3040 <= code <= 0x30FF:
            kana += 1
        elif 0xAC00 <= code <= 0xD7AF:
            hangul += 1
    if kana and kana * 4 >= cjk:
        return "ja"
    if hangul:
        return "ko"
    words = _WORD.findall(normalize(text))
    if cjk and cjk >= len(words):
        return "zh"
    if not words:
        return "zh" if cjk else "und"
    spanish = sum(word in _ES_WORDS for word in words)
    english = sum(word in _EN_WORDS for word in words)
    spanish += 2 * sum(char in _ES_HINTS for char in text.lower())
    return "es" if spanish > english else "en"
