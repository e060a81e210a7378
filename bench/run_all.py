"""Every benchmark, one after the other, each in its own process; prints a table with peak memory.

    .venv/bin/python bench/run_all.py          (README: 性能测试)

Goals on the reference machine: start ≤ 0.8 s, edit to findings p99 ≤ 5 ms, .docx ≤ 1 s,
.xlsx ≤ 0.5 s, 1,000 township files ≤ 20 s, window peak memory ≤ 150 MB.
Peak memory is the process's maximum resident set size (Linux/macOS; blank on Windows).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BENCHES = [
    ("window start to first paint", ["bench_startup.py", "--runs", "10"]),
    ("edit in 表三 to updated findings", ["bench_checks.py", "--edits", "1000"]),
    (".docx and .xlsx export of the 2021 sample", ["bench_export.py", "--rounds", "10"]),
    ("consolidation of 1,000 township files", ["bench_consolidate.py"]),
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
    for title, args in BENCHES:
        if not (ROOT / "bench" / args[0]).exists():
            rows.append((title, "(script missing)", ""))
            continue
        code, out, peak, wall = run(args)
        lines = [line for line in out.splitlines() if line.strip() and "propagateSizeHints" not in line]
        print(f"## {title}  ({wall:.1f} s)")
        print("\n".join(lines))
        print()
        figures = "; ".join(lines) if code == 0 else f"FAILED (exit {code})"
        rows.append((title, figures, f"{peak:.0f} MB" if peak else ""))
    print("| benchmark | figures | peak memory of the bench process |")
    print("|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
