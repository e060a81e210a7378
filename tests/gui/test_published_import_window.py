"""文件 → 从已发布的报告导入 / 粘贴 / 从上年已发布的报告新建: preview first, nothing written until 确定."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from gui import dialogs, file_actions
from gui.published_import_dialog import INFERRED, PublishedImportDialog
from tests.conftest import ROOT

PUBLISHED = ROOT / "tests" / "fixtures" / "published"


def sample(prefix):
    return next(PUBLISHED.glob(f"{prefix}_*.txt"))


@pytest.fixture
def window(open_window):
    yield open_window("shanqiandian-2020.json")


def answer(monkeypatch, code):
    shown = []

    def run(dialog):
        shown.append(dialog)
        return code

    monkeypatch.setattr(dialogs, "run_dialog", run)
    return shown


def test_the_preview_shows_each_table_the_prose_and_the_list_and_cancel_writes_nothing(window, monkeypatch):
    monkeypatch.setattr(dialogs, "open_published_path", lambda *a, **k: sample("001"))
    before = window.report
    shown = answer(monkeypatch, QDialog.DialogCode.Rejected)
    assert file_actions.import_published(window) is False
    [preview] = shown
    assert isinstance(preview, PublishedImportDialog) and window.report is before
    assert [preview.tabs.tabText(i) for i in range(preview.tabs.count())][:4] == ["表二", "表三", "表四", "正文"]
    t2 = preview.table_views["t2"]
    texts = {t2.item(r, c).text() for r in range(t2.rowCount()) for c in range(t2.columnCount()) if t2.item(r, c)}
    assert {"690", "18", "行政许可"} <= texts
    tip = next(
        t2.item(r, c).toolTip()
        for r in range(t2.rowCount())
        for c in range(t2.columnCount())
        if t2.item(r, c) and t2.item(r, c).text() == "690"
    )
    assert tip.startswith("读自第")
    assert "公布的是1，而各项之和是0" in preview.notes.toPlainText()
    assert "【一、总体情况（一）主动公开】" in preview.prose.toPlainText()


def test_accepting_opens_the_report_unsaved_in_the_window(window, monkeypatch):
    monkeypatch.setattr(dialogs, "open_published_path", lambda *a, **k: sample("004"))
    answer(monkeypatch, QDialog.DialogCode.Accepted)
    assert file_actions.import_published(window) is True
    assert window.report.meta.organ == "招远市金岭镇人民政府" and window.path is None and window.isWindowModified()
    assert window.report.text("s1.on_request") == "2022年度未受理政府信息公开申请。"


def test_placeholders_are_marked_in_the_preview(window, monkeypatch):
    monkeypatch.setattr(dialogs, "open_published_path", lambda *a, **k: sample("003"))
    shown = answer(monkeypatch, QDialog.DialogCode.Rejected)
    file_actions.import_published(window)
    [preview] = shown
    assert "表二中有一行数字（3个）不知属于哪一行" in preview.notes.toPlainText()
    t3 = preview.table_views["t3"]
    colour = {}
    for r in range(t3.rowCount()):
        label = " ".join(t3.item(r, c).text() for c in range(3) if t3.item(r, c))
        values = [t3.item(r, c) for c in range(3, t3.columnCount()) if t3.item(r, c)]
        if values:
            colour[label] = {i.background().color() == INFERRED for i in values}
    # 003's garbled 「、本年新收政府信息公开申」 row was read by its place: marked; 「（一）予以公开」 was recognised
    assert colour[next(k for k in colour if "本年新收" in k)] == {True}
    assert colour[next(k for k in colour if "予以公开" in k and "部分" not in k)] == {False}


def test_a_refused_file_says_why_and_changes_nothing(window, monkeypatch, tmp_path):
    doc = tmp_path / "旧.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    monkeypatch.setattr(dialogs, "open_published_path", lambda *a, **k: doc)
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, text: errors.append(text))
    before = window.report
    assert file_actions.import_published(window) is False
    assert window.report is before and "另存为”Word文档（.docx）" in errors[0]


def test_pasted_text_is_previewed_and_imported(window, monkeypatch):
    def run(dialog):
        if isinstance(dialog, dialogs.PasteReportDialog):
            dialog.text.setPlainText(sample("004").read_text(encoding="utf-8"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs, "run_dialog", run)
    assert file_actions.import_published(window, pasted=True) is True
    assert window.report.meta.year == 2022


def test_a_new_report_from_last_years_published_report_carries_it_over(window, monkeypatch):
    monkeypatch.setattr(dialogs, "open_published_path", lambda *a, **k: sample("001"))
    monkeypatch.setattr(dialogs, "ask_new_report", lambda *a, **k: ("禄丰市金山镇人民政府", 2024, True))
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **k: False)  # 以后再说 to the year helper
    answer(monkeypatch, QDialog.DialogCode.Accepted)
    assert file_actions.new_from_published_last_year(window) is True
    report = window.report
    assert report.meta.year == 2024 and window.last_year.meta.year == 2023
    assert report.value("t3.carried.natural") == 0  # last year's 结转下年度继续办理, as published
    assert report.text("s1.active") == window.last_year.text("s1.active")
