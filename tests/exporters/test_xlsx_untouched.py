"""An export read back untouched takes the short path (the draft inside it, exporters.xlsx.embedded;
no 数据, 正文 or 表二/三/四 read), with the same result as reading every sheet."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from exporters.xlsx import cells, embedded
from exporters.xlsx.cells import open_book
from exporters.xlsx.reader import XlsxImportError, read_xlsx_bytes
from exporters.xlsx.stamp import stamp
from exporters.xlsx.writer import xlsx_bytes
from model.checks import run_checks
from model.draft_store import draft_to_dict, load_draft
from model.formats import get_format
from model.normalize import Invalid
from tests.conftest import SAMPLE_2019, SAMPLE_2021, make_filled


def awkward_but_valid(fmt_id: str):
    """Everything hard to carry (42 000 characters, 😀, a stated total, 16 digits, unknown data), no Invalid."""
    from tests.exporters.test_xlsx_roundtrip import awkward_report

    report = awkward_report(fmt_id)
    for store in (report.values, report.fields):
        for code, value in list(store.items()):
            if isinstance(value, Invalid):
                store[code] = 2
    report.unknown = {"values": {"t9.future": 3}, "future_key": {"a": [1, "二"]}}
    return report


def reports():
    yield load_draft(SAMPLE_2021)
    yield load_draft(SAMPLE_2019)
    broken = make_filled(get_format("2021"), 2022)
    broken.values["t3.new.natural"] = Invalid("十二", "不是数字")  # an export with 错误, as a draft
    broken.explanations["C1"] = "已核实"
    yield broken
    yield awkward_but_valid("2021")
    yield awkward_but_valid("2019")


def read_both(data: bytes, monkeypatch):
    short = read_xlsx_bytes(data, "a.xlsx")
    with monkeypatch.context() as m:
        m.setattr(cells.Book, "untouched", False, raising=False)
        m.setattr(cells, "untouched", lambda zf: False)
        full = read_xlsx_bytes(data, "a.xlsx")
    return short, full


def odd_reports():
    """What an export does not read back exactly, or cannot embed: the short path must still agree."""
    counted = load_draft(SAMPLE_2021)
    counted.save_count = 10**9  # beyond what a draft keeps: the file reads as changed after export
    yield counted
    decimals = load_draft(SAMPLE_2021)
    decimals.unknown = {"future": {"a": Decimal("0.1"), "b": [Decimal("1E+400"), {"c": "x\u2028"}]}}
    yield decimals  # JSON cannot hold it as it is: no draft inside, the sheets read


@pytest.mark.parametrize(
    "report",
    [*reports(), *odd_reports()],
    ids=["2021", "2019", "errors", "awkward-2021", "awkward-2019", "save-count", "unknown-decimals"],
)
def test_untouched_export_reads_the_same_by_the_short_path(report, monkeypatch):
    findings = run_checks(report)
    data = xlsx_bytes(report, findings, draft=any(f.severity == "error" for f in findings))
    assert open_book(data).untouched
    short, full = read_both(data, monkeypatch)
    assert short.report.unknown == full.report.unknown
    assert draft_to_dict(short.report) == draft_to_dict(full.report)
    assert short.report.values.keys() == report.values.keys()
    assert [p.message for p in short.problems] == [p.message for p in full.problems]
    assert (short.changed, short.draft, short.checksum_ok, short.content_key, short.exported_at) == (
        full.changed,
        full.draft,
        full.checksum_ok,
        full.content_key,
        full.exported_at,
    )
    assert (short.report.save_count, short.app_version, short.report.stated) == (
        full.report.save_count,
        full.app_version,
        full.report.stated,
    )


def sheets_read(data: bytes, monkeypatch) -> list[str]:
    """The sheets the reader parsed to read data."""
    asked: list[str] = []
    parse = cells.Book._parse_sheet

    def spy(self, name, path, columns):
        asked.append(name)
        return parse(self, name, path, columns)

    with monkeypatch.context() as m:
        m.setattr(cells.Book, "_parse_sheet", spy)
        read_xlsx_bytes(data, "a.xlsx")
    return asked


def test_an_untouched_export_is_read_from_the_draft_inside_it(monkeypatch):
    for report in (load_draft(SAMPLE_2021), awkward_but_valid("2021")):
        data = xlsx_bytes(report, run_checks(report))
        assert embedded.PART in zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert sheets_read(data, monkeypatch) == ["说明"]
    # a value kept as typed (an export with 错误): the sheets say where it is, so they are read
    broken = list(reports())[2]
    data = xlsx_bytes(broken, run_checks(broken), draft=True)
    assert {"数据", "正文"} <= set(sheets_read(data, monkeypatch))


def with_part(data: bytes, part: bytes | None) -> bytes:
    """data with the embedded draft replaced (or removed: None), stamped again as if untouched."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != embedded.PART:
                target.writestr(info, source.read(info))
        if part is not None:
            target.writestr(embedded.PART, part)
    return stamp(out.getvalue())


def test_a_changed_count_says_what_changed_as_the_full_path_does(monkeypatch):
    report = next(odd_reports())
    data = xlsx_bytes(report, run_checks(report))
    short, full = read_both(data, monkeypatch)
    assert short.checksum_ok is False and short.changed == full.changed and short.changed


def test_a_draft_inside_that_is_not_the_one_the_sheets_hold_is_not_used(genuine, monkeypatch):
    expected = read_xlsx_bytes(with_part(genuine, None), "a.xlsx")  # as a file of an earlier version
    other = draft_to_dict(expected.report)
    other["values"]["t3.new.natural"] = 77
    deep = b"<draft xmlns='urn:nianbao:draft'>" + json.dumps(other)[:-1].encode()
    deep += b',"x":' + b"[" * 900 + b"]" * 900 + b"}</draft>"
    hostile = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><draft xmlns="urn:nianbao:draft">&a;</draft>'
    for part in (
        embedded.draft_part(other),  # its checksum is not the 说明 sheet's
        b"<draft xmlns='urn:nianbao:draft'>{not json</draft>",
        b"<other>{}</other>",
        hostile,
        b"\x00\x01 not xml",
        deep,  # nested beyond what the draft loader walks
    ):
        data = with_part(genuine, part)
        assert open_book(data).untouched is (part is not hostile)  # a DTD anywhere: no short path at all
        got = read_xlsx_bytes(data, "a.xlsx")
        assert draft_to_dict(got.report) | {"saved_at": 0} == draft_to_dict(expected.report) | {"saved_at": 0}
        assert got.problems == expected.problems and got.checksum_ok is True
        assert "数据" in sheets_read(data, monkeypatch)


def test_the_draft_inside_survives_what_xml_cannot_hold():
    draft = {"app": "x", "narrative": {"a": "<&>]]>\ufffe\ud800\u0001 结尾"}}
    from lxml import etree

    root = etree.fromstring(embedded.draft_part(draft))
    assert json.loads(embedded.draft_of(root)) == draft


def test_any_change_to_the_file_takes_the_full_path(genuine):
    assert open_book(genuine).untouched
    # damaged on the way (bytes of 表二 overwritten, the directory's CRC kept): the part is read and refused
    info = zipfile.ZipFile(io.BytesIO(genuine)).getinfo("xl/worksheets/sheet2.xml")
    damaged = bytearray(genuine)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    damaged[start : start + 40] = bytes(40)
    assert not open_book(bytes(damaged)).untouched
    with pytest.raises(XlsxImportError):
        read_xlsx_bytes(bytes(damaged), "a.xlsx")
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
