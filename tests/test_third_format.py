"""A third statutory format, with no code change: tests/fixtures/formats/2026.json changes labels,
adds a row to 表二 (行政检查) and a column to 表三 (个体工商户), and goes through the checks, the
window, the .docx, the .xlsx round trip, the command line and the county's consolidation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import docx
import openpyxl
import pytest

from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "formats" / "2026.json"
NEW_COLUMN, NEW_ROW = "t3.new.sole_trader", "t2.inspection.decisions"


@pytest.fixture
def formats(tmp_path, monkeypatch):
    """The shipped definitions plus the third one, as a formats folder of their own."""
    folder = tmp_path / "formats"
    shutil.copytree(ROOT / "templates" / "formats", folder)
    shutil.copy(FIXTURE, folder / "2026.json")
    monkeypatch.setenv("NIANBAO_FORMATS_DIR", str(folder))
    from model.formats import get_format

    return get_format("2026")


def township(fmt, organ: str, n: int):
    """A balanced 2026 report filled through the Editor, with figures in the new row and column."""
    import datetime as dt

    from model.editor import FIELD, META, TEXT, VALUE, Editor
    from model.report import Report

    report = Report.new(fmt, organ=organ, year=2026, county="测试县", city="测试市")
    entries = [(VALUE, c.code, 0) for c in fmt.input_cells]
    entries += [(VALUE, NEW_COLUMN, n), (VALUE, "t3.disclosed.sole_trader", n), (VALUE, NEW_ROW, n + 1)]
    entries += [
        (TEXT, p.code, "本年度按照有关要求认真开展各项工作，具体情况如下所述，特此报告说明。")
        for p in fmt.narrative_parts()
    ]
    entries += [(FIELD, code, "0") for code in fmt.fields] + [(META, "date", dt.date(2027, 1, 20))]
    editor = Editor(report)
    editor.enter(entries, "填写")
    return report, editor


def test_the_third_format_loads_and_is_chosen_by_year(formats):
    from model.formats import format_for_year

    assert format_for_year(2026) is formats and format_for_year(2025).format_id == "2021"
    assert NEW_COLUMN in formats.cells and NEW_ROW in formats.cells
    assert formats.cells["t3.new.legal_service"].column.label == "律师事务所等法律服务机构"


def test_every_check_works_on_the_new_row_and_column(formats):
    from model.editor import VALUE

    report, editor = township(formats, "甲镇人民政府", 3)
    assert [f for f in editor.findings if f.severity == "error"] == []
    assert report.value("t3.new.total") == 3 and report.value("t3.results_total.sole_trader") == 3
    result = editor.enter([(VALUE, "t3.carried.sole_trader", "2")], "填写表三")
    r1 = [f for f in result.findings if f.rule == "R1"]
    assert [f.column for f in r1] == ["sole_trader", "total"]
    assert "表三“个体工商户”列" in r1[0].message
    assert "t3.carried.total" in result.totals


def test_the_window_shows_and_takes_the_new_row_and_column(qtbot, formats):
    from gui.main_window import MainWindow

    report, _ = township(formats, "甲镇人民政府", 3)
    window = MainWindow(report, None)
    qtbot.addWidget(window)
    window.show()
    page3 = window.table_pages["t3"]
    labels = {
        page3.model.data(page3.model.index(r, c))
        for r in range(page3.model.rowCount())
        for c in range(page3.model.columnCount())
    }
    assert {"个体工商户", "律师事务所等法律服务机构"} <= labels
    assert page3.model.setData(page3.model.index_of("t3.carried.sole_trader"), "１")
    assert page3.model.data(page3.model.index_of("t3.carried.total")) == "1"
    assert "个体工商户 ✗ 相差1" in page3.relation_text()
    page2 = window.table_pages["t2"]
    assert page2.model.setData(page2.model.index_of(NEW_ROW), "7") and report.value(NEW_ROW) == 7
    window.modified = False


def test_docx_and_xlsx_carry_the_new_row_and_column_and_read_back_exactly(formats, tmp_path):
    from exporters.docx.writer import export_docx
    from exporters.xlsx.reader import read_xlsx
    from exporters.xlsx.writer import export_xlsx
    from model.draft_store import draft_to_dict, load_draft, save_draft

    report, _ = township(formats, "甲镇人民政府", 3)
    export_docx(report, tmp_path / "r.docx")
    cells = {c.text for t in docx.Document(tmp_path / "r.docx").tables for row in t.rows for c in row.cells}
    assert {"个体工商户", "律师事务所等法律服务机构", "行政检查", "第二十条第（六）项（含行政检查）"} <= cells
    export_xlsx(report, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    codes = {row[0] for row in book["数据"].iter_rows(values_only=True)}
    book.close()
    assert {NEW_COLUMN, NEW_ROW} <= codes
    result = read_xlsx(tmp_path / "r.xlsx")
    assert result.problems == [] and result.changed == [] and result.checksum_ok is True
    a, b = draft_to_dict(report), draft_to_dict(result.report)
    a.pop("saved_at"), b.pop("saved_at")
    assert a == b and b["format_version"] == "2026"
    save_draft(result.report, tmp_path / "r.json")
    assert load_draft(tmp_path / "r.json").value(NEW_ROW) == 4


def test_command_line_and_consolidation_with_the_third_format(formats, tmp_path):
    from exporters.xlsx.writer import export_xlsx
    from model.draft_store import save_draft

    folder = tmp_path / "townships"
    folder.mkdir()
    for i, organ in enumerate(("甲镇人民政府", "乙镇人民政府", "丙街道办事处"), 1):
        report, _ = township(formats, organ, i)
        export_xlsx(report, folder / f"{organ}.xlsx")
    save_draft(report, tmp_path / "丙.json")
    env = {**os.environ, "NIANBAO_FORMATS_DIR": os.environ["NIANBAO_FORMATS_DIR"]}

    def run(*args):
        return subprocess.run(
            [sys.executable, str(ROOT / "app.py"), *map(str, args)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    done = run("check", tmp_path / "丙.json")
    assert done.returncode == 0 and done.stdout.strip().endswith("共 0 个错误、0 个警告、0 个提示。"), done.stdout
    done = run("new", "--year", "2026", "--organ", "丁镇人民政府", "-o", tmp_path / "丁.json")
    assert done.returncode == 0 and "测试公开办函〔2026〕1号格式" in done.stdout
    done = run("consolidate", folder, "-o", tmp_path / "汇总.xlsx")
    assert done.returncode == 0, done.stdout + done.stderr
    from exporters.county.consolidate import consolidate

    c = consolidate([folder])
    assert c.fmt.format_id == "2026" and len(c.included) == 3
    assert c.total.value(NEW_COLUMN) == 1 + 2 + 3 and c.total.value(NEW_ROW) == 2 + 3 + 4
    assert c.total.value("t3.new.total") == 6
