"""A statutory table as a w:tbl, straight from model.layout's grid: spans, widths, repeating header.

Written as XML rather than through python-docx's cell.merge(), which copies
paragraphs on every merge: one pass over the grid gives w:gridSpan for
horizontal spans and w:vMerge restart/continue for vertical ones, and every
w:tcW matches the sum of the grid columns it covers (fixed layout, so Word and
LibreOffice use exactly these widths).
"""

from __future__ import annotations

from typing import Callable

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from exporters.docx.styles import (
    LINE_TWIPS,
    TABLE_FONT,
    TABLE_STYLE,
    TEXT_HEIGHT_TWIPS,
    TEXT_WIDTH_TWIPS,
    set_fonts,
)
from exporters.docx.widths import TablePlan, plan_table
from model.layout import CAPTION, LABEL, Grid, GridCell

CELL_PADDING = 40  # twips left and right inside a cell (0.7 mm): 表三's sub-row labels get 13 characters a line
WIDTH_SLACK = 30  # twips per column so that a line of exactly n characters does not wrap
BORDER_SIZE = "4"  # eighths of a point: ½ pt lines
TABLE_STYLE_ID = TABLE_STYLE.replace(" ", "")  # python-docx derives a style id from its name
KEEP_GROUP_ROWS = 8  # a row group up to this size is never split by a page break


def repeated_header_rows(grid: Grid) -> list[int]:
    """The header rows at the top of the table: these repeat on every page (Word repeats only a leading run)."""
    rows = []
    while len(rows) in grid.header_rows:
        rows.append(len(rows))
    return rows


def fits_one_page(plan: TablePlan) -> bool:
    """Whether the table, with the heading line above it, fits on an empty page (estimated)."""
    return plan.height * 20 + LINE_TWIPS <= TEXT_HEIGHT_TWIPS


def rows_kept_with_next(grid: Grid, plan: TablePlan) -> set[int]:
    """Rows that must not end a page. A table that fits on one page is kept whole: every row but
    its last goes with the next, so that Word moves it to the next page rather than split it (表二,
    and 表三 in a township's report). A longer table keeps captions, headers and the first row under
    a header (so at least two rows follow a header), and every row of a small row group but its
    last, so that 「（五）不予处理」 and its five sub-rows stay on one page."""
    if fits_one_page(plan):
        return set(range(grid.n_rows - 1))
    keep = set(grid.header_rows) | {c.row for c in grid.cells if c.role == CAPTION}
    keep |= {r + 1 for r in grid.header_rows}
    for cell in grid.cells:
        if cell.role == LABEL and 1 < cell.rowspan <= KEEP_GROUP_ROWS:
            keep.update(range(cell.row, cell.row + cell.rowspan - 1))
    return keep


def alignment(cell: GridCell) -> str:
    """Numbers, headers and captions centred; a row label on one row reads from the left."""
    return "left" if cell.role == LABEL and cell.rowspan == 1 else "center"


def build_table(grid: Grid, text_of: Callable[[GridCell], str]):
    """The w:tbl element for grid; text_of gives each cell's printed text."""
    plan = plan_table(grid, text_of, total=TEXT_WIDTH_TWIPS, margins=2 * CELL_PADDING, slack=WIDTH_SLACK)
    widths = plan.widths
    tbl = OxmlElement("w:tbl")
    tbl.append(_table_properties(sum(widths)))
    tbl_grid = OxmlElement("w:tblGrid")
    for width in widths:
        tbl_grid.append(_el("w:gridCol", w=str(width)))
    tbl.append(tbl_grid)
    repeated = set(repeated_header_rows(grid))
    keep_with_next = rows_kept_with_next(grid, plan)
    owner_at = {
        (r, k): c for c in grid.cells for r in range(c.row, c.row + c.rowspan) for k in range(c.col, c.col + c.colspan)
    }
    for r in range(grid.n_rows):
        tr = OxmlElement("w:tr")
        tr_pr = OxmlElement("w:trPr")
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r in repeated:
            tr_pr.append(OxmlElement("w:tblHeader"))
        tr.append(tr_pr)
        c = 0
        while c < grid.n_cols:
            owner = owner_at[(r, c)]
            width = sum(widths[owner.col : owner.col + owner.colspan])
            if owner.row == r:
                lines = plan.lines.get((owner.row, owner.col), [text_of(owner)])
                tr.append(_cell(owner, width, lines, plan.size, keep_next=r in keep_with_next))
            else:
                tr.append(_continuation(owner, width, keep_next=r in keep_with_next))
            c = owner.col + owner.colspan
        tbl.append(tr)
    return tbl


def _table_properties(width: int):
    tbl_pr = OxmlElement("w:tblPr")
    tbl_pr.append(_el("w:tblW", w=str(width), type="dxa"))
    tbl_pr.append(_el("w:jc", val="center"))
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="single", sz=BORDER_SIZE, space="0", color="000000"))
    tbl_pr.append(borders)
    tbl_pr.append(_el("w:tblLayout", type="fixed"))
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_el(f"w:{side}", w=str(CELL_PADDING), type="dxa"))
    tbl_pr.append(margins)
    tbl_pr.append(
        _el(
            "w:tblLook",
            val="0000",
            firstRow="0",
            lastRow="0",
            firstColumn="0",
            lastColumn="0",
            noHBand="1",
            noVBand="1",
        )
    )
    return tbl_pr


def _cell_properties(cell: GridCell, width: int, *, restart: bool | None):
    tc_pr = OxmlElement("w:tcPr")
    tc_pr.append(_el("w:tcW", w=str(width), type="dxa"))
    if cell.colspan > 1:
        tc_pr.append(_el("w:gridSpan", val=str(cell.colspan)))
    if restart is True:
        tc_pr.append(_el("w:vMerge", val="restart"))
    elif restart is False:
        tc_pr.append(OxmlElement("w:vMerge"))
    tc_pr.append(_el("w:vAlign", val="center"))
    return tc_pr


def _cell(cell: GridCell, width: int, lines: list[str], size: float, *, keep_next: bool):
    """A cell's paragraph; a label over several rows as its planned lines, a w:br between words."""
    tc = OxmlElement("w:tc")
    tc.append(_cell_properties(cell, width, restart=True if cell.rowspan > 1 else None))
    p = _paragraph(cell, keep_next=keep_next)
    for i, line in enumerate(line for line in lines if line):
        r = OxmlElement("w:r")
        set_fonts(r.get_or_add_rPr(), TABLE_FONT, size)
        if i:
            r.append(OxmlElement("w:br"))
        t = OxmlElement("w:t")
        t.text = line
        r.append(t)
        p.append(r)
    tc.append(p)
    return tc


def _continuation(owner: GridCell, width: int, *, keep_next: bool):
    """A grid slot covered by a vertical merge from above: an empty w:tc with w:vMerge (continue)."""
    tc = OxmlElement("w:tc")
    tc.append(_cell_properties(owner, width, restart=False))
    tc.append(_paragraph(owner, keep_next=keep_next))
    return tc


def _paragraph(cell: GridCell, *, keep_next: bool):
    p = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    p_pr.append(_el("w:pStyle", val=TABLE_STYLE_ID))
    if keep_next:
        p_pr.append(OxmlElement("w:keepNext"))
    p_pr.append(_el("w:jc", val=alignment(cell)))
    p.append(p_pr)
    return p


def _el(tag: str, children=(), **attrs):
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    for child in children:
        el.append(child)
    return el
