# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Train the category model ``addons/wx_nlp/data/categories.json`` (reproducible).

Samples: the *tune* third of ``devset.csv`` (the holdout two thirds are never
read), every writer's set in ``data/writers/`` (``--exclude`` leaves
writers out, as ``lowo.py`` does for each fold) and every training-only
writer's set in ``data/training_writers/`` (always in). The learned text
signal of each category (hashed character n-grams) is trained on the same
texts; the candidates' features are computed by the engine with the shipped
lexicon, sentiment and urgency models (train those first:
``refit_combiner.py``, ``train_urgency.py``); the thresholds are calibrated out
of fold. Fixed seed: the same files give the same model (the same bytes).

    .venv/bin/python scripts/nlp/train_categories.py
    .venv/bin/python scripts/nlp/train_categories.py --exclude hotel --output c.json
"""

import argparse

from _engine import DATA, engine_package
from corpora import WRITERS, devset_split, read_labelled_csv, training_writer_rows

SEED = 20261214
TRAINING_WEIGHT = 1.0  # weight of the training-only writers' texts


def category_samples(exclude=(), training_weight=TRAINING_WEIGHT):
    rows = devset_split(read_labelled_csv(DATA / "devset.csv"), "tune")
    for writer in WRITERS:
        if writer not in exclude:
            rows += read_labelled_csv(DATA / "writers" / f"{writer}.csv")
    samples = [(row["text"], row["categories"], 1.0) for row in rows]
    # data/training_writers/: always in
    samples += [
        (row["text"], row["categories"], training_weight)
        for row in training_writer_rows()
        if training_weight > 0
    ]
    return samples


def train(engine, exclude=(), seed=SEED, training_weight=TRAINING_WEIGHT):
    from wx_nlp.engine import training

    return training.train_categories(
        category_samples(exclude, training_weight),
        engine=engine,
        seed=seed,
        meta={
            "corpus": "devset tune split + writers' sets + training-only writers' sets",
            "excluded_writers": sorted(exclude),
        },
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(DATA / "categories.json"))
    parser.add_argument("--exclude", action="append", default=[], choices=WRITERS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    engine_pkg = engine_package()
    # features do not depend on the category model
    engine = engine_pkg.new_engine(category_model=engine_pkg.CategoryModel.rule())
    model = train(engine, args.exclude, args.seed)
    model.save(args.output)
    print(f"wrote {args.output}: threshold={model.threshold} {model.meta}")


if __name__ == "__main__":
    main()
