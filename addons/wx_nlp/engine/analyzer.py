# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The analysis pipeline: sentiment, urgency, categories, keywords, evidence.

How one text is read:

1. normalise (length-preserving), detect the language, scan the lexicon;
2. cut it into segments at punctuation and at contrast words. Segments
   before a "but" (但是, 不过, but, pero...) and "although" clauses
   (虽然, although, aunque at the start) count ``CONTRAST_DISCOUNT`` times
   less, so in "水果很好但是送货太晚" the delivery complaint dominates;
3. mark negated terms: a negator shortly before the term in the same clause
   (没有烂果, not rotten, sin moho) or a Chinese "none of them" after it
   (烂果一个都没有). Negated terms flip polarity and never trigger urgency;
4. sentiment: hashed n-gram polarity and subjectivity logits plus the lexicon
   polarity and a few markers go through the model's 3-class combiner;
   sarcasm turns praise into blame: strong markers (quoted praise such as
   真是太“好”了, 佩服佩服, 🙄) always, weak ones (呵呵, genial) only when
   the message also blames something;
5. urgency from the non-negated urgency terms (see :func:`Engine._urgency`);
6. categories from category terms and quantity rules (少了两箱 -> order,
   少了两斤 -> weight); ``other`` when nothing matched;
7. keywords: the products, aspects and defects the lexicon found (TF-IDF).
"""

import math
import re
from bisect import bisect_right
from dataclasses import asdict, dataclass

from . import concepts
from .categories import CategoryModel
from .categories import features as category_features
from .features import clause_features
from .keywords import FRUIT_WORDS
from .langdetect import detect_language
from .lexicon import URGENCY_TAGS
from .model import COMBINER_FEATURES
from .patterns import Pattern
from .textmodel import HashedLogits, sigmoid
from .textutil import clause_bounds, normalize
from .urgency import UrgencyModel
from .urgency import features as urgency_features

MAX_CHARS = 5000  # longer texts are analysed on their first MAX_CHARS characters
CONTRAST_DISCOUNT = 0.3
CATEGORY_THRESHOLD = 1.0
NEGATION_GAP_CJK = 3  # characters allowed between a negator and its term
NEGATION_GAP_WORDS = 3  # words allowed between a negator and its term (en/es)
NEGATED_POSITIVE = -0.8  # 不新鲜-like: praise under negation becomes blame
NEGATED_NEGATIVE = -0.8  # 没有烂果-like: blame under negation becomes praise
SENTIMENT_EVIDENCE = 6  # at most this many sentiment terms in the evidence
LENGTH_CAP = 300  # the length signal saturates at this many characters
_LOG_LENGTH_CAP = math.log1p(LENGTH_CAP)
FEATURE_CAP = 300
POS_URGENCY_THRESHOLD = 0.5
# Evidence (lexicon tags and rule names) of a problem happening now, and of
# pressure: a text read as praise needs the first, a neutral one either.
_PROBLEM_NOW = frozenset(
    {
        "spoilage",
        "safety",
        "whole_order",
        "wrong_place_or_signer",
        "ordering_system",
        "charge_dispute",
        "spoilage_described",
        "cannot_operate",
        "switch_supplier",
    }
)
# Concept rules that describe what lexicon terms of their tag say in words
# (换家了 is a threat like 换供应商): they also add to the tag's total, so the
# model's weight for that tag applies to them too.
_SHARED_RULES = frozenset(
    {"switch_supplier", "spoilage_described", "insist", "deadline", "unresolved"}
)
_PRESSURE = frozenset(
    {
        "threat",
        "public",
        "repeat",
        "missing",
        "money",
        "system",
        "ordinal",
        "wrong_goods",
        "unresolved",
        "switch_supplier",
        "billing_mismatch",
        "public_pressure",
        "insist",
        "deadline",
    }
)

# The category of the situation an urgency rule describes (LABELS.md): a
# whole order wrong, wrong goods or the ordering system are `order`, money
# disputes `price`, a stranger signing or the wrong place `delivery`,
# spoilage described in words `freshness`, a case left unanswered `service`.
_RULE_CATEGORIES = {
    "whole_order": "order",
    "wrong_goods": "order",
    "ordering_system": "order",
    "charge_dispute": "price",
    "billing_mismatch": "price",
    "wrong_place_or_signer": "delivery",
    "spoilage_described": "freshness",
    "unresolved": "service",
}
_QUOTES_OPEN = "“\"‘「'"
_QUOTES_CLOSE = "”\"’」'"
_POST_NEGATION = re.compile(
    # 发霉的没有 / 烂果一个都没有 / 坏的西瓜一个也没有 (a short noun may sit between)
    r"(?:的|了)?(?:(?:都|也)?(?:没有|没)了?(?=$|[,。!?;~\s])"
    r"|[^,。!?;~\s]{0,4}?(?:一个|一颗|一粒|一箱|一盒|一点|一串|半个)(?:都|也)(?:没有|没)"
    r"了?(?=$|[,。!?;~\s]))"
)
_CN_NUMBER = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十几半]+)"
_QUANTITY_RULES = (
    (
        "order",
        Pattern(
            r"(?:少|缺|漏|差|多)(?:了|发了|送了)?"
            + _CN_NUMBER
            + r"(?:箱|件|个|盒|袋|份|筐|串|颗|只|托)"
        ),
    ),
    (
        "weight",
        Pattern(
            r"(?:少|缺|差|不足|只有|不到|短)(?:了|秤)?(?:快|将近|近)?"
            + _CN_NUMBER
            + r"(?:斤|公斤|kg|克|两)"
        ),
    ),
    ("weight", Pattern(r"\b(?:short|less) by \d+(?:[.,]\d+)? ?(?:kg|kilos?)\b")),
    ("weight", Pattern(r"\d+(?:[.,]\d+)? ?kg,? (?:not|instead of|y la etiqueta)")),
)

# "第五次" / "the fifth time" / "la quinta vez": the ordinal says it is a repeat.
_REPEAT_RULES = (
    Pattern(r"第(?:[二三四五六七八九十两几]+|[2-9]|\d\d+)[次回]"),
    Pattern(
        r"\b(?:second|third|fourth|fifth|sixth|\d+(?:nd|rd|th)) time\b"
        r"|\b(?:segunda|tercera|cuarta|quinta|sexta) vez\b"
    ),
    # "说了三次" / "催了好几遍" / "反映过多次": the complaint was already raised
    Pattern(
        r"(?:说|讲|反映|反馈|投诉|催|问|提醒|打电话)(?:了|过)?"
        r"(?:[二三四五六七八九十两几多好]+|\d+)(?:次|遍|回)"
    ),
)
# Fruit names in English and Spanish (the zh ones are in products.txt).
_FRUIT_WORDS = Pattern(FRUIT_WORDS.pattern + "|水果|果子")
# Wrong goods: "订的是红提，送来的是青提" / "跟订的规格不一样".
_WRONG_GOODS_RULES = (
    Pattern(
        r"订的(?:是)?[^,。!?;~\s]{1,12}[,;]?\s*(?:结果|但是|可是|却)?"
        r"(?:送|发|到|来)(?:来|过来|到|了)?的(?:却|全|都)?是"
    ),
    Pattern(
        r"(?:跟|和|与)(?:我们)?(?:订的|订单|下单的?)[^,。!?;~\s]{0,6}"
        r"(?:不一样|不符|不对|对不上)"
    ),
)


@dataclass
class Analysis:
    """Result of :meth:`Engine.analyze` (plain data, JSON-friendly)."""

    lang: str
    sentiment: str  # neg | neu | pos
    score: float  # -1 (negative) .. 1 (positive)
    confidence: float  # 0 .. 1
    urgency: str  # high | normal | low
    evidence: list  # dicts: term or rule, kind, tag, weight, span
    categories: list  # codes of CATEGORY_CODES, never empty
    keywords: list  # [(term, weight)]

    def as_dict(self):
        data = asdict(self)
        data["keywords"] = [list(pair) for pair in self.keywords]
        return data


@dataclass(slots=True)
class _Reading:
    """Intermediate state shared by the sentiment and urgency steps."""

    text: str
    norm: str
    lang: str
    matches: list
    segments: list  # [(start, end, weight)]
    sarcasm: list
    signals: list
    polar_terms: list  # [(match, effective polarity, segment weight)]
    rule_items: list = None  # evidence items of the urgency rules that fired
    learned: tuple = None  # (urgency text logit, {category: text logit})


def _segments(norm, matches, bounds):
    """Clause segments ``[(start, end, weight)]`` with contrast discounts."""
    markers = [
        m for m in matches if "contrast" in m.info.flags or "concession" in m.info.flags
    ]
    if not markers:
        return [(start, end, 1.0) for start, end in bounds]
    cuts = sorted({start for start, _ in bounds} | {m.start for m in markers})
    ends = [*cuts[1:], len(norm)]
    segments = [
        [start, end, 1.0] for start, end in zip(cuts, ends, strict=True) if end > start
    ]
    clause_ends = [end for _, end in bounds]
    for marker in markers:
        opening = not norm[: marker.start].strip()
        if "concession" in marker.info.flags or opening:
            # "虽然 A，B" / "Although A, B": only the clause of A is discounted.
            clause_end = clause_ends[bisect_right(clause_ends, marker.start)]
            for seg in segments:
                if marker.start <= seg[0] < clause_end:
                    seg[2] *= CONTRAST_DISCOUNT
        else:
            # "A 但是 B": everything before the contrast word is discounted.
            for seg in segments:
                if seg[0] < marker.start:
                    seg[2] *= CONTRAST_DISCOUNT
    return [tuple(seg) for seg in segments]


def _mark_negation(norm, matches, bounds):
    """Set ``negated`` on terms in the scope of a negator."""
    # Only a negator term can negate what follows it, and every "none of
    # them" pattern has 没: without either nothing is negated.
    before = any("negation" in match.info.flags for match in matches)
    after = "没" in norm
    if not (before or after):
        return
    clause_starts = [start for start, _ in bounds]
    for index, match in enumerate(matches):
        info = match.info
        if not (info.polarity or info.urgency or info.categories):
            continue
        if "negation" in info.flags:
            continue
        clause = bisect_right(clause_starts, match.start) - 1
        back = index - 1 if before else -1
        while back >= 0:
            previous = matches[back]
            if bisect_right(clause_starts, previous.start) - 1 != clause:
                break
            gap = norm[previous.end : match.start]
            if _is_latin_term(previous.info.term):
                too_far = gap.count(" ") > NEGATION_GAP_WORDS or len(gap) > 30
            else:
                too_far = len(gap.strip()) > NEGATION_GAP_CJK
            if too_far:
                break
            if "negation" in previous.info.flags:
                match.negated = True
                break
            if previous.info.polarity or "contrast" in previous.info.flags:
                break
            back -= 1
        if (
            after
            and not match.negated
            and not _is_latin_term(info.term)
            and _POST_NEGATION.match(norm, match.end)
        ):
            match.negated = True


def _is_latin_term(term):
    return term[:1].isascii() and term[:1].isalnum()


class Engine:
    """Analysis engine; cheap to copy with another lexicon or model.

    Use :func:`wx_nlp.engine.get_engine` for the process-wide instance.
    """

    def __init__(
        self,
        resources,
        model,
        lexicon,
        base_lexicon=None,
        urgency_model=None,
        category_model=None,
    ):
        self.resources = resources
        self.model = model
        self.lexicon = lexicon
        self.base_lexicon = base_lexicon or lexicon
        self.urgency_model = urgency_model or _default_urgency_model()
        self.category_model = category_model or _default_category_model()
        self._mask = model.polarity.mask
        self._vocabulary = None  # {lexicon term: keyword}, built on first use
        self._joint = None  # both learned text models in one pass (_text_logits)

    # -- variants --------------------------------------------------------------
    def _variant(self, **changes):
        parts = {
            "resources": self.resources,
            "model": self.model,
            "lexicon": self.lexicon,
            "base_lexicon": self.base_lexicon,
            "urgency_model": self.urgency_model,
            "category_model": self.category_model,
        }
        parts.update(changes)
        return Engine(**parts)

    def with_lexicon(self, overrides):
        """A new engine: the *shipped* lexicon plus ``overrides`` (not cumulative)."""
        return self._variant(lexicon=self.base_lexicon.with_overrides(overrides))

    def with_model(self, model):
        return self._variant(model=model)

    def with_urgency_model(self, urgency_model):
        return self._variant(urgency_model=urgency_model)

    def with_category_model(self, category_model):
        return self._variant(category_model=category_model)

    # -- public API --------------------------------------------------------------
    def tokenize(self, text, lang=None):
        lang = lang or detect_language(text)
        return self.resources.tokenizer.tokenize(text, lang)

    def analyze(self, text, lang=None, keywords=True):
        """Full analysis of one text (see the module docstring)."""
        if not text or not text.strip():
            return Analysis(lang or "und", "neu", 0.0, 0.0, "low", [], ["other"], [])
        reading = self._read(text, lang)
        label, score, confidence, evidence = self._sentiment(reading)
        urgency, label, score, confidence = self._urgency(
            reading, label, score, confidence, evidence
        )
        categories = self._categories(reading, evidence, label, urgency)
        words = self._keywords(reading) if keywords else []
        return Analysis(
            reading.lang,
            label,
            round(score, 4),
            round(confidence, 4),
            urgency,
            evidence,
            categories,
            words,
        )

    def analyze_many(self, texts, lang=None, keywords=True):
        return [self.analyze(text, lang, keywords) for text in texts]

    def sentiment(self, text, lang=None):
        """Only the sentiment: ``(label, score, confidence)`` (the fast path)."""
        if not text or not text.strip():
            return "neu", 0.0, 0.0
        reading = self._read(text, lang)
        label, score, confidence, _evidence = self._sentiment(reading, False)
        return label, round(score, 4), round(confidence, 4)

    def urgency_inputs(self, text, lang=None):
        """``(features, has_evidence)`` of the urgency model (training)."""
        if not text or not text.strip():
            return None, False
        reading = self._read(text, lang)
        label, score, _confidence, _evidence = self._sentiment(reading, False)
        terms, rules, triggers = self._urgency_evidence(reading, [])
        values = urgency_features(
            terms,
            rules,
            label,
            score,
            bool(reading.sarcasm),
            reading.signals[3] > 0,
            reading.signals[7],
            reading.signals[6],
            self._text_logits(reading)[0],
        )
        return values, bool(triggers)

    def category_inputs(self, text, lang=None):
        """``({category: features}, fallback)`` for training the category
        model: the features of the candidates (the ``learned`` one from this
        engine's category model) and the category given when none is
        chosen."""
        if not text or not text.strip():
            return {}, "other"
        reading = self._read(text, lang)
        label, score, confidence, evidence = self._sentiment(reading)
        urgency, label, _score, _confidence = self._urgency(
            reading, label, score, confidence, evidence
        )
        stats = self._category_evidence(reading, [])
        learned = self._text_logits(reading)[1]
        question = reading.signals[3] > 0
        candidates = category_features(stats, label, urgency, question, learned)
        return candidates, self._fallback_category(reading, stats)[0]

    def signals(self, text, lang=None):
        """The combiner input for ``text`` (used by training)."""
        return self._read(text, lang).signals

    def weighted_features(self, text):
        """``{bucket: value}`` as the linear models see ``text`` (training)."""
        text = (text or "")[:MAX_CHARS]
        norm = normalize(text)
        matches = self.lexicon.scan(norm)
        parts = [
            (weight, clause_features(norm[start:end], self._mask))
            for start, end, weight in _segments(norm, matches, clause_bounds(norm))
        ]
        scale = _length_scale(parts)
        values = {}
        for weight, indices in parts:
            for index in indices:
                values[index] = values.get(index, 0.0) + scale * weight
        return values

    # -- steps -------------------------------------------------------------------
    def _read(self, text, lang):
        text = text[:MAX_CHARS]
        norm = normalize(text)
        lang = lang or detect_language(text, norm)
        matches = self.lexicon.scan(norm)
        bounds = clause_bounds(norm)
        _mark_negation(norm, matches, bounds)
        segments = _segments(norm, matches, bounds)
        model = self.model
        score = model.scorer.score
        parts = [(weight, *score(norm[start:end])) for start, end, weight in segments]
        count = sum(part[2] for part in parts)
        scale = min(1.0, FEATURE_CAP / count) if count else 1.0
        total = scale * sum(weight * value for weight, value, _count in parts)
        polarity = model.polarity.bias + total.real
        subjectivity = model.subjectivity.bias + total.imag

        markers = [m for m in matches if m.info.sarcasm and not m.negated]
        seg_starts = [seg[0] for seg in segments]
        polar_terms = []
        question = suggestion = False
        for match in matches:
            info = match.info
            if info.flags:
                if "question" in info.flags:
                    question = True
                if "suggestion" in info.flags:
                    suggestion = True
            value = info.polarity
            if not value:
                continue
            if match.negated:
                value *= NEGATED_POSITIVE if value > 0 else NEGATED_NEGATIVE
            elif value > 0 and _quoted(norm, match):
                markers.append(match)  # 真是太“好”了: quoted praise
            if len(segments) == 1:
                seg = segments[0]
            else:
                seg = segments[bisect_right(seg_starts, match.start) - 1]
            polar_terms.append((match, value, seg[2]))
        if norm.rstrip().endswith("?"):
            question = True
        # Strong markers (quoted praise, 佩服佩服, "oh great") always mean
        # sarcasm; weak ones (呵呵, genial) only next to some blame, since
        # they are just as often friendly.
        strength = 0.0
        for marker in markers:
            quoted_praise = marker.info.polarity > 0 and not marker.info.sarcasm
            strength = max(strength, 1.0 if quoted_praise else marker.info.sarcasm)
        blame = polarity < 0 or any(v < 0 for _m, v, _w in polar_terms)
        sarcasm = markers if strength >= 1.0 or (markers and blame) else []
        if sarcasm:  # praise in a sarcastic message is blame
            polar_terms = [(m, -abs(v) if v > 0 else v, w) for m, v, w in polar_terms]
        lexicon_total = sum(value * weight for _m, value, weight in polar_terms)
        negative = positive = 0
        for _m, value, weight in polar_terms:
            if weight >= 1:
                if value < 0:
                    negative += 1
                elif value > 0:
                    positive += 1
        polarity = max(-12.0, min(12.0, polarity))
        lexicon_total = max(-8.0, min(8.0, lexicon_total))
        length = math.log1p(min(len(norm), LENGTH_CAP)) / _LOG_LENGTH_CAP
        signals = [
            polarity,
            lexicon_total,
            max(-12.0, min(12.0, subjectivity)),
            1.0 if question else 0.0,
            1.0 if suggestion else 0.0,
            1.0 if sarcasm else 0.0,
            float(min(negative, 3)),
            float(min(positive, 3)),
            1.0 if len(norm.strip()) <= 4 else 0.0,
            length,
            polarity * length,
            lexicon_total * length,
        ]
        assert len(signals) == len(COMBINER_FEATURES)
        return _Reading(
            text, norm, lang, matches, segments, sarcasm, signals, polar_terms
        )

    def _sentiment(self, reading, with_evidence=True):
        probs = self.model.combine(reading.signals)
        label = max(probs, key=probs.get)
        evidence = []
        if reading.sarcasm and label == "pos":
            probs = {"neg": probs["pos"], "neu": probs["neu"], "pos": probs["neg"]}
            label = "neg"
        score = probs["pos"] - probs["neg"]
        confidence = probs[label]
        if not with_evidence:
            return label, score, confidence, evidence
        for match in reading.sarcasm:
            evidence.append(_evidence(reading.text, match, "sarcasm", "-", 1.0))
        for match in reading.matches:
            if "contrast" in match.info.flags or "concession" in match.info.flags:
                kind = "contrast" if "contrast" in match.info.flags else "concession"
                evidence.append(
                    _evidence(reading.text, match, kind, "-", CONTRAST_DISCOUNT)
                )
        strongest = sorted(
            reading.polar_terms, key=lambda item: -abs(item[1] * item[2])
        )[:SENTIMENT_EVIDENCE]
        for match, value, weight in strongest:
            evidence.append(
                _evidence(
                    reading.text, match, "sentiment", "-", round(value * weight, 3)
                )
            )
        return label, score, confidence, evidence

    def _urgency_evidence(self, reading, evidence):
        """``(term totals per tag, rules fired, triggers)``.

        Lexicon terms are summed per tag; pattern rules (ordinal, wrong
        goods, the business-impact concepts) are listed by name. Negated
        urgency terms are added to ``evidence`` as ``negated`` and never
        count, nor does a concept right after a negator. ``triggers`` are
        evidence items ``(tag, weight, item)``.
        """
        totals = dict.fromkeys(URGENCY_TAGS, 0.0)
        rules = set()
        triggers = []
        for match in reading.matches:
            if not match.info.urgency:
                continue
            if match.negated:
                evidence.append(_evidence(reading.text, match, "negated", "urgency", 0))
                continue
            for tag, weight in match.info.urgency.items():
                totals[tag] += weight
                item = _evidence(reading.text, match, "urgency", tag, weight)
                triggers.append((tag, weight, item))
        for pattern in _REPEAT_RULES:
            found = pattern.search(reading.norm)
            if found:
                item = _span_rule(reading.text, found, "ordinal", "repeat")
                rules.add("ordinal")
                triggers.append(("repeat", 1.0, item))
                break
        if totals["missing"] < 1.0:
            for pattern in _WRONG_GOODS_RULES:
                found = pattern.search(reading.norm)
                if found:
                    item = _span_rule(reading.text, found, "wrong_goods", "missing")
                    rules.add("wrong_goods")
                    triggers.append(("missing", 1.0, item))
                    break
        for item in concepts.scan(reading.norm, reading.text):
            if _negated_span(reading.norm, item["span"][0]):
                continue
            rules.add(item["rule"])
            if item["rule"] in _SHARED_RULES:  # same evidence as the tag's terms
                totals[item["tag"]] += item["weight"]
            triggers.append((item["tag"], item["weight"], item))
        reading.rule_items = [item for _tag, _w, item in triggers if "rule" in item]
        return totals, rules, triggers

    def _urgency(self, reading, label, score, confidence, evidence):
        """``(urgency, label, score, confidence)``.

        The urgency model (:mod:`.urgency`) weighs the evidence (lexicon
        terms, ordinal / wrong-goods rules, business-impact concepts) with
        the sentiment and the learned text logit. ``high`` needs at least
        one non-negated trigger, and every trigger is added to the evidence;
        without one, only the learned text model can say ``high`` (at its own
        threshold), and then its top n-grams are the evidence. A high-urgency
        message that the sentiment step read as praise or neutral is a
        complaint: it becomes negative (sarcasm such as "五星推荐" around
        rotten fruit, "the portal keeps timing out").
        """
        totals, rules, triggers = self._urgency_evidence(reading, evidence)
        threshold = self.urgency_model.threshold
        kinds = {tag for tag, _w, item in triggers if not item.get("rule")} | rules
        if label == "pos" and not reading.sarcasm:
            # Praise that mentions a refund, a post or a past problem (退款当天
            # 就到账了, 顾客拍照发朋友圈) is not urgent: only a problem stated
            # now (rotten, whole order wrong, system down...) can be.
            threshold = max(threshold, POS_URGENCY_THRESHOLD)
            triggers = triggers if kinds & _PROBLEM_NOW else []
        elif label == "neu":
            # A request with a date (明天有活动，想加订两箱) is not urgent
            # without a problem or some pressure.
            triggers = triggers if kinds & (_PROBLEM_NOW | _PRESSURE) else []
        text_model = self.urgency_model.text
        if not triggers:
            # Without lexicon or rule evidence only the learned text model
            # can say high (not for plain praise), with its n-grams shown.
            if text_model is None or (label == "pos" and not reading.sarcasm):
                return ("normal" if label == "neg" else "low"), label, score, confidence
            learned = sigmoid(self._text_logits(reading)[0])
            if learned < text_model.threshold:
                return ("normal" if label == "neg" else "low"), label, score, confidence
            grams = text_model.top_grams(reading.norm)
            evidence.append(_learned_item(grams, "urgency", "learned", learned))
            return _high(label, score, confidence, learned)
        question = reading.signals[3] > 0
        learned_logit = self._text_logits(reading)[0]
        values = urgency_features(
            totals,
            rules,
            label,
            score,
            bool(reading.sarcasm),
            question,
            reading.signals[7],
            reading.signals[6],
            learned_logit,
        )
        probability = self.urgency_model.probability(values)
        # LABELS.md: spoilage or food safety *asserted* is always urgent: a
        # non-negated spoilage / safety term in a complaint or a plain
        # statement (not a question) decides whatever the model says, so a
        # term a manager adds to the lexicon takes effect at once.
        # Praise read from the n-grams alone while the lexicon finds blame
        # and no praise word ("The 榴莲 arrived rotten") is a plain
        # statement here too.
        plain = label == "neu" or (
            label == "pos"
            and not reading.sarcasm
            and reading.signals[7] == 0  # no praise term
            and reading.signals[1] < 0  # the lexicon's polarity: blame
        )
        asserted = totals["spoilage"] + totals["safety"] >= 1.0 and (
            label == "neg" or (plain and not question)
        )
        # A threat (stop ordering, not renew, refund...) stated calmly is
        # still a threat (LABELS.md: "also when it is said politely"): in a
        # plain statement read as neutral it decides too.
        asserted = asserted or (
            totals["threat"] >= 1.0 and label == "neu" and not question
        )
        if asserted:
            probability = max(probability, threshold)
        if probability < threshold:
            return ("normal" if label == "neg" else "low"), label, score, confidence
        if totals["repeat"] >= 1.0 or "ordinal" in rules or "unresolved" in rules:
            evidence.append(_rule("repeated_complaint", "repeat", 1.0))
        missing = totals["missing"] >= 1.0 or "wrong_goods" in rules
        if missing and (totals["today"] >= 1.0 or "deadline" in rules):
            evidence.append(_rule("blocking_today", "missing+today", 1.0))
        evidence.append(
            {
                "rule": "urgency_model",
                "term": None,
                "kind": "urgency",
                "tag": "+".join(sorted({tag for tag, _w, _i in triggers})),
                "weight": round(probability, 3),
                "span": None,
            }
        )
        evidence.extend(item for _tag, _w, item in triggers)
        if text_model is not None and learned_logit > 0:
            grams = text_model.top_grams(reading.norm)
            evidence.append(
                _learned_item(grams, "urgency", "learned", sigmoid(learned_logit))
            )
        return _high(label, score, confidence, probability)

    def _text_logits(self, reading):
        """``(urgency text logit, {category: text logit})`` of the reading,
        computed once. The urgency and the category text models hash the
        same n-grams of the same normalised text: when their bucket counts
        match they are summed in one pass (one :class:`HashedLogits` packing
        every model; each slot's sum is exact, so the logits are those of
        the models scored one by one)."""
        if reading.learned is None:
            joint = self._joint
            if joint is None:
                joint = self._joint = _joint_text_models(
                    self.urgency_model, self.category_model
                )
            if joint:
                logits = joint.logits(reading.norm)
                urgency = logits.pop(_URGENCY_SLOT)
                reading.learned = (urgency, logits)
            else:
                reading.learned = (
                    self.urgency_model.learned(reading.norm),
                    self.category_model.learned(reading.norm),
                )
        return reading.learned

    def _keywords(self, reading):
        """Products, aspects and defects named by the text (see :mod:`.keywords`)."""
        extractor = self.resources.keywords
        vocabulary = self._vocabulary
        if vocabulary is None:
            vocabulary = extractor.vocabulary(self.lexicon.term_infos())
            self._vocabulary = vocabulary
        terms = [
            vocabulary[match.info.term]
            for match in reading.matches
            if not match.negated and match.info.term in vocabulary
        ]
        if reading.lang != "zh":
            terms.extend(extractor.fruit_words(reading.norm))
        return extractor.extract_terms(terms)

    def _category_evidence(self, reading, evidence):
        """``{category: [weight, full terms, half terms, negated terms,
        weight in opinion clauses, quantity rule hits]}``; every category
        term and quantity rule goes to ``evidence`` (negated terms too: the
        topic is still mentioned)."""
        stats = {}
        named = [match for match in reading.matches if match.info.categories]
        if named:
            # segments with an opinion or an urgency term: what is evaluated
            # (the segment of a position: bisect on the segment starts)
            seg_starts = [seg[0] for seg in reading.segments]
            one = len(seg_starts) == 1  # the usual short message
            opinion = {
                1 if one else bisect_right(seg_starts, match.start)
                for match, _value, _weight in reading.polar_terms
            }
            opinion.update(
                1 if one else bisect_right(seg_starts, match.start)
                for match in reading.matches
                if match.info.urgency and not match.negated
            )
        for match in named:
            categories = match.info.categories
            segment = 1 if one else bisect_right(seg_starts, match.start)
            for code, weight in categories.items():
                row = stats.get(code)
                if row is None:
                    row = stats[code] = [0.0, 0, 0, 0, 0.0, 0]
                row[0] += weight
                if weight >= 1:
                    row[1] += 1
                else:
                    row[2] += 1
                if match.negated:
                    row[3] += 1
                if segment in opinion:
                    row[4] += weight
                evidence.append(
                    _evidence(reading.text, match, "category", code, weight)
                )
        for item in reading.rule_items or ():
            # LABELS.md: what these situations are about
            code = _RULE_CATEGORIES.get(item["rule"])
            if code is None:
                continue
            row = stats.get(code)
            if row is None:
                row = stats[code] = [0.0, 0, 0, 0, 0.0, 0]
            row[0] += 1.0
            row[1] += 1
            row[4] += 1.0  # a problem: evaluated
            evidence.append(dict(item, kind="category", tag=code, weight=1.0))
        for code, pattern in _QUANTITY_RULES:
            for start, end in pattern.spans(reading.norm):
                row = stats.get(code)
                if row is None:
                    row = stats[code] = [0.0, 0, 0, 0, 0.0, 0]
                row[0] += 1.0
                row[5] += 1
                evidence.append(
                    {
                        "rule": "quantity",
                        "term": reading.text[start:end],
                        "kind": "category",
                        "tag": code,
                        "weight": 1.0,
                        "span": [start, end],
                    }
                )
        return stats

    def _categories(self, reading, evidence, label, urgency):
        """The categories: the category model (:mod:`.categories`) chooses
        among the categories the evidence names and, by the learned text
        signal alone, the others; else :meth:`_fallback_category`."""
        stats = self._category_evidence(reading, evidence)
        model = self.category_model
        learned = self._text_logits(reading)[1]
        question = reading.signals[3] > 0
        candidates = category_features(stats, label, urgency, question, learned)
        chosen = model.choose(candidates, learned)
        for code in chosen:
            if code not in candidates:  # the learned text signal alone
                evidence.append(
                    _learned_item(
                        model.text.top_grams(code, reading.norm),
                        "category",
                        code,
                        sigmoid(learned[code]),
                    )
                )
        if chosen:
            return chosen
        code, item = self._fallback_category(reading, stats)
        if item is not None:
            evidence.append(item)
        return [code]

    def _fallback_category(self, reading, stats):
        """``(category, evidence item or None)`` when no category is chosen:
        ``other`` for thanks and greetings; an opinion about a fruit with no
        other aspect is about the fruit itself ("今天这批车厘子是今年最好的",
        "Cherries were fantastic"): ``freshness``; else ``other``."""
        if stats.get("other", (0.0,))[0] >= CATEGORY_THRESHOLD:
            return "other", None  # "other" is never combined
        if reading.polar_terms:
            product = next(
                (m for m in reading.matches if "product" in m.info.flags), None
            )
            found = product is None and _FRUIT_WORDS.search(reading.norm)
            if product is not None or found:
                start, end = (product.start, product.end) if product else found
                return "freshness", {
                    "rule": "product_opinion",
                    "term": reading.text[start:end],
                    "kind": "category",
                    "tag": "freshness",
                    "weight": 1.0,
                    "span": [start, end],
                }
        return "other", None


def _length_scale(parts):
    """Long texts count as ``FEATURE_CAP`` features, so filler cannot add up."""
    count = sum(len(indices) for _weight, indices in parts)
    return min(1.0, FEATURE_CAP / count) if count else 1.0


def _quoted(norm, match):
    before = norm[match.start - 1 : match.start]
    after = norm[match.end : match.end + 1]
    return bool(before) and before in _QUOTES_OPEN and after and after in _QUOTES_CLOSE


def _evidence(text, match, kind, tag, weight):
    item = {
        "term": text[match.start : match.end],
        "kind": kind,
        "tag": tag,
        "weight": weight,
        "span": [match.start, match.end],
    }
    if match.negated:
        item["negated"] = True
    return item


def _high(label, score, confidence, probability):
    """``("high", label, score, confidence)``: a high-urgency message that the
    sentiment step read as praise or neutral is a complaint."""
    if label != "neg":
        label = "neg"
        score = -abs(score) if score else -0.5
        confidence = max(0.5, min(confidence, probability))
    return "high", label, score, confidence


def _learned_item(grams, kind, tag, probability):
    """Evidence of a learned text model: the n-grams that weighed most."""
    return {
        "rule": "learned_text",
        "term": ", ".join(f"'{gram}'" for gram in grams),
        "kind": kind,
        "tag": tag,
        "weight": round(probability, 3),
        "span": None,
    }


def _rule(name, tag, weight):
    return {
        "rule": name,
        "term": None,
        "kind": "urgency",
        "tag": tag,
        "weight": weight,
        "span": None,
    }


def _span_rule(text, found, name, tag):
    start, end = found
    return {
        "rule": name,
        "term": text[start:end],
        "kind": "urgency",
        "tag": tag,
        "weight": 1.0,
        "span": [start, end],
    }


# "不是整单错" / "not the whole order" / "no fue ... equivocada": a concept
# right after a negator (within the same clause) does not count.
_CONCEPT_NEGATION = re.compile(
    r"(?:不是|并不是|没有|并没有|并非|不会|不用|不需要|无需"
    r"|\bnot|\bno|\bnever|n't|\bsin|\bnunca)\s?$"
)


def _negated_span(norm, start):
    return bool(_CONCEPT_NEGATION.search(norm[max(0, start - 6) : start]))


_URGENCY_MODEL = []


_CATEGORY_MODEL = []


_URGENCY_SLOT = "\x00urgency"  # never a category code


def _joint_text_models(urgency_model, category_model):
    """One :class:`HashedLogits` of the urgency and the category text
    models, or False when they cannot share a pass (one is missing, or
    their buckets differ)."""
    urgency, categories = urgency_model.text, category_model.text
    if urgency is None or categories is None or urgency.bits != categories.model.bits:
        return False
    model = categories.model
    return HashedLogits(
        model.bits,
        {_URGENCY_SLOT: urgency.weights, **model.weights},
        {_URGENCY_SLOT: urgency.bias, **model.biases},
    )


def _default_category_model():
    """The shipped category model (``data/categories.json``), loaded once."""
    if not _CATEGORY_MODEL:
        _CATEGORY_MODEL.append(CategoryModel.load())
    return _CATEGORY_MODEL[0]


def _default_urgency_model():
    """The shipped urgency model (``data/urgency.json``), loaded once."""
    if not _URGENCY_MODEL:
        _URGENCY_MODEL.append(UrgencyModel.load())
    return _URGENCY_MODEL[0]
