"""How consolidation grows: 100, 1,000 and 10,000 township files, and 逐级汇总 over 40,000 townships.

    .venv/bin/python bench/bench_scale.py [--sizes 100 1000 10000] [--cities 40 --counties 25]

The inputs are made once (bench/townships.py) and kept in .bench-data/scale. Each measured step
runs in a process of its own, so that its peak memory is its own: the main process's and the
largest of its reading processes'. The hierarchy: 1,000 county 汇总 of 40 townships each
(40,000 units, about the number of 乡镇 and 街道 in China), summed by 40 cities of 25 counties,
and the 40 cities' 汇总 by one province. Not a test: figures are read by people, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DATA = ROOT / ".bench-data" / "scale"
GENERATION = "4"  # bump when bench/townships.py makes different files
SIZES, CITIES, COUNTIES = [100, 1000, 10000], 40, 25


# ------------------------------------------------------------------ inputs, made once


def prepared(sizes: list[int], cities: int, counties: int) -> dict:
    from townships import BASES, Counties, Townships

    from model.formats import get_format

    marker = DATA / "made.json"
    wanted = {"generation": GENERATION, "sizes": sizes, "cities": cities, "counties": counties}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return wanted
    shutil.rmtree(DATA, ignore_errors=True)
    start = time.perf_counter()
    towns = Townships(get_format("2021"))
    everyone = towns.write(DATA / "townships", 0, max(sizes))
    for n in sizes:
        folder = DATA / f"t{n}"
        folder.mkdir(parents=True)
        for path in everyone[:n]:
            os.link(path, folder / path.name)
    books = Counties(towns, DATA / "county-template")
    for city in range(cities):
        folder = DATA / "counties" / f"市{city:02d}"
        folder.mkdir(parents=True)
        for j in range(counties):
            k = city * counties + j
            (folder / f"县{k:04d}汇总.xlsx").write_bytes(books.county_book(k))
    print(
        f"(made {max(sizes)} township files and {cities * counties} county 汇总 of {BASES} townships "
        f"in {time.perf_counter() - start:.0f} s; kept in {DATA.relative_to(ROOT)})"
    )
    marker.write_text(json.dumps(wanted))
    return wanted


# ------------------------------------------------------------------ one measured step, in its own process


def step(inputs: list[Path], outdir: Path, each: bool) -> dict:
    """Consolidate inputs (each: every folder on its own, as each city does) and write the 汇总."""
    import resource

    from exporters.county.consolidate import consolidate
    from exporters.county.writer import write_consolidation

    outdir.mkdir(parents=True, exist_ok=True)
    jobs = [[p] for p in inputs] if each else [inputs]
    read = written = 0.0
    files = units = included = 0
    for job in jobs:
        start = time.perf_counter()
        c = consolidate(job, unit=job[0].name if each else "测试省")
        read += time.perf_counter() - start
        start = time.perf_counter()
        write_consolidation(c, outdir / f"{job[0].name}汇总.xlsx")
        written += time.perf_counter() - start
        files += len(c.entries)
        units += len(c.units)
        included += len(c.included)
    return {
        "read": read,
        "write": written,
        "files": files,
        "included": included,
        "units": units,
        "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def measured(inputs: list[Path], outdir: Path, each: bool = False) -> dict:
    args = [sys.executable, __file__, "--step", str(outdir), *(["--each"] if each else []), *map(str, inputs)]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"step failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(what: str, r: dict) -> str:
    total = r["read"] + r["write"]
    return (
        f"{what}: {total:.1f} s (read and check {r['read']:.1f} s = {r['read'] / r['files'] * 1000:.1f} ms a file, "
        f"write {r['write']:.1f} s); {r['included']}/{r['files']} files summed, {r['units']} townships; "
        f"peak memory {r['main_mb']:.0f} MB main, {r['workers_mb']:.0f} MB largest reading process"
    )


def table_row(what: str, r: dict, base: dict | None) -> str:
    """One line of run_all's table: this step beside the smallest one, per file and in memory."""
    total, per = r["read"] + r["write"], (r["read"] + r["write"]) / r["files"]
    ours = f"{total:.1f} s ({per * 1000:.1f} ms a file), peak {r['main_mb']:.0f} MB"
    if base is None:
        return f"ROW\t{what}\t{ours}\t(the reference of the rows below)\t\t"
    base_per = (base["read"] + base["write"]) / base["files"]
    reference = f"{base['files']} files: {base_per * 1000:.1f} ms a file, peak {base['main_mb']:.0f} MB"
    growth = f"{per / base_per:.2f}× the time a file, {r['main_mb'] - base['main_mb']:+.0f} MB"
    return f"ROW\t{what}\t{ours}\t{reference}\t{growth}\ttime a file flat, memory flat"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    parser.add_argument("--cities", type=int, default=CITIES)
    parser.add_argument("--counties", type=int, default=COUNTIES, help="counties per city (40 townships each)")
    parser.add_argument("--step", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--each", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("inputs", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.inputs, args.step, args.each)))
        return 0
    prepared(sorted(args.sizes), args.cities, args.counties)
    out = DATA / "out"
    shutil.rmtree(out, ignore_errors=True)
    from exporters.county.parallel import worker_count

    print(f"(reading processes on this machine: {worker_count(max(args.sizes))})")
    base = None
    for n in sorted(args.sizes):
        r = measured([DATA / f"t{n}"], out / f"t{n}")
        print(row(f"county 汇总 of {n} township files", r))
        print(table_row(f"汇总 of {n} township files", r, base))
        base = base or r
    cities = sorted((DATA / "counties").iterdir())
    r = measured(cities, out / "cities", each=True)
    what = f"city level: {len(cities)} cities each summing {args.counties} county 汇总"
    print(row(what, r))
    print(table_row(what, r, None))
    r = measured(sorted((out / "cities").iterdir()), out / "province")
    what = f"province level: one 汇总 of {len(cities)} city 汇总 ({r['units']} townships)"
    print(row(what, r))
    print(table_row(what, r, None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
