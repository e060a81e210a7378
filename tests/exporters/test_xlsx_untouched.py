"""An export read back untouched takes the short path (no 表二/三/四 comparison), with the same result."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from exporters.xlsx import cells
from exporters.xlsx.cells import open_book
from exporters.xlsx.reader import read_xlsx_bytes
from exporters.xlsx.writer import xlsx_bytes
from model.checks import run_checks
from model.draft_store import draft_to_dict, load_draft
from model.formats import get_format
from model.normalize import Invalid
from tests.conftest import SAMPLE_2019, SAMPLE_2021, make_filled


def reports():
    yield load_draft(SAMPLE_2021)
    yield load_draft(SAMPLE_2019)
    broken = make_filled(get_format("2021"), 2022)
    broken.values["t3.new.natural"] = Invalid("十二", "不是数字")  # an export with 错误, as a draft
    broken.explanations["C1"] = "已核实"
    yield broken


def read_both(data: bytes, monkeypatch):
    short = read_xlsx_bytes(data, "a.xlsx")
    with monkeypatch.context() as m:
        m.setattr(cells.Book, "untouched", False, raising=False)
        m.setattr(cells, "untouched", lambda zf: False)
        full = read_xlsx_bytes(data, "a.xlsx")
    return short, full


@pytest.mark.parametrize("report", list(reports()), ids=["2021", "2019", "errors"])
def test_untouched_export_reads_the_same_by_the_short_path(report, monkeypatch):
    findings = run_checks(report)
    data = xlsx_bytes(report, findings, draft=any(f.severity == "error" for f in findings))
    assert open_book(data).untouched
    short, full = read_both(data, monkeypatch)
    assert draft_to_dict(short.report) == draft_to_dict(full.report)
    assert short.report.values.keys() == report.values.keys()
    assert [p.message for p in short.problems] == [p.message for p in full.problems]
    assert (short.changed, short.draft, short.checksum_ok, short.content_key) == (
        full.changed,
        full.draft,
        full.checksum_ok,
        full.content_key,
    )


def test_any_change_to_the_file_takes_the_full_path(genuine):
    assert open_book(genuine).untouched
    # saved again by a spreadsheet program: the comment is gone
    wb = openpyxl.load_workbook(io.BytesIO(genuine))
    buffer = io.BytesIO()
    wb.save(buffer)
    assert not open_book(buffer.getvalue()).untouched
    # one part changed with a zip tool, the comment kept: its CRC no longer matches
    source = zipfile.ZipFile(io.BytesIO(genuine))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"<v>", b"<v>1", 1)
            target.writestr(info.filename, data)
        target.comment = source.comment
    assert not open_book(out.getvalue()).untouched
    # a part added
    out = io.BytesIO(genuine)
    with zipfile.ZipFile(out, "a") as z:
        comment = z.comment
        z.writestr("xl/extra.xml", b"<a/>")
        z.comment = comment
    assert not open_book(out.getvalue()).untouched


LIBREOFFICE_COMMENT_LIMIT = 512  # a longer zip comment: LibreOffice will not open the workbook at all


def test_the_stamp_stays_short_enough_for_libreoffice():
    from tests.exporters.test_xlsx_roundtrip import awkward_report

    for r in [*reports(), awkward_report("2021")]:
        data = xlsx_bytes(r, run_checks(r), draft=True)
        comment = zipfile.ZipFile(io.BytesIO(data)).comment
        assert comment.startswith(b"nianbao-parts:")
        assert len(comment) <= LIBREOFFICE_COMMENT_LIMIT
    # the awkward draft has 批注 on two sheets: 21 parts, whose plain listing was 709 bytes
    assert len(zipfile.ZipFile(io.BytesIO(data)).infolist()) > 20
