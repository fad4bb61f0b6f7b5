# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the wx_nlp engine: throughput, latency, memory, model sizes.

Runs pinned to one CPU core and prints figures; it asserts nothing (timings
belong in a report, not in tests). The headline rates are per CPU second of
this process (``time.process_time``), which does not count the time other
processes hold the core, so they hardly depend on the machine's load; the
wall-clock rates are printed too. Each is the minimum and the median of
``--repeat`` runs::

    taskset -c 1 .venv/bin/python tests/bench/bench_nlp.py
    .venv/bin/python tests/bench/bench_nlp.py --texts other.csv --count 50000
    .venv/bin/python tests/bench/bench_nlp.py --texts online_shopping_10_cats.csv \
        --category 水果
    # before / after: another checkout's addon, timed in the same process,
    # runs interleaved (load changes hit both alike)
    git worktree add /tmp/nlp-main main
    .venv/bin/python tests/bench/bench_nlp.py --baseline /tmp/nlp-main/addons/wx_nlp

Texts are the development set's (realistic lengths), cycled up to ``--count``.
Memory is the growth of this process's resident set from before importing the
engine to after loading it (model, lexicon, IDF, first analysis), and again
after all the runs (which also hold the benchmark's own text list); it is
measured before a ``--baseline`` engine is loaded. ``model_files_mb`` is the
size of the files the engine loads (sentiment, urgency and category models, lexicon,
IDF, stop-words, jieba dictionaries); ``data_dir_total_mb`` the whole
``data/`` folder (also the labelled sets).
"""

import argparse
import csv
import gc
import os
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ADDON = ROOT / "addons" / "wx_nlp"
MODEL_FILES = (
    "sentiment.wxm",
    "urgency.json",
    "categories.json",
    "idf.tsv.gz",
    "stopwords.txt",
    "jieba_core.txt.gz",
    "jieba_domain.txt",
)


def rss_mb():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def read_texts(path, category=None):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        column = "text" if "text" in reader.fieldnames else "review"
        return [
            row[column]
            for row in reader
            if row[column].strip() and (category is None or row.get("cat") == category)
        ]


def load_engine(addon, name):
    """``addon``'s engine package, imported as the package ``name``."""
    package = types.ModuleType(name)
    package.__path__ = [str(addon)]
    sys.modules.setdefault(name, package)
    return __import__(f"{name}.engine", fromlist=["engine"])


def rate(function, texts):
    """``(texts per CPU second of this process, texts per wall second)``."""
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        function(text)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return len(texts) / max(cpu, 1e-9), len(texts) / wall


def spread(values):
    return f"min={min(values):.0f} median={statistics.median(values):.0f}"


def show(name, runs):
    print(
        f"{name}_texts_per_s cpu {spread([r[0] for r in runs])} "
        f"wall {spread([r[1] for r in runs])}"
    )


def model_sizes(data):
    sizes = {name: (data / name).stat().st_size for name in MODEL_FILES}
    sizes["lexicon/"] = sum(p.stat().st_size for p in (data / "lexicon").iterdir())
    return sizes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", default=str(ADDON / "data" / "devset.csv"))
    parser.add_argument("--category", help="only rows whose `cat` column is this")
    parser.add_argument("--count", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each")
    parser.add_argument(
        "--baseline", help="another checkout's addons/wx_nlp, timed interleaved"
    )
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    base = read_texts(args.texts, args.category)
    texts = (base * (args.count // len(base) + 1))[: args.count]
    gc.collect()
    before = rss_mb()

    started = time.perf_counter()
    nlp = load_engine(ADDON, "wx_nlp")
    engine = nlp.get_engine()
    engine.analyze("预热：草莓发霉了")
    load_seconds = time.perf_counter() - started
    gc.collect()
    loaded = rss_mb() - before

    # The first pass over texts the engine has not seen (its n-gram memo is
    # cold), then ``--repeat`` timed runs of each.
    cold = rate(engine.sentiment, base)
    sentiment_runs = [rate(engine.sentiment, texts) for _run in range(args.repeat)]
    full_runs = [rate(engine.analyze, texts) for _run in range(args.repeat)]
    started = time.perf_counter()
    for chunk in range(0, len(texts), 1000):  # as a batch re-analysis would
        engine.analyze_many(texts[chunk : chunk + 1000])
    batch_rate = len(texts) / (time.perf_counter() - started)

    latencies = []
    for text in base * 3:
        started = time.perf_counter()
        engine.analyze(text)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    long_text = ("第3车：草莓发霉，香蕉也烂了，送货又晚了一小时。" * 500)[:10000]
    started = time.perf_counter()
    engine.analyze(long_text)
    long_ms = (time.perf_counter() - started) * 1000
    gc.collect()
    growth = rss_mb() - before

    data = ADDON / "data"
    sizes = model_sizes(data)
    total = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
    mean_chars = statistics.mean(map(len, base))
    print(f"texts: {len(texts)} (from {args.texts}, mean {mean_chars:.0f} chars)")
    print(f"load_s={load_seconds:.2f} backend={engine.resources.tokenizer.backend}")
    print(f"sentiment_first_pass_texts_per_s cpu={cold[0]:.0f} wall={cold[1]:.0f}")
    show("sentiment", sentiment_runs)
    show("full_pipeline", full_runs)
    print(f"analyze_many_texts_per_s wall={batch_rate:.0f}")
    print(
        f"latency_ms p50={p50:.3f} p95={p95:.3f} p99={p99:.3f} max={latencies[-1]:.3f}"
    )
    print(f"latency_ms_10000_chars={long_ms:.1f}")
    print(f"memory_growth_mb loaded={loaded:.1f} after_runs={growth:.1f}")
    for name, size in sizes.items():
        print(f"file {name} {size / 2**20:.2f} MB")
    print(f"model_files_mb={sum(sizes.values()) / 2**20:.2f}")
    print(f"data_dir_total_mb={total / 2**20:.2f}")
    if args.baseline:
        compare(engine, Path(args.baseline), texts, args.repeat)
    sys.stdout.flush()


def compare(engine, addon, texts, repeat):
    """Baseline and current engine timed alternately on the same texts."""
    other = load_engine(addon, "wx_nlp_baseline").get_engine()
    other.analyze("预热：草莓发霉了")
    for name in ("sentiment", "analyze"):
        pairs = []
        for _run in range(repeat):
            old = rate(getattr(other, name), texts)
            new = rate(getattr(engine, name), texts)
            pairs.append((old[0], new[0]))
        olds, news = zip(*pairs, strict=True)
        ratio = statistics.median(n / o for o, n in pairs)
        print(
            f"ab_{name}_cpu_texts_per_s baseline median={statistics.median(olds):.0f} "
            f"current median={statistics.median(news):.0f} speedup={ratio:.2f}x"
        )


if __name__ == "__main__":
    main()
