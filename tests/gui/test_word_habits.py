"""The window keeps the habits Word, WPS and Excel taught the clerk (issue 17): redo on Ctrl+Y,
a word when typing into a total, 撤销 naming what it undoes where the clerk is, 本表空白填0 only on
a table, years refused with a reason, the year being reported proposed, hints said once, a guide."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QMenu, QTextBrowser

from gui.dialogs import NewReportDialog
from gui.pages.narrative_page import NarrativePage, hint_text
from gui.pages.table_page import COMPUTED_TOTAL
from model.formats import reporting_year

pytestmark = pytest.mark.gui


def type_cell(qtbot, page, code: str, keys: str) -> None:
    view = page.view
    index = page.model.index_of(code)
    view.setCurrentIndex(index)
    view.setFocus()
    view.edit(index)
    editor = next(w for w in view.viewport().findChildren(QLineEdit) if w.isVisible())
    editor.selectAll()
    qtbot.keyClicks(editor, keys)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.NoState)


def table3(window):
    page = window.table_pages["t3"]
    window.show_page(page)
    return page


@pytest.mark.parametrize("redo_keys", ["Ctrl+Y", "Ctrl+Shift+Z"])
def test_redo_on_ctrl_y_and_ctrl_shift_z(qtbot, open_window, redo_keys):
    from PySide6.QtGui import QKeySequence

    window = open_window()
    page = table3(window)
    code = "t3.new.natural"
    before = window.report.value(code)
    type_cell(qtbot, page, code, "7")
    assert window.report.value(code) == 7
    assert window.undo_action.text().startswith("撤销“")
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.report.value(code) == before
    assert QKeySequence(redo_keys) in window.redo_action.shortcuts()
    sequence = QKeySequence(redo_keys)[0]
    qtbot.keyClick(page.view, sequence.key(), sequence.keyboardModifiers())
    assert window.report.value(code) == 7


def test_typing_into_a_total_says_it_is_computed(qtbot, open_window):
    window = open_window()
    page = table3(window)
    total = next(c.code for c in page.model.grid.value_cells() if page.model.is_computed(page.model.index_of(c.code)))
    before = window.report.value(total)
    page.view.setCurrentIndex(page.model.index_of(total))
    page.view.setFocus()
    qtbot.keyClicks(page.view, "5")
    assert window.statusBar().currentMessage() == COMPUTED_TOTAL
    assert COMPUTED_TOTAL in page.message.text() and window.report.value(total) == before
    # the next edit that takes answers the message
    type_cell(qtbot, page, "t3.new.natural", "3")
    assert not page.message.isVisible() or not page.message.text()


def test_fill_blanks_is_offered_only_on_a_table(open_window):
    window = open_window()
    window.show_page(window.info_page)
    assert not window.fill_action.isEnabled()
    table3(window)
    assert window.fill_action.isEnabled()
    window.show_page(next(iter(window.narrative_pages.values())))
    assert not window.fill_action.isEnabled()


def test_undo_names_the_step_of_the_place_shown(qtbot, open_window):
    window = open_window()
    page = table3(window)
    type_cell(qtbot, page, "t3.new.natural", "4")
    assert window.undo_action.text() == "撤销“填写表三”"
    window.show_page(window.table_pages["t4"])
    assert window.undo_action.text() == "撤销" and not window.undo_action.isEnabled()


@pytest.mark.parametrize("typed", ["2018", "1999"])
def test_a_year_no_format_covers_is_refused_with_a_message(qtbot, open_window, typed):
    window = open_window()
    window.show_page(window.info_page)
    year = window.info_page.year
    before = window.report.meta.year
    year.setFocus()
    year.lineEdit().selectAll()
    qtbot.keyClicks(year.lineEdit(), typed)
    qtbot.keyClick(year.lineEdit(), Qt.Key.Key_Return)
    message = window.info_page.year_message
    assert typed in message.text() and "不在本程序能处理的范围" in message.text()
    assert f"报告年度仍为{before}年" in message.text() and window.report.meta.year == before


def test_a_year_of_the_other_format_says_to_make_a_new_report(qtbot, open_window):
    window = open_window("jinling-2022.json")  # 2021 format
    window.show_page(window.info_page)
    year = window.info_page.year
    year.lineEdit().selectAll()
    qtbot.keyClicks(year.lineEdit(), "2020")
    qtbot.keyClick(year.lineEdit(), Qt.Key.Key_Return)
    message = window.info_page.year_message.text()
    assert "〔2019〕60号" in message and "按2020年新建报告" in message
    assert window.report.meta.year == 2022


def test_new_report_proposes_the_year_being_reported_and_refuses_2018(qtbot):
    assert reporting_year(dt.date(2026, 12, 1)) == 2026
    assert reporting_year(dt.date(2027, 1, 15)) == 2026
    assert reporting_year(dt.date(2026, 6, 30)) == 2025
    dialog = NewReportDialog()
    qtbot.addWidget(dialog)
    assert dialog.year.value() == reporting_year()
    dialog.organ.setText("某某镇人民政府")
    dialog.year.lineEdit().selectAll()
    qtbot.keyClicks(dialog.year.lineEdit(), "2018")
    dialog._accept()
    assert "2018" in dialog.message.text() and dialog.result() == 0


def test_hints_say_once_that_a_part_may_be_left_out(open_window):
    window = open_window()
    page = next(iter(window.narrative_pages.values()))
    assert isinstance(page, NarrativePage)
    for part in page.section.parts:
        text = hint_text(part)
        assert text.count("可以不写") == (1 if part.optional else part.hint.count("可以不写"))


def test_the_guide_opens_from_the_help_menu(qtbot, open_window):
    window = open_window()
    help_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title().startswith("帮助"))
    qtbot.waitUntil(lambda: bool(help_menu.actions()))  # filled at the turn after the first paint
    guide = next(a for a in help_menu.actions() if a.text().startswith("使用说明"))
    guide.trigger()
    dialog = next(w for w in window.findChildren(QTextBrowser))
    text = dialog.toPlainText()
    for words in ("怎样填写", "错误", "警告", "提示", "Excel 文件", "汇总"):
        assert words in text
    dialog.window().close()


def test_a_column_being_filled_is_shown_calmly_until_complete_or_left(qtbot, open_window):
    """Excel habit: while 自然人 still has blanks its imbalance is grey 「尚未填完」, not red; filled
    (or the table left) it is the error it is."""
    from gui.table_model import COLORS

    window = open_window()
    page = table3(window)
    model = page.model
    column = [
        c.code
        for c in model.grid.value_cells()
        if c.code.endswith(".natural") and model.is_input(model.index_of(c.code))
    ]
    for code in column:
        window.editor.enter([("value", code, None)], "清空", place="t3")
    type_cell(qtbot, page, column[0], "5")  # 5 new applications, no results yet: does not balance
    assert "自然人 尚未填完" in page.relation_text()
    assert model.data(model.index_of(column[0]), Qt.ItemDataRole.BackgroundRole) is None
    window.show_page(window.info_page)  # leaving the table: now it is an error
    assert "自然人 ✗ 相差5" in page.relation_text()
    brush = model.data(model.index_of(column[0]), Qt.ItemDataRole.BackgroundRole)
    assert brush is not None and brush.color() == COLORS["error"]
    table3(window)
    type_cell(qtbot, page, column[1], "0")  # back in the table, filling again: calm again
    assert "自然人 尚未填完" in page.relation_text()
    window.editor.set_values({c: 0 for c in column[1:] if window.report.value(c) is None}, "填0", place="t3")
    assert "自然人 ✗ 相差5" in page.relation_text()  # complete and still off: red at once


def test_prose_boxes_grow_with_their_text(qtbot, open_window):
    window = open_window()
    page = next(iter(window.narrative_pages.values()))
    window.show_page(page)
    box = next(iter(page.editors.values())).text_edit
    box.setPlainText("")
    qtbot.wait(1)
    empty = box.height()
    box.setPlainText("\n".join(f"第{i}段。" for i in range(30)))
    qtbot.waitUntil(lambda: box.height() > empty * 5)
    grown = box.height()
    assert box.verticalScrollBar().maximum() == 0  # the whole text shows: the page scrolls, not the box
    box.setPlainText("一行。")
    qtbot.waitUntil(lambda: box.height() < grown / 5)  # and shrinks back: no empty slot below


def test_undo_in_a_prose_box_is_the_box_s_typing(qtbot, open_window):
    window = open_window()
    page = next(iter(window.narrative_pages.values()))
    window.show_page(page)
    box = next(iter(page.editors.values())).text_edit
    box.setFocus()
    qtbot.waitUntil(lambda: window.undo_action.text() == "撤销输入的文字")
    before = box.toPlainText()
    qtbot.keyClicks(box, "abc")
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert box.toPlainText() == before
    table3(window).view.setFocus()
    qtbot.waitUntil(lambda: window.undo_action.text() != "撤销输入的文字")


def test_table_three_header_rows_stay_in_view_when_scrolled(qtbot, open_window):
    window = open_window()
    window.resize(1000, 500)
    page = table3(window)
    view = page.view
    frozen = view.frozen
    assert frozen is not None and frozen.rows == [0, 1, 2]
    assert window.table_pages["t2"].view.frozen is None  # 表二's headers belong to each block
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: view.rowViewportPosition(0) < 0)  # the table's own header rows scrolled away
    assert frozen.isVisible() and frozen.geometry().top() == view.viewport().geometry().top()
    assert frozen.height() == sum(view.rowHeight(r) for r in range(3))
    model = frozen.model()
    shown = {
        model.data(frozen.indexAt(frozen.visualRect(model.index(r, c)).center())) for r in range(3) for c in range(10)
    }
    assert {"申请人情况", "自然人", "总计"} <= shown
    # a cell reached from above never hides under the frozen rows
    index = page.model.index_of(page.model.grid.value_cells()[10].code)
    bar.setValue(bar.value() + view.rowViewportPosition(index.row()))  # its row at the very top, under them
    assert view.visualRect(index).top() < frozen.height()
    view.scrollTo(index)
    assert view.visualRect(index).top() >= frozen.height()
    assert frozen.columnWidth(9) == view.columnWidth(9)


def test_refusal_and_paste_messages_go_with_the_next_edit_or_the_undo(qtbot, open_window):
    """A refusal under the table disappears with the next edit that takes, or with 撤销; the paste
    report disappears when the paste is undone."""
    window = open_window()
    page = table3(window)
    model = page.model
    index = model.index_of("t3.new.natural")
    page.view.setCurrentIndex(index)
    assert not model.setData(index, "三件")
    assert "原来的值没有改变" in page.message.text()
    type_cell(qtbot, page, "t3.new.natural", "2")
    assert not page.message.text()
    assert not model.setData(index, "x")
    assert page.message.text()
    window.undo()  # 撤销 the typed 2: the refusal was answered too
    assert not page.message.text()
    page.view.setCurrentIndex(index)
    page.view.paste_text("1\t2\tx")
    assert page.message.text().startswith("粘贴时有1处没有填入")
    window.undo()
    assert not page.message.text() and window.report.value("t3.new.natural") == 0
