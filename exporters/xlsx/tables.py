"""A statutory table as a worksheet, laid out like the printed table (model.layout's grid).

Used for the township's file and for the county's 汇总: title, organ line and
a note above, then the grid from row GRID_TOP with the same merges as the
.docx and the window; labels wrap; numbers are numbers; totals are values
(shaded), never formulas; borders on every grid cell; widths and row heights
worked out from the text so that nothing is cut off in Excel, WPS or
LibreOffice, and a page setup that prints each table on one page width.
"""

from __future__ import annotations

import math
from typing import Callable

from exporters.common import text_width
from exporters.xlsx.common import (
    GRID_TOP,
    NOTE_ROW,
    ORGAN_ROW,
    TITLE_ROW,
    col_letter,
    escape_text,
    grid_of,
    number_format_for,
    stored_number,
    value_text,
)
from model.definition import SIGNED
from model.layout import CAPTION, CORNER, HEADER, LABEL, VALUE, Grid, GridCell
from model.normalize import Invalid, Value

FONT_NAME = "宋体"
FONT_SIZE = 11
CHAR_UNITS = 2.2  # Excel column-width units per full-width character at 11 pt
PADDING_UNITS = 1.6
LINE_POINTS = 15.0  # one line of 11 pt text
ROW_PADDING = 4.0
LABEL_MAX_CHARS = 26  # a longer one-row label wraps (表三's （六）sub-rows)
TALL_LABEL_CHARS = 5  # a label over several rows (「三、本年度办理结果」) stays narrow
MIN_VALUE_CHARS = 4.5
TOTAL_FILL = "F2F2F2"
HEADER_FILL = "EEF3F8"
RED = "C62828"
GREY = "5F6B7A"

ValueOf = Callable[[GridCell], "Value | Invalid"]


class Styles:
    """The few openpyxl style objects, made once per workbook (openpyxl shares equal styles anyway)."""

    def __init__(self):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.font = Font(name=FONT_NAME, size=FONT_SIZE)
        self.bold = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
        self.title = Font(name=FONT_NAME, size=14, bold=True)
        self.red = Font(name=FONT_NAME, size=FONT_SIZE, color=RED)
        self.red_bold = Font(name=FONT_NAME, size=12, bold=True, color=RED)
        self.grey = Font(name=FONT_NAME, size=10, color=GREY)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.top_left = Alignment(horizontal="left", vertical="top", wrap_text=True)
        self.top_center = Alignment(horizontal="center", vertical="top")
        self.total_fill = PatternFill("solid", fgColor=TOTAL_FILL)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)


def put_text(ws, row: int, col: int, text: str, *, font=None, alignment=None):
    """A text cell that stays text: never a formula, even when it starts with = + - or @."""
    cell = ws.cell(row=row, column=col)
    cell.value = escape_text(text)
    cell.data_type = "s"
    if text[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True  # Excel keeps it text when someone edits the cell
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def put_value(
    ws,
    row: int,
    col: int,
    value: Value | Invalid,
    styles: Styles,
    *,
    font=None,
    unit: str | None = None,
    signed: bool = False,
):
    """A number as a number with the decimals it has (and the unit shown, for a cell that prints
    one); an invalid value, or a number with more digits than Excel keeps, as text."""
    number = None if isinstance(value, Invalid) else stored_number(value)
    if value is None or number is not None:
        cell = ws.cell(row=row, column=col)
        cell.value = number
        cell.number_format = number_format_for(value, signed=signed) + (f'"{unit}"' if unit else "")
        if font is not None:
            cell.font = font
        return cell
    if isinstance(value, Invalid):
        return put_text(ws, row, col, value_text(value), font=styles.red)
    cell = put_text(ws, row, col, value_text(value), font=font)
    from openpyxl.comments import Comment

    cell.comment = Comment(
        f"这个数有{len(value.as_tuple().digits)}位有效数字，超过Excel能精确保存的15位，"
        "因此按文字保存，以免数值被改变。",
        "年报助手",
    )
    return cell


def write_table_sheet(
    ws, table, value_of: ValueOf, styles: Styles, *, title: str, subtitle: str, note: str, warn: bool = False
) -> Grid:
    """Fill ws with the table: title (row 1), subtitle (row 2), note (row 3), grid from GRID_TOP."""
    grid = grid_of(table)
    widths = column_widths(grid)
    for k, width in enumerate(widths):
        ws.column_dimensions[col_letter(k + 1)].width = round(width, 1)
    last_col = grid.n_cols
    for row, text, font in (
        (TITLE_ROW, title, styles.title),
        (ORGAN_ROW, subtitle, styles.font),
        (NOTE_ROW, note, styles.red_bold if warn else styles.grey),
    ):
        put_text(ws, row, 1, text, font=font, alignment=styles.center if row == TITLE_ROW else styles.left)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        lines = lines_needed(text, sum(widths) * 0.9)
        ws.row_dimensions[row].height = 24.0 if row == TITLE_ROW else LINE_POINTS * lines + ROW_PADDING
    for cell in grid.cells:
        _write_grid_cell(ws, cell, value_of, styles)
    for r, height in enumerate(row_heights(grid, widths)):
        ws.row_dimensions[GRID_TOP + r].height = height
    _page_setup(ws, table, grid, widths)
    return grid


def _write_grid_cell(ws, cell: GridCell, value_of: ValueOf, styles: Styles) -> None:
    row, col = GRID_TOP + cell.row, 1 + cell.col
    if cell.role == VALUE:
        computed = cell.cell is not None and cell.cell.is_computed
        unit = cell.cell.unit if cell.cell is not None and cell.cell.print_unit else None
        signed = cell.cell is not None and cell.cell.kind == SIGNED
        target = put_value(ws, row, col, value_of(cell), styles, font=styles.font, unit=unit, signed=signed)
        target.alignment = styles.center
        if computed:
            target.fill = styles.total_fill
    else:
        target = put_text(
            ws,
            row,
            col,
            cell.text,
            font=styles.bold if cell.role == CAPTION else styles.font,
            alignment=styles.left if cell.role == LABEL and cell.rowspan == 1 else styles.center,
        )
        if cell.role in (HEADER, CORNER, CAPTION):
            target.fill = styles.header_fill
    if cell.rowspan > 1 or cell.colspan > 1:
        ws.merge_cells(
            start_row=row, start_column=col, end_row=row + cell.rowspan - 1, end_column=col + cell.colspan - 1
        )
    for r in range(row, row + cell.rowspan):
        for k in range(col, col + cell.colspan):
            ws.cell(row=r, column=k).border = styles.border


# ------------------------------------------------------------------ widths and heights


def _wish(cell: GridCell) -> float:
    width = text_width(cell.text)
    if cell.role == LABEL:
        return min(width, LABEL_MAX_CHARS) if cell.rowspan == 1 else min(width, TALL_LABEL_CHARS)
    if cell.role in (HEADER, CORNER):
        return max(math.ceil(width / 2), 2)
    if cell.role == VALUE:
        return MIN_VALUE_CHARS
    return 2.0


def column_widths(grid: Grid) -> list[float]:
    """Excel width units per grid column. Number columns come out equal (表二, 表四 read evenly)."""
    chars = [2.0] * grid.n_cols
    value_cols = set()
    for cell in grid.cells:
        if cell.role == VALUE:
            value_cols.add(cell.col)
        if cell.colspan == 1:
            chars[cell.col] = max(chars[cell.col], _wish(cell))
    if value_cols:
        widest = max(chars[k] for k in value_cols)
        for k in value_cols:
            chars[k] = widest
    # A one-row label over several columns (「（二）部分公开（区分处理的……）」) on one line if it can.
    for cell in grid.cells:
        if cell.role == LABEL and cell.rowspan == 1 and cell.colspan > 1:
            have = sum(chars[cell.col : cell.col + cell.colspan])
            want = min(text_width(cell.text), LABEL_MAX_CHARS + TALL_LABEL_CHARS * (cell.colspan - 1))
            if want > have:
                chars[cell.col + cell.colspan - 1] += want - have
    return [c * CHAR_UNITS + PADDING_UNITS for c in chars]


def lines_needed(text: str, width_units: float) -> int:
    if not text:
        return 1
    capacity = max(1.0, (width_units - PADDING_UNITS) / CHAR_UNITS)
    return max(1, math.ceil(text_width(text) / capacity - 1e-9))


def row_height(*lines: int) -> float:
    """Points for a row whose cells need these numbers of lines; Excel allows at most 409 points."""
    return min(409.0, max(lines, default=1) * LINE_POINTS + ROW_PADDING)


def row_heights(grid: Grid, widths: list[float]) -> list[float]:
    """Points per grid row: every one-row cell fits; a taller cell gets the missing height spread over its rows."""
    heights = [LINE_POINTS + ROW_PADDING] * grid.n_rows
    for cell in grid.cells:
        if cell.rowspan == 1:
            lines = lines_needed(cell.text, sum(widths[cell.col : cell.col + cell.colspan]))
            heights[cell.row] = max(heights[cell.row], lines * LINE_POINTS + ROW_PADDING)
    for cell in grid.cells:
        if cell.rowspan > 1:
            need = lines_needed(cell.text, sum(widths[cell.col : cell.col + cell.colspan])) * LINE_POINTS + ROW_PADDING
            have = sum(heights[cell.row : cell.row + cell.rowspan])
            if need > have:
                extra = (need - have) / cell.rowspan
                for r in range(cell.row, cell.row + cell.rowspan):
                    heights[r] += extra
    return [round(h, 1) for h in heights]


def fit_to_width(ws, *, landscape: bool) -> None:
    """Print on A4, one page wide, as many pages down as needed."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


def _page_setup(ws, table, grid: Grid, widths: list[float]) -> None:
    fit_to_width(ws, landscape=sum(widths) > 100)
    ws.print_options.horizontalCentered = True
    if len(table.blocks) == 1 and grid.header_rows:
        first, last = GRID_TOP + min(grid.header_rows), GRID_TOP + max(grid.header_rows)
        ws.print_title_rows = f"{first}:{last}"
        block = table.blocks[0]
        ws.freeze_panes = ws.cell(row=last + 1, column=block.label_columns + 1).coordinate


def expected_merges(grid: Grid) -> set[str]:
    """The merged ranges a table sheet has when written: the three title rows and the grid's spans."""
    letter = col_letter
    merges = {f"A{r}:{letter(grid.n_cols)}{r}" for r in (TITLE_ROW, ORGAN_ROW, NOTE_ROW)} if grid.n_cols > 1 else set()
    for c in grid.merges():
        merges.add(
            f"{letter(1 + c.col)}{GRID_TOP + c.row}:{letter(c.col + c.colspan)}{GRID_TOP + c.row + c.rowspan - 1}"
        )
    return merges
