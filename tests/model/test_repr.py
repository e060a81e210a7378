"""A report or a format printed in a traceback or a log stays short."""

from model.draft_store import load_draft
from model.formats import format_for_year
from tests.conftest import SAMPLE_2021


def test_report_repr_is_short():
    report = load_draft(SAMPLE_2021)
    text = repr(report)
    assert len(text) < 60_000, len(text)
    assert "<FormatDef 2021>" in text


def test_definition_objects_repr_names_them():
    fmt = format_for_year(2022)
    table = fmt.tables["t3"]
    assert repr(table) == "<Table t3>"
    cell = next(iter(table.cells))
    assert repr(cell) == f"<Cell {cell.code}>"
    relation = fmt.relations[0]
    assert repr(relation) == f"<Relation {relation.id}>"
    assert repr(relation.instances[0]).startswith(f"<RelationInstance {relation.id}")


def test_pretty_printers_keep_reports_and_formats_short():
    """Hypothesis prints a failing example with its own pretty printer, which walks dataclass
    fields rather than calling repr(): it once produced a 1.1 GB text for one report."""
    from hypothesis.vendor.pretty import pretty

    report = load_draft(SAMPLE_2021)
    report.subscribe(lambda what: None)
    assert len(pretty(report)) <= 20_010
    assert pretty(report.fmt) == "<FormatDef 2021>"
    assert pretty(report.fmt.tables["t3"]) == "<Table t3>"
