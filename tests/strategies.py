"""Hypothesis strategies shared by the property tests: values of every cell kind, and whole reports."""

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from model.definition import MONEY, SIGNED
from model.formats import get_format
from model.normalize import MAX_COUNT, Invalid
from model.report import Report

counts = st.integers(min_value=0, max_value=MAX_COUNT)


def money_with(decimals: int):
    return st.decimals(
        min_value=0, max_value=Decimal("99999999.9999"), places=decimals, allow_nan=False, allow_infinity=False
    )


money = money_with(4)


def _cell_value(kind, decimals: int = 4):
    """Anything the model can hold for a cell or field of this kind: what the window or a file lets in."""
    if kind == MONEY:
        return st.one_of(st.none(), money_with(decimals))
    if kind == SIGNED:
        return st.one_of(st.none(), st.integers(min_value=-MAX_COUNT, max_value=MAX_COUNT))
    return st.one_of(
        st.none(), counts, st.builds(lambda raw: Invalid(raw, "件数不能是负数"), st.sampled_from(["-1", "abc", "1.5"]))
    )


@st.composite
def reports(draw):
    fmt = get_format(draw(st.sampled_from(["2019", "2021"])))
    # a report year ends before it is reported on: the model takes years up to next year
    year = 2020 if fmt.format_id == "2019" else draw(st.integers(min_value=2021, max_value=dt.date.today().year + 1))
    report = Report.new(fmt, organ=draw(st.text(max_size=20)), year=year, county=draw(st.text(max_size=10)))
    for cell in fmt.input_cells:
        report.set_value(cell.code, draw(_cell_value(cell.kind, cell.decimals)))
    for part in fmt.narrative_parts():
        report.set_text(part.code, draw(st.text(max_size=60)))
    for code, fld in fmt.fields.items():
        report.fields[code] = draw(_cell_value(fld.kind, fld.decimals))
    if draw(st.booleans()):
        report.explain(f"D6@{fmt.narrative_parts()[0].code}", draw(st.text(min_size=1, max_size=30)))
    return report
