"""The readable table sheets (表二/表三/表四) compared with what was read from the 数据 sheet.

They are for people, so the program does not take its numbers from them;
but a table sheet that no longer matches (labels overwritten, rows inserted,
merged cells moved, a number changed only there) is worth telling the county
about, cell by cell.
"""

from __future__ import annotations

from exporters.xlsx.cells import Book
from exporters.xlsx.common import GRID_TOP, address, cell_words, grid_of, parse_ref, shown, value_text
from exporters.xlsx.tables import expected_merges
from exporters.xlsx.values import Problem, problem, read_text, read_value, same_value
from model.layout import VALUE
from model.report import Report

MAX_PER_SHEET = 8


def table_sheet_values(book: Book, fmt) -> dict[str, object]:
    """Every value the table sheets show, by cell code (a total as shown, not recomputed)."""
    values = {}
    for table in fmt.tables.values():
        sheet = book.sheet(table.name)
        if sheet is None:
            continue
        for gc in grid_of(table).value_cells():
            if gc.cell is None:
                continue
            term = fmt.input_like(gc.code)
            raw = sheet.get(GRID_TOP + gc.row, 1 + gc.col)
            values[gc.code] = read_value(
                raw,
                term.kind,
                unit=term.unit,
                decimals=term.decimals,
                money_units=term.money_units,
                bounded=term is gc.cell,
            )[0]
    return values


def compare_tables(book: Book, report: Report, shown_values: dict | None = None) -> list[Problem]:
    fmt = report.fmt
    problems: list[Problem] = []
    shown_values = shown_values or table_sheet_values(book, fmt)
    for table in fmt.tables.values():
        name = table.name
        sheet = book.sheet(name)
        if sheet is None:
            problems.append(problem(name, "", "这个工作表不见了（可能被删除了）。它只供阅读，数值仍从“数据”表读取。"))
            continue
        grid = grid_of(table)
        found: list[Problem] = []
        have, want = set(sheet.merges), expected_merges(grid)
        if have != want:
            missing, extra = sorted(want - have, key=_order), sorted(have - want, key=_order)
            bits = [f"{r} 应为一个合并单元格" for r in missing[:4]] + [f"{r} 不应合并" for r in extra[:4]]
            first = (missing or extra)[0].split(":")[0]
            found.append(
                problem(
                    name,
                    first,
                    "合并单元格与法定表格不同（"
                    + "；".join(bits)
                    + "）。这张表可能被手工改动过，数值以“数据”表为准，请核对。",
                )
            )
        for gc in grid.cells:
            row, col = GRID_TOP + gc.row, 1 + gc.col
            if gc.role != VALUE:
                text = read_text(sheet.get(row, col))[0]
                if text.strip() != gc.text.strip():
                    found.append(
                        problem(
                            name,
                            address(row, col),
                            f"应为“{gc.text}”，现为“{text}”。这张表可能被改动过"
                            "（例如插入或删除了行、列），数值以“数据”表为准。",
                        )
                    )
                continue
            if gc.cell is None or gc.code not in shown_values:
                continue
            here, there = shown_values[gc.code], report.value(gc.code)
            if not same_value(here, there):
                source = "程序根据“数据”表计算的合计" if gc.cell.is_computed else "“数据”表中的值"
                found.append(
                    problem(
                        name,
                        address(row, col),
                        f"{cell_words(gc.cell)}为{shown(value_text(here))}，与{source}"
                        f"{shown(value_text(there))}不同。程序以“数据”表为准，请核对。",
                    )
                )
        problems += found[:MAX_PER_SHEET]
        if len(found) > MAX_PER_SHEET:
            problems.append(problem(name, "", f"另有{len(found) - MAX_PER_SHEET}处与导出时不同，未逐一列出。"))
    return problems


def _order(ref: str) -> tuple[int, int]:
    try:
        return parse_ref(ref.split(":")[0])
    except ValueError:  # a damaged range in the file: listed last, as written
        return (1 << 30, 0)
