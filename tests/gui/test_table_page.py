"""The statutory tables driven through the real widgets, offscreen."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from gui.pages.table_page import TablePage
from model.editor import VALUE, Editor
from model.layout import table_grid

pytestmark = pytest.mark.gui


@pytest.fixture
def page3(qtbot, filled2021):
    page = TablePage(Editor(filled2021), filled2021.fmt.tables["t3"])
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def live_editor(view):
    editors = [w for w in view.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1
    return editors[0]


def type_into(qtbot, page, code, keys):
    view = page.view
    index = page.model.index_of(code)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = live_editor(view)
    editor.selectAll()
    qtbot.keyClicks(editor, keys)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.NoState)


def shown(page, code):
    return page.model.data(page.model.index_of(code))


def test_typing_updates_totals_and_relation_line(qtbot, page3):
    report = page3.report
    type_into(qtbot, page3, "t3.new.natural", "5")
    assert report.value("t3.new.natural") == 5
    assert shown(page3, "t3.new.total") == "5"
    assert "自然人 ✗ 相差5" in page3.relation_text()  # drawn from the checks' own finding
    type_into(qtbot, page3, "t3.disclosed.natural", "3")
    type_into(qtbot, page3, "t3.next_year.natural", "2")
    assert shown(page3, "t3.results_total.natural") == "3"
    assert shown(page3, "t3.results_total.total") == "3"
    assert "自然人 ✓" in page3.relation_text()
    assert "相差" not in page3.relation_text()


def test_enter_moves_down_to_the_next_value_row(qtbot, page3):
    type_into(qtbot, page3, "t3.new.natural", "1")
    assert page3.model.cell_code(page3.view.currentIndex()) == "t3.carried.natural"


def test_full_width_digits_are_accepted(qtbot, page3):
    index = page3.model.index_of("t3.partial.company")
    assert page3.model.setData(index, "１２")
    assert page3.report.value("t3.partial.company") == 12


def test_input_method_commit_into_a_cell(qtbot, page3):
    """A Chinese IME in full-width mode commits 「１２」; the very first keystroke after opening works."""
    view = page3.view
    assert page3.model.cell_code(view.currentIndex()) == "t3.new.natural"  # current index set on open
    event = QInputMethodEvent()
    event.setCommitString("１２")
    QApplication.sendEvent(view, event)
    editor = live_editor(view)
    assert editor.text() == "１２"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.NoState)
    assert page3.report.value("t3.new.natural") == 12


@pytest.mark.parametrize(
    "keys, reason",
    [
        ("abc", "这里只能填写数字"),
        ("1.5", "件数必须是整数，不能有小数"),
        ("-3", "件数不能是负数"),
    ],
)
def test_invalid_entry_is_refused_with_its_reason(qtbot, page3, keys, reason):
    report = page3.report
    type_into(qtbot, page3, "t3.withheld_secret.research", keys)
    assert report.value("t3.withheld_secret.research") == 0  # the old value stays
    assert page3.message.isVisible()
    assert page3.message.text() == (
        f"表三“（三）不予公开”中“1.属于国家秘密”行“科研机构”列：{reason}。原来的值没有改变。"
    )
    assert not page3.editor.can_undo()


def test_one_typed_value_repaints_its_grid_once(qtbot, page3):
    before = page3.model.repaints
    type_into(qtbot, page3, "t3.new.natural", "5")  # the value, its totals, the R1 colour
    assert page3.model.repaints == before + 1
    page3.model.setData(page3.model.index_of("t3.new.natural"), "5")  # the same value: nothing to repaint
    assert page3.model.repaints == before + 1


def test_computed_cells_are_read_only(page3):
    index = page3.model.index_of("t3.results_total.natural")
    assert not page3.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert page3.model.flags(page3.model.index_of("t3.new.natural")) & Qt.ItemFlag.ItemIsEditable


def test_paste_block_from_excel_fills_and_undoes_in_one_step(qtbot, page3):
    report = page3.report
    page3.view.setCurrentIndex(page3.model.index_of("t3.disclosed.natural"))
    # 3 rows x 4 columns as Excel puts them on the clipboard: CRLF, a quoted field, a trailing newline
    text = '1\t2\t3\t4\r\n5\t"6"\t7\t8\r\n9\t10\t11\t12\r\n'
    assert page3.view.paste_text(text) == 12
    assert [report.value(f"t3.disclosed.{c}") for c in ("natural", "company", "research", "nonprofit")] == [1, 2, 3, 4]
    assert [report.value(f"t3.partial.{c}") for c in ("natural", "company", "research", "nonprofit")] == [5, 6, 7, 8]
    assert [report.value(f"t3.withheld_secret.{c}") for c in ("natural", "company", "research", "nonprofit")] == [
        9,
        10,
        11,
        12,
    ]
    assert report.value("t3.disclosed.legal_service") == 0  # untouched
    assert shown(page3, "t3.results_total.total") == str(sum(range(1, 13)))
    assert page3.editor.undo_label("t3") == "粘贴"
    page3.editor.undo("t3")
    assert not page3.editor.can_undo("t3")  # the whole paste was one step
    assert all(report.value(f"t3.{r}.natural") == 0 for r in ("disclosed", "partial", "withheld_secret"))
    assert shown(page3, "t3.results_total.total") == "0"
    page3.editor.redo("t3")
    assert report.value("t3.withheld_secret.nonprofit") == 12


def test_paste_reports_cells_that_cannot_take_a_value(qtbot, page3):
    report = page3.report
    page3.view.setCurrentIndex(page3.model.index_of("t3.new.legal_service"))
    # legal_service, other, then the computed 总计, then off the table
    took = page3.view.paste_text("3\tx\t9\t4\n")
    assert took == 1 and report.value("t3.new.legal_service") == 3
    text = page3.message.text()
    assert "粘贴时有3处没有填入" in text
    assert "表三“一、本年新收政府信息公开申请数量”行“其他”列：“x”没有填入（这里只能填写数字）。" in text
    assert "“总计”列是自动计算的合计，粘贴的“9”没有填入。" in text
    assert "有1个值没有位置" in text


def test_delete_clears_back_to_blank_and_undo_restores(qtbot, page3):
    view = page3.view
    view.setCurrentIndex(page3.model.index_of("t3.new.company"))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert page3.report.value("t3.new.company") is None
    assert shown(page3, "t3.new.company") == ""
    page3.editor.undo("t3")
    assert page3.report.value("t3.new.company") == 0


def test_fill_blanks_in_one_undoable_step(qtbot, fmt2021):
    from model.report import Report

    report = Report.new(fmt2021, organ="甲镇人民政府", year=2022)
    editor = Editor(report)
    page = TablePage(editor, fmt2021.tables["t4"])
    qtbot.addWidget(page)
    editor.enter([(VALUE, "t4.cases.review_upheld", "2")], "填写表四")
    assert page.fill_blanks() == 11
    assert report.blank_inputs("t4") == []
    assert report.value("t4.cases.review_upheld") == 2
    assert page.message.text() == "已把11个空白格填为0。可用“撤销”恢复。"
    assert editor.undo_label("t4") == "表四空白填0"
    editor.undo("t4")
    assert len(report.blank_inputs("t4")) == 11 and report.value("t4.cases.review_upheld") == 2


def test_tab_moves_right_and_skips_totals(qtbot, page3):
    view = page3.view
    view.setCurrentIndex(page3.model.index_of("t3.new.other"))
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert page3.model.cell_code(view.currentIndex()) == "t3.carried.natural"
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert page3.model.cell_code(view.currentIndex()) == "t3.carried.company"
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert page3.model.cell_code(view.currentIndex()) == "t3.disclosed.company"


def test_spans_mirror_the_statutory_table(page3):
    grid = table_grid(page3.table)
    for gc in grid.cells:
        assert page3.view.rowSpan(gc.row, gc.col) == gc.rowspan
        assert page3.view.columnSpan(gc.row, gc.col) == gc.colspan
    model = page3.model
    assert model.data(model.index(0, 0)) == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert model.data(model.index(0, 3)) == "申请人情况"


def test_findings_colour_the_cell_and_show_as_tooltip(page3):
    report = page3.report
    report.stated["t3.new.total"] = 9  # as a file states it
    page3.editor.recheck()
    index = page3.model.index_of("t3.new.total")
    assert "【错误】表三“一、本年新收政府信息公开申请数量”行：填报的“总计”为9" in page3.model.data(
        index, Qt.ItemDataRole.ToolTipRole
    )
    assert page3.model.data(index, Qt.ItemDataRole.BackgroundRole).color().name() == "#f8c9c4"


@pytest.mark.parametrize(
    "version, table", [("2021", "t2"), ("2021", "t3"), ("2021", "t4"), ("2019", "t2"), ("2019", "t3"), ("2019", "t4")]
)
def test_every_table_model_passes_qtmodeltester(qtmodeltester, request, version, table):
    from gui.table_model import StatutoryTableModel

    report = request.getfixturevalue(f"filled{version}")
    model = StatutoryTableModel(Editor(report), report.fmt.tables[table])
    qtmodeltester.check(model, force_py=True)
