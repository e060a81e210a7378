"""The printed layout of a statutory table: a grid of cells with their spans.

One function derives it from the definition; the window (QTableView spans),
the .docx table, the .xlsx sheets and the importer all use the same grid, so
the merged cells are the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from model.definition import Block, Cell, ColumnNode, RowNode, Table

CAPTION, CORNER, HEADER, LABEL, VALUE = "caption", "corner", "header", "label", "value"


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    role: str  # caption / corner / header / label / value
    text: str  # the label (empty for value cells)
    code: str  # node code for labels, cell code for values
    cell: Cell | None = None
    words: tuple[str, ...] = ()  # a label's wrap points from the definition (RowNode.words)


@dataclass(frozen=True)
class Grid:
    n_rows: int
    n_cols: int
    cells: tuple[GridCell, ...]
    header_rows: frozenset[int]  # rows that are column headers (repeat them on a new page)
    # Built once, when the grid is made: every repaint asks at() for every visible cell.
    covering: dict[tuple[int, int], GridCell] = field(init=False, repr=False, compare=False)
    positions: dict[str, tuple[int, int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        covering: dict[tuple[int, int], GridCell] = {}
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    covering[(r, k)] = c
        object.__setattr__(self, "covering", covering)
        object.__setattr__(self, "positions", {c.code: (c.row, c.col) for c in self.cells if c.role == VALUE})

    def at(self, row: int, col: int) -> GridCell | None:
        """The grid cell covering (row, col), merged cells included."""
        return self.covering.get((row, col))

    def value_cells(self) -> list[GridCell]:
        return [c for c in self.cells if c.role == VALUE]

    def position_of(self, cell_code: str) -> tuple[int, int]:
        return self.positions[cell_code]

    def merges(self) -> list[GridCell]:
        return [c for c in self.cells if c.rowspan > 1 or c.colspan > 1]


def table_grid(table: Table) -> Grid:
    """Lay the table's blocks out one under the other; validate full, non-overlapping coverage."""
    cells: list[GridCell] = []
    header_rows: set[int] = set()
    top = 0
    width = table.grid_columns
    for block in table.blocks:
        if block.caption is not None:
            cells.append(GridCell(top, 0, 1, width, CAPTION, block.caption, block.code))
            top += 1
        depth = block.header_depth
        if block.label_columns and depth:
            cells.append(GridCell(top, 0, depth, block.label_columns, CORNER, block.corner or "", block.code))
        _place_headers(cells, block.columns, top, block.label_columns, depth)
        header_rows.update(range(top, top + depth))
        top += depth
        leaf_cols = block.leaf_columns
        col_x: dict[str, int] = {}
        x = block.label_columns
        for col in leaf_cols:
            col_x[col.code] = x
            x += col.span
        top = _place_rows(cells, table, block, block.rows, top, col_x)
    grid = Grid(top, width, tuple(cells), frozenset(header_rows))
    _check_coverage(grid)
    return grid


def _place_headers(cells: list[GridCell], nodes: Iterable[ColumnNode], row: int, x: int, depth: int) -> int:
    for node in nodes:
        span = node.grid_span
        rowspan = 1 if node.children else depth - node.depth
        cells.append(GridCell(row + node.depth, x, rowspan, span, HEADER, node.label, node.code))
        if node.children:
            _place_headers(cells, node.children, row, x, depth)
        x += span
    return x


def _place_rows(
    cells: list[GridCell], table: Table, block: Block, nodes: Iterable[RowNode], top: int, col_x: dict[str, int]
) -> int:
    for node in nodes:
        n_leaves = sum(1 for _ in node.leaves())
        if block.label_columns:
            colspan = 1 if node.children else block.label_columns - node.depth
            cells.append(GridCell(top, node.depth, n_leaves, colspan, LABEL, node.label, node.code, words=node.words))
        if node.children:
            top = _place_rows(cells, table, block, node.children, top, col_x)
            continue
        for col in block.leaf_columns:
            cell = table.cell_at(node.code, col.code)
            if cell is not None:
                cells.append(GridCell(top, col_x[col.code], 1, col.span, VALUE, "", cell.code, cell))
            else:  # a "none" cell: printed empty, holds nothing
                cells.append(
                    GridCell(top, col_x[col.code], 1, col.span, VALUE, "", f"{table.code}.{node.code}.{col.code}")
                )
        top += 1
    return top


def _check_coverage(grid: Grid) -> None:
    owner: dict[tuple[int, int], GridCell] = {}
    for c in grid.cells:
        if c.row + c.rowspan > grid.n_rows or c.col + c.colspan > grid.n_cols:
            raise ValueError(f"cell '{c.text or c.code}' at row {c.row}, column {c.col} runs off the grid")
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                if (r, k) in owner:
                    other = owner[(r, k)]
                    raise ValueError(
                        f"overlapping spans at grid row {r}, column {k}: "
                        f"'{other.text or other.code}' and '{c.text or c.code}'"
                    )
                owner[(r, k)] = c
    for r in range(grid.n_rows):
        for k in range(grid.n_cols):
            if (r, k) not in owner:
                raise ValueError(f"grid row {r}, column {k} is covered by no cell")
