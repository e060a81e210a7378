"""汇总 at the county: every township's file read, re-checked, sorted out, and the statutory tables summed.

    c = consolidate(paths, year=None, include_errors=False, roster=None)
    write_consolidation(c, "汇总.xlsx")          # from exporters.county.writer

Inputs: .xlsx files made by export_xlsx, .json drafts, and 汇总 workbooks of
this program (逐级汇总: a city sums its counties' 汇总, a province its cities'),
given one by one or found in folders (recursively; Office lock files 「~$…」,
hidden and temporary files, .bak backups and the output file itself are skipped).
Files are read in parallel over the machine's cores (exporters.county.parallel).

Each file gets one status:
- 文件无法读取: not a readable township file (the reason says why).
- 年份或格式不符: its report year or format version is not the one summed. The
  year summed is --year, or else the (year, format) most files have (a tie:
  the later year). Files of different format versions are never added up.
- 重复报送: another file of the same 机关名称 (spaces, full-width forms and a
  trailing 「人民政府」/「办事处」 ignored) is kept instead: the one exported
  last (说明!导出时间, or a draft's saved_at); on a tie, the later file name.
- 有错误: the checks, run again here, find 错误 (a 汇总: edited after it was
  written); summed only with include_errors.
- 单位重复: a township this file covers is also covered by another file summed
  (two counties' 汇总, or a 汇总 and a township's own file): neither is summed,
  and the townships are listed. No township is ever counted twice.
- 有警告 / 通过: summed.
With a roster, every listed 机关 without a file of the year summed, and not
covered by a 汇总 summed, is 未报送.
Summing treats a blank as 0 and an invalid value (only in files with 错误) as 0;
totals are computed from the summed inputs, never taken from a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable

from exporters.county.carried import Unit
from exporters.county.entry import (  # noqa: F401  (the statuses are named here for callers)
    DUPLICATE,
    ERRORS,
    LEVEL,
    MISMATCH,
    MISSING,
    OVERLAP,
    PASS,
    STATUS_ORDER,
    TOWNSHIP,
    UNREADABLE,
    WARN,
    Entry,
    read_entry,
)
from exporters.county.inputs import RosterError, find_inputs, organ_key, read_roster
from exporters.county.ledger import EntryView, Ledger, UnitView, loaded
from exporters.county.similarity import SIMILAR_SHEET, SimilarPair, similar_pairs
from model.chinese_time import written_time
from model.findings import WARNING
from model.report import Report

UNITS_LISTED = 5  # townships named in one reason; the rest counted


@dataclass
class Consolidation:
    """What a 汇总 found. The entries live in its ledger (a temporary database on disk) and are
    read from it one at a time: entries, missing, included, units and rows() read like lists."""

    ledger: Ledger
    year: int | None
    fmt: object | None  # the FormatDef summed, None when nothing could be read
    include_errors: bool = False
    roster: list[str] | None = None
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    total: Report | None = None  # the summed inputs; its totals are derived as in any report
    similar: list[SimilarPair] = field(default_factory=list)  # townships whose prose is mostly the same
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().astimezone())
    unit: str = ""  # the 汇总单位: who consolidates (甲县, 乙市)

    def __repr__(self) -> str:
        return f"Consolidation({len(self.entries)} files, year={self.year}, included={len(self.included)})"

    @property
    def entries(self) -> EntryView:
        """Every input file, in the order given."""
        return EntryView(self.ledger, "missing = 0")

    @property
    def missing(self) -> EntryView:
        """Roster names without a file of the year summed."""
        return EntryView(self.ledger, "missing = 1")

    @property
    def included(self) -> EntryView:
        return EntryView(self.ledger, "missing = 0 AND included = 1")

    @property
    def units(self) -> UnitView:
        """Every township in the sums, carried to the next level."""
        return UnitView(self.ledger)

    def same_format(self, included: bool) -> EntryView:
        """Readable files of the format summed, included or not (the 明细 sheet's two parts)."""
        return EntryView(
            self.ledger,
            "missing = 0 AND readable = 1 AND format_id = ? AND included = ?",
            (getattr(self.fmt, "format_id", None), int(included)),
        )

    def count(self, status: str) -> int:
        return self.ledger.count("status = ?", (status,))

    @property
    def has_problems(self) -> bool:
        return bool(self.ledger.count(f"missing = 1 OR status IN ({', '.join('?' * len(PROBLEMS))})", PROBLEMS))

    def rows(self) -> EntryView:
        """Files and 未报送 names in the order the 汇总情况 sheet lists them: problems first."""
        return EntryView(self.ledger, order="rank, organ, path, id")

    def summary(self) -> str:
        c = self.count
        files, included = len(self.entries), len(self.included)
        parts = [
            f"共读入{files}个文件，计入合计{included}个"
            f"（通过{c(PASS)}、有警告{c(WARN)}"
            + (f"、有错误{self.ledger.count('included = 1 AND status = ?', (ERRORS,))}" if self.include_errors else "")
            + "）"
        ]
        levels = self.ledger.count("missing = 0 AND kind = ?", (LEVEL,))
        if levels:
            summed = self.ledger.count("included = 1 AND kind = ?", (LEVEL,))
            parts[0] = parts[0][:-1] + f"，其中汇总工作簿{summed}个）"
            parts[0] = parts[0].replace("个文件，", f"个文件（其中汇总工作簿{levels}个），", 1)
        left = [(s, c(s)) for s in (ERRORS, OVERLAP, DUPLICATE, MISMATCH, UNREADABLE)]
        if self.include_errors:
            left = left[1:]
        left = [f"{s}{n}个" for s, n in left if n]
        if left:
            parts.append("未计入：" + "、".join(left))
        if self.roster is not None:
            parts.append(f"名单共{len(self.roster)}个单位，未报送{len(self.missing)}个")
        if self.similar:
            parts.append(f"有{len(self.similar)}对单位的正文大部分相同（见“{SIMILAR_SHEET}”表）")
        if levels:
            parts.append(f"合计包含{len(self.units)}个乡镇（街道）的报告")
        return "；".join(parts) + "。"


PROBLEMS = (UNREADABLE, ERRORS, OVERLAP, MISMATCH, DUPLICATE)
READ = "missing = 0 AND read_ok = 1"  # the files that could be read: those graded


# ------------------------------------------------------------------ consolidation


def consolidate(
    paths: Iterable[Path],
    *,
    year: int | None = None,
    include_errors: bool = False,
    roster: Sequence[str] | Path | None = None,
    exclude: Iterable[Path] = (),
    progress: Callable[[int, int, Path | None], None] | None = None,
    unit: str = "",
    workers: int | None = None,
) -> Consolidation:
    """Read, check, sort out and sum; roster is a list of names or the Path of a roster file
    (RosterError when it cannot be read); year None: the year most files have; unit: the 汇总单位
    (written into the workbook, and the county of townships whose report leaves it blank);
    workers: processes reading files (None: as many as help on this machine, 1: in this process)."""
    from exporters.county.parallel import read_all
    from model.formats import format_for_year

    if isinstance(roster, Path):
        roster = read_roster(roster)
    files, skipped = find_inputs(paths, exclude=exclude)
    ledger = Ledger()
    unit = unit.strip()

    def arrived(e: Entry) -> None:
        if unit and e.kind == TOWNSHIP:  # the township is the county's own: it is known by the 汇总单位 upward
            e.units = [Unit(u.organ, u.county or unit, u.checksum, u.via) for u in e.units]
        ledger.add(e)

    read_all(files, arrived, workers=workers, progress=progress)
    del files  # the ledger holds each path from here on
    if year is not None:
        fmt = format_for_year(year)
        if fmt is None:
            raise ValueError(f"本程序不支持{year}年度的报告。")
    else:
        year, fmt = _majority(ledger)
    result = Consolidation(
        ledger,
        year,
        fmt,
        include_errors=include_errors,
        roster=list(roster) if roster is not None else None,
        skipped=skipped,
        unit=unit,
    )
    if fmt is None:
        mismatched = ledger.each(READ)
    else:
        mismatched = ledger.each(READ + " AND (year IS NULL OR year != ? OR format_id IS NOT ?)", (year, fmt.format_id))
    for e in mismatched:
        e.status, e.reason = MISMATCH, _mismatch_reason(e, year, fmt)
        ledger.put(e)
    _mark_duplicates(ledger)
    for e in ledger.each(READ + " AND status = ''"):
        _grade(e, include_errors)
        ledger.put(e)
    _refuse_overlaps(ledger)
    for e in ledger.each(READ):
        if _notes(e):
            ledger.put(e)
    if roster is not None:
        _missing(roster, ledger)
    if fmt is not None:
        included = ledger.ids("missing = 0 AND included = 1 AND readable = 1")
        result.total = sum_numbers(fmt, year, (ledger.load(i, "numbers") for i in included))
        result.similar = similar_pairs(fmt, _ProseOf(ledger))
    return result


class _ProseOf(Sequence):
    """(name, county, n-grams) of each township summed whose prose is long enough: similar_pairs'
    input, read from the ledger as it is asked for (8 bytes a township in memory)."""

    def __init__(self, ledger: Ledger):
        self._ledger = ledger
        self._ids = ledger.ids("missing = 0 AND included = 1 AND grams IS NOT NULL")

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, i):
        e = self._ledger.get(self._ids[i])
        return (e.organ or e.file_name, e.county, e.grams)


def _majority(ledger: Ledger):
    from model.formats import get_format

    counts = ledger.rows(
        f"SELECT year, format_id, count(*) FROM entry WHERE {READ} AND year IS NOT NULL GROUP BY year, format_id"
    )
    if not counts:
        return None, None
    year, format_id, _ = max(counts, key=lambda row: (row[2], row[0], row[1]))
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


def _mark_duplicates(ledger: Ledger) -> None:
    """One report per 机关, and one per content: two identical files are one report even without a
    机关名称. The later one is kept: by the draft's own save counter first (a PC's clock can be set
    back by accident, the counter cannot), then by 导出时间, then by file name."""
    for e in ledger.each(READ + " AND status = '' AND organ_key IS NULL AND kind = ?", (TOWNSHIP,)):
        e.status = UNREADABLE if not e.readable else ERRORS
        e.reason = "报告没有填写机关名称，无法确认是哪个单位的报告，不计入合计。请让报送单位填写后重新导出。"
        ledger.put(e)
    named = READ + " AND status = '' AND (organ_key IS NOT NULL OR kind = ?)"
    for column in ("content_key", "dup_key"):
        for key in ledger.shared_keys(column, named, (LEVEL,)):
            group = list(ledger.each(f"{named} AND {column} = ?", (LEVEL, key)))
            _keep_latest(group)
            for e in group:
                ledger.put(e)


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
    if e.kind == LEVEL:
        _grade_level(e, include_errors)
    elif e.errors:
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


def _grade_level(e: Entry, include_errors: bool) -> None:
    covers = f"包含{len(e.units)}个乡镇（街道）的报告"
    if e.changed:
        e.status, e.included = ERRORS, include_errors
        e.reason = f"汇总工作簿生成后被修改过（校验码不符），其中的数字可能已不是各单位报告之和；{covers}，" + (
            "按要求仍计入合计。" if include_errors else "未计入合计。请报送单位重新汇总后发送。"
        )
        e.changed = []  # said in the reason; the 检查结果 sheet lists e.problems
    elif e.problems:
        e.status, e.included = WARN, True
        e.reason = f"{covers}，计入合计；读入时发现{len(e.problems)}处问题（见“检查结果”表）。"
    else:
        e.status, e.included, e.reason = PASS, True, f"{covers}，计入合计。"


def _refuse_overlaps(ledger: Ledger) -> None:
    """A township held by two files summed would be counted twice. A 汇总 holding a township that
    another file summed also holds (another county's 汇总, or the township's own file) is refused,
    with the townships named: a 汇总 cannot be taken in part. A township's own file is the nearer
    source and stays (an old 汇总 left among the townships' files takes nothing from them).
    The clashes are found in the ledger: memory grows with them, not with the townships."""
    clashes: dict[int, tuple[list[Unit], list[int]]] = {}  # a 汇总's entry id: its units held elsewhere, the others
    for key in ledger.clashing_units():
        held = ledger.holders(key)
        files = list(dict.fromkeys(entry_id for entry_id, _, _ in held))
        for entry_id, kind, u in held:
            if kind != LEVEL:
                continue
            units, others = clashes.setdefault(entry_id, ([], []))
            units.append(u)
            others.extend(o for o in files if o != entry_id and o not in others)
    for entry_id, (units, others) in clashes.items():
        names = "、".join(u.words for u in units[:UNITS_LISTED])
        if len(units) > UNITS_LISTED:
            names += f"等{len(units)}个单位"
        where = (
            "、".join(f"“{ledger.file_name(o)}”" for o in others[:UNITS_LISTED])
            or "这个汇总工作簿自身（出现了不止一次）"
        )
        e = ledger.get(entry_id)
        e.status, e.included = OVERLAP, False
        e.reason = (
            f"{names}也包含在{where}中，同一单位不能重复计入，这个汇总工作簿未计入合计。"
            "请核对后只保留包含这些单位的一个文件，或让上报单位去掉重复的单位后重新汇总。"
        )
        ledger.put(e)


def _notes(e: Entry) -> bool:
    """The reason's last words on what else was found; True when there were any."""
    notes = []
    if e.changed:
        notes.append(f"文件导出后被修改过（{len(e.changed)}处，见“检查结果”表）")
    if e.problems:
        notes.append(f"读入时发现{len(e.problems)}处问题（见“检查结果”表）")
    if e.draft:
        notes.append("报送的是草稿（导出时数据未通过校验）")
    if notes:
        e.reason = (e.reason + "另：" + "；".join(notes) + "。").strip()
    return bool(notes)


def _missing(roster: Sequence[str], ledger: Ledger) -> None:
    """Each roster name without a file of the year summed, added to the ledger as 未报送; and a note
    on each file whose 机关 (or a 汇总's township) the roster does not list."""
    roster_keys = {organ_key(n) for n in roster}
    unreadable = ledger.count("missing = 0 AND status = ?", (UNREADABLE,))
    missing = []
    for name in roster:
        found = ledger.naming(organ_key(name))
        if any(status != MISMATCH for status, _ in found):
            continue
        if found:
            reason = "只收到年份或格式不符的文件：" + "、".join(f"“{file_name}”" for _, file_name in found) + "。"
        else:
            reason = "没有收到这个单位的报告。"
        if unreadable:
            reason += f"另有{unreadable}个文件无法读取，其中可能有这个单位的报告。"
        missing.append(Entry(None, organ=name, status=MISSING, reason=reason))
    for e in ledger.each("missing = 0"):
        if e.kind == TOWNSHIP and e.organ and organ_key(e.organ) not in roster_keys:
            e.reason = (e.reason + "这个单位不在名单中，请核对机关名称。").strip()
            ledger.put(e)
        elif e.kind == LEVEL and e.units:
            outside = [u for u in e.units if organ_key(u.organ) not in roster_keys]
            if outside and organ_key(e.organ) not in roster_keys:
                names = "、".join(u.words for u in outside[:UNITS_LISTED])
                more = f"等{len(outside)}个" if len(outside) > UNITS_LISTED else ""
                e.reason = (e.reason + f"其中{names}{more}单位不在名单中，请核对。").strip()
                ledger.put(e)
    for e in missing:  # after the notes: those are for the files
        ledger.add(e, missing=True)


# ------------------------------------------------------------------ sums


def sum_reports(fmt, year: int | None, reports: list[Report]) -> Report:
    """A report whose every input (and 六（一） figure) is the sum over reports; blank when blank in all."""
    return sum_numbers(fmt, year, [{**r.values, **r.fields} for r in reports])


def sum_numbers(fmt, year: int | None, sources: Iterable[dict]) -> Report:
    """The same over the numbers kept of each file (Entry.numbers), one file at a time: only inputs and
    六（一） figures are added, totals derived."""
    total = Report.new(fmt, organ="各乡镇（街道）汇总", year=year)
    codes = [(code, total.values) for code in total.values] + [(code, total.fields) for code in total.fields]
    sums: dict[str, int | Decimal] = {}
    for source in sources:
        for code, _ in codes:
            v = source.get(code)
            if isinstance(v, (int, Decimal)):
                sums[code] = sums[code] + v if code in sums else v
    for code, target in codes:
        target[code] = sums.get(code)
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
    "loaded",
    "read_roster",
    "sum_numbers",
    "sum_reports",
]
