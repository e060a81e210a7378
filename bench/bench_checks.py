"""One edit in 表三 to updated findings, through the real window (offscreen) and in the model alone.

.venv/bin/python bench/bench_checks.py [--edits 1000]

The window's edit is timed from setData on 表三's model to the end of the events it causes: the
checks run inside the edit (Editor.enter), 表三 is the page shown and repaints, the status bar's
counts and the 检查结果 page (built before timing, as once the clerk has looked at it) are redrawn
from the new findings. Every 100th edit, outside the timed span, the window's counts are compared
with a fresh run of the checks.

The model-only edit is the same call the window's 表三 makes (Editor.enter with the same entry,
name and place) on a report of its own, with no window listening. The two are timed in alternating
blocks of ten edits, so that both see the machine in the same state: on a shared machine the speed
drifts by half within seconds, and two loops run one after the other compared two machines.
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
    from model.checks import run_checks
    from model.draft_store import load_draft
    from model.editor import VALUE, Editor
    from model.findings import count_by_severity

    sample = ROOT / "samples" / "jinling-2022.json"
    app = QApplication([])
    window = MainWindow(load_draft(sample), sample)
    window.show()
    page = window.table_pages["t3"]
    window.show_page(page)  # 表三 on screen: its grid really repaints
    findings_page = window.findings_page  # built, and so redrawn after every edit
    app.processEvents()
    model = page.model
    codes = [c.code for c in window.report.fmt.input_cells if c.code.startswith("t3.")]
    editor = Editor(load_draft(sample))  # the same edit path the window uses, with no window
    name = f"填写{window.report.fmt.tables['t3'].name}"
    window_times: list[float] = []
    times: list[float] = []
    block = 10
    for first in range(0, args.edits, block):
        for i in range(first, min(first + block, args.edits)):
            index = model.index_of(codes[i % len(codes)])
            start = time.perf_counter()
            changed = model.setData(index, value_for(i))  # the window re-checks and recolours synchronously
            app.processEvents()
            window_times.append(time.perf_counter() - start)
            assert changed
            if i % 100 == 0:  # the window shows the findings of the report as it now is
                counts = count_by_severity(run_checks(window.report))
                shown = window.counts_label.text()
                assert shown == f"错误 {counts['error']}　警告 {counts['warning']}　提示 {counts['hint']}", shown
                assert len(findings_page.findings) == sum(counts.values())
        for i in range(first, min(first + block, args.edits)):
            start = time.perf_counter()
            result = editor.enter([(VALUE, codes[i % len(codes)], value_for(i))], name, place="t3")
            times.append(time.perf_counter() - start)
            assert result.changed
    print(report_line("window: edit in 表三 to updated findings and repaint", window_times))
    print(report_line("model only: Editor.enter (normalise, apply, all checks)", times))
    window_p99, model_p99 = percentile(sorted(window_times), 0.99), percentile(sorted(times), 0.99)
    print(
        f"edit to updated findings: window p99 {window_p99 * 1000:.2f} ms vs model p99 {model_p99 * 1000:.2f} ms "
        f"(ratio {window_p99 / model_p99:.2f}×, goal ≤ 2×; {args.edits} edits each)"
    )
    print(
        f"ROW\tedit in 表三 to updated findings (p99, {args.edits} edits)\twindow {window_p99 * 1000:.1f} ms\t"
        f"model only {model_p99 * 1000:.1f} ms\t{window_p99 / model_p99:.2f}×\t≤ 2×"
    )
    window.modified = False
    window.close()
    sys.stdout.flush()
    os._exit(0)  # PySide6 6.12 can crash while tearing down at interpreter exit; nothing is left to save


if __name__ == "__main__":
    sys.exit(main())
