# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the wx_nlp engine: throughput, latency, memory, model sizes.

Runs pinned to one CPU core and prints figures; it asserts nothing (timings
belong in a report, not in tests). Rates are given per wall-clock second and
per CPU second of the process (on a shared machine the wall clock also counts
the time other processes hold the core), as the minimum and the median of
``--repeat`` runs::

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
    """``(texts per wall second, texts per CPU second of this process)``."""
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        function(text)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return len(texts) / wall, len(texts) / max(cpu, 1e-9)


def spread(values):
    return f"min={min(values):.0f} median={statistics.median(values):.0f}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", default=str(ADDON / "data" / "devset.csv"))
    parser.add_argument("--count", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each")
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
    sizes = {
        p.name: p.stat().st_size
        for p in sorted(data.iterdir())
        if p.is_file() and p.suffix in (".wxm", ".gz", ".txt")
    }
    total = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
    mean_chars = statistics.mean(map(len, base))
    print(f"texts: {len(texts)} (from {args.texts}, mean {mean_chars:.0f} chars)")
    print(f"load_s={load_seconds:.2f} backend={engine.resources.tokenizer.backend}")
    print(f"sentiment_first_pass_texts_per_s wall={cold[0]:.0f} cpu={cold[1]:.0f}")
    for name, runs in (("sentiment", sentiment_runs), ("full_pipeline", full_runs)):
        print(
            f"{name}_texts_per_s wall {spread([r[0] for r in runs])} "
            f"cpu {spread([r[1] for r in runs])}"
        )
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
