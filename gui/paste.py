"""Turn a block copied from Excel or WPS into cell changes, and say which cells did not take a value."""

from __future__ import annotations

import csv
import io

from model.layout import VALUE
from model.places import cell_place


def parse_tsv(text: str) -> list[list[str]]:
    """Tab-separated rows as Excel puts them on the clipboard: quoted fields, CRLF, a trailing newline."""
    rows = [row for row in csv.reader(io.StringIO(text, newline=""), dialect="excel-tab")]
    while rows and all(not cell.strip() for cell in rows[-1]):
        rows.pop()  # the final line break makes an empty last record
    return [[cell.replace("\r", "") for cell in row] for row in rows]


def paste_plan(grid, start_row: int, start_col: int, text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(entries, problems) for pasting text with its top-left at a grid position: entries are
    (input cell code, raw text) for the model's editor to normalise; problems name the pasted
    values that have no input cell to go to (a computed total, off the table)."""
    rows = parse_tsv(text)
    if not rows:
        return [], []
    here = grid.at(start_row, start_col)
    top, left = (here.row, here.col) if here else (start_row, start_col)
    value_rows = sorted({gc.row for gc in grid.cells if gc.role == VALUE and gc.row >= top})
    entries, problems, overflow = [], [], 0
    for i, pasted in enumerate(rows):
        if i >= len(value_rows):
            overflow += sum(1 for v in pasted if v.strip())
            continue
        targets = sorted(
            (gc for gc in grid.cells if gc.role == VALUE and gc.row == value_rows[i] and gc.col >= left),
            key=lambda gc: gc.col,
        )
        for j, raw in enumerate(pasted):
            if j >= len(targets):
                overflow += 1 if raw.strip() else 0
                continue
            cell = targets[j].cell
            if cell is None:
                continue
            if not cell.is_input:
                if raw.strip():
                    problems.append(f"{cell_place(cell)}是自动计算的合计，粘贴的“{raw.strip()}”没有填入。")
                continue
            entries.append((cell.code, raw))
    if overflow:
        problems.append(f"粘贴的内容超出了表格的范围，有{overflow}个值没有位置，没有填入。")
    return entries, problems
