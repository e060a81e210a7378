"""The figure a fact names, as the tables (or 六（一）'s fields) hold it."""

from __future__ import annotations

from decimal import Decimal

from model.places import cell_place
from model.prose.spec import Fact
from model.report import Report


def figure(report: Report, fact: Fact) -> int | Decimal:
    total: int | Decimal = 0
    for code in fact.cells:
        if code in report.fmt.cells:
            total += report.number(code)
        else:
            value = report.fields.get(code)
            total += value if isinstance(value, (int, Decimal)) else 0
    return total


def figure_place(report: Report, fact: Fact) -> str:
    """表三“一、本年新收政府信息公开申请数量”行“总计”列; 表三“不予公开”各项之和; 六（一）“实际收取金额（元）”."""
    fmt = report.fmt
    if len(fact.cells) == 1 and fact.cells[0] in fmt.cells:
        return cell_place(fmt.cells[fact.cells[0]])
    if len(fact.cells) == 1 and fact.cells[0] in fmt.fields:
        spec = fmt.fields[fact.cells[0]]
        part = next((p for p in fmt.parts.values() if spec in p.fields), None)
        heading = part.heading if part is not None and part.heading else ""
        return f"{heading}“{spec.label}”"
    tables = {fmt.cells[c].table.name for c in fact.cells if c in fmt.cells}
    return f"{'、'.join(sorted(tables))}“{fact.what}”各项之和"


def figure_text(value: int | Decimal | float) -> str:
    if isinstance(value, Decimal):
        value = value.normalize()
        return format(value, "f")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
