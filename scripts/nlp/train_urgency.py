# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Train the urgency model ``addons/wx_nlp/data/urgency.json`` (reproducible).

Samples: the *tune* third of ``devset.csv`` (the holdout two thirds are never
read), ``trainset.csv`` (template-made, weight ``--trainset-weight``) and
every writer's set in ``data/writers/`` (``--exclude`` leaves writers out,
as ``lowo.py`` does for each fold) and every training-only writer's set in
``data/training_writers/`` (always in). Features are computed by the engine with
the shipped lexicon and sentiment model; the threshold is calibrated out of
fold. Fixed seed: the same files give the same model.

    .venv/bin/python scripts/nlp/train_urgency.py
    .venv/bin/python scripts/nlp/train_urgency.py --exclude stall --output /tmp/u.json
"""

import argparse

from _engine import DATA, engine_package
from corpora import WRITERS, devset_split, read_labelled_csv, training_writer_rows

SEED = 20261206
TRAINING_WEIGHT = 1.0  # weight of the training-only writers' texts


def urgency_samples(exclude=(), trainset_weight=0.0, training_weight=TRAINING_WEIGHT):
    rows = devset_split(read_labelled_csv(DATA / "devset.csv"), "tune")
    samples = [(row["text"], row["urgency"], 1.0) for row in rows]
    if trainset_weight > 0:
        samples += [
            (row["text"], row["urgency"], trainset_weight)
            for row in read_labelled_csv(DATA / "trainset.csv")
        ]
    for writer in WRITERS:
        if writer in exclude:
            continue
        samples += [
            (row["text"], row["urgency"], 1.0)
            for row in read_labelled_csv(DATA / "writers" / f"{writer}.csv")
        ]
    # the training-only writers (data/training_writers/) are always in
    samples += [
        (row["text"], row["urgency"], training_weight)
        for row in training_writer_rows()
        if training_weight > 0
    ]
    return samples


def train(
    engine, exclude=(), trainset_weight=0.0, seed=SEED, training_weight=TRAINING_WEIGHT
):
    from wx_nlp.engine import training

    samples = urgency_samples(exclude, trainset_weight, training_weight)
    return training.train_urgency(
        samples,
        engine=engine,
        seed=seed,
        meta={
            "corpus": "devset tune split + trainset.csv + writers' sets"
            " + training-only writers' sets",
            "excluded_writers": sorted(exclude),
            "trainset_weight": trainset_weight,
        },
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(DATA / "urgency.json"))
    parser.add_argument("--exclude", action="append", default=[], choices=WRITERS)
    parser.add_argument("--trainset-weight", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    engine_pkg = engine_package()
    # features do not depend on the urgency model: the neutral one lets the
    # script run even when the shipped file is missing or out of date
    engine = engine_pkg.new_engine(urgency_model=engine_pkg.UrgencyModel.neutral())
    model = train(engine, args.exclude, args.trainset_weight, args.seed)
    model.save(args.output)
    print(f"wrote {args.output}: threshold={model.threshold} {model.meta}")


if __name__ == "__main__":
    main()
