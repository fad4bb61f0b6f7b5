#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What wx_metrics adds to one HTTP request, and what one scrape costs.

    .venv/bin/python tests/bench/bench_metrics.py [--requests 20000]

In multiprocess mode (a fresh directory): per request, the in-progress gauge
up and down and one histogram observation, as the server-wide wrapper does;
then a scrape (render) of the values written by 3 processes. Prints
microseconds per request and milliseconds per scrape. Compare with
tests/bench/bench_h5.py --metrics on|off, whose p95 is dominated by the
machine's load.
"""

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
package = types.ModuleType("wx_metrics")  # its __init__ would load Odoo
package.__path__ = [str(ROOT / "addons" / "wx_metrics")]
sys.modules["wx_metrics"] = package

from wx_metrics.tools import metrics


def requests(count):
    paths = ["/fb/1/2/3/sig", "/web/dataset/call_kw", "/my/orders", "/json/2/x/y"]
    started = time.perf_counter()
    for index in range(count):
        path = paths[index % len(paths)]
        gauge = metrics.in_progress(path)
        gauge.inc()
        gauge.dec()
        metrics.observe_request(path, "200 OK", 0.12)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    args = parser.parse_args()
    directory = metrics.setup(tempfile.mkdtemp(prefix="wxf-bench-metrics-"))
    elapsed = requests(args.requests)
    print(
        f"instrumentation: {elapsed / args.requests * 1e6:.1f} us per request"
        f" ({args.requests} requests, pid {os.getpid()})"
    )
    ctx = multiprocessing.get_context("fork")
    for _ in range(2):
        proc = ctx.Process(target=requests, args=(1000,))
        proc.start()
        proc.join()
    started = time.perf_counter()
    for _ in range(20):
        body, _type = metrics.render("", directory)
    scrape = (time.perf_counter() - started) / 20
    print(f"scrape: {scrape * 1000:.1f} ms for {len(body)} bytes from 3 processes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
