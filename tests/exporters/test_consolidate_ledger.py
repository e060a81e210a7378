"""A 汇总's memory stays flat: its entries and units are in a temporary database on disk (the ledger),
the workbook goes straight to its file, the carried checksum is fed unit by unit, and reading
resumes where dying workers stopped without reading a file twice."""

from __future__ import annotations

import gc
import hashlib
import io
import os
import random
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from exporters.county import consolidate as county
from exporters.county import parallel
from exporters.county.carried import Unit, carried_checksum
from exporters.county.consolidate import consolidate, loaded
from exporters.county.entry import STATUS_ORDER, Entry
from exporters.county.writer import write_consolidation
from exporters.xlsx.common import canonical_json, value_text
from model.formats import get_format
from tests.exporters.test_consolidate import T0, township, write_xlsx


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Nine townships of two counties, one sent twice, one of another year, one that is not a report."""
    root = tmp_path_factory.mktemp("ledger")
    fmt, rng = get_format("2021"), random.Random(7)
    for i in range(9):
        report = township(fmt, 2022 if i != 4 else 2021, f"第{i}镇人民政府", rng)
        report.meta.county = "甲县" if i % 2 else "乙县"
        write_xlsx(report, root / f"{i}.xlsx", T0)
    (root / "9.xlsx").write_bytes((root / "3.xlsx").read_bytes())  # the same report twice
    (root / "坏.xlsx").write_bytes(b"not a workbook")
    return root


def _alive(kind) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is kind)


def test_a_consolidation_holds_no_entry_and_no_unit_in_memory(folder):
    entries, units = _alive(Entry), _alive(Unit)
    c = consolidate([folder], workers=1, roster=["第1镇", "第2镇", "别的镇"])
    assert len(c.entries) == 11 and len(c.units) == 8 and len(c.missing) == 1 and c.total is not None
    assert _alive(Entry) == entries and _alive(Unit) == units  # all of them are in the ledger
    # ...and come back from it whole, one at a time
    status = {e.file_name: e.status for e in c.entries}
    assert status["9.xlsx"] == county.DUPLICATE or status["3.xlsx"] == county.DUPLICATE
    assert status["4.xlsx"] == county.MISMATCH and status["坏.xlsx"] == county.UNREADABLE
    assert sorted(u.organ for u in c.units) == [f"第{i}镇人民政府" for i in (0, 1, 2, 3, 5, 6, 7, 8)]
    assert [m.organ for m in c.missing] == ["别的镇"]


def test_the_views_read_like_lists(folder):
    c = consolidate([folder], workers=1)
    entries = list(c.entries)
    assert [e.file_name for e in entries] == sorted(p.name for p in folder.iterdir())  # the order read
    assert c.entries[0].file_name == entries[0].file_name and c.entries[-1].file_name == entries[-1].file_name
    assert [e.file_name for e in c.entries[1:3]] == [e.file_name for e in entries[1:3]]
    assert c.missing == [] and not c.missing and len(c.included) == 8
    assert [e.file_name for e in c.included] == [e.file_name for e in entries if e.included]
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    assert [e.file_name for e in c.rows()] == [
        e.file_name for e in sorted(entries, key=lambda e: (order[e.status], e.organ, str(e.path)))
    ]
    assert sum(len(loaded(e.numbers)) > 0 for e in c.included) == len(c.included) == 8
    with pytest.raises(IndexError):
        c.entries[len(entries)]


def test_a_file_name_that_is_not_utf8_is_kept_and_listed(tmp_path, folder):
    if sys.platform == "win32":  # NTFS names are UTF-16: no undecodable name exists there
        name = "不是报告.xlsx"
    else:
        name = os.fsdecode(b"\xb2\xbb\xca\xc7.xlsx")  # GBK bytes on a UTF-8 file system: surrogates in str
    report = (folder / "1.xlsx").read_bytes()
    (tmp_path / name).write_bytes(b"PK not a workbook")
    (tmp_path / "1.xlsx").write_bytes(report)
    c = consolidate([tmp_path], workers=1)
    assert {e.file_name: e.status for e in c.rows()} == {name: county.UNREADABLE, "1.xlsx": county.PASS}
    write_consolidation(c, tmp_path / "汇总.xlsx")
    assert openpyxl.load_workbook(tmp_path / "汇总.xlsx").sheetnames[0] == "汇总情况"


def _one_string_checksum(format_id, year, unit_name, numbers, units) -> str:
    """The carried checksum as first defined: all of it as one JSON text."""
    data = {
        "format": format_id,
        "year": year,
        "unit": unit_name,
        "values": {code: value_text(v) for code, v in sorted(numbers.items())},
        "units": [[u.organ, u.county, u.checksum] for u in units],
    }
    return hashlib.sha256(canonical_json(data).encode("utf-8", "surrogatepass")).hexdigest()


@pytest.mark.parametrize(
    "units",
    [
        [],
        [Unit("城关镇人民政府", "甲县", "ab12")],
        [Unit('引号"镇', "", "c", "甲县汇总.xlsx"), Unit("\udcb2镇", "乙\\县", "d"), Unit("", "", "")],
    ],
)
@pytest.mark.parametrize("year", [None, 2022])
def test_the_carried_checksum_fed_unit_by_unit_is_the_one_string_checksum(units, year):
    numbers = {"t2.b.x": 3, "t2.a.y": Decimal("1.50"), "t3.z": None, "t4.q": -2}
    assert carried_checksum("2021", year, "某市", numbers, iter(units)) == _one_string_checksum(
        "2021", year, "某市", numbers, units
    )


def test_streamed_rows_keep_their_heights_without_keeping_them_in_memory():
    from openpyxl import Workbook

    from exporters.county.streaming import RowStream

    wb = Workbook(write_only=True)
    ws = RowStream(wb.create_sheet("长表"))
    for r in range(1, 301):
        ws.cell(row=r, column=1, value=f"第{r}行")
        ws.row_dimensions[r].height = 15 + r % 7
    ws.close()
    assert len(ws.row_dimensions) == 0
    buffer = io.BytesIO()
    wb.save(buffer)
    back = openpyxl.load_workbook(buffer)["长表"]
    assert [back.row_dimensions[r].height for r in range(1, 301)] == [15 + r % 7 for r in range(1, 301)]
    assert back.cell(row=300, column=1).value == "第300行"


def test_reading_goes_on_here_where_the_workers_stopped(monkeypatch, tmp_path):
    from concurrent.futures.process import BrokenProcessPool

    files = [tmp_path / f"{i}.xlsx" for i in range(20)]
    for f in files:
        f.write_bytes(b"x")

    def dies_after_seven(files, n, progress, arrived):
        for f in files[:7]:
            arrived(Entry(f, organ="worker"))
        raise BrokenProcessPool("a worker was killed")

    logged = []
    monkeypatch.setattr(parallel, "_in_workers", dies_after_seven)
    monkeypatch.setattr("model.crash_log.write_crash_log", lambda what, exc: logged.append(what))
    got: list[Entry] = []
    parallel.read_all(files, got.append, workers=2)
    assert [e.path for e in got] == files  # each file once, in order
    assert [e.organ for e in got] == ["worker"] * 7 + [""] * 13  # the rest read here
    assert logged == ["汇总时无法使用多个进程读取文件，改为逐个读取"]
