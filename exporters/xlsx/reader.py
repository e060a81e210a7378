"""Read a township .xlsx (made by export_xlsx) back into a draft, exactly.

    result = read_xlsx(path)      # .report, .problems, .changed; XlsxImportError when unreadable

What is authoritative: the 数据 sheet for every value, the 正文 sheet for the
basic information, the narrative, the explanations and any data this version
does not know, the 说明 sheet for the format version and the checksum. The
表二/表三/表四 sheets are for people: they are compared with the 数据 sheet
(labels, merged cells, values) and every difference is a problem, but they
are read only for a value whose 数据 row is missing (or the whole 数据 sheet).

Values edited after export are still read. The 数据校验码 tells that something
changed; the hidden 导出时的值 columns tell what, and .changed lists it.

XlsxImportError (str(exc) is the Chinese reason) when the file cannot be
read at all: empty, not a zip, truncated, a Word file renamed, a workbook not
made by 年报助手, a format version this program does not know, a file from a
newer version of the program, or the county's own 汇总 workbook
(.kind == "consolidation").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from exporters.xlsx import common
from exporters.xlsx.cells import NUMBER, BookError, Sheet, open_book
from exporters.xlsx.common import (
    address,
    cell_words,
    checksum,
    format_id_of,
    shown,
    table_names,
    unescape_text,
    value_text,
)
from exporters.xlsx.errors import XlsxImportError, book_error_message
from exporters.xlsx.values import Problem, problem, read_date, read_text, read_value
from exporters.xlsx.verify import compare_tables, table_sheet_values
from model.draft_store import draft_to_dict, json_writable
from model.editor import EXPLANATION, FIELD, META, TEXT, VALUE, Editor
from model.file_input import read_bounded
from model.formats import all_formats, get_format
from model.report import META_LABELS, Meta, Report, stated_disagrees
from model.text_input import clean_tree

MAX_XLSX_BYTES = 50 * 1024 * 1024
MAX_LISTED = 30  # problems listed one by one per sheet; the rest are counted
DATA_COLUMNS = frozenset((common.D_CODE, common.D_VALUE, common.D_ORIGINAL))
UNTOUCHED_DATA_COLUMNS = frozenset((common.D_CODE, common.D_VALUE))
TEXT_COLUMNS = frozenset((common.T_CODE, common.T_PIECE, common.T_TEXT))
CONSOLIDATION_SHEET = "汇总情况"


@dataclass
class ImportResult:
    report: Report
    problems: list[Problem] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    exported_at: dt.datetime | None = None
    draft: bool = False  # exported as 「草稿——数据未通过校验」
    checksum_ok: bool | None = None  # None: no checksum in the file
    app_version: str = ""
    content_key: str = ""  # checksum of the report as read: the same report, whatever its file


def read_xlsx(path) -> ImportResult:
    path = Path(path)
    data = read_bounded(
        path,
        MAX_XLSX_BYTES,
        XlsxImportError,
        what="文件",
        too_big="“{name}”有{mb} MB，远大于任何年报数据文件，不是年报助手导出的文件。",
    )
    return read_xlsx_bytes(data, path.name)


def read_xlsx_bytes(data: bytes, name: str = "这个文件") -> ImportResult:
    try:
        book = open_book(data)
        return _Importer(book, name).run()
    except BookError as exc:
        raise XlsxImportError(book_error_message(exc, name), kind=exc.kind) from exc


# ------------------------------------------------------------------ the importer


class _Importer:
    def __init__(self, book, name: str):
        self.book = book
        self.name = name
        self.problems: list[Problem] = []
        self.changed: list[str] = []
        self.listed: dict[str, int] = {}
        self.unlisted: dict[str, int] = {}

    def add(self, sheet: str, cell: str, text: str) -> None:
        """One problem; past MAX_LISTED in one sheet they are counted, and said once at the end."""
        listed = self.listed.get(sheet, 0)
        if listed >= MAX_LISTED:
            self.unlisted[sheet] = self.unlisted.get(sheet, 0) + 1
            return
        self.listed[sheet] = listed + 1
        self.problems.append(problem(sheet, cell, text))

    def summarise(self) -> None:
        for sheet, n in self.unlisted.items():
            self.problems.append(problem(sheet, "", f"另有{n}处同类问题，未逐一列出（这个表可能被大量改动过）。"))

    # -------------------------------------------------------------- identity
    def run(self) -> ImportResult:
        book = self.book
        if CONSOLIDATION_SHEET in book.sheet_names or book.keywords.startswith(
            common.CONSOLIDATION_KEYWORDS.split("/")[0]
        ):
            raise XlsxImportError(
                f"“{self.name}”是年报助手生成的汇总工作簿，不是乡镇（街道）报送的年度报告文件，不能作为一份报告读入。",
                kind="consolidation",
            )
        info = book.sheet(common.SHEET_INFO)
        self.info_sheet = info
        self.info = _label_rows(info) if info is not None else {}
        kind_text = self._info_text(common.KIND_LABEL)
        keyword_version = _keyword_version(book.keywords)
        match = common.KIND_PATTERN.match(kind_text or "")
        if match is None and keyword_version is None:
            names = "、".join(f"“{s}”" for s in book.sheet_names[:8]) or "（没有工作表）"
            raise XlsxImportError(
                f"“{self.name}”不是年报助手导出的文件：其中没有“说明”和“数据”工作表（工作表有：{names}），"
                "可能是用其他程序制作或另存的表格。请让报送单位用年报助手“导出 → Excel 文件”重新导出后再发送。",
                kind="not_ours",
            )
        version = int(match.group(1)) if match else keyword_version
        if version > common.LAYOUT_VERSION:
            raise XlsxImportError(
                f"“{self.name}”由较新版本的年报助手导出（文件格式第{version}版），"
                f"本程序只能读取到第{common.LAYOUT_VERSION}版。请升级年报助手后再读取。",
                kind="newer",
            )
        if info is None:
            self.add(
                common.SHEET_INFO,
                "",
                "这个工作表不见了（可能被删除了）。格式版本改从文件属性读取，无法核对数据校验码。",
            )
        fmt = self._format()
        embedded = self._embedded(fmt) if book.untouched else None
        if embedded is not None:
            return embedded
        report = Report.new(fmt)
        self.report = report
        self.editor = Editor(report)
        report.save_count = self._save_count()
        self._meta_and_text(report)
        self._values(report)
        if not book.untouched:  # an untouched file's 表二/表三/表四 were written from these very values
            self.problems += compare_tables(book, report, self.table_values)
        self._compare_info(report)
        checksum_ok = self._checksum(report)
        if checksum_ok is False and book.untouched:
            # an untouched file whose values do not give its checksum (an export that did not read back
            # exactly): the columns left unread are what says where, so it is read as any other file
            book.untouched = False
            return _Importer(book, self.name).run()
        return self._result(report, checksum_ok)

    def _result(self, report: Report, checksum_ok: bool | None) -> ImportResult:
        self.summarise()
        report.revision = 0
        return ImportResult(
            report,
            self.problems,
            self.changed,
            exported_at=self._export_time(),
            draft=(self._info_text(common.INFO_STATE) or "").startswith("草稿"),
            checksum_ok=checksum_ok,
            app_version=self._info_text("程序版本") or "",
            content_key=self.content_key,
        )

    def _embedded(self, fmt) -> ImportResult | None:
        """An untouched file read from the draft inside it (exporters.xlsx.embedded), when that draft
        is exactly the one the sheets were written from; None: read the sheets."""
        from exporters.xlsx.embedded import PART, draft_of
        from model.draft_store import DraftError, parse_draft

        stored = (self._info_text(common.INFO_CHECKSUM) or "").strip().lower()
        try:
            raw = draft_of(self.book.part(PART)) if stored else None
            report = parse_draft(raw) if raw else None
        except (BookError, DraftError):
            return None
        # what the sheets would have said of it (a value kept as typed, a text cleaned) is said
        # only by reading the sheets
        if report is None or report.fmt is not fmt or report.notes or _holds_invalid(report):
            return None
        self.content_key = checksum(draft_to_dict(report))
        if self.content_key != stored:
            return None
        self.report = report
        self._compare_info(report)
        return self._result(report, True)

    def _save_count(self) -> int:
        text = (self._info_text(common.INFO_SAVES) or "").strip()
        if text and not (text.isdigit() and len(text) < 10):
            row = self.info.get(common.INFO_SAVES)
            self.add(
                common.SHEET_INFO, address(row[0], 2) if row else "", f"草稿保存次数“{text[:20]}”不是整数，已按0读入。"
            )
            return 0
        return int(text) if text else 0

    def _export_time(self) -> dt.datetime | None:
        """The moment in column C (2026-12-01T18:20:00+08:00); files of earlier versions had it in B."""
        row = self.info.get(common.INFO_TIME)
        if row is None:
            return None
        if self.info_sheet is not None:
            machine = read_text(self.info_sheet.get(row[0], 3))[0]
            if machine.strip():
                return _parse_time(machine)
        return _parse_time(self._info_text(common.INFO_TIME))

    def _info_text(self, label: str) -> str | None:
        row = self.info.get(label)
        if row is None:
            return None
        text, _ = read_text(row[1])
        return text

    def _format(self):
        label = self._info_text(common.INFO_FORMAT)
        format_id = format_id_of(label) if label else None
        if format_id is None:
            m = re.search(r"format=(\S+)", self.book.keywords)
            format_id = m.group(1) if m else None
        if format_id is None:
            raise XlsxImportError(
                f"“{self.name}”中找不到报告格式版本（“说明”表的“格式版本”一行），无法读取。"
                "请让报送单位重新导出后发送。",
                kind="no_format",
            )
        fmt = get_format(format_id)
        if fmt is None:
            known = "、".join(f"{f.format_id}（{f.document_number}）" for f in all_formats().values())
            raise XlsxImportError(
                f"“{self.name}”使用的报告格式“{format_id}”本程序不认识（本程序认识：{known}）。"
                "它可能来自较新版本的年报助手，请升级后再读取。",
                kind="unknown_format",
            )
        return fmt

    # -------------------------------------------------------------- 正文
    def _meta_and_text(self, report: Report) -> None:
        # untouched since export: the 导出时的内容 column can only repeat the 内容 column
        sheet = self.book.sheet(common.SHEET_TEXT, TEXT_COLUMNS if self.book.untouched else None)
        self.text_rows: dict[str, list[tuple[int, str, str]]] = {}
        if sheet is None:
            self.add(
                common.SHEET_TEXT,
                "",
                "这个工作表不见了（可能被删除了）。机关名称和年度改从“说明”表读取，正文和说明为空。",
            )
            for name, label in (
                ("organ", common.INFO_ORGAN),
                ("county", common.INFO_COUNTY),
                ("city", common.INFO_CITY),
                ("year", common.INFO_YEAR),
            ):
                row = self.info.get(label)
                self._meta(
                    report,
                    name,
                    self._info_text(label) or "",
                    None,
                    where=(common.SHEET_INFO, address(row[0], 2) if row else ""),
                )
            return
        pieces: dict[str, list[tuple[int, int, str, str]]] = {}
        for r in sheet.rows(2):
            code, bad = read_text(sheet.get(r, common.T_CODE))
            code = code.strip()
            if not code:
                continue
            piece_raw = sheet.get(r, common.T_PIECE)
            try:
                piece = int(piece_raw.text) if piece_raw is not None and piece_raw.kind == NUMBER else 1
            except ValueError:
                piece = 1
            content = sheet.get(r, common.T_TEXT)
            original = sheet.get(r, common.T_ORIGINAL)
            pieces.setdefault(code, []).append((piece, r, _raw_text(content), _raw_text(original)))
            if content is not None and content.kind not in ("s", NUMBER):
                _, bad = read_text(content)
                if bad:
                    self.add(common.SHEET_TEXT, address(r, common.T_TEXT), bad)
        fmt = report.fmt
        for code, parts in pieces.items():
            parts.sort()
            row = parts[0][1]
            text = unescape_text("".join(p[2] for p in parts))
            original = unescape_text("".join(p[3] for p in parts))
            self.text_rows[code] = [(row, text, original)]
            where = address(row, common.T_TEXT)
            if code.startswith(common.META_PREFIX):
                self._meta(report, code[len(common.META_PREFIX) :], text, row)
            elif code in fmt.parts:
                part = fmt.parts[code]
                self._entered((TEXT, code, text), where, f"正文“{part.heading or part.section.heading}”")
            elif code.startswith(common.EXPLAIN_PREFIX):
                self._entered((EXPLANATION, code[len(common.EXPLAIN_PREFIX) :], text), where, "对检查结果的说明")
            elif code == "unknown":
                try:
                    data = json.loads(text, parse_float=Decimal)
                    if not isinstance(data, dict):
                        raise ValueError("not an object")
                    report.unknown = clean_tree(json_writable(data))  # as a draft keeps it: numbers JSON can write
                except (ValueError, RecursionError):
                    self.add(common.SHEET_TEXT, where, "“本版本程序不认识的数据”已被改动，无法读取，已忽略。")
            else:
                self.add(
                    common.SHEET_TEXT,
                    address(row, common.T_CODE),
                    f"代码“{code}”本程序不认识（不属于{fmt.format_id}格式），这一行已忽略。",
                )

    def _entered(self, entry: tuple[str, str, object], where: str, words: str, sheet: str = common.SHEET_TEXT) -> None:
        """Text goes into the report as any edit does (the model's Editor), which cleans it or refuses it."""
        result = self.editor.enter([entry], "读入", record=False)
        for refusal in result.refused:
            self.add(sheet, where, f"{words}：{refusal.reason}，已按空白读入。")
        for notice in result.notices:
            self.add(sheet, where, notice)

    def _meta(self, report: Report, name: str, text: str, row: int | None, where=None) -> None:
        sheet, where = where or (common.SHEET_TEXT, address(row, common.T_TEXT))
        label = META_LABELS.get(name, name)
        if name in Meta.TEXT_FIELDS:
            self._entered((META, name, text), where, label, sheet)
        elif name == "year":
            text = text.strip()
            if not text:
                return
            if not re.fullmatch(r"\d{4}", text):
                self.add(sheet, where, f"报告年度“{text[:20]}”不是四位数的年份，已按空白读入，请在“基本信息”中填写。")
                return
            self._entered((META, "year", int(text)), where, label, sheet)
        elif name == "date":
            report.meta.date = self._date(text, where)
        else:
            self.add(
                common.SHEET_TEXT,
                address(row, common.T_CODE),
                f"代码“{common.META_PREFIX}{name}”本程序不认识，这一行已忽略。",
            )

    def _date(self, text: str, where: str):
        try:
            return read_date(text)
        except ValueError:
            self.add(
                common.SHEET_TEXT,
                where,
                f"成文日期“{text.strip()}”不是有效的日期，已按空白读入，请在“基本信息”中填写。",
            )
            return None

    # -------------------------------------------------------------- 数据
    def _values(self, report: Report) -> None:
        fmt = report.fmt
        sheet = self.book.sheet(common.SHEET_DATA, UNTOUCHED_DATA_COLUMNS if self.book.untouched else DATA_COLUMNS)
        self.data_rows: dict[str, tuple[int, object, str]] = {}  # code -> (row, value, original text)
        self.table_values: dict[str, object] = {}
        found: dict[str, object] = {}
        if sheet is not None and _data_columns(sheet)[:2] != (common.D_CODE, common.D_VALUE):
            sheet = self.book.sheet(common.SHEET_DATA)  # columns were moved: read them all
        if sheet is None:
            self.add(
                common.SHEET_DATA,
                "",
                f"这个工作表不见了（可能被删除了）。数值改从{table_names(fmt)}读取，"
                "“六、其他需要报告的事项”中的收费数字为空，请核对。",
            )
        else:
            code_col, value_col, original_col = _data_columns(sheet)
            if (code_col, value_col) != (common.D_CODE, common.D_VALUE):
                self.add(
                    common.SHEET_DATA,
                    "A1",
                    "表头与导出时不同（列可能被移动过），已按表头找到“字段代码”和“值”两列读取，请核对。",
                )
            for r in sheet.rows(2):
                code = read_text(sheet.get(r, code_col))[0].strip()
                if not code:
                    continue
                spec = fmt.cells.get(code) or fmt.fields.get(code)
                ignored = (
                    f"不属于{fmt.format_id}格式"
                    if spec is None
                    else f"出现了两次，只读入第{self.data_rows[code][0]}行的值"
                    if code in found
                    else None
                )
                if ignored:
                    self.add(common.SHEET_DATA, address(r, code_col), f"字段代码“{code}”{ignored}，这一行已忽略。")
                    continue
                term = fmt.input_like(code) if code in fmt.cells else spec
                value, bad = read_value(
                    sheet.get(r, value_col),
                    term.kind,
                    unit=term.unit,
                    decimals=term.decimals,
                    money_units=term.money_units,
                    bounded=term is spec,
                )
                if bad:
                    self.add(common.SHEET_DATA, address(r, value_col), f"{self._where(code)}：{bad}")
                found[code] = value
                original = read_text(sheet.get(r, original_col))[0] if original_col else None
                self.data_rows[code] = (r, value, original)
        self._apply(report, found)

    def _where(self, code: str) -> str:
        fmt = self.report.fmt
        if code in fmt.cells:
            return cell_words(fmt.cells[code])
        fld = fmt.fields[code]
        part = next(p for p in fmt.parts.values() if any(f.code == code for f in p.fields))
        return f"{part.heading or part.section.heading} {fld.label}"

    def _apply(self, report: Report, found: dict) -> None:
        fmt = report.fmt
        missing = [c.code for c in fmt.cells.values() if c.code not in found]
        if missing:
            self.table_values = table_sheet_values(self.book, fmt)
            taken = [code for code in missing if code in self.table_values]
            for code in taken:
                found[code] = self.table_values[code]
            if taken and common.SHEET_DATA in self.book.sheet_names:
                self.add(
                    common.SHEET_DATA,
                    "",
                    f"缺少{len(taken)}个数值的行（例如“{taken[0]}”，{self._where(taken[0])}），"
                    f"已改从{table_names(fmt)}中对应的格读取，请核对。",
                )
        stated, entries = {}, []
        for code, value in found.items():
            if code in fmt.fields:
                entries.append((FIELD, code, value))
            elif fmt.cells[code].is_input:
                entries.append((VALUE, code, value))
            else:
                stated[code] = value
        # the values go in as any edit does, a cell's value it cannot take kept as read (Invalid)
        self.editor.enter(entries, "读入", keep_invalid=True, record=False)
        derived = report.derived()
        # as the draft keeps it: a blank total over filled terms is a statement too (STATED_BLANK)
        report.stated = {code: v for code, v in stated.items() if stated_disagrees(v, derived.get(code))}

    # -------------------------------------------------------------- 说明 against the rest
    def _compare_info(self, report: Report) -> None:
        """说明 against 正文 (organ, year), and the 检查结果 sheet still there."""
        pairs = (
            (common.INFO_ORGAN, report.meta.organ),
            (common.INFO_YEAR, "" if report.meta.year is None else str(report.meta.year)),
        )
        for label, value in pairs if self.info and common.SHEET_TEXT in self.book.sheet_names else ():
            row = self.info.get(label)
            if row is None:
                continue
            shown_text = self._info_text(label) or ""
            if shown_text.strip() != value.strip():
                self.add(
                    common.SHEET_INFO,
                    address(row[0], 2),
                    f"{label}为“{shown_text}”，与“正文”表中的“{value}”不同；以“正文”表为准，请核对。",
                )
        if common.SHEET_FINDINGS not in self.book.sheet_names:
            self.add(common.SHEET_FINDINGS, "", "这个工作表不见了（可能被删除了）。它只供阅读，不影响读入的数据。")

    # -------------------------------------------------------------- checksum and changes
    def _checksum(self, report: Report) -> bool | None:
        stored = (self._info_text(common.INFO_CHECKSUM) or "").strip().lower()
        self.content_key = checksum(draft_to_dict(report))
        if not stored:
            if self.info:
                row = self.info.get(common.INFO_CHECKSUM)
                self.add(
                    common.SHEET_INFO,
                    address(row[0], 2) if row else "",
                    "没有数据校验码，无法确认文件在导出后是否被修改过。",
                )
            return None
        if stored == self.content_key:
            return True
        changed = self._differences(report)
        if len(changed) > MAX_LISTED:
            changed = changed[:MAX_LISTED] + [f"另有{len(changed) - MAX_LISTED}处导出后的改动，未逐一列出。"]
        self.changed = changed
        if not self.changed:
            self.changed = [
                "文件内容与“说明”表中的数据校验码不符：导出后有内容被修改过，但无法确定具体是哪一处"
                "（导出时的原值也被改动了）。请向报送单位核实。"
            ]
        return False

    def _differences(self, report: Report) -> list[str]:
        out = []
        fmt = report.fmt
        for code, (r, value, original) in self.data_rows.items():
            now = value_text(value)
            if original is not None and original != now:
                where = f"{self._where(code)}（数据!{address(r, common.D_VALUE)}）"
                out.append(f"{where}：导出时为{shown(original)}，现在为{shown(now)}")
        for code, rows in self.text_rows.items():
            r, text, original = rows[0]
            if text == original:
                continue
            where = f"正文!{address(r, common.T_TEXT)}"
            if code.startswith(common.META_PREFIX):
                label = META_LABELS.get(code[len(common.META_PREFIX) :], code)
                out.append(f"基本信息 {label}（{where}）：导出时为“{original}”，现在为“{text}”")
            elif code in fmt.parts:
                part = fmt.parts[code]
                name = f"{part.section.heading}{part.heading or ''}"
                out.append(f"正文 {name}（{where}）：导出后被修改（导出时{len(original)}字，现在{len(text)}字）")
            elif code.startswith(common.EXPLAIN_PREFIX):
                out.append(f"对检查结果“{code[len(common.EXPLAIN_PREFIX) :]}”的说明（{where}）：导出后被修改")
            else:
                out.append(f"“{code}”（{where}）：导出后被修改")
        return out


# ------------------------------------------------------------------ helpers


def _holds_invalid(report: Report) -> bool:
    from model.normalize import Invalid

    return any(isinstance(v, Invalid) for v in (*report.values.values(), *report.fields.values()))


def _label_rows(sheet: Sheet) -> dict[str, tuple[int, object]]:
    """label in column A -> (row, the raw cell in column B); the first occurrence wins."""
    rows = {}
    for r in sheet.rows():
        label = read_text(sheet.get(r, 1))[0].strip()
        if label and label not in rows:
            rows[label] = (r, sheet.get(r, 2))
    return rows


def _raw_text(raw) -> str:
    if raw is None:
        return ""
    if raw.kind == NUMBER:
        return read_text(raw)[0]
    return raw.text


def _data_columns(sheet: Sheet) -> tuple[int, int, int | None]:
    headers = {read_text(sheet.get(1, k))[0].strip(): k for k in range(1, 20) if sheet.get(1, k) is not None}
    code = headers.get(common.DATA_HEADERS[common.D_CODE - 1], common.D_CODE)
    value = headers.get(common.DATA_HEADERS[common.D_VALUE - 1], common.D_VALUE)
    original = headers.get(common.DATA_HEADERS[common.D_ORIGINAL - 1])
    return code, value, original


def _keyword_version(keywords: str) -> int | None:
    m = re.match(re.escape(common.KEYWORDS_PREFIX) + r"(\d+)", keywords or "")
    return int(m.group(1)) if m else None


def _parse_time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None


__all__ = ["ImportResult", "Problem", "XlsxImportError", "read_xlsx", "read_xlsx_bytes"]
