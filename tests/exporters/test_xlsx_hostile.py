"""Hostile .xlsx files (zip bombs, XML entity tricks) are refused with a reason within 2 s.

Each file starts as a real export, so the reader gets past the "is this ours" checks
and meets the attack where it would in practice: in a worksheet or shared-strings part.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import zipfile

import pytest

from exporters.county.consolidate import UNREADABLE, consolidate
from exporters.xlsx.reader import XlsxImportError, read_xlsx_bytes
from tests.conftest import REFUSAL_LIMIT_S, ROOT

LIMIT_S = REFUSAL_LIMIT_S
INFO_SHEET = "xl/worksheets/sheet1.xml"  # 说明: format version, checksum
DATA_SHEET = "xl/worksheets/sheet5.xml"  # 数据: every value
TEXT_SHEET = "xl/worksheets/sheet6.xml"  # 正文: basic information and narrative

BILLION_LAUGHS = (
    b"""<!DOCTYPE worksheet [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>""",
    b"&lol9;",
)

QUADRATIC = b'<!DOCTYPE worksheet [<!ENTITY a "' + b"x" * 100_000 + b'">]>', b"&a;" * 50_000

EXTERNAL = b'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>', b"&secret;"

# The 正文 sheet's 机关名称 cell, the one the reader takes the organ's name from.
ORGAN_CELL = re.compile(rb'(<c r="D2"[^>]*><is><t>)[^<]*(</t>)')


def members(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.namelist()


def replaced(data: bytes, member: str, writer) -> bytes:
    """The workbook with one member rewritten; writer(zip_out, info) writes the new member."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == member:
                writer(dst, info)
            else:
                dst.writestr(info, src.read(info.filename))
    return out.getvalue()


def with_entities(attack: tuple[bytes, bytes], original: bytes):
    """The genuine sheet with a DTD in front and an entity reference as the organ's name."""
    dtd, reference = attack
    xml = original
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        xml = xml[:end] + dtd + xml[end:]
    else:
        xml = dtd + xml
    xml, count = ORGAN_CELL.subn(lambda m: m.group(1) + reference + m.group(2), xml, count=1)
    assert count == 1
    return lambda dst, info: dst.writestr(info.filename, xml, zipfile.ZIP_DEFLATED)


def sheet_xml(data: bytes, member: str = TEXT_SHEET) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(member)


def inflating(size: int, head: bytes = b""):
    """A member of `size` bytes that compresses about 1000:1, streamed so the test stays light."""

    def write(dst, info):
        member = zipfile.ZipInfo(info.filename)
        member.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(member, "w") as f:
            f.write(head)
            chunk = b" " * (1 << 20)
            for _ in range(size // len(chunk)):
                f.write(chunk)

    return write


def refused_quickly(data: bytes) -> XlsxImportError:
    start = time.perf_counter()
    with pytest.raises(XlsxImportError) as info:
        read_xlsx_bytes(data, "坏文件.xlsx")
    assert time.perf_counter() - start < LIMIT_S
    message = str(info.value)
    assert "坏文件.xlsx" in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)
    return info.value


def test_the_genuine_file_reads(genuine):
    assert read_xlsx_bytes(genuine).report.meta.organ == "招远市金岭镇人民政府"
    assert {INFO_SHEET, DATA_SHEET, TEXT_SHEET, "xl/workbook.xml"} <= set(members(genuine))
    assert b"t3.new.natural" in sheet_xml(genuine, DATA_SHEET)
    assert b"meta.organ" in sheet_xml(genuine, TEXT_SHEET)


@pytest.mark.parametrize("member", [INFO_SHEET, DATA_SHEET, TEXT_SHEET, "xl/workbook.xml"])
def test_zip_bomb_member_is_refused(genuine, member):
    bomb = replaced(genuine, member, inflating(300 << 20, b'<?xml version="1.0"?>'))
    assert len(bomb) < 2 << 20  # a small attachment ...
    assert "大得异常" in str(refused_quickly(bomb))  # ... that would inflate to 300 MB


def test_zip_bomb_with_a_lying_size_in_the_directory_is_refused(genuine):
    """The central directory claims a small member; the data inflates far beyond it."""
    bomb = bytearray(replaced(genuine, DATA_SHEET, inflating(300 << 20, b'<?xml version="1.0"?>')))
    name = DATA_SHEET.encode()
    at = bomb.find(b"PK\x01\x02")
    while bomb[at + 46 : at + 46 + int.from_bytes(bomb[at + 28 : at + 30], "little")] != name:
        at = bomb.find(b"PK\x01\x02", at + 4)
        assert at != -1
    bomb[at + 24 : at + 28] = (1000).to_bytes(4, "little")  # uncompressed size: 1,000 bytes
    with zipfile.ZipFile(io.BytesIO(bytes(bomb))) as zf:
        assert zf.getinfo(DATA_SHEET).file_size == 1000
    refused_quickly(bytes(bomb))


@pytest.mark.parametrize(
    "attack", [BILLION_LAUGHS, QUADRATIC, EXTERNAL], ids=["billion-laughs", "quadratic-blowup", "external-entity"]
)
def test_entity_tricks_are_refused(genuine, attack):
    hostile = replaced(genuine, TEXT_SHEET, with_entities(attack, sheet_xml(genuine)))
    error = refused_quickly(hostile)
    assert "XML实体定义" in str(error)
    assert "root:" not in str(error) and "lollol" not in str(error)


def test_a_plain_entity_free_edit_of_the_same_cell_is_read(genuine):
    """The control for the test above: the same edit without a DTD is read, so the refusal is the DTD's."""
    plain = ORGAN_CELL.sub(lambda m: m.group(1) + "某某镇人民政府".encode() + m.group(2), sheet_xml(genuine), count=1)
    result = read_xlsx_bytes(replaced(genuine, TEXT_SHEET, lambda dst, info: dst.writestr(info.filename, plain)))
    assert result.report.meta.organ == "某某镇人民政府"


def test_consolidation_lists_a_bomb_as_unreadable_and_goes_on(genuine, tmp_path):
    (tmp_path / "好.xlsx").write_bytes(genuine)
    (tmp_path / "炸弹.xlsx").write_bytes(
        replaced(genuine, TEXT_SHEET, with_entities(BILLION_LAUGHS, sheet_xml(genuine)))
    )
    start = time.perf_counter()
    result = consolidate([tmp_path])
    assert time.perf_counter() - start < 2 * LIMIT_S
    status = {entry.path.name: entry.status for entry in result.entries}
    assert status["炸弹.xlsx"] == UNREADABLE
    assert status["好.xlsx"] != UNREADABLE


def test_import_command_exits_2_on_a_bomb(genuine, tmp_path):
    bomb = tmp_path / "炸弹.xlsx"
    bomb.write_bytes(replaced(genuine, DATA_SHEET, inflating(300 << 20)))
    run = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "import-xlsx", str(bomb), "-o", str(tmp_path / "d.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "炸弹.xlsx" in run.stderr
    assert not (tmp_path / "d.json").exists()


def test_openpyxl_parses_through_defusedxml():
    """The app's own reader is lxml with entities off; openpyxl (used on county files by
    scripts and by our tests) must be protected too, which it is whenever defusedxml is installed."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
