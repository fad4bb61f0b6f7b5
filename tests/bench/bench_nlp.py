# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the wx_nlp engine: throughput, latency, memory, model sizes.

Runs pinned to one CPU core and prints figures; it asserts nothing (timings
belong in a report, not in tests)::

    .venv/bin/python tests/bench/bench_nlp.py
    .venv/bin/python tests/bench/bench_nlp.py --texts other.csv --count 50000

Texts are the development set's (realistic lengths), cycled up to ``--count``.
Memory is the growth of this process's resident set from before importing the
engine to after loading it (model, jieba dictionary, IDF, first analysis), and
again after all the runs (which also hold the benchmark's own text list).
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


def rss_mb():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def read_texts(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        column = "text" if "text" in reader.fieldnames else "review"
        return [row[column] for row in reader if row[column].strip()]


def rate(function, texts):
    started = time.perf_counter()
    for text in texts:
        function(text)
    return len(texts) / (time.perf_counter() - started)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", default=str(ADDON / "data" / "devset.csv"))
    parser.add_argument("--count", type=int, default=30000)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    base = read_texts(args.texts)
    texts = (base * (args.count // len(base) + 1))[: args.count]
    gc.collect()
    before = rss_mb()

    package = types.ModuleType("wx_nlp")
    package.__path__ = [str(ADDON)]
    sys.modules.setdefault("wx_nlp", package)
    started = time.perf_counter()
    from wx_nlp import engine as nlp

    engine = nlp.get_engine()
    engine.analyze("预热：草莓发霉了")
    load_seconds = time.perf_counter() - started
    gc.collect()
    loaded = rss_mb() - before

    sentiment_rate = rate(engine.sentiment, texts)
    full_rate = rate(engine.analyze, texts)
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
    sizes = {
        p.name: p.stat().st_size
        for p in sorted(data.iterdir())
        if p.is_file() and p.suffix in (".wxm", ".gz", ".txt")
    }
    total = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
    mean_chars = statistics.mean(map(len, base))
    print(f"texts: {len(texts)} (from {args.texts}, mean {mean_chars:.0f} chars)")
    print(f"load_s={load_seconds:.2f} backend={engine.resources.tokenizer.backend}")
    print(f"sentiment_texts_per_s={sentiment_rate:.0f}")
    print(f"full_pipeline_texts_per_s={full_rate:.0f}")
    print(f"analyze_many_texts_per_s={batch_rate:.0f}")
    print(
        f"latency_ms p50={p50:.3f} p95={p95:.3f} p99={p99:.3f} max={latencies[-1]:.3f}"
    )
    print(f"latency_ms_10000_chars={long_ms:.1f}")
    print(f"memory_growth_mb loaded={loaded:.1f} after_runs={growth:.1f}")
    for name, size in sizes.items():
        print(f"file {name} {size / 2**20:.2f} MB")
    print(f"data_dir_total_mb={total / 2**20:.2f}")


if __name__ == "__main__":
    main()
