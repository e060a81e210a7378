"""从上年报告新建: a new report that starts from last year's."""

from __future__ import annotations

from model.editor import META, TEXT, VALUE, Editor
from model.formats import format_for_year
from model.report import Report

CARRIED_META = ("organ", "county", "city", "contact_person", "contact_phone", "contact_address", "website")


def new_from_last_year(
    last: Report, *, year: int | None = None, copy_prose: bool = True, organ: str | None = None
) -> Report:
    """The organ's details carried over; 二、上年结转 prefilled from last year's 四、结转下年度继续办理,
    column by column (the carry_over relation of the definition); last year's prose as a starting point.
    Everything goes in through the model's Editor, as typing would (no undo step: a new report)."""
    year = year if year is not None else (last.meta.year or 0) + 1
    fmt = format_for_year(year)
    if fmt is None:
        raise ValueError(f"no format for {year}")
    report = Report.new(fmt, year=year)
    entries: list[tuple[str, str, object]] = [(META, name, getattr(last.meta, name)) for name in CARRIED_META]
    if organ is not None:
        entries.append((META, "organ", organ))
    for rel in fmt.relations:
        if rel.type != "carry_over":
            continue
        for inst in rel.instances:
            this_code, last_code = inst.left[0], inst.right[0]
            if last_code in last.fmt.cells and report.fmt.cells[this_code].is_input:
                value = last.value(last_code)
                if isinstance(value, int):
                    entries.append((VALUE, this_code, value))
    if copy_prose:
        entries += [(TEXT, code, last.narrative[code]) for code in report.narrative if code in last.narrative]
    Editor(report).enter(entries, "从上年报告新建", record=False)
    report.revision = 0
    return report
