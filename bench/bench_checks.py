"""One edit in 表三 to updated findings, through the real window (offscreen) and in the model alone.

.venv/bin/python bench/bench_checks.py [--edits 1000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(sorted_times: list[float], p: float) -> float:
    return sorted_times[min(len(sorted_times) - 1, int(len(sorted_times) * p))]


def report_line(what: str, times: list[float]) -> str:
    times = sorted(times)
    return (
        f"{what}, {len(times)} edits: p50 {percentile(times, 0.5) * 1000:.2f} ms, "
        f"p99 {percentile(times, 0.99) * 1000:.2f} ms, worst {times[-1] * 1000:.2f} ms"
    )


def value_for(i: int) -> str:
    """Every edit really changes its cell: no two edits type the same number."""
    return str(10 + i)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=1000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("NIANBAO_DATA_DIR", str(ROOT / ".bench-data"))
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow
    from model.draft_store import load_draft
    from model.editor import VALUE, Editor

    sample = ROOT / "samples" / "jinling-2022.json"
    app = QApplication([])
    window = MainWindow(load_draft(sample), sample)
    window.show()
    app.processEvents()
    model = window.table_pages["t3"].model
    codes = [c.code for c in window.report.fmt.input_cells if c.code.startswith("t3.")]
    times = []
    for i in range(args.edits):
        index = model.index_of(codes[i % len(codes)])
        start = time.perf_counter()
        changed = model.setData(index, value_for(i))  # the window re-checks and recolours synchronously
        app.processEvents()
        times.append(time.perf_counter() - start)
        assert changed
    assert window.findings is not None
    print(report_line("window: edit in 表三 to updated findings and repaint", times))

    window_times = times
    editor = Editor(load_draft(sample))  # the same edit path the window uses, with no window
    times = []
    for i in range(args.edits):
        start = time.perf_counter()
        result = editor.enter([(VALUE, codes[i % len(codes)], value_for(i))], "输入")
        times.append(time.perf_counter() - start)
        assert result.changed
    print(report_line("model only: Editor.enter (normalise, apply, all checks)", times))
    overhead = percentile(sorted(window_times), 0.5) - percentile(sorted(times), 0.5)
    print(f"the window adds {overhead * 1000:.2f} ms at p50 to the model's edit (repaint of one grid, findings page)")
    window.modified = False
    window.close()
    sys.stdout.flush()
    os._exit(0)  # PySide6 6.12 can crash while tearing down at interpreter exit; nothing is left to save


if __name__ == "__main__":
    sys.exit(main())
