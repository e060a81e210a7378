"""汇总 at the county: every township's file read, re-checked, sorted out, and the statutory tables summed.

    c = consolidate(paths, year=None, include_errors=False, roster=None)
    write_consolidation(c, "汇总.xlsx")          # from exporters.county.writer

Inputs: .xlsx files made by export_xlsx and .json drafts, given one by one or
found in folders (recursively; Office lock files 「~$…」, hidden and temporary
files, .bak backups, the output file itself and any 汇总 workbook are skipped).

Each file gets one status:
- 文件无法读取: not a readable township file (the reason says why).
- 年份或格式不符: its report year or format version is not the one summed. The
  year summed is --year, or else the (year, format) most files have (a tie:
  the later year). Files of different format versions are never added up.
- 重复报送: another file of the same 机关名称 (spaces, full-width forms and a
  trailing 「人民政府」/「办事处」 ignored) is kept instead: the one exported
  last (说明!导出时间, or a draft's saved_at); on a tie, the later file name.
- 有错误: the checks, run again here, find 错误; summed only with include_errors.
- 有警告 / 通过: summed.
With a roster, every listed 机关 without a file of the year summed is 未报送.
Summing treats a blank as 0 and an invalid value (only in files with 错误) as 0;
totals are computed from the summed inputs, never taken from a file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, Sequence

from exporters.county.inputs import RosterError, find_inputs, organ_key, read_roster
from exporters.county.similarity import SIMILAR_SHEET, SimilarPair, similar_pairs
from model.checks import run_checks
from model.chinese_time import written_time
from model.findings import ERROR, WARNING, Finding
from model.report import Report

PASS, WARN, ERRORS = "通过", "有警告", "有错误"
UNREADABLE, MISMATCH, DUPLICATE, MISSING = "文件无法读取", "年份或格式不符", "重复报送", "未报送"
STATUS_ORDER = (MISSING, UNREADABLE, ERRORS, MISMATCH, DUPLICATE, WARN, PASS)


@dataclass(eq=False)
class Entry:
    """One input file (or, with path None, one 未报送 name of the roster)."""

    path: Path | None
    organ: str = ""
    year: int | None = None
    format_id: str | None = None
    report: Report | None = None
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

    def __repr__(self) -> str:  # short: a report inside makes the default repr megabytes long
        return f"Entry({self.file_name or self.organ!r}, {self.status!r}, included={self.included})"

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    @property
    def file_name(self) -> str:
        return self.path.name if self.path else ""


@dataclass
class Consolidation:
    entries: list[Entry]  # every input file
    missing: list[Entry]  # roster names without a file of the year summed
    year: int | None
    fmt: object | None  # the FormatDef summed, None when nothing could be read
    include_errors: bool = False
    roster: list[str] | None = None
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    total: Report | None = None  # the summed inputs; its totals are derived as in any report
    similar: list[SimilarPair] = field(default_factory=list)  # townships whose prose is mostly the same
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())

    def __repr__(self) -> str:
        return f"Consolidation({len(self.entries)} files, year={self.year}, included={len(self.included)})"

    @property
    def included(self) -> list[Entry]:
        return [e for e in self.entries if e.included]

    def count(self, status: str) -> int:
        return sum(1 for e in self.entries + self.missing if e.status == status)

    @property
    def has_problems(self) -> bool:
        return any(e.status in (UNREADABLE, ERRORS, MISMATCH, DUPLICATE) for e in self.entries) or bool(self.missing)

    def rows(self) -> list[Entry]:
        """Files and 未报送 names in the order the 汇总情况 sheet lists them: problems first."""
        order = {s: i for i, s in enumerate(STATUS_ORDER)}
        return sorted(self.entries + self.missing, key=lambda e: (order.get(e.status, 99), e.organ, str(e.path or "")))

    def summary(self) -> str:
        c = self.count
        parts = [
            f"共读入{len(self.entries)}个文件，计入合计{len(self.included)}个"
            f"（通过{c(PASS)}、有警告{c(WARN)}"
            + (f"、有错误{sum(1 for e in self.included if e.status == ERRORS)}" if self.include_errors else "")
            + "）"
        ]
        left = [(s, c(s)) for s in (ERRORS, DUPLICATE, MISMATCH, UNREADABLE)]
        if self.include_errors:
            left = left[1:]
        left = [f"{s}{n}个" for s, n in left if n]
        if left:
            parts.append("未计入：" + "、".join(left))
        if self.roster is not None:
            parts.append(f"名单共{len(self.roster)}个单位，未报送{len(self.missing)}个")
        if self.similar:
            parts.append(f"有{len(self.similar)}对单位的正文大部分相同（见“{SIMILAR_SHEET}”表）")
        return "；".join(parts) + "。"


# ------------------------------------------------------------------ reading one file


def read_entry(path: Path) -> Entry:
    entry = Entry(path)
    try:
        if path.suffix.lower() == ".json":
            _read_draft(entry)
        elif path.suffix.lower() == ".xlsx":
            _read_workbook(entry)
        else:
            raise _Unreadable(f"“{path.name}”不是.xlsx或.json文件，不能汇总。")
    except _Unreadable as exc:
        entry.status, entry.reason = UNREADABLE, str(exc)
        return entry
    except (_Skip, KeyboardInterrupt):
        raise
    except Exception as exc:  # one odd file must not stop the 汇总 of all the others
        return _failed(entry, exc)
    try:
        report = entry.report
        entry.organ = report.meta.organ.strip()
        entry.year = report.meta.year
        entry.format_id = report.fmt.format_id
        entry.save_count = report.save_count
        entry.findings = run_checks(report)
        entry.exported_at = _plausible_time(entry, entry.exported_at)
        from exporters.xlsx.common import checksum
        from model.draft_store import draft_to_dict

        entry.content_key = checksum(draft_to_dict(report))
    except Exception as exc:
        return _failed(entry, exc)
    return entry


def _failed(entry: Entry, exc: Exception) -> Entry:
    from model.crash_log import write_crash_log

    log = write_crash_log(f"汇总时读取 {entry.path}", exc)
    entry.status = UNREADABLE
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


def _read_draft(entry: Entry) -> None:
    from model.draft_store import DraftError, load_draft

    try:
        entry.report = load_draft(entry.path)
    except DraftError as exc:
        raise _Unreadable(exc.message) from exc
    try:
        saved = json.loads(entry.path.read_text(encoding="utf-8-sig")).get("saved_at")
        entry.exported_at = dt.datetime.fromisoformat(saved) if isinstance(saved, str) else None
    except (ValueError, OSError):
        entry.exported_at = None


def _read_workbook(entry: Entry) -> None:
    from exporters.xlsx.reader import XlsxImportError, read_xlsx

    try:
        result = read_xlsx(entry.path)
    except XlsxImportError as exc:
        if exc.kind == "consolidation":
            raise _Skip(str(exc)) from exc
        raise _Unreadable(str(exc)) from exc
    entry.report = result.report
    entry.problems = [p.message for p in result.problems]
    entry.changed = list(result.changed)
    entry.exported_at = result.exported_at
    entry.draft = result.draft


class _Skip(Exception):
    pass


# ------------------------------------------------------------------ consolidation


def consolidate(
    paths: Iterable[Path],
    *,
    year: int | None = None,
    include_errors: bool = False,
    roster: Sequence[str] | Path | None = None,
    exclude: Iterable[Path] = (),
    progress: Callable[[int, int, Path], None] | None = None,
) -> Consolidation:
    """Read, check, sort out and sum; roster is a list of names or the Path of a roster file
    (RosterError when it cannot be read); year None: the year most files have."""
    from model.formats import format_for_year

    if isinstance(roster, Path):
        roster = read_roster(roster)
    files, skipped = find_inputs(paths, exclude=exclude)
    entries: list[Entry] = []
    for i, path in enumerate(files):
        if progress is not None:
            progress(i, len(files), path)
        try:
            entries.append(read_entry(path))
        except _Skip:
            skipped.append((path, "这是年报助手生成的汇总工作簿，不是乡镇（街道）的报告"))
    if progress is not None:
        progress(len(files), len(files), None)
    readable = [e for e in entries if e.status != UNREADABLE]
    if year is not None:
        fmt = format_for_year(year)
        if fmt is None:
            raise ValueError(f"本程序不支持{year}年度的报告。")
    else:
        year, fmt = _majority(readable)
    result = Consolidation(
        entries,
        [],
        year,
        fmt,
        include_errors=include_errors,
        roster=list(roster) if roster is not None else None,
        skipped=skipped,
    )
    for e in readable:
        if fmt is None or e.year != year or e.format_id != fmt.format_id:
            e.status, e.reason = MISMATCH, _mismatch_reason(e, year, fmt)
    _mark_duplicates([e for e in readable if not e.status])
    for e in readable:
        if not e.status:
            _grade(e, include_errors)
        _notes(e)
    if roster is not None:
        result.missing = _missing(roster, entries)
    if fmt is not None:
        result.total = sum_reports(fmt, year, [e.report for e in entries if e.included])
        result.similar = similar_pairs([(e.organ or e.file_name, e.report) for e in entries if e.included and e.report])
    return result


def _majority(readable: list[Entry]):
    from model.formats import get_format

    counts = Counter((e.year, e.format_id) for e in readable if e.year is not None)
    if not counts:
        return None, None
    (year, format_id), _ = max(counts.items(), key=lambda kv: (kv[1], kv[0][0], kv[0][1]))
    return year, get_format(format_id)


def _mismatch_reason(e: Entry, year, fmt) -> str:
    if fmt is None:
        return "没有可以确定汇总年度的报告。"
    if e.year is None:
        return f"报告没有填写报告年度，本次汇总的是{year}年度，未计入合计。"
    if e.year != year:
        return f"报告年度为{e.year}年，本次汇总的是{year}年度，未计入合计。"
    from model.formats import get_format

    other = get_format(e.format_id)
    return (
        f"使用{e.format_id}格式（{other.document_number if other else '未知'}），本次汇总按{fmt.format_id}格式"
        f"（{fmt.document_number}），不同格式的表格不能相加，未计入合计。"
    )


def _mark_duplicates(candidates: list[Entry]) -> None:
    """One report per 机关, and one per content: two identical files are one report even without a
    机关名称. The later one is kept: by the draft's own save counter first (a PC's clock can be set
    back by accident, the counter cannot), then by 导出时间, then by file name."""
    for e in candidates:
        if not e.organ:
            e.status = UNREADABLE if e.report is None else ERRORS
            e.reason = "报告没有填写机关名称，无法确认是哪个单位的报告，不计入合计。请让报送单位填写后重新导出。"
    named = [e for e in candidates if e.organ]
    for key_of in (lambda e: e.content_key, lambda e: organ_key(e.organ)):
        groups: dict[str, list[Entry]] = {}
        for e in named:
            if not e.status and key_of(e):
                groups.setdefault(key_of(e), []).append(e)
        for group in groups.values():
            if len(group) > 1:
                _keep_latest(group)


def _keep_latest(group: list[Entry]) -> None:
    oldest = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    kept = max(group, key=lambda e: (e.save_count, e.exported_at or oldest, str(e.path)))
    for e in group:
        if e is kept:
            continue
        e.status = DUPLICATE
        same = "内容完全相同" if e.content_key == kept.content_key else f"同为“{kept.organ}”的报告"
        e.reason = (
            f"与“{kept.file_name}”{same}；保留较新的“{kept.file_name}”"
            f"（{_version_words(kept)}），这一份（{_version_words(e)}）不计入合计。"
        )


def _version_words(e: Entry) -> str:
    when = written_time(e.exported_at) if e.exported_at else "导出时间不详"
    return f"草稿第{e.save_count}次保存，{when}"


def _grade(e: Entry, include_errors: bool) -> None:
    if e.errors:
        e.status = ERRORS
        e.included = include_errors
        e.reason = (
            f"有{e.errors}个错误，按要求仍计入合计。"
            if include_errors
            else f"有{e.errors}个错误，未计入合计（选择“有错误的报告也计入合计”可计入）。"
        )
    elif e.warnings:
        e.status, e.included = WARN, True
        explained = sum(1 for f in e.findings if f.severity == WARNING and f.explanation)
        e.reason = f"有{e.warnings}个警告" + (f"（其中{explained}个已写明说明）" if explained else "") + "，计入合计。"
    else:
        e.status, e.included, e.reason = PASS, True, "计入合计。"


def _notes(e: Entry) -> None:
    notes = []
    if e.changed:
        notes.append(f"文件导出后被修改过（{len(e.changed)}处，见“检查结果”表）")
    if e.problems:
        notes.append(f"读入时发现{len(e.problems)}处问题（见“检查结果”表）")
    if e.draft:
        notes.append("报送的是草稿（导出时数据未通过校验）")
    if notes:
        e.reason = (e.reason + "另：" + "；".join(notes) + "。").strip()


def _missing(roster: Sequence[str], entries: list[Entry]) -> list[Entry]:
    by_key: dict[str, list[Entry]] = {}
    for e in entries:
        if e.organ:
            by_key.setdefault(organ_key(e.organ), []).append(e)
    roster_keys = {organ_key(n) for n in roster}
    unreadable = sum(1 for e in entries if e.status == UNREADABLE)
    missing = []
    for name in roster:
        found = by_key.get(organ_key(name), [])
        if any(e.status != MISMATCH for e in found):
            continue
        if found:
            reason = "只收到年份或格式不符的文件：" + "、".join(f"“{e.file_name}”" for e in found) + "。"
        else:
            reason = "没有收到这个单位的报告。"
        if unreadable:
            reason += f"另有{unreadable}个文件无法读取，其中可能有这个单位的报告。"
        missing.append(Entry(None, organ=name, status=MISSING, reason=reason))
    for e in entries:
        if e.organ and organ_key(e.organ) not in roster_keys:
            e.reason = (e.reason + "这个单位不在名单中，请核对机关名称。").strip()
    return missing


# ------------------------------------------------------------------ sums


def sum_reports(fmt, year: int | None, reports: list[Report]) -> Report:
    """A report whose every input (and 六（一） figure) is the sum over reports; blank when blank in all."""
    total = Report.new(fmt, organ="各乡镇（街道）汇总", year=year)
    for code in list(total.values) + list(total.fields):
        target = total.values if code in total.values else total.fields
        numbers = [
            v
            for v in ((r.values if code in total.values else r.fields).get(code) for r in reports)
            if isinstance(v, (int, Decimal))
        ]
        target[code] = sum(numbers[1:], numbers[0]) if numbers else None
    total._derived = None
    return total


__all__ = [
    "Consolidation",
    "Entry",
    "RosterError",
    "consolidate",
    "find_inputs",
    "organ_key",
    "read_entry",
    "read_roster",
    "sum_reports",
]
