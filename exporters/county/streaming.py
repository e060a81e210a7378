"""Writing the 汇总 workbook with openpyxl's write-only mode: memory flat in the number of townships.

A normal openpyxl workbook keeps an object per cell: the 明细 of 10,000 townships (210 columns)
would be two million of them, a gigabyte. In write-only mode each row goes to disk as it is
appended. Two ways in:
- RowStream: a write-only sheet that the writer's code fills as it would a normal one
  (ws.cell(row=, column=), merge_cells, row heights, print setup), with rows only ever moving
  forward: each row is written out once a later row is begun.
- copy_sheet: a small sheet built in a normal scratch workbook (the statutory tables, whose
  merged borders go back up the rows) copied, cell by cell with its styles, into a write-only one.
"""

from __future__ import annotations

import copy

from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

_STYLE = ("font", "fill", "border", "alignment", "number_format", "protection")


class RowStream:
    """A write-only worksheet with the parts of the normal worksheet's interface the writers use."""

    PAPERSIZE_A4 = Worksheet.PAPERSIZE_A4

    def __init__(self, ws):
        object.__setattr__(self, "_ws", ws)
        object.__setattr__(self, "_row", 0)
        object.__setattr__(self, "_cells", {})

    def cell(self, row: int, column: int, value=None):
        if row < self._row:
            raise ValueError(f"row {row} after row {self._row}: a write-only sheet only moves forward")
        if row > self._row:
            self._flush()
            for _ in range(self._row + 1, row):
                self._ws.append([])
            object.__setattr__(self, "_row", row)
        cell = self._cells.get(column)
        if cell is None:
            cell = self._cells[column] = WriteOnlyCell(self._ws)
        if value is not None:
            cell.value = value
        return cell

    def merge_cells(self, *, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
        self._ws.merged_cells.add(
            f"{get_column_letter(start_column)}{start_row}:{get_column_letter(end_column)}{end_row}"
        )

    def close(self) -> None:
        self._flush()

    def _flush(self) -> None:
        if self._cells:
            last = max(self._cells)
            self._ws.append([self._cells.get(k) for k in range(1, last + 1)])
            self._cells.clear()
        elif self._row:
            self._ws.append([])
        # written out with the row: a height kept for every row would grow with the townships
        self._ws.row_dimensions.pop(self._row, None)

    def __getattr__(self, name):
        return getattr(self._ws, name)

    def __setattr__(self, name, value):
        setattr(self._ws, name, value)


def copy_sheet(src, dst) -> None:
    """src (a normal worksheet) into dst (a write-only one): values, styles, comments, merges, sizes, print."""
    for key, dim in src.column_dimensions.items():
        if dim.width:
            dst.column_dimensions[key].width = dim.width
        dst.column_dimensions[key].hidden = dim.hidden
    for r, dim in src.row_dimensions.items():
        if dim.height:
            dst.row_dimensions[r].height = dim.height
    for merged in src.merged_cells.ranges:
        dst.merged_cells.add(merged.coord)
    dst.freeze_panes = src.freeze_panes
    dst.auto_filter.ref = src.auto_filter.ref
    for name in ("page_setup", "print_options", "page_margins", "sheet_properties", "HeaderFooter"):
        setattr(dst, name, copy.copy(getattr(src, name)))
    if src.print_title_rows:
        dst.print_title_rows = src.print_title_rows.replace("$", "")
    if src.print_title_cols:
        dst.print_title_cols = src.print_title_cols.replace("$", "")
    for row in src.iter_rows():
        out = []
        for c in row:
            if c.value is None and not c.has_style and c.comment is None:
                out.append(None)
                continue
            cell = WriteOnlyCell(dst, value=c.value)
            if c.has_style:
                for name in _STYLE:
                    setattr(cell, name, copy.copy(getattr(c, name)))
            if c.comment is not None:
                cell.comment = copy.copy(c.comment)
            out.append(cell)
        dst.append(out)
