"""Export of the 2021 sample, as the 导出 command does it (checks, build, atomic write).

    .venv/bin/python bench/bench_export.py [--kind docx|xlsx|both] [--rounds 10]

The first call pays for importing python-docx / openpyxl and is reported apart.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOALS_MS = {"docx": 1000, "xlsx": 500}


def bench(kind: str, rounds: int) -> str:
    from model.draft_store import load_draft

    if kind == "docx":
        from exporters.docx.writer import export_docx as export
    else:
        from exporters.xlsx.writer import export_xlsx as export
    report = load_draft(ROOT / "samples" / "jinling-2022.json")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"报告.{kind}"
        start = time.perf_counter()
        export(report, target)
        first = time.perf_counter() - start
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            export(report, target)
            times.append(time.perf_counter() - start)
        size = target.stat().st_size
    return (
        f".{kind} export, 2021 sample ({size / 1024:.0f} kB): first call {first * 1000:.0f} ms (with imports); "
        f"{rounds} rounds: median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
        f"(goal ≤ {GOALS_MS[kind]} ms)"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", choices=["docx", "xlsx", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    for kind in ["docx", "xlsx"] if args.kind == "both" else [args.kind]:
        print(bench(kind, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
