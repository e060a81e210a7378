"""The county's 汇总 workbook: status of every file, the statutory tables summed, a wide 明细, all findings.

Sheets: 汇总情况 (title, what was summed, one row per file and per 未报送
name), 表二/表三/表四 (the sums, laid out like the printed tables), 明细 (one
row per township, one column per field code, a 合计 row), 检查结果 (every
township's findings, reading problems and values changed after export).
It is labelled throughout as a 汇总 of the townships' reports, never as the
county's own annual report. Written in memory, then atomically.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from pathlib import Path

from exporters.county.carried import UNITS_SHEET, code_names, write_carried
from exporters.county.consolidate import (
    DUPLICATE,
    ERRORS,
    LEVEL,
    MISMATCH,
    MISSING,
    OVERLAP,
    PASS,
    UNREADABLE,
    WARN,
    Consolidation,
    loaded,
)
from exporters.county.similarity import SIMILAR_SHEET
from exporters.xlsx.common import CONSOLIDATION_KEYWORDS, format_label
from exporters.xlsx.sheet_setup import header_footer, no_recalculation
from exporters.xlsx.tables import (
    LINE_POINTS,
    ROW_PADDING,
    Styles,
    fit_to_width,
    lines_needed,
    put_text,
    put_value,
    row_height,
    write_table_sheet,
)
from model import APP_NAME, APP_VERSION
from model.chinese_time import written_time
from model.formats import get_format
from model.places import finding_place

NOT_OWN_REPORT = "各乡镇、街道报告数据汇总，非本级年度报告"
SUMMARY_SHEET, DETAIL_SHEET, FINDINGS_SHEET = "汇总情况", "明细", "检查结果"
SIMILAR_LIMIT = 500  # rows of the 正文雷同 sheet; the rest is counted
STATUS_FILL = {
    PASS: "E6F4EA",
    WARN: "FFF4E0",
    ERRORS: "FDE7E7",
    OVERLAP: "FDE7E7",
    UNREADABLE: "FDE7E7",
    MISSING: "FDE7E7",
    MISMATCH: "FFF4E0",
    DUPLICATE: "FFF4E0",
}
LIST_LIMIT = 40
WIDTHS = (6, 24, 24, 7, 7, 13, 7, 7, 8, 50, 50)
STATUS_HEADERS = (
    "序号",
    "机关名称",
    "文件",
    "年度",
    "格式",
    "状态",
    "错误数",
    "警告数",
    "是否计入合计",
    "原因",
    "读入时发现的问题",
)


def title_of(c: Consolidation) -> str:
    year = f"{c.year}年度" if c.year else ""
    return f"{year}各乡镇（街道）政府信息公开工作年度报告数据汇总（{NOT_OWN_REPORT}）"


def output_refusal(path: Path) -> str | None:
    """Why a 汇总 workbook must not be written to path (None: fine). An existing file is replaced only
    when it is itself a 汇总 workbook of this program: never a township's report sent by mistake."""
    from model.overwrite import CONSOLIDATION
    from model.overwrite import output_refusal as general_refusal

    path = Path(path)
    if path.is_dir():
        return f"“{path}”是一个文件夹，请给出汇总工作簿的文件名，例如 汇总.xlsx。"
    if path.suffix.lower() != ".xlsx":
        return f"汇总工作簿的文件名应以 .xlsx 结尾：“{path}”。"
    if not path.parent.is_dir():
        return f"找不到文件夹“{path.parent}”，汇总工作簿无法写在那里。请给出已有文件夹中的文件名。"
    refusal = general_refusal(path, CONSOLIDATION)
    if refusal or not path.exists():
        return refusal
    from exporters.xlsx.cells import BookError, open_book

    try:
        ours = open_book(path.read_bytes()).keywords == CONSOLIDATION_KEYWORDS
    except (BookError, OSError):
        ours = False
    if ours:
        return None
    return f"“{path}”已经存在，而且不是年报助手生成的汇总工作簿（可能是某个乡镇的报告），没有覆盖。请换一个文件名。"


def write_consolidation(c: Consolidation, path) -> None:
    """Straight into the temporary file that then replaces path: the workbook is never whole in memory."""
    from model.atomic import atomic_write

    atomic_write(Path(path), lambda f: _workbook(c).save(f))


def consolidation_bytes(c: Consolidation) -> bytes:
    buffer = io.BytesIO()
    _workbook(c).save(buffer)
    return buffer.getvalue()


def _workbook(c: Consolidation):
    """Written in openpyxl's write-only mode (exporters.county.streaming): each row of the long sheets
    goes out (to a temporary file) as it is made, so that memory stays flat however many townships
    there are."""
    from openpyxl import Workbook

    from exporters.county.streaming import RowStream, copy_sheet

    wb = Workbook(write_only=True)
    scratch = Workbook()  # the small sheets laid out at random, then copied
    styles = Styles()
    streams: list[RowStream] = []

    def stream(title: str) -> RowStream:
        if streams:
            streams[-1].close()
        streams.append(RowStream(wb.create_sheet(title)))
        return streams[-1]

    def copied(title: str, build) -> None:
        if streams:
            streams[-1].close()
        sheet = scratch.create_sheet(title)
        build(sheet)
        copy_sheet(sheet, wb.create_sheet(title))
        scratch.remove(sheet)

    _summary_sheet(stream(SUMMARY_SHEET), c, styles)
    if c.fmt is not None and c.total is not None:
        units = len(c.units)
        listed = "、".join(u.organ for u in itertools.islice(c.units, LIST_LIMIT)) + (
            f"等{units}个单位（完整名单见“{UNITS_SHEET}”表）" if units > LIST_LIMIT else ""
        )
        note = (
            f"计入合计的{units}个单位：{listed}。未计入的文件及原因见“汇总情况”表。"
            if units
            else "没有可以计入合计的报告，表中为空白。原因见“汇总情况”表。"
        )
        for section in c.fmt.table_sections():
            table = section.table
            copied(
                table.name,
                lambda sheet, section=section, table=table: write_table_sheet(
                    sheet,
                    table,
                    lambda cell: c.total.value(cell.code) if cell.code in c.fmt.cells else None,
                    styles,
                    title=f"{section.heading}（汇总）",
                    subtitle=f"{c.year}年度 {table.name}：{units}个乡镇（街道）报告数据之和（{NOT_OWN_REPORT}）",
                    note=note,
                    warn=not units,
                ),
            )
        _detail_sheet(stream(DETAIL_SHEET), c, styles)
    _findings_sheet(stream(FINDINGS_SHEET), c, styles)
    if c.similar:
        _similar_sheet(stream(SIMILAR_SHEET), c, styles)
    if c.fmt is not None and c.total is not None:
        write_carried(stream, c, styles)  # last: for the next level's program, not for people
    streams[-1].close()
    for sheet in wb.worksheets:
        header_footer(sheet, title_of(c))
    no_recalculation(wb)
    props = wb.properties
    props.creator = f"{APP_NAME} {APP_VERSION}"
    props.title = title_of(c)
    props.keywords = CONSOLIDATION_KEYWORDS
    props.created = props.modified = c.created_at.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return wb


def _columns(ws, freeze: str, widths: dict[str, float]) -> None:
    """Frozen panes and column widths: first, before any row (a write-only sheet writes them at its top)."""
    ws.freeze_panes = freeze
    for col, width in widths.items():
        ws.column_dimensions[col].width = width


def _fill(color: str):
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=color)


def _summary_sheet(ws, c: Consolidation, styles: Styles) -> None:
    width = len(STATUS_HEADERS)
    fmt_text = format_label(c.fmt) if c.fmt is not None else "（无法确定）"
    lines = [
        (title_of(c), styles.title),
        (
            f"本工作簿是各乡镇（街道）报送数据的汇总（{NOT_OWN_REPORT}），不能作为本级政府信息公开工作年度报告。",
            styles.red_bold,
        ),
        (
            f"汇总年度：{c.year or '（无法确定）'}　格式：{fmt_text}　"
            f"生成时间：{written_time(c.created_at)}（{c.created_at.isoformat(timespec='seconds')}）"
            f"　程序：{APP_NAME} {APP_VERSION}",
            styles.font,
        ),
        (c.summary(), styles.bold),
    ]
    if c.skipped:
        listed = "；".join(f"“{p.name}”（{why}）" for p, why in c.skipped[:LIST_LIMIT])
        more = f"……共{len(c.skipped)}个" if len(c.skipped) > LIST_LIMIT else ""
        lines.append((f"已跳过：{listed}{more}", styles.grey))
    top = len(lines) + 2
    _columns(ws, f"C{top + 1}", dict(zip("ABCDEFGHIJK", WIDTHS)))
    for r, (text, font) in enumerate(lines, 1):
        put_text(ws, r, 1, text, font=font, alignment=styles.left)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.row_dimensions[r].height = 24 if r == 1 else lines_needed(text, sum(WIDTHS)) * LINE_POINTS + ROW_PADDING
    ws.row_dimensions[top].height = 2 * LINE_POINTS + ROW_PADDING
    for k, text in enumerate(STATUS_HEADERS, 1):
        cell = put_text(ws, top, k, text, font=styles.bold, alignment=styles.center)
        cell.fill, cell.border = styles.header_fill, styles.border
    fills = {status: _fill(color) for status, color in STATUS_FILL.items()}
    rows = 0
    for i, e in enumerate(c.rows(), 1):
        rows = i
        r = top + i
        problems = "；".join(e.problems[:5] + [f"导出后被修改：{x}" for x in e.changed[:5]])
        values = (
            i,
            e.organ,
            e.file_name,
            e.year if e.year is not None else "",
            e.format_id or "",
            e.status,
            e.errors if e.readable else "",
            e.warnings if e.readable else "",
            "是" if e.included else "否",
            e.reason,
            problems,
        )
        for k, value in enumerate(values, 1):
            if isinstance(value, int):
                cell = ws.cell(row=r, column=k, value=value)
                cell.alignment, cell.font = styles.center, styles.font
            else:
                cell = put_text(
                    ws,
                    r,
                    k,
                    str(value),
                    font=styles.font,
                    alignment=styles.left if k in (2, 3, 10, 11) else styles.center,
                )
            cell.border = styles.border
            if k == 6 and e.status in fills:
                cell.fill = fills[e.status]
        lines = max(
            lines_needed(e.reason, WIDTHS[9]),
            lines_needed(problems, WIDTHS[10]),
            lines_needed(e.organ, WIDTHS[1]),
            lines_needed(e.file_name, WIDTHS[2]),
        )
        ws.row_dimensions[r].height = min(lines, 12) * LINE_POINTS + ROW_PADDING
    ws.auto_filter.ref = f"A{top}:K{top + max(1, rows)}"
    fit_to_width(ws, landscape=True)
    ws.print_title_rows = f"{top}:{top}"


def _detail_sheet(ws, c: Consolidation, styles: Styles) -> None:
    fmt = c.fmt
    codes = code_names(fmt)
    fixed = ("机关名称", "文件", "状态", "是否计入合计")
    from exporters.xlsx.common import col_letter

    widths = {"A": 26, "B": 24, "C": 9, "D": 8}
    widths.update((col_letter(k), 14) for k in range(len(fixed) + 1, len(fixed) + len(codes) + 1))
    _columns(ws, "E3", widths)
    ws.row_dimensions[2].height = 120
    for r in (1, 2):  # row by row: the sheet is written as it goes
        for k, text in enumerate(fixed, 1):
            put_text(
                ws, r, k, text if r == 1 else "", font=styles.bold, alignment=styles.center
            ).fill = styles.header_fill
        for k, (code, name) in enumerate(codes, len(fixed) + 1):
            font = styles.grey if r == 1 else styles.font
            put_text(ws, r, k, code if r == 1 else name, font=font, alignment=styles.center).fill = styles.header_fill
    for k in range(1, len(fixed) + 1):
        ws.merge_cells(start_row=1, start_column=k, end_row=2, end_column=k)
    r = 3
    for e in c.same_format(included=True):
        _detail_row(ws, r, e, codes, styles)
        r += 1
    put_text(ws, r, 1, f"合计（{len(c.units)}个单位）", font=styles.bold)
    for k, (code, _) in enumerate(codes, len(fixed) + 1):
        value = c.total.value(code) if code in fmt.cells else c.total.fields.get(code)
        cell = put_value(ws, r, k, value, styles, font=styles.bold)
        cell.fill = styles.total_fill
    for k in range(1, len(fixed) + 1):
        ws.cell(row=r, column=k).fill = styles.total_fill
    r += 1
    others = c.same_format(included=False)
    if others:
        r += 1
        put_text(ws, r, 1, "以下各单位的报告未计入合计（原因见“汇总情况”表）：", font=styles.red_bold)
        r += 1
        for e in others:
            _detail_row(ws, r, e, codes, styles)
            r += 1
    # printable: landscape, as wide as the paper, the organ's columns and the two header rows on every page
    fit_to_width(ws, landscape=True)
    ws.page_setup.fitToWidth = 0  # 170 columns cannot go on one page wide: pages across, organ repeated
    ws.print_title_cols = "A:D"
    ws.print_title_rows = "1:2"


def _detail_row(ws, r: int, e, codes, styles: Styles) -> None:
    name = f"{e.organ or e.path.stem}（汇总，{len(e.units)}个单位）" if e.kind == LEVEL else e.organ
    for k, text in enumerate((name, e.file_name, e.status, "是" if e.included else "否"), 1):
        put_text(ws, r, k, text, font=styles.font)
    numbers = loaded(e.numbers)
    for k, (code, _) in enumerate(codes, 5):
        value = numbers.get(code)
        if value is not None:
            put_value(ws, r, k, value, styles)


def _similar_sheet(ws, c: Consolidation, styles: Styles) -> None:
    headers = ("单位甲", "单位乙", "相同比例", "比较的字数", "说明")
    _columns(ws, "A2", dict(zip("ABCDE", (28, 28, 10, 12, 60))))
    for k, text in enumerate(headers, 1):
        cell = put_text(ws, 1, k, text, font=styles.bold, alignment=styles.center)
        cell.fill, cell.border = styles.header_fill, styles.border
    spec = c.fmt.prose if c.fmt is not None else None
    n = spec.ngram if spec is not None else 8
    r = 2
    for pair in c.similar[:SIMILAR_LIMIT]:
        words = f"两份报告正文中连续{n}个字相同的部分，占较短一份的{pair.share:.0%}"
        for k, text in enumerate((pair.first, pair.second, f"{pair.share:.0%}", str(pair.compared), words), 1):
            put_text(ws, r, k, text, alignment=styles.top_left)
        r += 1
    if len(c.similar) > SIMILAR_LIMIT:
        put_text(ws, r, 1, f"另有{len(c.similar) - SIMILAR_LIMIT}对相同比例较低的未列出。")
    fit_to_width(ws, landscape=True)
    ws.print_title_rows = "1:1"


def _findings_sheet(ws, c: Consolidation, styles: Styles) -> None:
    headers = ("机关名称", "文件", "状态", "级别", "规则", "位置", "说明", "解释")
    _columns(ws, "A2", dict(zip("ABCDEFGH", (24, 24, 10, 10, 6, 30, 90, 30))))
    for k, text in enumerate(headers, 1):
        cell = put_text(ws, 1, k, text, font=styles.bold, alignment=styles.center)
        cell.fill, cell.border = styles.header_fill, styles.border
    r = 2
    for e in c.rows():
        if e.path is None:
            continue
        rows = []
        if not e.readable:
            rows.append(("无法读取", "", "", e.reason, ""))
        for message in e.problems:
            rows.append(("读入问题", "", "", message, ""))
        for message in e.changed:
            rows.append(("导出后修改", "", "", message, ""))
        fmt = get_format(e.format_id) if e.findings else None
        for f in e.findings:
            rows.append((f.severity_text, f.rule, finding_place(fmt, f), f.message, f.explanation or ""))
        for level, rule, place, message, explanation in rows:
            for k, text in enumerate((e.organ, e.file_name, e.status, level, rule, place, message, explanation), 1):
                put_text(ws, r, k, text, alignment=styles.top_left)
            ws.row_dimensions[r].height = row_height(lines_needed(message, 90), lines_needed(explanation, 30))
            r += 1
    if r == 2:
        put_text(ws, 2, 1, "没有发现问题。")
    ws.auto_filter.ref = f"A1:H{max(2, r - 1)}"
    fit_to_width(ws, landscape=True)
    ws.print_title_rows = "1:1"
