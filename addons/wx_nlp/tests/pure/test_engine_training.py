# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Retraining, model comparison, the model file and the evaluation command."""

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
from wx_nlp import engine as nlp
from wx_nlp.engine import training
from wx_nlp.engine.model import SentimentModel

ROOT = Path(__file__).resolve().parents[4]
DATA = ROOT / "addons" / "wx_nlp" / "data"
FINAL_LINE = re.compile(
    r"^sentiment_macro_f1=\d\.\d{4} urgency_high_recall=\d\.\d{4} "
    r"urgency_high_precision=\d\.\d{4} category_micro_f1=\d\.\d{4} "
    r"texts_per_s=\d+$"
)
BITS = 16  # small hashed models keep the test fast


def labelled(path, limit):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [(row["text"], row["sentiment"]) for row in rows[:limit]]


@pytest.fixture(scope="module")
def samples():
    return labelled(DATA / "trainset.csv", 900)


@pytest.fixture(scope="module")
def trained(samples):
    fit, heldout = training.split_heldout(samples, 0.25, seed=3)
    model = training.train(fit, seed=3, bits=BITS, folds=2)
    return model, heldout


def test_stars_to_label():
    assert [training.stars_to_label(s) for s in (1, 2, 3, 4, 5, None)] == [
        "neg",
        "neg",
        None,
        "pos",
        "pos",
        None,
    ]


def test_train_learns_the_samples(trained):
    model, heldout = trained
    figures = training.evaluate_model(nlp.get_engine().with_model(model), heldout)
    assert figures["macro_f1"] > 0.8
    assert model.meta["seed"] == 3 and model.bits == BITS


def test_train_is_reproducible(samples):
    first = training.train(samples[:300], seed=5, bits=BITS, folds=2)
    second = training.train(samples[:300], seed=5, bits=BITS, folds=2)
    assert first.polarity.weights == second.polarity.weights
    assert first.combiner == second.combiner


def test_train_refuses_no_data():
    with pytest.raises(ValueError):
        training.train([("", "pos"), ("text", "maybe")], bits=BITS)


def test_compare_prefers_only_a_better_model(trained):
    model, heldout = trained
    untrained = SentimentModel.empty(BITS)
    result = training.compare(untrained, model, heldout)
    assert result["better"] is True
    assert result["new"]["macro_f1"] > result["old"]["macro_f1"]
    assert result["n"] == len(heldout)
    assert training.compare(model, untrained, heldout)["better"] is False
    assert training.compare(model, model, heldout)["better"] is False


def test_model_file_round_trip(trained, tmp_path):
    model, heldout = trained
    path = tmp_path / "model.wxm"
    model.save(path)
    loaded = SentimentModel.load(path)
    engine = nlp.get_engine()
    for text, _label in heldout[:20]:
        assert engine.with_model(loaded).sentiment(text) == engine.with_model(
            model
        ).sentiment(text)
    copy = tmp_path / "another-name.wxm"
    loaded.save(copy)
    assert copy.read_bytes() == path.read_bytes()  # reproducible bytes
    (tmp_path / "bad.wxm").write_bytes(b"not gzip")
    with pytest.raises(OSError):
        SentimentModel.load(tmp_path / "bad.wxm")


def test_shipped_model_is_small_and_loads():
    sizes = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert sizes <= 20 * 1024 * 1024
    assert nlp.load_model().meta["samples"]["neg"] > 0


def test_evaluation_command_final_line(tmp_path):
    sample = tmp_path / "sample.csv"
    with open(sample, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "lang", "text", "sentiment", "urgency", "categories"])
        writer.writerow([1, "zh", "草莓全发霉了，要退款", "neg", "high", "freshness"])
        writer.writerow([2, "zh", "送货很准时，谢谢", "pos", "low", "delivery"])
        writer.writerow(
            [3, "en", "What time do you deliver?", "neu", "low", "delivery"]
        )
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "nlp" / "evaluate.py"), str(sample)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    lines = done.stdout.strip().splitlines()
    assert FINAL_LINE.match(lines[-1]), lines[-1]
    assert sum(1 for line in lines if line.startswith("sentiment_macro_f1=")) == 1
    assert "urgency" in lines and "categories" in lines


def test_evaluation_command_checks_the_header(tmp_path):
    sample = tmp_path / "bad.csv"
    sample.write_text("id,text,label\n1,好,pos\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "nlp" / "evaluate.py"), str(sample)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode != 0
    assert "header must be" in done.stderr


def test_training_only_sets_share_no_long_text_with_the_evaluation_sets():
    """``scripts/nlp/overlap.py --max-chars 14``: only generic one-liners
    (好, 收到, 👍 ...) of the training-only sets equal an evaluation text."""
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "nlp" / "overlap.py"),
            "--max-chars",
            "14",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    names = {path.stem for path in (DATA / "training_writers").glob("*.csv")}
    assert {"chat", "business", "juicebar", "eshop"} <= names
    assert done.stdout.splitlines()[-1].startswith("shared_texts=")
