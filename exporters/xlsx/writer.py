"""Export a report as the .xlsx a township sends to the county, readable by people and by the program.

    export_xlsx(report, path, draft=False, last_year=None)

Sheets, in order:
- 说明: who, which year and format, program version, export time, the number of
  错误/警告/提示, a SHA-256 数据校验码 over the draft, and the state (正式导出, or
  「草稿——数据未通过校验」 with every 错误 listed).
- 表二, 表三, 表四: the statutory tables as printed (merges from model.layout),
  totals written as values. For people; the program only compares them.
- 数据: one row per value cell and per figure of 六（一）: 字段代码, 表, 行, 列, 值,
  类型, and a hidden 导出时的值 (to say later what was changed). Authoritative.
- 正文: basic information, every narrative part, the explanations of 警告 and
  any data this version does not know, one row per piece of at most 16 000
  characters, so that reading the file back restores the draft exactly.
- 检查结果: every finding: 级别, 规则, 位置, 说明, 解释.
And, for the 汇总 to read an untouched file quickly, the draft itself in a part no sheet shows
(exporters.xlsx.embedded).

Every text is written as text (never a formula, whatever it starts with);
numbers are numbers with the decimals they have. A report with 错误 is
refused (ExportRefused) unless draft=True. The file is built in memory and
written atomically; openpyxl is imported only here, when a file is written.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from exporters.common import DRAFT_MARK, findings_for_export
from exporters.xlsx import common
from exporters.xlsx.common import (
    canonical_json,
    checksum,
    column_path,
    escape_text,
    format_label,
    kind_words,
    row_path,
    table_names,
    value_text,
)
from exporters.xlsx.sheet_setup import header_footer, no_recalculation, protect_totals
from exporters.xlsx.tables import Styles, fit_to_width, lines_needed, put_text, put_value, row_height, write_table_sheet
from model import APP_NAME, APP_VERSION
from model.chinese_time import written_time
from model.draft_store import draft_to_dict
from model.findings import ERROR, HINT, WARNING, Finding, count_by_severity
from model.places import finding_place
from model.report import META_LABELS, Report

META_ORDER = (
    "organ",
    "county",
    "city",
    "year",
    "date",
    "title",
    "contact_person",
    "contact_phone",
    "contact_address",
    "website",
)


def export_xlsx(report: Report, path, *, draft: bool = False, last_year: Report | None = None) -> None:
    findings = findings_for_export(report, draft=draft, last_year=last_year)
    from model.atomic import atomic_write_bytes

    atomic_write_bytes(Path(path), xlsx_bytes(report, findings, draft=draft))


def xlsx_bytes(
    report: Report, findings: list[Finding], *, draft: bool = False, exported_at: dt.datetime | None = None
) -> bytes:
    """The workbook as bytes, without any check (export_xlsx checks first)."""
    from openpyxl import Workbook

    exported_at = exported_at or dt.datetime.now().astimezone()
    wb = Workbook()
    styles = Styles()
    info = wb.active
    info.title = common.SHEET_INFO
    _info_sheet(info, report, findings, draft, exported_at, styles)
    for section in report.fmt.table_sections():
        table = section.table
        ws = wb.create_sheet(table.name)
        organ = report.meta.organ.strip() or "（未填写机关名称）"
        year = f"{report.meta.year}年度" if report.meta.year else "（未填写报告年度）"
        note = DRAFT_MARK if draft else "灰色底纹的合计由程序根据各项自动计算。程序读取本文件时以“数据”表为准。"
        grid = write_table_sheet(
            ws,
            table,
            lambda cell: _shown_value(report, cell.code),
            styles,
            title=section.heading,
            subtitle=f"{organ}　{year}　{table.name}",
            note=note,
            warn=draft,
        )
        protect_totals(ws, grid, common.GRID_TOP)
    _data_sheet(wb.create_sheet(common.SHEET_DATA), report, styles)
    _text_sheet(wb.create_sheet(common.SHEET_TEXT), report, styles)
    _findings_sheet(wb.create_sheet(common.SHEET_FINDINGS), report, findings, styles)
    props = wb.properties
    props.creator = f"{APP_NAME} {APP_VERSION}"
    props.title = escape_text(report.title)
    props.subject = "政府信息公开工作年度报告数据"
    props.keywords = f"{common.KEYWORDS_PREFIX}{common.LAYOUT_VERSION} format={report.fmt.format_id}"
    header = f"{report.meta.organ.strip() or '（未填写机关名称）'}　{report.title}"
    for sheet in wb.worksheets:
        header_footer(sheet, header)
    no_recalculation(wb)
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    from exporters.xlsx.embedded import PART, draft_part
    from exporters.xlsx.stamp import stamp

    part = draft_part(draft_to_dict(report))
    if part is not None:
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(PART, part)
    return stamp(buffer.getvalue())


def _shown_value(report: Report, code: str):
    """A table sheet shows what the window shows: the input, or the total the program computes."""
    return report.value(code) if code in report.fmt.cells else None


def _stored_value(report: Report, cell):
    """The 数据 sheet keeps what the draft keeps: a total found in a file that disagrees stays as found."""
    if cell.is_input:
        return report.values.get(cell.code)
    return report.stated.get(cell.code, report.value(cell.code))


# ------------------------------------------------------------------ 说明


def _info_sheet(ws, report: Report, findings, draft: bool, exported_at, styles: Styles) -> None:
    fmt, meta = report.fmt, report.meta
    counts = count_by_severity(findings)
    put_text(ws, 1, 1, f"{report.title}（报送用数据文件）", font=styles.title, alignment=styles.left)
    ws.merge_cells("A1:B1")
    ws.row_dimensions[1].height = 24
    rows = [
        (common.KIND_LABEL, common.KIND_TEXT),
        (common.INFO_ORGAN, meta.organ),
        (common.INFO_COUNTY, meta.county),
        (common.INFO_CITY, meta.city),
        (common.INFO_YEAR, meta.year),
        (common.INFO_FORMAT, format_label(fmt)),
        (common.INFO_APP, f"{APP_NAME} {APP_VERSION}"),
        (common.INFO_TIME, written_time(exported_at)),
        (common.INFO_SAVES, report.save_count),
        (common.INFO_CHECKS, f"{counts[ERROR]}个错误，{counts[WARNING]}个警告，{counts[HINT]}个提示"),
        (common.INFO_CHECKSUM, checksum(draft_to_dict(report))),
        (common.INFO_STATE, DRAFT_MARK if draft else common.FINAL_STATE),
    ]
    r = 2
    for label, value in rows:
        put_text(ws, r, 1, label, font=styles.bold, alignment=styles.left)
        if isinstance(value, int):
            ws.cell(row=r, column=2, value=value).alignment = styles.left
        else:
            font = styles.red_bold if (label == common.INFO_STATE and draft) else styles.font
            put_text(ws, r, 2, value or "", font=font, alignment=styles.left)
        if label == common.INFO_TIME:  # the machine-readable moment beside the words people read
            put_text(ws, r, 3, exported_at.isoformat(timespec="seconds"), font=styles.grey, alignment=styles.left)
        r += 1
    if draft:
        errors = [f for f in findings if f.severity == ERROR]
        put_text(ws, r, 1, "未通过校验的错误", font=styles.red_bold, alignment=styles.top_left)
        for i, f in enumerate(errors, 1):
            put_text(ws, r, 2, f"{i}. {f.message}", font=styles.red, alignment=styles.top_left)
            r += 1
        if not errors:
            r += 1
    r += 1
    notes = [
        (
            "各工作表",
            f"{table_names(fmt)}按法定格式排列，供阅读和打印，灰色底纹的合计由程序计算；"
            "“数据”表每个数值一行，带字段代码，程序读取本文件时以它为准；"
            "“正文”表保存基本信息、正文和对警告的说明；“检查结果”表列出导出时发现的全部问题。",
        ),
        (
            "注意",
            "如需更正，请在年报助手中修改后重新导出，不要直接改本文件。直接改动的内容在县里读入时会被发现并列出。",
        ),
    ]
    for label, text in notes:
        put_text(ws, r, 1, label, font=styles.bold, alignment=styles.top_left)
        put_text(ws, r, 2, text, font=styles.font, alignment=styles.top_left)
        ws.row_dimensions[r].height = 48
        r += 1
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 80
    ws.column_dimensions["C"].width = 26
    fit_to_width(ws, landscape=False)


# ------------------------------------------------------------------ 数据


def _header(ws, headers, styles: Styles) -> None:
    for k, text in enumerate(headers, 1):
        cell = put_text(ws, 1, k, text, font=styles.bold, alignment=styles.center)
        cell.fill = styles.header_fill
        cell.border = styles.border
    ws.freeze_panes = "A2"


def _data_sheet(ws, report: Report, styles: Styles) -> None:
    _header(ws, common.DATA_HEADERS, styles)
    r = 2
    fmt = report.fmt
    for table in fmt.tables.values():
        for cell in table.cells:
            value = _stored_value(report, cell)
            _data_row(
                ws,
                r,
                cell.code,
                table.name,
                row_path(cell),
                column_path(cell),
                value,
                kind_words(cell),
                styles,
                computed=cell.is_computed,
            )
            r += 1
    for part in fmt.narrative_parts():
        for fld in part.fields:
            _data_row(
                ws,
                r,
                fld.code,
                part.section.heading,
                part.heading or "",
                fld.label,
                report.fields.get(fld.code),
                kind_words(fld),
                styles,
                computed=False,
            )
            r += 1
    for col, width in zip("ABCDEFG", (30, 6, 84, 44, 14, 18, 14)):
        ws.column_dimensions[col].width = width
    ws.column_dimensions["G"].hidden = True
    ws.auto_filter.ref = f"A1:F{max(2, r - 1)}"
    fit_to_width(ws, landscape=True)
    ws.print_title_rows = "1:1"


def _data_row(ws, r, code, table, row, col, value, kind, styles: Styles, *, computed: bool) -> None:
    for k, text in enumerate((code, table, row, col), 1):
        put_text(ws, r, k, text, font=styles.font)
    cell = put_value(ws, r, 5, value, styles, font=styles.font)
    cell.alignment = styles.center
    if computed:
        cell.fill = styles.total_fill
    put_text(ws, r, 6, kind, font=styles.font)
    put_text(ws, r, common.D_ORIGINAL, value_text(value), font=styles.grey)


# ------------------------------------------------------------------ 正文


def text_rows(report: Report) -> list[tuple[str, str, object]]:
    """(code, name, content) of the 正文 sheet: meta, narrative parts, explanations, unknown data."""
    meta = report.meta
    rows: list[tuple[str, str, object]] = []
    for name in META_ORDER:
        value = getattr(meta, name)
        if name == "date":
            value = value.isoformat() if value else ""
        rows.append((f"{common.META_PREFIX}{name}", META_LABELS[name], value if value is not None else ""))
    for part in report.fmt.narrative_parts():
        heading = f"{part.section.heading} {part.heading}" if part.heading else f"{part.section.heading}（正文）"
        rows.append((part.code, heading, report.narrative.get(part.code, "")))
    for key, text in sorted(report.explanations.items()):
        rows.append((f"{common.EXPLAIN_PREFIX}{key}", "对检查结果的说明", text))
    if report.unknown:
        rows.append(
            (
                common.UNKNOWN_CODE,
                "本版本程序不认识的数据（原样保留，请勿修改）",
                canonical_json(report.unknown, sort_keys=False),
            )
        )
    return rows


def pieces(text: str) -> list[str]:
    """The escaped text cut into pieces an Excel cell can hold; at least one piece."""
    escaped = escape_text(text)
    return [escaped[i : i + common.PIECE_CHARS] for i in range(0, len(escaped), common.PIECE_CHARS)] or [""]


def _text_sheet(ws, report: Report, styles: Styles) -> None:
    _header(ws, common.TEXT_HEADERS, styles)
    r = 2
    for code, name, content in text_rows(report):
        if isinstance(content, int):
            put_text(ws, r, 1, code, font=styles.font, alignment=styles.top_left)
            put_text(ws, r, 2, name, font=styles.font, alignment=styles.top_left)
            ws.cell(row=r, column=3, value=1).alignment = styles.top_center
            ws.cell(row=r, column=4, value=content).alignment = styles.top_left
            put_text(ws, r, 5, str(content), font=styles.grey)
            r += 1
            continue
        for i, piece in enumerate(pieces(content), 1):
            put_text(ws, r, 1, code, font=styles.font, alignment=styles.top_left)
            put_text(ws, r, 2, name, font=styles.font, alignment=styles.top_left)
            ws.cell(row=r, column=3, value=i).alignment = styles.top_center
            _raw_text(ws, r, 4, piece, styles).alignment = styles.top_left
            _raw_text(ws, r, 5, piece, styles)
            ws.row_dimensions[r].height = row_height(lines_needed(piece, 100), lines_needed(name, 30))
            r += 1
    for col, width in zip("ABCDE", (26, 30, 5, 100, 20)):
        ws.column_dimensions[col].width = width
    ws.column_dimensions["E"].hidden = True
    fit_to_width(ws, landscape=True)
    ws.print_title_rows = "1:1"


def _raw_text(ws, r, c, escaped: str, styles: Styles):
    """An already escaped piece: written as is, as text."""
    cell = ws.cell(row=r, column=c)
    cell.value = escaped
    cell.data_type = "s"
    if escaped[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True
    cell.font = styles.font
    return cell


# ------------------------------------------------------------------ 检查结果


def _findings_sheet(ws, report: Report, findings: list[Finding], styles: Styles) -> None:
    from openpyxl.styles import Font

    _header(ws, ("级别", "规则", "位置", "说明", "解释"), styles)
    colors = {
        ERROR: Font(name=styles.font.name, size=styles.font.size, color="C62828", bold=True),
        WARNING: Font(name=styles.font.name, size=styles.font.size, color="A15C00"),
    }
    for r, f in enumerate(findings, 2):
        put_text(ws, r, 1, f.severity_text, font=colors.get(f.severity, styles.font), alignment=styles.top_left)
        put_text(ws, r, 2, f.rule, font=styles.font, alignment=styles.top_left)
        put_text(ws, r, 3, finding_place(report.fmt, f), font=styles.font, alignment=styles.top_left)
        put_text(ws, r, 4, f.message, font=styles.font, alignment=styles.top_left)
        put_text(ws, r, 5, f.explanation or "", font=styles.font, alignment=styles.top_left)
        ws.row_dimensions[r].height = row_height(lines_needed(f.message, 90), lines_needed(f.explanation or "", 40))
    if not findings:
        put_text(ws, 2, 1, "没有发现问题。", font=styles.font)
    for col, width in zip("ABCDE", (8, 7, 34, 90, 40)):
        ws.column_dimensions[col].width = width
    fit_to_width(ws, landscape=True)
    ws.print_title_rows = "1:1"
