# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Share of the top keywords a manager can act on.

Counts the keywords the engine extracts from the texts of one or more
labelled CSV files (how often each is among a text's top 5, as the keyword
cloud does), takes the ``--top`` most frequent and looks them up in
``data/keyword_labels.tsv`` (``term<TAB>yes|no``: a product, a defect or a
service aspect a manager would act on, or not; labelled once and kept).
Prints the unlabelled ones (label them, then run again) and ends with::

    keywords_top=50 actionable_share=0.94 unlabelled=0

    .venv/bin/python scripts/nlp/keyword_share.py addons/wx_nlp/data/writers/*.csv
"""

import argparse
from collections import Counter

from _engine import DATA, engine_package
from corpora import read_labelled_csv

LABELS = DATA / "keyword_labels.tsv"


def read_labels(path=LABELS):
    labels = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                term, _, value = line.partition("\t")
                labels[term.strip()] = value.strip() == "yes"
    return labels


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="+")
    parser.add_argument("--top", type=int, default=50)
    args = parser.parse_args(argv)
    engine = engine_package().new_engine()
    counts = Counter()
    for path in args.csv:
        for row in read_labelled_csv(path):
            for term, _weight in engine.analyze(row["text"]).keywords:
                counts[term] += 1
    labels = read_labels()
    top = [term for term, _count in counts.most_common(args.top)]
    unlabelled = [term for term in top if term not in labels]
    for term in top:
        mark = {True: "yes", False: "no"}.get(labels.get(term), "?")
        print(f"{counts[term]:5d} {mark:3} {term}")
    labelled = [term for term in top if term in labels]
    share = sum(labels[t] for t in labelled) / len(labelled) if labelled else 0.0
    print(
        f"keywords_top={len(top)} actionable_share={share:.2f} "
        f"unlabelled={len(unlabelled)}"
    )


if __name__ == "__main__":
    main()
