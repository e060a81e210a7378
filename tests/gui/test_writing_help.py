"""Writing help in the window: sentences from the figures, the year helper, and what an export says first."""

from __future__ import annotations

import docx
import pytest
from PySide6.QtCore import Qt

from gui import dialogs, file_actions
from gui.year_replace_dialog import YearReplaceDialog
from model.editor import TEXT, VALUE
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "jinling-2022.json"


@pytest.fixture
def window(open_window):
    yield open_window("jinling-2022.json")


def part_editor(window, part):
    return window.narrative_pages[part.split(".")[0]].editors[part]


def content(window, rule):
    return [f for f in window.editor.findings if f.rule == rule]


def test_a_sentence_from_the_figures_goes_in_with_one_click_and_is_flagged_when_the_figures_change(window, qtbot):
    editor = window.editor
    editor.enter([(VALUE, "t3.new.natural", "3"), (VALUE, "t3.disclosed.natural", "3")], "填写")
    pe = part_editor(window, "s1.on_request")
    pe.text_edit.setPlainText("")
    button = pe.suggestion_buttons["on_request"]
    assert "本年度共收到政府信息公开申请3件" in button.toolTip()  # the tip follows the figures
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.report.text("s1.on_request") == "本年度共收到政府信息公开申请3件。办理结果：予以公开3件。"
    assert pe.text_edit.toPlainText() == window.report.text("s1.on_request")
    assert content(window, "C1") == []
    editor.enter([(VALUE, "t3.new.natural", "4"), (VALUE, "t3.disclosed.natural", "4")], "填写")
    flagged = {(f.part, f.cell) for f in content(window, "C1")}
    assert flagged == {("s1.on_request", "t3.new.total"), ("s1.on_request", "t3.disclosed.total")}
    pe.text_edit.undo()  # the insertion is one step of the box's own undo
    assert window.report.text("s1.on_request") == ""


def test_the_fee_and_table_four_sentences_are_offered_where_they_belong(window):
    assert set(part_editor(window, "s6.fee").suggestion_buttons) == {"fee"}
    assert set(part_editor(window, "s1.oversight").suggestion_buttons) == {"review_litigation"}
    assert set(part_editor(window, "s1.active").suggestion_buttons) == {"active"}
    assert part_editor(window, "s5.main").suggestion_buttons == {}


def test_the_year_helper_walks_through_each_occurrence_and_never_replaces_blindly(window, monkeypatch):
    editor = window.editor
    editor.enter([(TEXT, "s1.active", "2021年，我镇公开2021年部门决算。2021年，我镇更新目录。")], "修改")
    shown = []
    monkeypatch.setattr(dialogs, "run_dialog", lambda dialog: shown.append(dialog) or 0)
    file_actions.replace_years(window)
    [dialog] = shown
    assert isinstance(dialog, YearReplaceDialog) and (dialog.old_year, dialog.new_year) == (2021, 2022)
    # every 2021 of the sample's prose comes first or later; walk until the ones in s1.active
    while dialog.current() is not None and dialog.current().part != "s1.active":
        dialog.skip_current()
    assert "2021" in dialog.context.text() and "一、总体情况（一）主动公开" == dialog.where.text()
    dialog.replace_current()  # the first: this year's work
    dialog.skip_current()  # the second: last year's accounts, right as it is
    dialog.replace_current()  # the third
    assert window.report.text("s1.active") == "2022年，我镇公开2021年部门决算。2022年，我镇更新目录。"
    assert part_editor(window, "s1.active").text_edit.toPlainText() == window.report.text("s1.active")
    editor.undo()
    assert window.report.text("s1.active") == "2022年，我镇公开2021年部门决算。2021年，我镇更新目录。"
    while dialog.current() is not None:
        dialog.skip_current()
    assert not dialog.replace_button.isEnabled() and "已经看完" in dialog.where.text()


def test_a_stale_year_finding_opens_the_helper_for_that_year(window, monkeypatch):
    window.editor.enter([(TEXT, "s1.platform", "2020年，我镇建立网站管理制度。")], "修改")
    page = window.findings_page
    [finding] = [f for f in content(window, "C3") if f.part == "s1.platform"]
    page.tree.setCurrentItem(page.item_for(finding.key))
    assert page.years_button.isVisibleTo(page)
    shown = []
    monkeypatch.setattr(dialogs, "run_dialog", lambda dialog: shown.append(dialog) or 0)
    page.years_button.click()
    assert [(d.old_year, d.new_year) for d in shown] == [(2020, 2022)]


def test_export_names_the_remaining_warnings_once_before_the_file_name(window, tmp_path, monkeypatch):
    window.editor.enter([(TEXT, "s1.on_request", "本年度共收到政府信息公开申请5件。")], "修改")
    calls = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, text, **kw: calls.append(("ask", text, kw)) or False)
    monkeypatch.setattr(dialogs, "save_path", lambda *a, **k: calls.append(("save",)) or tmp_path / "报告.docx")
    assert file_actions.export(window, "docx") is False  # 返回修改
    [(what, text, kw)] = calls
    assert what == "ask" and kw == {"yes": "继续导出", "no": "返回修改"}
    assert "“正文中的数字与表格一致”1个" in text and "既没有改正也没有写说明" in text
    calls.clear()
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, text, **kw: calls.append(("ask", text, kw)) or True)
    assert file_actions.export(window, "docx") is True
    assert [c[0] for c in calls] == ["ask", "save"]  # asked once, before the file name
    assert "草稿" not in docx.Document(str(tmp_path / "报告.docx")).sections[0].header.paragraphs[0].text


def test_a_report_with_errors_is_exported_as_a_draft_after_one_question(window, tmp_path, monkeypatch):
    window.editor.enter([(VALUE, "t3.new.natural", "3")], "填写")  # 新收 without any result: R1 fails
    calls = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, text, **kw: calls.append(("ask", text, kw)) or True)
    monkeypatch.setattr(dialogs, "save_path", lambda *a, **k: calls.append(("save",)) or tmp_path / "草稿.docx")
    assert file_actions.export(window, "docx") is True
    assert [c[0] for c in calls] == ["ask", "save"]
    assert "只能导出草稿" in calls[0][1] and calls[0][2]["yes"] == "导出草稿"
    header = "".join(p.text for p in docx.Document(str(tmp_path / "草稿.docx")).sections[0].header.paragraphs)
    assert "草稿" in header


def test_a_report_with_nothing_left_exports_without_a_question(window, tmp_path, monkeypatch):
    for f in window.editor.findings:
        assert f.severity != "error"
    for f in [f for f in window.editor.findings if f.severity == "warning"]:
        window.report.explain(f.key, "已核实。")
    window.editor.recheck()
    monkeypatch.setattr(dialogs, "save_path", lambda *a, **k: tmp_path / "报告.xlsx")
    assert file_actions.export(window, "xlsx") is True
    assert (tmp_path / "报告.xlsx").exists()


def test_a_report_made_from_last_years_offers_the_year_helper(window, monkeypatch):
    monkeypatch.setattr(dialogs, "open_draft_path", lambda *a, **k: SAMPLE)
    monkeypatch.setattr(dialogs, "ask_new_report", lambda *a, **k: ("招远市金岭镇人民政府", 2023, True))
    asked, shown = [], []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, text, **kw: asked.append((text, kw)) or True)
    monkeypatch.setattr(dialogs, "run_dialog", lambda dialog: shown.append(dialog) or 0)
    window.modified = False
    file_actions.new_from_last_year_report(window)
    assert window.report.meta.year == 2023
    [(text, kw)] = asked
    assert text.startswith("新报告的正文是从2022年度的报告复制来的，其中有") and "处“2022年”" in text
    assert kw == {"yes": "逐处查看", "no": "以后再说"}
    [dialog] = shown
    assert (dialog.old_year, dialog.new_year) == (2022, 2023) and dialog.current().year == 2022
    stale = [f for f in window.editor.findings if f.rule == "C3"]
    assert stale and all(f.actual == 2022 for f in stale)  # and every part that still says so is flagged
