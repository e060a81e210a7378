"""The 汇总 dialog offscreen: files and a folder chosen (QFileDialog patched), roster, year, run, table, save."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from exporters.xlsx.writer import export_xlsx
from gui import consolidate_dialog
from gui.consolidate_dialog import AUTO_YEAR, ConsolidateDialog
from model.draft_store import load_draft, save_draft
from tests.conftest import SAMPLE_2019, SAMPLE_2021

pytestmark = pytest.mark.gui


@pytest.fixture
def folder(tmp_path):
    towns = tmp_path / "各镇"
    towns.mkdir()
    export_xlsx(load_draft(SAMPLE_2021), towns / "金岭镇.xlsx")
    other = load_draft(SAMPLE_2021)
    other.meta.organ = "甲镇人民政府"
    other.set_value("t3.new.natural", 2)  # R1 broken: 有错误
    save_draft(other, towns / "甲镇.json")
    export_xlsx(load_draft(SAMPLE_2019), tmp_path / "山前店镇.xlsx")
    (tmp_path / "名单.txt").write_text("招远市金岭镇人民政府\n甲镇\n乙镇\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def dialog(qtbot):
    d = ConsolidateDialog()
    qtbot.addWidget(d)
    d.show()
    return d


def patch(monkeypatch, name, value):
    monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *args, **kwargs: value))


def table_rows(d) -> list[list[str]]:
    return [[d.table.item(r, k).text() for k in range(d.table.columnCount())] for r in range(d.table.rowCount())]


def test_run_and_save(dialog, folder, monkeypatch, tmp_path):
    patch(monkeypatch, "getExistingDirectory", str(folder / "各镇"))
    patch(monkeypatch, "getOpenFileNames", ([str(folder / "山前店镇.xlsx")], ""))
    patch(monkeypatch, "getOpenFileName", (str(folder / "名单.txt"), ""))
    dialog.add_folder_button.click()
    dialog.add_files_button.click()
    dialog.add_files_button.click()  # the same file twice: listed once
    dialog.roster_button.click()
    assert [p.name for p in dialog.input_paths()] == ["各镇", "山前店镇.xlsx"]
    assert dialog.chosen_year() is None and not dialog.save_button.isEnabled()
    dialog.run_button.click()
    rows = table_rows(dialog)
    assert [(row[0], row[3], row[6]) for row in rows] == [
        ("乙镇", "未报送", "否"),
        ("甲镇人民政府", "有错误", "否"),
        ("莱阳市山前店镇人民政府", "年份或格式不符", "否"),
        ("招远市金岭镇人民政府", "通过", "是"),
    ]
    assert dialog.summary.text().startswith("共读入3个文件，计入合计1个")
    assert dialog.table.item(1, 3).foreground().color().name() == "#c62828"
    assert dialog.save_button.isEnabled()
    target = tmp_path / "汇总结果"
    patch(monkeypatch, "getSaveFileName", (str(target), ""))
    dialog.save_button.click()
    saved = target.with_name("汇总结果.xlsx")
    assert saved.exists() and dialog.saved_to == saved
    assert dialog.message.text() == f"已保存汇总工作簿：{saved}"
    assert "非本级年度报告" in openpyxl.load_workbook(saved)["汇总情况"]["A1"].value


def test_year_and_include_errors(dialog, folder, monkeypatch):
    patch(monkeypatch, "getExistingDirectory", str(folder))
    dialog.add_folder_button.click()
    dialog.year.setValue(2022)
    dialog.include_errors.setChecked(True)
    assert dialog.run()
    assert {e.organ for e in dialog.result.included} == {"招远市金岭镇人民政府", "甲镇人民政府"}
    dialog.year.setValue(2020)
    assert dialog.run()
    assert [e.organ for e in dialog.result.included] == ["莱阳市山前店镇人民政府"]
    assert dialog.year.value() != AUTO_YEAR


def test_problems_are_said_in_the_dialog(dialog, folder, monkeypatch, tmp_path):
    dialog.run_button.click()
    assert dialog.message.text() == "请先添加各乡镇的文件或存放它们的文件夹。"
    patch(monkeypatch, "getExistingDirectory", str(folder / "各镇"))
    dialog.add_folder_button.click()
    bad = tmp_path / "空名单.txt"
    bad.write_text("\n", encoding="utf-8")
    patch(monkeypatch, "getOpenFileName", (str(bad), ""))
    dialog.roster_button.click()
    dialog.run_button.click()
    assert "中没有机关名称" in dialog.message.text() and dialog.result is None
    dialog.roster_clear.click()
    dialog.run_button.click()
    assert dialog.result is not None and dialog.message.text() == ""
    # saving over a township's file is refused, and the file stays as it was
    township = folder / "各镇" / "金岭镇.xlsx"
    before = township.read_bytes()
    patch(monkeypatch, "getSaveFileName", (str(township), ""))
    dialog.save_button.click()
    assert "不是年报助手生成的汇总工作簿" in dialog.message.text()
    assert township.read_bytes() == before
    # a changed choice asks for a new run before saving
    dialog.inputs.item(0).setSelected(True)
    dialog.remove_button.click()
    assert dialog.input_paths() == [] and not dialog.save_button.isEnabled()


def test_open_consolidate_dialog_shows_a_modal_dialog(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(ConsolidateDialog, "exec", lambda self: shown.append(self.windowTitle()) or 0)
    consolidate_dialog.open_consolidate_dialog(None)
    assert shown == ["汇总各乡镇（街道）报告"]


def test_a_city_sums_its_counties_consolidations(dialog, folder, monkeypatch, tmp_path, qtbot):
    """逐级汇总 in the window: two counties' 汇总 in, the 汇总单位 typed, each 汇总 one row; saved, it carries it."""
    from exporters.county.consolidate import consolidate
    from exporters.county.writer import write_consolidation

    counties = tmp_path / "各县汇总"
    counties.mkdir()
    write_consolidation(consolidate([folder / "各镇" / "金岭镇.xlsx"], unit="招远市"), counties / "招远市汇总.xlsx")
    other = load_draft(SAMPLE_2021)
    other.meta.organ, other.meta.county = "乙镇人民政府", "甲县"
    export_xlsx(other, tmp_path / "乙镇.xlsx")
    write_consolidation(consolidate([tmp_path / "乙镇.xlsx"], unit="甲县"), counties / "甲县汇总.xlsx")
    patch(monkeypatch, "getExistingDirectory", str(counties))
    dialog.add_folder_button.click()
    qtbot.keyClicks(dialog.unit, "ShiJi")  # QTest cannot type Chinese offscreen
    dialog.run_button.click()
    rows = table_rows(dialog)
    assert sorted((row[1], row[3], row[6]) for row in rows) == [
        ("招远市汇总.xlsx", "通过", "是"),
        ("甲县汇总.xlsx", "通过", "是"),
    ]
    assert all("包含1个乡镇（街道）的报告" in row[7] for row in rows)
    assert "合计包含2个乡镇（街道）的报告" in dialog.summary.text()
    target = tmp_path / "市汇总.xlsx"
    patch(monkeypatch, "getSaveFileName", (str(target), ""))
    dialog.save_button.click()
    data = openpyxl.load_workbook(target)["汇总数据"]
    carried = {data.cell(r, 1).value: data.cell(r, 2).value for r in range(2, 8)}
    assert carried["level.unit"] == "ShiJi" and carried["level.units"] == "2"
    # the same township in a second county's 汇总: refused in the window as on the command line
    write_consolidation(consolidate([folder / "各镇" / "金岭镇.xlsx"], unit="又一县"), counties / "又一县汇总.xlsx")
    dialog.run_button.click()
    refused = [row for row in table_rows(dialog) if row[3] == "单位重复"]
    assert len(refused) == 2 and all("招远市金岭镇人民政府" in row[7] for row in refused)
    assert dialog.unit.text() == "ShiJi"
