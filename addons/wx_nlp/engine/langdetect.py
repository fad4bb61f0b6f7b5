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


_CJK_CHARS = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")
_KANA_CHARS = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af]")
_KANA_OR_HANGUL = re.compile("[\u3040-\u30ff\uac00-\ud7af]")


def detect_language(text, norm=None):
    """Return ``zh``, ``en``, ``es``, ``ja``, ``ko`` or ``und`` (``norm``:
    the text already passed through :func:`normalize`, if at hand)."""
    if not text:
        return "und"
    words = _WORD.findall(normalize(text) if norm is None else norm)
    if _KANA_OR_HANGUL.search(text):
        cjk = len(_CJK_CHARS.findall(text))
        kana = _KANA_CHARS.search(text) and len(_KANA_CHARS.findall(text))
        if kana and kana * 4 >= cjk:
            return "ja"
        if _HANGUL.search(text):
            return "ko"
    elif not words:  # the usual Chinese message: no need to count
        return "zh" if _CJK_CHARS.search(text) else "und"
    else:
        cjk = len(_CJK_CHARS.findall(text))
    if cjk and cjk >= len(words):
        return "zh"
    if not words:
        return "zh" if cjk else "und"
    spanish = sum(word in _ES_WORDS for word in words)
    english = sum(word in _EN_WORDS for word in words)
    spanish += 2 * sum(char in _ES_HINTS for char in text.lower())
    return "es" if spanish > english else "en"
