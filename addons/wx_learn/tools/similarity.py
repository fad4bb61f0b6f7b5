# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Similar-case search: TF-IDF cosine over wx_nlp's word tokens and concepts.

Method (say it plainly): **TF-IDF cosine** over words, Chinese character
bigrams and wx_nlp concepts.
A case or a query becomes a bag of *terms*:

* the words of wx_nlp's tokenizer (jieba with the domain dictionary for
  Chinese, the Latin tokenizer for en / es) that wx_nlp's keyword extractor
  accepts as candidates (no stop-words, quantities or function words), a
  fruit variety folded to its fruit (奶油草莓 -> 草莓);
* the character bigrams of each run of Chinese characters, prefixed ``~``
  (word segmentation splits 裂口 / 裂果 / 开裂 apart; bigrams still meet on
  shared characters of longer runs such as 掉粒 in 一碰就掉粒);
* one *concept* term per lexicon evidence of wx_nlp's analysis:
  ``@cat:<category>`` (freshness, weight, delivery...) and
  ``@urg:<tag>`` (spoilage, missing, money...), so 发霉 and 长毛 and
  "moho" meet on ``@urg:spoilage`` although they share no word.

Weights are sublinear TF (1 + log tf) times smoothed IDF (wx_nlp's
``fit_idf``) fitted on the library itself, rows L2-normalised; the score of a
case is the cosine with the query, in [0, 1]. Product words are ordinary
terms: the same fruit helps, it does not decide.

:class:`CaseIndex` holds the library as a sparse matrix (scipy CSC: a query
touches only the columns of its terms, an inverted index), built once per
process and rebuilt when the library changes (the ORM side decides when).
No ``odoo`` import here; the wx_nlp engine is passed in.
"""

import math
import re

import numpy as np
from scipy import sparse

CONCEPT_KINDS = {"category": "@cat:", "urgency": "@urg:"}
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")


def text_terms(text, nlp_engine, lang=None):
    """The terms of ``text`` (see the module docstring), in text order, with
    repeats (term frequency counts)."""
    if not text or not text.strip():
        return []
    analysis = nlp_engine.analyze(text, lang, keywords=False)
    extractor = nlp_engine.resources.keywords
    terms = [
        extractor.canonical(token)
        for token in nlp_engine.tokenize(text, analysis.lang)
        if extractor.is_candidate(token)
    ]
    for run in _CJK_RUN.findall(text):
        terms.extend("~" + run[i : i + 2] for i in range(len(run) - 1))
    for item in analysis.evidence:
        prefix = CONCEPT_KINDS.get(item.get("kind"))
        if prefix and item.get("tag"):
            terms.append(prefix + item["tag"])
    return terms


def is_word(term):
    """A word of the tokenizer (not a bigram, not a concept)."""
    return not term.startswith(("@", "~"))


class CaseIndex:
    """TF-IDF vectors of a case library; :meth:`query` gives the top matches.

    ``docs`` is an iterable of ``(case_id, terms)``. Immutable once built:
    a changed library means a new index (swap the reference atomically).
    """

    def __init__(self, docs):
        ids, row_of, cols, counts = [], [], [], []
        vocab = {}
        for row, (case_id, terms) in enumerate(docs):
            ids.append(case_id)
            seen = {}
            for term in terms:
                seen[term] = seen.get(term, 0) + 1
            for term, count in seen.items():
                col = vocab.get(term)
                if col is None:
                    col = vocab[term] = len(vocab)
                row_of.append(row)
                cols.append(col)
                counts.append(count)
        self.ids = np.asarray(ids, dtype=np.int64)
        self.vocab = vocab
        count = len(ids)
        cols = np.asarray(cols, dtype=np.int32)
        df = np.bincount(cols, minlength=len(vocab))
        # smoothed IDF, as wx_nlp's fit_idf
        self.idf = np.log((1 + count) / (1 + df)) + 1
        self._max_idf = math.log(1 + count) + 1  # a term no case has
        row_of = np.asarray(row_of, dtype=np.int64)
        weights = (1 + np.log(np.asarray(counts, dtype=np.float64))) * self.idf[cols]
        norms = np.sqrt(np.bincount(row_of, weights * weights, minlength=count))
        norms[norms == 0] = 1.0
        self._rows = sparse.csr_matrix(
            (weights / norms[row_of], (row_of, cols)), shape=(count, len(vocab))
        )
        self._cols = self._rows.tocsc()
        self._position = {case_id: row for row, case_id in enumerate(ids)}
        self._vocab_list = [None] * len(vocab)
        for term, col in vocab.items():
            self._vocab_list[col] = term

    def __len__(self):
        return len(self.ids)

    def _query_vector(self, terms):
        counts = {}
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
        cols, weights, norm = [], [], 0.0
        for term, count in counts.items():
            col = self.vocab.get(term)
            weight = (1 + math.log(count)) * (
                self.idf[col] if col is not None else self._max_idf
            )
            norm += weight * weight  # unknown terms still lengthen the query
            if col is not None:
                cols.append(col)
                weights.append(weight)
        norm = math.sqrt(norm) or 1.0
        return cols, np.asarray(weights) / norm

    def _term_weights(self, terms):
        """``{term: weight}``, L2-normalised, under this index's IDF; a term
        the index does not know weighs as the rarest one."""
        counts = {}
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
        weights = {}
        for term, count in counts.items():
            col = self.vocab.get(term)
            idf = self.idf[col] if col is not None else self._max_idf
            weights[term] = (1 + math.log(count)) * float(idf)
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {term: weight / norm for term, weight in weights.items()}

    def query(self, terms, limit=3, exclude=()):
        """``[(case_id, score, shared_terms)]``, best first, score > 0 only.
        ``exclude``: case ids never returned (the case a ticket came from)."""
        if not len(self.ids) or not terms:
            return []
        cols, weights = self._query_vector(terms)
        if not cols:
            return []
        scores = np.asarray(self._cols[:, cols] @ weights).ravel()
        for case_id in exclude:
            row = self._position.get(case_id)
            if row is not None:
                scores[row] = 0.0
        want = min(limit, len(scores))
        top = np.argpartition(-scores, want - 1)[:want]
        top = top[np.argsort(-scores[top], kind="stable")]
        query_terms = set(terms)
        results = []
        for row in top:
            score = float(scores[row])
            if score <= 0.0:
                break
            start, end = self._rows.indptr[row], self._rows.indptr[row + 1]
            pairs = zip(
                self._terms_of(self._rows.indices[start:end]),
                self._rows.data[start:end],
                strict=True,
            )
            results.append(
                (int(self.ids[row]), round(score, 4), _shared(pairs, query_terms))
            )
        return results

    def _terms_of(self, cols):
        return [self._vocab_list[col] for col in cols]

    def with_changes(self, docs, removed=()):
        """This index with the cases of ``docs`` (``(case_id, terms)``) added
        or replaced and the ``removed`` ids gone, without a rebuild: the
        changed cases are scored with this index's IDF (a word no case had
        before weighs as the rarest word) until the next rebuild."""
        return OverlayIndex(self, docs, removed)


def _shared(term_weights, query_terms):
    """The words (not bigrams nor concepts) of a case that the query has,
    heaviest first."""
    shared = [
        (weight, term)
        for term, weight in term_weights
        if term in query_terms and is_word(term)
    ]
    shared.sort(key=lambda pair: (-pair[0], pair[1]))
    return [term for _weight, term in shared]


class OverlayIndex:
    """A :class:`CaseIndex` plus the cases changed since it was built."""

    def __init__(self, base, docs, removed=()):
        self.base = base
        self.docs = {
            case_id: (terms, base._term_weights(terms)) for case_id, terms in docs
        }
        self.hidden = set(removed) | set(self.docs)
        self.removed = set(removed) - set(self.docs)

    def __len__(self):
        in_base = sum(1 for case_id in self.hidden if case_id in self.base._position)
        return len(self.base) - in_base + len(self.docs)

    @property
    def changes(self):
        return len(self.hidden)

    def with_changes(self, docs, removed=()):
        merged = {cid: terms for cid, (terms, _v) in self.docs.items()}
        for case_id in removed:
            merged.pop(case_id, None)
        merged.update(docs)
        return OverlayIndex(self.base, merged.items(), self.removed | set(removed))

    def query(self, terms, limit=3, exclude=()):
        exclude = set(exclude)
        found = self.base.query(terms, limit, exclude | self.hidden)
        query_vector = self.base._term_weights(terms)
        query_terms = set(terms)
        for case_id, (_terms, vector) in self.docs.items():
            if case_id in exclude:
                continue
            score = sum(w * query_vector.get(term, 0.0) for term, w in vector.items())
            if score > 0:
                found.append(
                    (case_id, round(score, 4), _shared(vector.items(), query_terms))
                )
        found.sort(key=lambda item: (-item[1], item[0]))
        return found[:limit]


def evaluate(index, queries, relevant, limit=3):
    """``(precision@k, recall@k)`` of ``index`` on labelled queries.

    ``queries``: ``{query_key: terms}``; ``relevant``: ``{query_key: set of
    case ids labelled similar}``. Precision@k counts the returned cases that
    are labelled similar among the k slots (an empty slot counts as a miss);
    recall@k is the share of the labelled-similar cases that are returned."""
    precision = recall = 0.0
    for key, terms in queries.items():
        found = {case_id for case_id, _s, _t in index.query(terms, limit)}
        hits = len(found & relevant[key])
        precision += hits / limit
        recall += hits / len(relevant[key]) if relevant[key] else 0.0
    count = len(queries) or 1
    return precision / count, recall / count
