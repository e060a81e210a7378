"""Start-up time: from a fresh interpreter to the window shown with the 2021 sample (offscreen).

    .venv/bin/python bench/bench_startup.py [--runs 5]

Prints the wall time of each whole process and the in-process time to the first painted window.
Not a test: timings on shared machines vary, so they are read by people, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import time; t0 = time.perf_counter()
import sys; sys.path.insert(0, {root!r})
from PySide6.QtWidgets import QApplication
from gui.main import apply_app_font
from gui.main_window import MainWindow
from model.draft_store import load_draft
from pathlib import Path
app = QApplication([]); apply_app_font(app)
sample = Path({sample!r})
window = MainWindow(load_draft(sample), sample); window.show(); app.processEvents()
elapsed = time.perf_counter() - t0
try:
    import resource; peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
except ImportError:
    peak = 0.0
print(peak); print(elapsed)
window.modified = False; window.close()
import os; os._exit(0)
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NIANBAO_DATA_DIR=str(ROOT / ".bench-data"))
    code = CHILD.format(root=str(ROOT), sample=str(ROOT / "samples" / "jinling-2022.json"))
    walls, inside, peaks = [], [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        walls.append(time.perf_counter() - start)
        *_, peak, elapsed = done.stdout.strip().splitlines()
        inside.append(float(elapsed))
        peaks.append(float(peak))
    print(
        f"process start to window shown, {args.runs} runs: "
        f"median {statistics.median(walls) * 1000:.0f} ms, best {min(walls) * 1000:.0f} ms (whole process)"
    )
    print(f"imports + window build + first events: median {statistics.median(inside) * 1000:.0f} ms (goal ≤ 800 ms)")
    if max(peaks):
        print(f"window process peak memory: {max(peaks):.0f} MB (goal ≤ 150 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
