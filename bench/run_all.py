"""Every benchmark, one after the other, each in its own process; then one table of every figure
beside its reference from the same run.

    .venv/bin/python bench/run_all.py          (README: 性能测试; ./tools/bench.sh)

A benchmark prints its details, and for the table lines of the form
ROW<TAB>measure<TAB>ours<TAB>reference<TAB>ratio<TAB>goal. The last column of the table is the
peak memory of the benchmark's process (Linux/macOS; blank on Windows).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BENCHES = [
    ("window start to first paint", ["bench_startup.py", "--runs", "20"]),
    ("edit in 表三 to updated findings", ["bench_checks.py", "--edits", "1000"]),
    (".docx and .xlsx export of the 2021 sample", ["bench_export.py", "--rounds", "10"]),
    ("consolidation: a file's cost, parallel and serial", ["bench_consolidate.py", "--files", "1000"]),
    ("consolidation at scale and 逐级汇总", ["bench_scale.py"]),
]


def run(args: list[str]) -> tuple[int, str, float | None, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NIANBAO_DATA_DIR=str(ROOT / ".bench-data"))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / args[0]), *args[1:]],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    out = proc.stdout.read()
    proc.stdout.close()
    peak = None
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    else:
        proc.wait()
    return proc.returncode, out, peak, time.perf_counter() - start


def main() -> int:
    rows = []
    failed = 0
    for title, args in BENCHES:
        code, out, peak, wall = run(args)
        lines = [line for line in out.splitlines() if line.strip() and "propagateSizeHints" not in line]
        print(f"## {title}  ({wall:.1f} s)")
        print("\n".join(line for line in lines if not line.startswith("ROW\t")))
        print()
        if code != 0:
            failed += 1
            rows.append((title, f"FAILED (exit {code})", "", "", "", ""))
            continue
        for line in lines:
            if line.startswith("ROW\t"):
                cells = (line.split("\t")[1:] + [""] * 5)[:5]
                rows.append((*cells, f"{peak:.0f} MB" if peak else ""))
    print("| measure | ours | reference, same run | ratio | goal | peak memory of the bench process |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
