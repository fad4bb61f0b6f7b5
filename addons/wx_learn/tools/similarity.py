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
        ids, rows = [], []
        for case_id, terms in docs:
            ids.append(case_id)
            counts = {}
            for term in terms:
                counts[term] = counts.get(term, 0) + 1
            rows.append(counts)
        self.ids = np.asarray(ids, dtype=np.int64)
        df = {}
        for counts in rows:
            for term in counts:
                df[term] = df.get(term, 0) + 1
        count = len(rows)
        self.vocab = {term: col for col, term in enumerate(sorted(df))}
        self.idf = np.zeros(len(self.vocab), dtype=np.float64)
        for term, col in self.vocab.items():
            self.idf[col] = math.log((1 + count) / (1 + df[term])) + 1
        self._max_idf = math.log(1 + count) + 1  # a term no case has
        indptr, indices, data = [0], [], []
        vocab, idf = self.vocab, self.idf
        for counts in rows:
            cols = [vocab[t] for t in counts]
            weights = np.array(
                [(1 + math.log(c)) * idf[col] for c, col in zip(counts.values(), cols)]
            )
            norm = float(np.sqrt((weights * weights).sum())) or 1.0
            indices.extend(cols)
            data.extend((weights / norm).tolist())
            indptr.append(len(indices))
        self._rows = sparse.csr_matrix(
            (np.asarray(data), np.asarray(indices, dtype=np.int32), indptr),
            shape=(count, len(vocab)),
        )
        self._cols = self._rows.tocsc()
        self._position = {case_id: row for row, case_id in enumerate(ids)}

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
            row_cols = self._rows.indices[start:end]
            row_weights = self._rows.data[start:end]
            shared = [
                (weight, term)
                for term, weight in zip(self._terms_of(row_cols), row_weights)
                if term in query_terms and is_word(term)
            ]
            shared.sort(key=lambda pair: (-pair[0], pair[1]))
            results.append(
                (int(self.ids[row]), round(score, 4), [t for _w, t in shared])
            )
        return results

    def _terms_of(self, cols):
        if not hasattr(self, "_vocab_list"):
            self._vocab_list = [None] * len(self.vocab)
            for term, col in self.vocab.items():
                self._vocab_list[col] = term
        return [self._vocab_list[col] for col in cols]


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
