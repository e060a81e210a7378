"""Township files and county 汇总 for the benchmarks: many, distinct, genuine, and quick to make.

Writing one township .xlsx with openpyxl takes about 0.2 s, so 10,000 would take half an hour.
Instead BASES reports with their own random figures and prose are exported by the real writer,
and township i is base i % BASES with its 机关名称 (第00042镇人民政府) and 县 (测试0001县) put in
every part where the writer put them, the 数据校验码 computed again for the new report, the zip
written again and stamped: byte for byte what the writer would export for that report (the
benchmark checks that every file reads back as exported: checksum right, no problem found).
Townships are in counties of BASES, each county holding every base once: no two townships of a
county share their prose, so 正文雷同 compares them all and finds nothing, as in a real county.

County 汇总 are made the same way from one real 汇总 of the BASES townships of county 0: the
township and county names replaced, the carried checksum computed again. Their units' report
checksums are those of the template's townships (no township file exists for them).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from decimal import Decimal
from pathlib import Path

BASES = 40
YEAR = 2022
EXPORTED = dt.datetime(2023, 1, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def organ(i: int) -> str:
    return f"第{i:05d}镇人民政府"


def county(k: int) -> str:
    return f"测试{k:04d}县"


def _refs(text: str) -> bytes:
    """As openpyxl writes text into a sheet: every non-ASCII character as a character reference."""
    return "".join(ch if ord(ch) < 128 else f"&#{ord(ch)};" for ch in text).encode("ascii")


def _forms(text: str) -> tuple[bytes, bytes]:
    return text.encode("utf-8"), _refs(text)


def township_report(fmt, i: int, rng: random.Random):
    """A complete, balanced report with random figures and random prose of its own."""
    from model.report import Report

    report = Report.new(fmt, organ=organ(i), year=YEAR, county=county(0), city="测试市")
    report.meta.date = dt.date(YEAR + 1, 1, 20)
    for part in fmt.narrative_parts():
        report.set_text(part.code, "".join(rng.choice(PHRASES) for _ in range(60)) + "。")
    for cell in fmt.input_cells:
        if cell.kind == "money":
            report.set_value(cell.code, Decimal(rng.randint(0, 999999)) / Decimal(10000))
        elif cell.kind == "signed":
            report.set_value(cell.code, rng.randint(-5, 5))
        elif cell.table.code == "t3" or cell.row.code == "regulation":
            report.set_value(cell.code, 0)  # 表三 balanced below; a township makes no 规章
        else:
            report.set_value(cell.code, rng.randint(0, 20))
    for col in ("natural", "company", "research", "nonprofit", "legal_service", "other"):
        a, b = rng.randint(0, 9), rng.randint(0, 9)
        report.set_value(f"t3.disclosed.{col}", a)
        report.set_value(f"t3.new.{col}", a + b)
        report.set_value(f"t3.partial.{col}", b)
    for code, fld in fmt.fields.items():
        report.fields[code] = Decimal(rng.randint(0, 9999)) / 100 if fld.kind == "money" else rng.randint(0, 3)
    return report


PHRASES = "加强 规范 完善 落实 推进 深化 公开 专栏 目录 指南 培训 考核 制度 平台 网站 政务 信息 群众 监督 审核 发布 更新 及时 准确 便民 服务 窗口 解读 回应 关切 村务 财务 党务 惠民 政策 资金 项目 重点 领域 乡村".split()  # noqa: E501


def _rezip(parts: list[tuple[zipfile.ZipInfo, bytes]], swaps: list[tuple[bytes, bytes]]) -> bytes:
    from exporters.xlsx.stamp import stamp

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info, data in parts:
            for old, new in swaps:
                data = data.replace(old, new)
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return stamp(out.getvalue())


class Townships:
    """township(i): the bytes of township i's .xlsx export, i = 0, 1, 2, …"""

    def __init__(self, fmt, seed: int = 1):
        from exporters.xlsx.writer import xlsx_bytes
        from model.checks import run_checks

        rng = random.Random(seed)
        self.fmt = fmt
        self.reports = [township_report(fmt, j, rng) for j in range(BASES)]
        self.parts = []
        self.sums = []
        for report in self.reports:
            data = xlsx_bytes(report, run_checks(report), exported_at=EXPORTED)
            z = zipfile.ZipFile(io.BytesIO(data))
            self.parts.append([(info, z.read(info)) for info in z.infolist()])
            self.sums.append(self._checksum(report, report.meta.organ, report.meta.county))

    @staticmethod
    def _checksum(report, organ_name: str, county_name: str) -> str:
        from exporters.xlsx.common import checksum
        from model.draft_store import draft_to_dict

        kept = report.meta.organ, report.meta.county
        report.meta.organ, report.meta.county = organ_name, county_name
        try:
            return checksum(draft_to_dict(report))
        finally:
            report.meta.organ, report.meta.county = kept

    def township(self, i: int) -> bytes:
        j, k = i % BASES, i // BASES
        report = self.reports[j]
        swaps = [
            *zip(_forms(organ(j)[:7]), _forms(organ(i)[:7])),  # 「第00042镇」: also inside titles
            *zip(_forms(county(0)), _forms(county(k))),
            (self.sums[j].encode("ascii"), self._checksum(report, organ(i), county(k)).encode("ascii")),
        ]
        return _rezip(self.parts[j], swaps)

    def write(self, folder: Path, first: int, count: int) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for i in range(first, first + count):
            path = folder / f"{i:05d}.xlsx"
            path.write_bytes(self.township(i))
            paths.append(path)
        return paths


class Counties:
    """county_book(k): the bytes of county k's 汇总 of its BASES townships."""

    def __init__(self, towns: Townships, folder: Path):
        from exporters.county.carried import read_carried
        from exporters.county.consolidate import consolidate
        from exporters.county.writer import consolidation_bytes
        from exporters.xlsx.cells import open_book

        paths = towns.write(folder / "template", 0, BASES)
        c = consolidate(paths, unit=county(0), workers=1)
        assert all(e.included for e in c.entries), [e.reason for e in c.entries if not e.included]
        data = consolidation_bytes(c)
        self.carried = read_carried(open_book(data), "template")
        assert self.carried.checksum_ok
        z = zipfile.ZipFile(io.BytesIO(data))
        self.parts = [(info, z.read(info)) for info in z.infolist()]

    def county_book(self, k: int) -> bytes:
        from exporters.county.carried import Unit, carried_checksum

        c = self.carried
        swaps = [pair for j in range(BASES) for pair in zip(_forms(organ(j)[:7]), _forms(organ(BASES * k + j)[:7]))]
        swaps += list(zip(_forms(county(0)), _forms(county(k))))
        units = [
            Unit(u.organ.replace(organ(j)[:7], organ(BASES * k + j)[:7]), county(k), u.checksum, u.via)
            for j, u in enumerate(c.units)
        ]
        assert all(u.organ == organ(BASES * k + j) for j, u in enumerate(units))
        new = carried_checksum(c.format_id, c.year, county(k), c.numbers, units)
        swaps.append((c.checksum.encode("ascii"), new.encode("ascii")))
        return _rezip(self.parts, swaps)
