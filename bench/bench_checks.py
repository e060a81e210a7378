"""The live check after every keystroke: one edit of 表三 followed by every check, on the 2021 sample.

    .venv/bin/python bench/bench_checks.py [--rounds 2000]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    from model.checks import run_checks
    from model.draft_store import load_draft

    report = load_draft(ROOT / "samples" / "jinling-2022.json")
    codes = [c.code for c in report.fmt.input_cells if c.code.startswith("t3.")]
    times = []
    for i in range(args.rounds):
        start = time.perf_counter()
        report.enter(codes[i % len(codes)], str(i % 3))
        run_checks(report)
        times.append(time.perf_counter() - start)
    times.sort()
    print(f"edit + all checks, {args.rounds} rounds: median {statistics.median(times) * 1000:.2f} ms, "
          f"95th percentile {times[int(len(times) * 0.95)] * 1000:.2f} ms, worst {times[-1] * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
