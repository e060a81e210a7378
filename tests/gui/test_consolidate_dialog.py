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
