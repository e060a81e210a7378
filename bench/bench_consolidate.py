"""Per-file cost of a 汇总 beside LibreOffice opening the same file, and parallel beside serial.

    .venv/bin/python bench/bench_consolidate.py [--files 1000] [--lo-files 5]

The township files are made as bench/townships.py makes them (genuine exports, kept in
.bench-data/scale). LibreOffice's reference: `soffice --headless --convert-to csv` of one file,
one process per file as a clerk's double-click would open it (its profile made beforehand, so
that only the opening is counted), the median over --lo-files files; and its cost per file when
one process converts all of them (the start shared). Ours: consolidate() of --files files, read
and checked (the workbook written is timed apart), in worker processes and in this one.
Not a test: timings on shared machines vary, so they are read by people, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
GOAL_RATIO = 150


def township_files(n: int) -> list[Path]:
    """The first n of the townships bench_scale.py makes (the same files, made once for both)."""
    from bench_scale import CITIES, COUNTIES, DATA, SIZES, prepared

    prepared(SIZES, CITIES, COUNTIES)
    everyone = sorted((DATA / "townships").iterdir())
    if n > len(everyone):
        raise SystemExit(f"at most {len(everyone)} files")
    return everyone[:n]


def libreoffice(files: list[Path]) -> tuple[float, float] | None:
    """(median seconds to open and convert one file in its own process, seconds a file in one batch)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="lo-bench-") as folder:
        profile = Path(folder) / "profile"
        out = Path(folder) / "out"

        def run(paths: list[Path]) -> float:
            start = time.perf_counter()
            subprocess.run(
                [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
                + ["--convert-to", "csv", "--outdir", str(out), *map(str, paths)],
                capture_output=True,
                check=True,
                env=dict(os.environ, FONTCONFIG_FILE=str(ROOT / "tools" / "fontconfig" / "fonts.conf")),
            )
            return time.perf_counter() - start

        run(files[:1])  # the profile is made once, as on a clerk's PC
        single = statistics.median(run([f]) for f in files)
        batch = run(files) / len(files)
    return single, batch


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--lo-files", type=int, default=5)
    args = parser.parse_args()
    from exporters.county.consolidate import consolidate
    from exporters.county.parallel import worker_count
    from exporters.county.writer import consolidation_bytes

    files = township_files(args.files)
    lo = libreoffice(files[: args.lo_files])
    consolidate(files[:2], workers=1)  # imports paid before timing, as in a running program
    times = {}
    for workers in (None, 1):
        start = time.perf_counter()
        c = consolidate(files, workers=workers)
        times[workers] = time.perf_counter() - start
        assert len(c.included) == len(files), {e.status for e in c.entries}
    start = time.perf_counter()
    data = consolidation_bytes(c)
    written = time.perf_counter() - start
    n = len(files)
    ours, serial = times[None] / n, times[1] / n
    procs = worker_count(n)
    print(
        f"per file, read and checked: {ours * 1000:.1f} ms in {procs} reading processes, "
        f"{serial * 1000:.1f} ms in one ({n} files; {times[None]:.1f} s against {times[1]:.1f} s)"
    )
    if lo is not None:
        single, batch = lo
        print(
            f"LibreOffice opening the same file: {single * 1000:.0f} ms (its own process), "
            f"{batch * 1000:.0f} ms a file when one process converts {args.lo_files}"
        )
        print(
            f"ROW\tconsolidation, cost of one township file\t{ours * 1000:.1f} ms\t"
            f"LibreOffice opening it: {single * 1000:.0f} ms\t{single / ours:.0f}× cheaper\t≥ {GOAL_RATIO}×"
        )
        print(
            f"ROW\tconsolidation, cost of one file against LibreOffice's batch\t{ours * 1000:.1f} ms\t"
            f"LibreOffice, {args.lo_files} files in one process: {batch * 1000:.0f} ms a file\t"
            f"{batch / ours:.0f}× cheaper\t"
        )
    else:
        print("LibreOffice is not installed: no reference (./tools/setup.sh test installs it)")
    print(
        f"ROW\tconsolidation in parallel\t{times[None]:.1f} s for {n} files ({procs} processes)\t"
        f"serial: {times[1]:.1f} s\t{times[1] / times[None]:.2f}× faster\t"
    )
    print(f"wrote the 汇总 workbook ({len(data) / 1024 / 1024:.1f} MB) in {written:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
