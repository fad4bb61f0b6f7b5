#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Similar-case suggestions: speed with a large library, quality on the
labelled set (targets: p95 < 50 ms with 50,000 cases, precision@3 >= 0.70).

    .venv/bin/python tests/bench/bench_cases.py [--cases 50000] [--queries 500]

Quality: the 75 labelled cases of ``addons/wx_learn/data/case_pairs`` are the
library, the 50 labelled ticket texts the queries (precision@3 and recall@3
against the 350 labelled pairs, see ``wx_learn/tools/case_pairs.py``).

Speed: the library is those 75 cases plus synthetic ones up to ``--cases``,
each made of 3-5 clauses drawn from the labelled cases' problems and causes
with a product name swapped in (realistic vocabulary and term frequencies;
their terms are the clauses' terms, computed once by the real pipeline). A
query is timed end to end as a suggestion computes it in the ORM minus the
one version read: wx_nlp analysis + tokens of the ticket text, sparse
scoring, top 3 with shared words. The queries are the labelled texts and
synthetic ones. Also printed: the time to (re)build the index, which a
worker pays once after the library changed.

Pure Python in this process (numpy / scipy, no database). Last line:
``cases=N p95_ms=N precision_at_3=N recall_at_3=N``.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTS = [
    "芒果",
    "草莓",
    "苹果",
    "橙子",
    "车厘子",
    "香蕉",
    "葡萄",
    "猕猴桃",
    "火龙果",
    "荔枝",
    "西瓜",
    "桃",
    "梨",
    "牛油果",
    "蓝莓",
    "柠檬",
]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=50000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=16)
    options = parser.parse_args()
    # the repository's conftest makes the addons importable without Odoo
    sys.path.insert(0, str(ROOT))
    __import__("conftest")
    from wx_learn.tools import case_pairs, similarity
    from wx_nlp import engine as nlp

    rng = random.Random(options.seed)
    engine = nlp.get_engine()
    engine.analyze("预热")  # load the dictionaries before timing

    cases, queries, pairs = case_pairs.load()
    labelled_terms = [
        similarity.text_terms(case_pairs.case_text(row), engine) for row in cases
    ]
    # quality on the labelled library
    index = similarity.CaseIndex(enumerate(labelled_terms, 1))
    query_terms = {
        q["query_key"]: similarity.text_terms(q["text"], engine) for q in queries
    }
    precision, recall = similarity.evaluate(
        index, query_terms, case_pairs.relevant_sets(cases, pairs)
    )
    print(f"quality: {len(cases)} cases, {len(queries)} queries, {len(pairs)} pairs")

    # a large library for speed
    clauses = []
    for row in cases:
        if row["lang"] != "zh":
            continue
        for field in ("problem", "cause", "solution"):
            clauses.extend(part for part in row[field].split("，") if part)
    clause_terms = [similarity.text_terms(c, engine) for c in clauses]
    product_terms = [similarity.text_terms(p, engine) for p in PRODUCTS]
    docs = list(enumerate(labelled_terms, 1))
    for number in range(len(docs) + 1, options.cases + 1):
        terms = list(rng.choice(product_terms))
        for pick in rng.sample(range(len(clauses)), rng.randint(3, 5)):
            terms.extend(clause_terms[pick])
        docs.append((number, terms))
    started = time.perf_counter()
    big = similarity.CaseIndex(docs)
    build_s = time.perf_counter() - started
    print(
        f"index: {len(big)} cases, {len(big.vocab)} terms,"
        f" {big._rows.nnz} non-zeros, built in {build_s:.2f} s"
    )

    texts = [q["text"] for q in queries]
    while len(texts) < options.queries:
        texts.append(rng.choice(PRODUCTS) + "".join(rng.sample(clauses, 2)))
    timings = []
    for text in texts[: options.queries]:
        started = time.perf_counter()
        big.query(similarity.text_terms(text, engine), 3)
        timings.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(timings)
    p95 = percentile(timings, 0.95)
    print(
        f"latency over {len(timings)} queries: p50={p50:.1f} ms p95={p95:.1f} ms"
        f" max={max(timings):.1f} ms"
    )
    print(f"rebuild_s={build_s:.2f}")
    print(
        f"cases={len(big)} p95_ms={p95:.1f} precision_at_3={precision:.3f}"
        f" recall_at_3={recall:.3f}"
    )


if __name__ == "__main__":
    main()
