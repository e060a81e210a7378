"""汇总 of many township files: generate N .xlsx exports in a temp folder, then time consolidating them.

    .venv/bin/python bench/bench_consolidate.py [--files 1000] [--keep]

Prints the time to generate the files (export_xlsx's own work, reported separately), to read and
check them all, and to write the 汇总 workbook. Goal: consolidating 1,000 files in under 20 s.
Not a test: timings on shared machines vary, so they are read by people, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def township(fmt, year: int, organ: str, rng: random.Random):
    """A complete, balanced report with random numbers."""
    from model.report import Report

    report = Report.new(fmt, organ=organ, year=year, county="测试县", city="测试市")
    report.meta.date = dt.date(year + 1, 1, 20)
    for part in fmt.narrative_parts():
        report.set_text(part.code, "本年度按照有关要求认真开展各项工作，具体情况如下所述，特此报告说明。" * 5)
    for cell in fmt.input_cells:
        if cell.kind == "money":
            report.set_value(cell.code, Decimal(rng.randint(0, 999999)) / Decimal(10000))
        elif cell.table.code != "t3":
            report.set_value(cell.code, rng.randint(0, 20))
        else:
            report.set_value(cell.code, 0)
    for col in ("natural", "company", "research", "nonprofit", "legal_service", "other"):
        a, b = rng.randint(0, 9), rng.randint(0, 9)
        report.set_value(f"t3.disclosed.{col}", a)
        report.set_value(f"t3.new.{col}", a + b)
        report.set_value(f"t3.partial.{col}", b)
    for code, fld in fmt.fields.items():
        report.fields[code] = Decimal(rng.randint(0, 9999)) / 100 if fld.kind == "money" else rng.randint(0, 3)
    return report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder and print where it is")
    args = parser.parse_args()
    from exporters.county.consolidate import consolidate
    from exporters.county.writer import write_consolidation
    from exporters.xlsx.writer import xlsx_bytes
    from model.checks import run_checks
    from model.formats import get_format

    folder = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    try:
        fmt = get_format("2021")
        rng = random.Random(1)
        start = time.perf_counter()
        for i in range(args.files):
            report = township(fmt, 2022, f"第{i:04d}镇人民政府", rng)
            (folder / f"{i:04d}.xlsx").write_bytes(xlsx_bytes(report, run_checks(report)))
        generated = time.perf_counter() - start
        size = sum(p.stat().st_size for p in folder.iterdir())
        print(
            f"generated {args.files} township .xlsx files in {generated:.1f} s "
            f"({generated / args.files * 1000:.0f} ms each, {size / args.files / 1024:.0f} kB each)"
        )

        start = time.perf_counter()
        result = consolidate([folder])
        read = time.perf_counter() - start
        out = folder.parent / f"{folder.name}-汇总.xlsx"
        start = time.perf_counter()
        write_consolidation(result, out)
        written = time.perf_counter() - start
        statuses = {}
        for e in result.entries:
            statuses[e.status] = statuses.get(e.status, 0) + 1
        print(
            f"read and checked {len(result.entries)} files in {read:.1f} s "
            f"({read / len(result.entries) * 1000:.1f} ms each); "
            f"statuses {statuses}"
        )
        print(f"wrote the 汇总 workbook ({out.stat().st_size / 1024 / 1024:.1f} MB) in {written:.1f} s")
        print(f"consolidation total: {read + written:.1f} s (goal: under 20 s for 1,000 files)")
        if args.keep:
            print(f"files kept in {folder}; workbook {out}")
        else:
            out.unlink()
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
