# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Share of the top keywords a manager can act on.

For each CSV given (a writer's labelled set, or any CSV with a ``text``
column such as ``scripts/demo_feedback_texts.csv``, the demo's 90 days),
counts the keywords the engine extracts (how often each is among a text's
top 5, as the keyword cloud does), takes the ``--top`` most frequent and
looks them up in ``data/keyword_labels.tsv`` (``term<TAB>yes|no``: a
product, a defect or a service aspect a manager would act on, or not;
labelled once and kept). Prints the non-actionable and unlabelled ones
(label those, then run again), one line per file and the minimum::

    canteen      keywords_top=50 actionable_share=0.96 unlabelled=0
    min          actionable_share=0.92

``--lowo`` checks that the keyword rule's two settings (the least category
weight that makes a lexicon term an aspect, and whether pressure tags such
as today / threat / repeat count) generalise: for each writer, the setting
with the best minimum share on the *other* writers is chosen and the share
on the held-out writer is printed (here a keyword not labelled yet counts as
not actionable)::

    .venv/bin/python scripts/nlp/keyword_share.py \\
        addons/wx_nlp/data/writers/*.csv scripts/demo_feedback_texts.csv
    .venv/bin/python scripts/nlp/keyword_share.py --lowo \\
        addons/wx_nlp/data/writers/*.csv
"""

import argparse
import csv
import itertools
from collections import Counter
from pathlib import Path

from _engine import DATA, engine_package

LABELS = DATA / "keyword_labels.tsv"
SETTINGS = {
    "min_category": (0.5, 1.0),
    "defect_tags": (
        ("spoilage", "safety", "missing"),
        (
            "spoilage",
            "safety",
            "missing",
            "threat",
            "repeat",
            "today",
            "impact",
            "money",
            "system",
            "public",
        ),
    ),
}


def read_labels(path=LABELS):
    labels = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                term, _, value = line.partition("\t")
                labels[term.strip()] = value.strip() == "yes"
    return labels


def read_texts(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle) if row["text"].strip()]


def keyword_counts(engine, texts):
    counts = Counter()
    for text in texts:
        for term, _weight in engine.analyze(text).keywords:
            counts[term] += 1
    return counts


def share(counts, labels, top, strict=False):
    """``(share, top terms, unlabelled terms)``; ``strict``: an unlabelled
    term counts as not actionable (else it is left out)."""
    terms = [term for term, _count in counts.most_common(top)]
    labelled = [term for term in terms if strict or term in labels]
    value = (
        sum(labels.get(t, False) for t in labelled) / len(labelled) if labelled else 0.0
    )
    return value, terms, [t for t in terms if t not in labels]


def with_settings(pkg, **settings):
    """A new engine whose keyword rule uses ``settings``."""
    from wx_nlp.engine import KeywordExtractor, lexicon

    engine = pkg.new_engine()
    shared = engine.resources.keywords
    extractor = KeywordExtractor(
        idf=shared.idf,
        stopwords=shared.stopwords,
        keep=shared.keep,
        synonyms=lexicon.product_synonyms(),
        **settings,
    )
    resources = type(engine.resources)(engine.resources.tokenizer, extractor)
    return type(engine)(resources, engine.model, engine.lexicon)


def lowo(pkg, paths, labels, top):
    names = [Path(p).stem for p in paths]
    texts = {name: read_texts(p) for name, p in zip(names, paths, strict=True)}
    grid = [
        dict(zip(SETTINGS, values, strict=True))
        for values in itertools.product(*SETTINGS.values())
    ]
    shares = []  # per setting: {writer: share}
    for settings in grid:
        engine = with_settings(pkg, **settings)
        shares.append(
            {
                n: share(keyword_counts(engine, texts[n]), labels, top, True)[0]
                for n in names
            }
        )
    worst = 1.0
    for name in names:
        best = max(
            range(len(grid)),
            key=lambda i: min(v for n, v in shares[i].items() if n != name),
        )
        held = shares[best][name]
        worst = min(worst, held)
        tags = "defects" if len(grid[best]["defect_tags"]) == 3 else "all tags"
        setting = f"min_category={grid[best]['min_category']} urgency={tags}"
        print(
            f"{name:<12} held_out_share={held:.2f}  (chosen on the others: {setting})"
        )
    print(f"{'min':<12} held_out_share={worst:.2f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="+")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--lowo", action="store_true", help="leave one writer out")
    parser.add_argument("--all", action="store_true", help="list every top keyword")
    args = parser.parse_args(argv)
    pkg = engine_package()
    labels = read_labels()
    if args.lowo:
        lowo(pkg, args.csv, labels, args.top)
        return
    engine = pkg.new_engine()
    shares = []
    for path in args.csv:
        counts = keyword_counts(engine, read_texts(path))
        value, terms, unlabelled = share(counts, labels, args.top)
        shares.append(value)
        for term in terms:
            mark = {True: "yes", False: "no"}.get(labels.get(term), "?")
            if args.all or mark != "yes":
                print(f"  {counts[term]:5d} {mark:3} {term}")
        print(
            f"{Path(path).stem:<12} keywords_top={len(terms)} "
            f"actionable_share={value:.2f} unlabelled={len(unlabelled)}"
        )
    print(f"{'min':<12} actionable_share={min(shares):.2f}")


if __name__ == "__main__":
    main()
