"""Start-up time: from a fresh interpreter to the first paint of the window with the 2021 sample open,
beside a bare QMainWindow of the same Qt, measured side by side in one run (offscreen).

    .venv/bin/python bench/bench_startup.py [--runs 20]

Ours is the program's own start: app.py with the sample, through gui.main.run() — the crash handler,
Qt's Chinese texts, the look for recovery copies, the draft's lock, the window — with only app.exec()
replaced by one turn of the event loop (which paints what run() has shown) and a wait for the checks.

Each run starts one bare process and one of ours, alternately (bare, ours, bare, ours …), so that
both see the same machine; a ratio is the median of each run's ratio to the bare run beside it.
Both are timed the same way: in the process, from its first line to after show() and the first
processEvents() (the window painted); from the moment the process is started to that first paint,
the interpreter's own start-up included (the child's clock is the parent's: CLOCK_MONOTONIC); and
the whole process to its exit, which for ours includes waiting for the checks. Bytecode is cached
(in .bench-data/pycache), as it is once the program is installed; a first run of each, not counted,
writes it. Our process also reports when the status bar's counts of
错误/警告/提示 were shown (the checks run right after the first paint) and its peak memory. Two
reading aids run beside them: the bare window showing one line of Chinese (what text itself costs)
and our window built directly, without the program's start-up around it.

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
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "jinling-2022.json"

BARE = r"""
import time; t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow(); window.resize(1000, 700); window.show(); app.processEvents()
painted_at = time.perf_counter(); elapsed = painted_at - t0
{tail}
"""

# Not the goal's reference, a reading aid: the same bare window showing one line of Chinese in the
# program's font list. Text at all costs Qt its font database and a CJK face's first glyphs.
BARE_TEXT = r"""
import time; t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
font = app.font(); font.setFamilies({families!r}); app.setFont(font)
window = QMainWindow(); window.setCentralWidget(QLabel("政府信息公开工作年度报告", window))
window.resize(1000, 700); window.show(); app.processEvents()
painted_at = time.perf_counter(); elapsed = painted_at - t0
{tail}
"""

# The program's own start, as ./tools/start.sh makes it: app.py with the sample draft, through
# gui.main.run() (crash handler, Qt's Chinese texts, recovery copies looked for, the draft's lock).
# Only app.exec() is replaced: one turn of the event loop paints the window that run() has shown.
OURS = r"""
import time; t0 = time.perf_counter()
import sys; sys.path.insert(0, {root!r})
sys.argv = ["app.py", {sample!r}]
from PySide6.QtWidgets import QApplication
def first_paint(app):
    global painted_at, elapsed, painted, counts
    app.processEvents()
    painted_at = time.perf_counter(); elapsed = painted_at - t0
    window = next(w for w in app.topLevelWidgets() if hasattr(w, "counts_label"))
    painted = window.windowHandle().isExposed()
    while not window.counts_label.text() and time.perf_counter() - t0 < 10:  # the checks, after the paint
        app.processEvents()
    counts = time.perf_counter() - t0
    if window.lock is not None:
        window.lock.release()
    return 0
QApplication.exec = first_paint
import app
app.main()
print("painted" if painted else "not painted")
print(counts)
{tail}
"""

# A reading aid: the window built directly (no crash handler, translator, recovery or lock), as this
# bench measured the start before it ran the program's own.
WINDOW_ONLY = r"""
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
painted_at = time.perf_counter(); elapsed = painted_at - t0
{tail}
"""

TAIL = r"""
try:
    import resource; peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
except ImportError:
    peak = 0.0
print(painted_at); print(peak); print(elapsed)
import os, sys; sys.stdout.flush(); os._exit(0)
"""


def run_child(code: str, env: dict[str, str]) -> tuple[float, float | None, list[str]]:
    """The whole process's wall time, the time from starting it to its first paint, and its output.
    The child prints time.perf_counter() at its first paint: on Linux that is CLOCK_MONOTONIC, one
    clock for every process, so that the start includes the interpreter's own start-up (None where
    the reading shows the clock is not shared)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    end = time.perf_counter()
    lines = done.stdout.strip().splitlines()
    painted_at = float(lines[-3])
    return end - start, (painted_at - start if start <= painted_at <= end else None), lines


def paired(ours: list[float], reference: list[float]) -> float:
    """The median of each run's ratio to the reference run beside it. The machine's speed drifts by
    half within seconds here: a ratio of runs a second apart cancels the drift that a ratio of two
    medians over the whole bench keeps."""
    return statistics.median(o / r for o, r in zip(ours, reference))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    # The data folder found as on a clerk's machine (platformdirs, here under XDG_DATA_HOME), not
    # given by NIANBAO_DATA_DIR, which only tests and portable copies set: its lookup is part of the start.
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(ROOT / ".bench-data" / "xdg"),
        PYTHONPYCACHEPREFIX=str(ROOT / ".bench-data" / "pycache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("NIANBAO_DATA_DIR", None)
    bare = BARE.format(tail=TAIL)
    sys.path.insert(0, str(ROOT))
    from gui.main import UI_FONT_FAMILIES

    bare_text = BARE_TEXT.format(families=UI_FONT_FAMILIES, tail=TAIL)
    ours = OURS.format(root=str(ROOT), sample=str(SAMPLE), tail=TAIL)
    window_only = WINDOW_ONLY.format(root=str(ROOT), sample=str(SAMPLE), tail=TAIL)
    run_child(bare, env)  # the bytecode caches, not counted
    run_child(bare_text, env)
    run_child(ours, env)
    run_child(window_only, env)
    text_in: list[float] = []
    window_in: list[float] = []
    bare_in, bare_wall, ours_in, ours_wall, counts_at, peaks, unpainted = [], [], [], [], [], [], 0
    bare_spawn: list[float | None] = []
    ours_spawn: list[float | None] = []
    for _ in range(args.runs):
        wall, spawned, out = run_child(bare, env)
        bare_wall.append(wall)
        bare_spawn.append(spawned)
        bare_in.append(float(out[-1]))
        text_in.append(float(run_child(bare_text, env)[2][-1]))
        window_in.append(float(run_child(window_only, env)[2][-1]))
        wall, spawned, out = run_child(ours, env)
        *_, painted, counts, _painted_at, peak, elapsed = out
        ours_wall.append(wall)
        ours_spawn.append(spawned)
        ours_in.append(float(elapsed))
        counts_at.append(float(counts))
        peaks.append(float(peak))
        unpainted += painted != "painted"
    window, plain = statistics.median(ours_in), statistics.median(bare_in)
    ratio = paired(ours_in, bare_in)
    print(
        f"start to first paint: window median {ms(window)} vs bare QMainWindow median {ms(plain)} "
        f"(ratio {ratio:.2f}×, goal ≤ 1.5×; {args.runs} runs each, interleaved, in-process; "
        f"ratio of the medians {window / plain:.2f}×)"
    )
    print(
        f"ROW\tstart to first paint (median, in-process)\t{ms(window)}\tbare QMainWindow {ms(plain)}\t"
        f"{ratio:.2f}×\t≤ 1.5×"
    )
    text = statistics.median(text_in)
    print(
        f"ROW\t(reading aid) bare QMainWindow with one line of Chinese\t{ms(text)}\tbare QMainWindow {ms(plain)}\t"
        f"{paired(text_in, bare_in):.2f}×\t"
    )
    print(
        f"ROW\t(reading aid) the window built directly, without the program's start-up\t"
        f"{ms(statistics.median(window_in))}\tbare QMainWindow {ms(plain)}\t{paired(window_in, bare_in):.2f}×\t"
    )
    print(
        f"ROW\tstart to first paint, against a window that shows Chinese\t{ms(window)}\t"
        f"bare QMainWindow with one line of Chinese {ms(text)}\t{paired(ours_in, text_in):.2f}×\t"
    )
    if None in bare_spawn or None in ours_spawn:
        print("process start to first paint: not measured (the child's clock is not the parent's here)")
    else:
        spawn_ours = [cast(float, s) for s in ours_spawn]
        spawn_bare = [cast(float, s) for s in bare_spawn]
        at_ours, at_bare = statistics.median(spawn_ours), statistics.median(spawn_bare)
        print(
            f"process start to first paint (the interpreter's start-up included): window median {ms(at_ours)} "
            f"vs bare QMainWindow median {ms(at_bare)} (ratio {paired(spawn_ours, spawn_bare):.2f}×)"
        )
        print(
            f"ROW\tprocess start to first paint (median)\t{ms(at_ours)}\tbare QMainWindow {ms(at_bare)}\t"
            f"{paired(spawn_ours, spawn_bare):.2f}×\t≤ 1.5×"
        )
    wall_ours, wall_bare = statistics.median(ours_wall), statistics.median(bare_wall)
    print(
        f"whole process, to its exit (the window's waits for the checks' counts first): window median "
        f"{ms(wall_ours)} vs bare QMainWindow median {ms(wall_bare)} (ratio {paired(ours_wall, bare_wall):.2f}×)"
    )
    print(f"start to the status bar's counts (checks after the first paint): median {ms(statistics.median(counts_at))}")
    if unpainted:
        print(f"WARNING: in {unpainted} of {args.runs} runs the window was not yet exposed when timed")
    if max(peaks):
        print(f"window process peak memory: {max(peaks):.0f} MB (goal ≤ 150 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
