# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Prove that a speed change leaves every output unchanged.

``--save FILE`` writes what the engine says of every labelled text (the
writers' sets, the development set, the demo's texts, the first
``--trainset`` rows of the training text and a few edge cases): language,
sentiment, score, confidence, urgency, categories, keywords and the whole
evidence list, and the sentiment fast path's ``(label, score, confidence)``.
``--compare FILE`` computes the same with the current code and prints every
text whose output differs (exit code 1 if any)::

    git worktree add /tmp/nlp-main main    # or any checkout of the old code
    .venv/bin/python scripts/nlp/same_output.py --save /tmp/before.json \
        --addon /tmp/nlp-main/addons/wx_nlp
    .venv/bin/python scripts/nlp/same_output.py --compare /tmp/before.json
    # same_output texts=... differing=0 max_score_delta=0.000000

The texts are always read from this checkout; ``--addon`` takes the engine
(code, lexicon and models) from another one.

Scores are compared exactly too (``max_score_delta`` is printed).
"""

import argparse
import csv
import importlib
import json
import sys
import types
from pathlib import Path

from _engine import DATA, ROOT, engine_package

EDGE_CASES = [
    "",
    "   ",
    "好",
    "😡😡😡",
    "Durian里面烂了，退款please",
    "第3车：草莓发霉，香蕉也烂了，送货又晚了一小时。" * 200,
    "x" * 6000,
    "真是太“好”了，一箱草莓烂了一半",
    "The whole order was wrong and the portal keeps timing out; fix it by Friday!",
    "El pedido llegó incompleto, faltan 3 cajas y huelen a podrido.",
    "りんごが腐っていました、返品したい",
    "草莓の品質が悪い",
    "사과가 썩었어요 refund",
    "12345",
    "ok",
    "买ok'好'",
    "kg5 5kg don't farmers' 维c100",
]


def texts(trainset_rows):
    out = []
    for path in sorted((DATA / "writers").glob("*.csv")) + [DATA / "devset.csv"]:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            out += [row["text"] for row in csv.DictReader(handle)]
    with open(ROOT / "scripts" / "demo_feedback_texts.csv", encoding="utf-8") as handle:
        out += [row["text"] for row in csv.DictReader(handle)]
    with open(DATA / "trainset.csv", encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            if number >= trainset_rows:
                break
            out.append(row["text"])
    return out + EDGE_CASES


def outputs(engine, items):
    result = []
    for text in items:
        full = engine.analyze(text).as_dict()
        full["fast"] = list(engine.sentiment(text))
        result.append(json.loads(json.dumps(full, ensure_ascii=False)))
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save")
    group.add_argument("--compare")
    parser.add_argument("--trainset", type=int, default=3000)
    parser.add_argument("--addon", help="another checkout's addons/wx_nlp")
    args = parser.parse_args(argv)
    if args.addon:
        package = types.ModuleType("wx_nlp_other")
        package.__path__ = [args.addon]
        sys.modules["wx_nlp_other"] = package
        engine = importlib.import_module("wx_nlp_other.engine").new_engine()
    else:
        engine = engine_package().new_engine()
    items = texts(args.trainset)
    # twice: the second pass runs on warm caches (memo hits), as in production
    now = outputs(engine, items)
    again = outputs(engine, items)
    if now != again:
        raise SystemExit("outputs differ between a cold and a warm pass")
    if args.save:
        Path(args.save).write_text(
            json.dumps({"texts": items, "outputs": now}, ensure_ascii=False),
            encoding="utf-8",
        )
        print(f"saved {len(items)} outputs to {args.save}")
        return
    saved = json.loads(Path(args.compare).read_text(encoding="utf-8"))
    if saved["texts"] != items:
        raise SystemExit("the saved file was made from other texts")
    differing = 0
    delta = 0.0
    for text, old, new in zip(items, saved["outputs"], now, strict=True):
        delta = max(delta, abs(old["score"] - new["score"]))
        delta = max(delta, abs(old["fast"][1] - new["fast"][1]))
        if old != new:
            differing += 1
            if differing <= 10:
                keys = [key for key in old if old[key] != new.get(key)]
                print(f"differs in {keys}: {text[:80]!r}")
    print(
        f"same_output texts={len(items)} differing={differing} "
        f"max_score_delta={delta:.6f}"
    )
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
