"""Name a place in a statutory table in the table's own words, for messages."""

from __future__ import annotations

from model.definition import INFO_SECTION, INFO_SECTION_HEADING, Cell, ColumnNode, FormatDef, RowNode, Table
from model.findings import Finding


def row_name(row: RowNode) -> str:
    """「（三）不予公开”中“1.属于国家秘密」 for sub-rows; the label alone otherwise."""
    if row.parent is not None and row.depth >= 2:
        return f"{row.parent.label}”中“{row.label}"
    return row.label


def column_name(table: Table, col: ColumnNode) -> str:
    """The leaf label, with its group where the same label recurs (表四's 结果维持)."""
    same = [c for c in table.leaf_columns if c.label == col.label]
    if len(same) > 1 and col.parent is not None:
        return f"{col.parent.label}—{col.label}"
    return col.label


def cell_place(cell: Cell) -> str:
    """e.g. 表三“（一）予以公开”行“自然人”列; 表四“行政复议—总计”。"""
    table = cell.table
    col = f"“{column_name(table, cell.column)}”"
    if not cell.row.label:
        return f"{table.name}{col}"
    return f"{table.name}“{row_name(cell.row)}”行{col}列"


def location_words(table: Table | None, row: RowNode | None, col: ColumnNode | None) -> str:
    """Short location for one line of output: 表三 · （七）总计 · 自然人."""
    bits = []
    if table is not None:
        bits.append(table.name)
    if row is not None and row.label:
        bits.append(row_name(row).replace("”中“", " "))
    if col is not None and table is not None:
        bits.append(column_name(table, col))
    return " · ".join(bits)


def finding_place(fmt: FormatDef, f: Finding) -> str:
    """Where a finding is, for one line of output: 「表三 · （七）总计 · 自然人」, 「五、存在的主要问题… ·
    （一）…」, 「基本信息」 (the command line, the .xlsx 检查结果 and the county's 问题清单 say it alike)."""
    table = fmt.tables.get(f.table) if f.table else None
    if table is not None:
        row = table.find_row(f.row) if f.row else None
        col = table.find_column(f.column) if f.column else None
        return location_words(table, row, col)
    if f.section == INFO_SECTION:
        return INFO_SECTION_HEADING
    section = next((s for s in fmt.sections if s.code == f.section), None)
    part = fmt.parts.get(f.part) if f.part else None
    if part is None and f.part:
        part = next((p for p in fmt.parts.values() if any(x.code == f.part for x in p.fields)), None)
    if section is not None and part is not None and part.heading:
        return f"{section.heading} · {part.heading}"
    return section.heading if section is not None else ""
