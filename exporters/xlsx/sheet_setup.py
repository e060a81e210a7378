"""What a workbook needs beyond its cells, for the township's file and the county's 汇总 alike:
totals locked and inputs validated, a header and footer on every printed page, no recalculation.
"""

from __future__ import annotations

from model.definition import COUNT, MONEY, SIGNED
from model.layout import Grid

PAGE_FOOTER = "第 &P 页 共 &N 页"
# Excel's data validation words, by cell kind: (type, operator, first, second, prompt, error)
VALIDATIONS = {
    COUNT: (
        "whole",
        "between",
        "0",
        "999999999",
        "填0或正整数（件数）。",
        "这一格只能填0或正整数（件数），不能填文字、小数或负数。",
    ),
    SIGNED: (
        "whole",
        "between",
        "-999999999",
        "999999999",
        "填整数，减少的填负数。",
        "这一格只能填整数（减少的填负数）。",
    ),
    MONEY: (
        "decimal",
        "between",
        "0",
        "999999999",
        "填0或正数（金额）。",
        "这一格只能填0或正数（金额），不能填文字或负数。",
    ),
}


def protect_totals(ws, grid: Grid, top: int) -> None:
    """The sheet protected without a password, only the input cells open, each validated by its kind,
    so that in Excel or WPS a total cannot be typed over and text cannot go into a number cell."""
    from openpyxl.styles import Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    by_kind: dict[str, list[str]] = {}
    for gc in grid.cells:
        if gc.role != "value" or gc.cell is None or gc.cell.is_computed:
            continue
        target = ws.cell(row=top + gc.row, column=1 + gc.col)
        target.protection = Protection(locked=False)
        by_kind.setdefault(gc.cell.kind, []).append(target.coordinate)
    for kind, coordinates in by_kind.items():
        vtype, operator, first, second, prompt, error = VALIDATIONS.get(kind, VALIDATIONS[COUNT])
        dv = DataValidation(
            type=vtype,
            operator=operator,
            formula1=first,
            formula2=second,
            allow_blank=True,
            showInputMessage=True,
            showErrorMessage=True,
            promptTitle="年报助手",
            prompt=prompt,
            errorTitle="输入有误",
            error=error,
            errorStyle="stop",
        )
        for coordinate in coordinates:
            dv.add(coordinate)
        ws.add_data_validation(dv)
    ws.protection.sheet = True  # no password: a reminder, not a lock against the county
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def header_footer(ws, header: str) -> None:
    """Every printed page says whose it is, and which page of how many."""
    text = header.replace("&", "&&")  # & starts a code in Excel's header language
    for part in (ws.oddHeader, ws.evenHeader):
        part.center.text = text
        part.center.size = 9
    for part in (ws.oddFooter, ws.evenFooter):
        part.center.text = PAGE_FOOTER
        part.center.size = 9


def no_recalculation(wb) -> None:
    """Every value is stored: Excel need not recalculate on opening, and so asks nothing on closing."""
    wb.calculation.fullCalcOnLoad = False
