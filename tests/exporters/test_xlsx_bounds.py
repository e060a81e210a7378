"""Workbooks far beyond any export of ours, and zip members Excel never writes, are refused at
once with a Chinese reason; repeated problems are counted, not printed one by one (issue 12,
items 8, 9 and 13). Each file starts as a real export and is changed where an attacker would."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile

import pytest

from exporters.county.consolidate import UNREADABLE, consolidate
from exporters.xlsx.reader import XlsxImportError, read_xlsx_bytes
from tests.conftest import REFUSAL_LIMIT_S, ROOT
from tests.exporters.test_xlsx_hostile import DATA_SHEET, INFO_SHEET, TEXT_SHEET, replaced

LIMIT_S = REFUSAL_LIMIT_S


def with_sheet(data: bytes, member: str, edit) -> bytes:
    def write(dst, info):
        dst.writestr(info, edit(zipfile.ZipFile(io.BytesIO(data)).read(member)))

    return replaced(data, member, write)


def add_rows(xml: bytes, rows: bytes) -> bytes:
    return xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)


def peak_bytes(run) -> int:
    """Peak memory Python allocated while run() ran (lxml's own buffers are bounded by MAX_MEMBER)."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def refused(data: bytes, *words: str, timed: bool = True) -> str:
    start = time.monotonic()
    with pytest.raises(XlsxImportError) as caught:
        read_xlsx_bytes(data, "乡镇.xlsx")
    assert not timed or time.monotonic() - start < LIMIT_S
    message = str(caught.value)
    assert message.startswith("“乡镇.xlsx”") and all(w in message for w in words), message
    assert not re.search(r"[A-Za-z]{5,}", message.replace("Excel", "").replace("WPS", "")), message
    return message


@pytest.mark.parametrize("member", [INFO_SHEET, DATA_SHEET, TEXT_SHEET], ids=["说明", "数据", "正文"])
def test_a_row_beyond_excels_last_row_is_refused_at_once(genuine, member):
    data = with_sheet(
        genuine,
        member,
        lambda xml: add_rows(xml, b'<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>x</t></is></c></row>'),
    )
    refused(data, "内部结构已损坏")


def test_a_column_beyond_xfd_is_refused(genuine):
    data = with_sheet(
        genuine,
        DATA_SHEET,
        lambda xml: add_rows(xml, b'<row r="900"><c r="XFE900" t="inlineStr"><is><t>x</t></is></c></row>'),
    )
    refused(data, "内部结构已损坏")


def test_a_cell_in_excels_last_row_costs_one_row(genuine):
    data = with_sheet(
        genuine,
        DATA_SHEET,
        lambda xml: add_rows(
            xml, b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>t9.nowhere</t></is></c></row>'
        ),
    )
    start = time.monotonic()
    result = read_xlsx_bytes(data, "乡镇.xlsx")
    assert time.monotonic() - start < LIMIT_S
    assert any("A1048576" in p.message and "t9.nowhere" in p.message for p in result.problems)


def test_seven_hundred_thousand_rows_are_refused_fast_and_small(genuine):
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x.%d</t></is></c></row>' % (r, r, r) for r in range(300, 700_300)
    )
    data = with_sheet(genuine, DATA_SHEET, lambda xml: add_rows(xml, rows))
    refused(data, "远多于任何年报数据文件")  # timed on its own: tracemalloc slows every allocation
    assert peak_bytes(lambda: refused(data, "远多于任何年报数据文件", timed=False)) < 300 * 1024 * 1024


def test_many_unknown_codes_are_listed_thirty_times_and_counted(genuine):
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>t9.x%d</t></is></c></row>' % (r, r, r) for r in range(300, 5300)
    )
    data = with_sheet(genuine, DATA_SHEET, lambda xml: add_rows(xml, rows))
    result = read_xlsx_bytes(data, "乡镇.xlsx")
    on_data = [p.message for p in result.problems if p.sheet == "数据"]
    assert len(on_data) == 31
    assert on_data[-1].endswith("另有4970处同类问题，未逐一列出（这个表可能被大量改动过）。")


def test_a_shared_strings_table_beyond_any_export_is_refused(genuine):
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<si><t>a</t></si>" * 1_600_000
        + b"</sst>"
    )
    names = zipfile.ZipFile(io.BytesIO(genuine)).namelist()
    if "xl/sharedStrings.xml" in names:
        data = replaced(genuine, "xl/sharedStrings.xml", lambda dst, info: dst.writestr(info, sst))
    else:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(genuine)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info, src.read(info.filename))
            dst.writestr("xl/sharedStrings.xml", sst)
        data = out.getvalue()
        data = with_sheet(
            data, DATA_SHEET, lambda xml: add_rows(xml, b'<row r="990"><c r="A990" t="s"><v>5</v></c></row>')
        )
    refused(data, "远多于任何年报数据文件")  # timed on its own: tracemalloc slows every allocation
    assert peak_bytes(lambda: refused(data, "远多于任何年报数据文件", timed=False)) < 300 * 1024 * 1024


# ------------------------------------------------------------------ zip members Excel never writes


def _patch_local_and_central(data: bytes, member: str, *, flag: int | None = None, method: int | None = None) -> bytes:
    """Set the general-purpose flag or the compression method of one member, as a crafted file would."""
    buf = bytearray(data)
    name = member.encode()
    for sig, flag_at, method_at, name_len_at, name_at in (
        (b"PK\x03\x04", 6, 8, 26, 30),
        (b"PK\x01\x02", 8, 10, 28, 46),
    ):
        pos = 0
        while (pos := buf.find(sig, pos)) != -1:
            n = struct.unpack_from("<H", buf, pos + name_len_at)[0]
            if bytes(buf[pos + name_at : pos + name_at + n]) == name:
                if flag is not None:
                    struct.pack_into("<H", buf, pos + flag_at, struct.unpack_from("<H", buf, pos + flag_at)[0] | flag)
                if method is not None:
                    struct.pack_into("<H", buf, pos + method_at, method)
            pos += 4
    return bytes(buf)


def _bzip2_member(genuine: bytes, broken: bool) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(genuine)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == DATA_SHEET:
                info.compress_type = zipfile.ZIP_BZIP2
            dst.writestr(info, body)
    data = out.getvalue()
    if broken:
        at = data.find(b"BZh")
        data = data[: at + 10] + b"\x00" * 40 + data[at + 50 :]
    return data


@pytest.mark.parametrize("case", ["encrypted", "deflate64", "aes", "bzip2", "broken_bzip2"])
def test_zip_members_excel_never_writes_are_refused_in_chinese(genuine, case, tmp_path):
    if case == "encrypted":
        data = _patch_local_and_central(genuine, DATA_SHEET, flag=0x1)
        words = ("设置了打开密码",)
    elif case in ("deflate64", "aes"):
        data = _patch_local_and_central(genuine, DATA_SHEET, method=9 if case == "deflate64" else 99)
        words = ("从不使用的压缩方式",)
    else:
        data = _bzip2_member(genuine, broken=case == "broken_bzip2")
        words = ("从不使用的压缩方式",)
    refused(data, *words)
    path = tmp_path / "乡镇.xlsx"
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "import-xlsx", str(path), "-o", str(tmp_path / "d.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr and words[0] in done.stderr
    result = consolidate([tmp_path])
    (entry,) = result.entries
    assert entry.status == UNREADABLE and words[0] in entry.reason and "程序出错" not in entry.reason
