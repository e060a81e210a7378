"""One input of a 汇总, read and checked: a township's file (.xlsx export or .json draft) or a 汇总
workbook of the level below. read_entry is pure (a path in, an Entry out, no Report inside), so that
it can run in a worker process (exporters.county.parallel)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from exporters.county.carried import Unit
from exporters.county.similarity import prose_grams
from model.checks import run_checks
from model.findings import ERROR, WARNING, Finding
from model.report import Report

PASS, WARN, ERRORS = "通过", "有警告", "有错误"
UNREADABLE, MISMATCH, DUPLICATE, MISSING = "文件无法读取", "年份或格式不符", "重复报送", "未报送"
OVERLAP = "单位重复"
STATUS_ORDER = (MISSING, UNREADABLE, ERRORS, OVERLAP, MISMATCH, DUPLICATE, WARN, PASS)
TOWNSHIP, LEVEL = "乡镇", "汇总"  # a township's own report, or a 汇总 workbook of a lower level


@dataclass(eq=False)
class Entry:
    """One input file (or, with path None, one 未报送 name of the roster)."""

    path: Path | None
    organ: str = ""  # a township's 机关名称, or the 汇总单位 of a 汇总 workbook
    year: int | None = None
    format_id: str | None = None
    kind: str = TOWNSHIP
    # every value cell (inputs and totals) and 六（一） figure by code; None: nothing could be read.
    # Only what the 汇总 needs is kept of a report, so that memory does not grow with its size.
    numbers: dict[str, object] | None = None
    grams: bytes | None = None  # the prose's n-grams, hashed (similarity)
    county: str = ""
    units: list[Unit] = field(default_factory=list)  # the townships this file covers
    findings: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # found while reading the file
    changed: list[str] = field(default_factory=list)  # values edited after export
    exported_at: dt.datetime | None = None
    save_count: int = 0  # the draft's own version counter
    content_key: str = ""  # the same key: the same report, whatever its file
    draft: bool = False
    status: str = ""
    included: bool = False
    reason: str = ""
    id: int | None = None  # its row in the 汇总's ledger (exporters.county.ledger)

    def __repr__(self) -> str:  # short: a report inside makes the default repr megabytes long
        return f"Entry({self.file_name or self.organ!r}, {self.status!r}, included={self.included})"

    @property
    def readable(self) -> bool:
        return self.numbers is not None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    @property
    def file_name(self) -> str:
        return self.path.name if self.path else ""


def read_entry(path: Path) -> Entry:
    """One file, read and checked; never raises for what is in the file (its status says it).
    What is returned holds no Report: it crosses from a worker process, and thousands are kept."""
    entry = Entry(Path(path))
    try:
        if entry.path.suffix.lower() == ".json":
            report, key = _read_draft(entry)
        elif entry.path.suffix.lower() == ".xlsx":
            report, key = _read_workbook(entry)
        else:
            raise _Unreadable(f"“{entry.path.name}”不是.xlsx或.json文件，不能汇总。")
        if report is not None:
            _take_report(entry, report, key)
    except _Unreadable as exc:
        entry.status, entry.reason, entry.numbers = UNREADABLE, str(exc), None
        return entry
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # one odd file must not stop the 汇总 of all the others
        return _failed(entry, exc)
    entry.exported_at = _plausible_time(entry, entry.exported_at)
    return entry


def _take_report(entry: Entry, report: Report, key: str) -> None:
    """What the 汇总 keeps of a township's report: who, which year, the findings, the numbers."""
    fmt = report.fmt
    entry.organ = report.meta.organ.strip()
    entry.county = report.meta.county.strip()
    entry.year = report.meta.year
    entry.format_id = fmt.format_id
    entry.save_count = report.save_count
    entry.findings = run_checks(report)
    if not key:
        from exporters.xlsx.common import checksum
        from model.draft_store import draft_to_dict

        key = checksum(draft_to_dict(report))
    entry.content_key = key
    numbers: dict[str, object] = {code: report.value(code) for code in fmt.cells}
    numbers.update((code, report.fields.get(code)) for code in fmt.fields)
    entry.numbers = numbers
    entry.grams = prose_grams(report)
    entry.units = [Unit(entry.organ, entry.county, key, entry.file_name)]


def _failed(entry: Entry, exc: Exception) -> Entry:
    from model.crash_log import write_crash_log

    log = write_crash_log(f"汇总时读取 {entry.path}", exc)
    entry.status, entry.numbers = UNREADABLE, None
    entry.reason = (
        f"读取“{entry.file_name}”时程序出错，这个文件没有计入。请把这个文件"
        + (f"和错误记录“{log}”" if log else "")
        + "发给年报助手的维护人员。"
    )
    return entry


EARLIEST_EXPORT = dt.datetime(2019, 1, 1, tzinfo=dt.timezone.utc)  # before the first format in force


def _plausible_time(entry: Entry, moment: dt.datetime | None) -> dt.datetime | None:
    """导出时间 or saved_at as a time that can be compared: a township PC's clock may say 0001-01-01."""
    if moment is None:
        return None
    try:
        aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.datetime.now().astimezone().tzinfo)
        latest = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)
        if EARLIEST_EXPORT <= aware <= latest:
            return aware
    except (OverflowError, ValueError):
        pass
    entry.problems.append(
        f"文件记录的导出时间“{moment.isoformat(sep=' ')[:19]}”不可信（那台电脑的时钟可能不准），按“时间不详”处理。"
    )
    return None


class _Unreadable(Exception):
    pass


def _read_draft(entry: Entry) -> tuple[Report, str]:
    from model.draft_store import DraftError, load_draft

    try:
        report = load_draft(entry.path)
    except DraftError as exc:
        raise _Unreadable(exc.message) from exc
    try:
        saved = json.loads(entry.path.read_text(encoding="utf-8-sig")).get("saved_at")
        entry.exported_at = dt.datetime.fromisoformat(saved) if isinstance(saved, str) else None
    except (ValueError, OSError):
        entry.exported_at = None
    return report, ""


def _read_workbook(entry: Entry) -> tuple[Report | None, str]:
    from exporters.xlsx.reader import XlsxImportError, read_xlsx

    try:
        result = read_xlsx(entry.path)
    except XlsxImportError as exc:
        if exc.kind == "consolidation":
            _read_level(entry)
            return None, ""
        raise _Unreadable(str(exc)) from exc
    entry.problems = [p.message for p in result.problems]
    entry.changed = list(result.changed)
    entry.exported_at = result.exported_at
    entry.draft = result.draft
    return result.report, result.content_key


def _read_level(entry: Entry) -> None:
    """A 汇总 workbook of the level below: its carried sums and the townships it covers."""
    from exporters.county.carried import CarriedError, read_carried
    from exporters.xlsx.cells import BookError, open_book
    from exporters.xlsx.errors import XlsxImportError, book_error_message
    from exporters.xlsx.reader import MAX_XLSX_BYTES
    from model.file_input import read_bounded
    from model.formats import get_format
    from model.report import compute_totals

    try:
        data = read_bounded(
            entry.path, MAX_XLSX_BYTES, XlsxImportError, what="文件", too_big="“{name}”太大（{mb} MB）。"
        )
        carried = read_carried(open_book(data), entry.file_name)
    except BookError as exc:
        raise _Unreadable(book_error_message(exc, entry.file_name)) from exc
    except (CarriedError, XlsxImportError) as exc:
        raise _Unreadable(str(exc)) from exc
    fmt = get_format(carried.format_id)
    entry.kind = LEVEL
    entry.organ = carried.unit_name
    entry.year = carried.year
    entry.format_id = carried.format_id
    inputs = {code: v for code, v in carried.numbers.items() if code in fmt.cells}
    numbers = dict(carried.numbers)
    numbers.update(compute_totals(fmt, inputs))
    entry.numbers = numbers
    entry.units = [u.through(entry.file_name) for u in carried.units]
    entry.content_key = carried.checksum
    entry.exported_at = carried.created_at
    entry.problems = list(carried.problems)
    if not carried.checksum_ok:
        entry.changed = ["汇总工作簿生成后被修改过：“汇总数据”或“所含单位”表的内容与其中的校验码不符。"]
