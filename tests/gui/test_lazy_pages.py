"""Pages built when first shown: only 基本信息 at start; a page built late shows the report and the
findings as they are then, and the menus, 撤销 and 重做 act on it; the status bar's counts are the
checks' once events are processed; the window's module imports neither openpyxl nor python-docx."""

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from gui.main_window import FINDINGS, INFO
from gui.table_model import COLORS
from model.checks import run_checks
from model.draft_store import load_draft
from model.editor import TEXT, VALUE
from model.findings import ERROR, count_by_severity
from model.normalize import format_value
from tests.conftest import ROOT, SAMPLE_2021

pytestmark = pytest.mark.gui

BROKEN = "t3.np_repeated.company"  # 2 here: 表三's 商业企业 column no longer balances (R1), off by 2


def nav_item(window, title):
    for i in range(window.nav.topLevelItemCount()):
        item = window.nav.topLevelItem(i)
        if item.text(0).startswith(title):
            return item
    raise AssertionError(f"no navigation entry {title}")


def table3_heading(window):
    return window.report.fmt.tables["t3"].section.heading


def built(window):
    return {key for key in window._slots if window.built_page(key) is not None}


def counts_text(report):
    counts = count_by_severity(run_checks(report))
    return f"错误 {counts['error']}　警告 {counts['warning']}　提示 {counts['hint']}"


def test_only_the_page_shown_is_built_at_start(open_window):
    window = open_window()
    assert built(window) == {INFO}
    assert window.stack.count() == 1 and window.stack.currentWidget() is window.info_page
    # every page is in the navigation all the same, each part of a narrative section too
    titles = [window.nav.topLevelItem(i).text(0) for i in range(window.nav.topLevelItemCount())]
    assert titles[0] == "基本信息" and titles[-1].startswith("检查结果")
    assert [s.heading for s in window.report.fmt.sections] == titles[1:-1]
    assert len(window.table_pages) == len(window.report.fmt.tables)
    assert built(window) == {INFO}  # counting them builds nothing


def test_table3_built_when_shown_with_the_values_and_colours_of_now(open_window, qtbot):
    window = open_window()
    window.editor.enter([(VALUE, BROKEN, "2")], "填写表三", place="t3")  # before the page exists
    assert "table:t3" not in built(window)
    window.nav.setCurrentItem(nav_item(window, table3_heading(window)))
    assert "table:t3" in built(window)
    page = window.table_pages["t3"]
    assert window.stack.currentWidget() is page and window.current_table_page() is page
    model = page.model
    assert model.data(model.index_of(BROKEN)) == "2"
    total = model.index_of("t3.results_total.company")
    assert model.data(total, Qt.ItemDataRole.BackgroundRole).color() == COLORS[ERROR]
    assert "相差2" in model.data(total, Qt.ItemDataRole.ToolTipRole)
    assert "商业企业 ✗ 相差2" in page.relation_text()
    qtbot.waitUntil(lambda: window.counts_label.text() == counts_text(window.report))
    assert window.counts_label.text().startswith("错误 2")


def test_an_edit_before_a_page_is_built_shows_when_it_is(open_window):
    window = open_window()
    part = next(p for p in window.report.fmt.narrative_parts() if not p.fields)
    section = part.section.code
    window.editor.enter([(TEXT, part.code, "本年度新建了政务公开专区。")], "修改")
    window.editor.enter([(VALUE, BROKEN, "2")], "填写表三", place="t3")
    assert built(window) == {INFO}
    assert window.narrative_pages[section].editors[part.code].text_edit.toPlainText() == "本年度新建了政务公开专区。"
    page = window.findings_page
    assert built(window) == {INFO, f"section:{section}", FINDINGS}
    assert [f.key for f in page.findings] == [f.key for f in run_checks(window.report)]
    assert any(f.rule == "R1" and f.table == "t3" for f in page.findings)
    assert nav_item(window, "检查结果").text(0).startswith("检查结果（2错")


def test_a_late_page_follows_the_edits_after_it_is_built(open_window):
    window = open_window()
    page = window.findings_page
    before = len(page.findings)
    window.editor.enter([(VALUE, BROKEN, "2")], "填写表三", place="t3")
    assert len(page.findings) > before
    window.editor.undo("t3")
    assert len(page.findings) == before


def test_undo_redo_and_menus_act_on_a_table_built_late(open_window):
    window = open_window()
    assert not window.fill_action.isEnabled()  # 基本信息: no table to fill
    window.show_page(window.table_pages["t3"])
    page = window.table_pages["t3"]
    assert window.stack.currentWidget() is page and window.fill_action.isEnabled()
    model = page.model
    assert model.setData(model.index_of(BROKEN), "2")
    assert window.undo_action.text() == "撤销“填写表三”" and window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert window.report.value(BROKEN) != 2
    assert model.data(model.index_of(BROKEN)) == format_value(window.report.value(BROKEN))
    assert window.redo_action.text() == "重做“填写表三”"
    window.redo_action.trigger()
    assert window.report.value(BROKEN) == 2 and model.data(model.index_of(BROKEN)) == "2"
    assert window.counts_label.text() == counts_text(window.report)
    # 本表空白填0 from the 编辑 menu acts on the table shown
    window.editor.set_values({"t3.new.natural": None}, "清除", place="t3")
    window.fill_action.trigger()
    assert window.report.value("t3.new.natural") == 0
    assert "已把1个空白格填为0" in page.message.text()


def test_counts_are_the_checks_once_events_are_processed(qtbot, monkeypatch):
    from gui import dialogs
    from gui.main_window import MainWindow

    monkeypatch.setattr(dialogs, "show_info", lambda parent, text: None)
    report = load_draft(SAMPLE_2021)
    report.set_value(BROKEN, 2)
    window = MainWindow(report, SAMPLE_2021)
    qtbot.addWidget(window)
    window.show()
    expected = counts_text(report)
    assert expected != "错误 0　警告 0　提示 0"
    qtbot.waitUntil(lambda: window.counts_label.text() == expected)
    counts = count_by_severity(run_checks(report))
    assert nav_item(window, "检查结果").text(0) == f"检查结果（{counts['error']}错 {counts['warning']}警）"
    assert window.counts_label.styleSheet() == "color: #c62828;"
    window.modified = False


def test_counts_of_a_window_never_shown(qtbot):
    from gui.main_window import MainWindow

    report = load_draft(SAMPLE_2021)
    report.set_value(BROKEN, 2)
    window = MainWindow(report, None)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.counts_label.text() == counts_text(report))


def test_a_new_report_drops_the_pages_of_the_old(open_window, filled2021):
    window = open_window()
    old = window.table_pages["t3"]
    window.show_page(old)
    window.set_report(filled2021, None)
    assert built(window) == {INFO}
    assert window.stack.currentWidget() is window.info_page
    new = window.table_pages["t3"]
    assert new is not old and new.report is filled2021
    window.modified = False


def test_going_to_a_finding_builds_its_page(open_window):
    window = open_window()
    window.editor.enter([(VALUE, BROKEN, "2")], "填写表三", place="t3")
    finding = next(f for f in window.findings if f.rule == "R1" and f.table == "t3")
    window.go_to_finding(finding)
    page = window.table_pages["t3"]
    assert window.stack.currentWidget() is page
    assert page.model.cell_code(page.view.currentIndex()).startswith("t3.")


IMPORTS = r"""
import json, sys
sys.path.insert(0, {root!r})
import gui.main_window
imported = set(sys.modules)
from pathlib import Path
from PySide6.QtWidgets import QApplication
from model.draft_store import load_draft
app = QApplication([])
sample = Path({sample!r})
window = gui.main_window.MainWindow(load_draft(sample), sample)
window.show()
app.processEvents()
shown = set(sys.modules)
from PySide6 import QtGui
def built_types():  # PySide makes a class's Python type when the class is first used
    return sorted(name for name, value in vars(QtGui).items() if isinstance(value, type))
def menu_actions():
    return [len(menu.actions()) for menu in window._menus]
shown_types, shown_actions = built_types(), menu_actions()
while not window.counts_label.text() or not window._menus_filled:
    app.processEvents()
counted = set(sys.modules)
print(json.dumps({{"imported": sorted(imported), "shown": sorted(shown), "counted": sorted(counted),
                   "shown_types": shown_types, "counted_types": built_types(),
                   "shown_actions": shown_actions, "counted_actions": menu_actions()}}))
sys.stdout.flush()
import os; os._exit(0)
"""


def test_the_window_module_and_its_first_paint_import_no_office_libraries(tmp_path):
    code = IMPORTS.format(root=str(ROOT), sample=str(SAMPLE_2021))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NIANBAO_DATA_DIR=str(tmp_path))
    runs = []
    for _ in range(2):  # the first start builds the definition and keeps it; the second reads it back
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    first, modules = runs
    assert "model.definition_loader" in first["shown"]
    heavy = ("openpyxl", "docx", "lxml", "exporters")
    for stage in ("imported", "shown", "counted"):
        found = [m for m in modules[stage] if m.split(".")[0] in heavy]
        assert found == [], f"{stage}: {found}"
    # the later pages and the checks come after the first paint
    later = {"gui.pages.table_page", "gui.pages.narrative_page", "gui.pages.findings_page", "model.checks"}
    later |= {"gui.file_actions", "gui.table_model", "model.draft_lock", "model.recovery"}
    later |= {"model.definition_loader"}  # the format is read from the definition cache, not built again
    assert later.isdisjoint(modules["shown"]), later & set(modules["shown"])
    # nor what costs a millisecond or so to import and is not needed to show the window: Lib/datetime.py
    # (model.dates takes the C module's classes), the utf-8-sig codec (a draft's mark is cut by hand)
    assert {"datetime", "encodings.utf_8_sig"}.isdisjoint(modules["shown"])
    assert "model.checks" in modules["counted"]
    # the menus' actions and shortcuts come after the first paint too, and with them the types
    # PySide builds for them: only the menus' titles are painted at first
    assert {"QAction", "QKeySequence"}.isdisjoint(modules["shown_types"])
    assert modules["shown_actions"] == [0, 0, 0, 0]
    assert {"QAction", "QKeySequence"} <= set(modules["counted_types"])
    assert all(n > 1 for n in modules["counted_actions"]), modules["counted_actions"]


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # offscreen popups
def test_a_menu_opened_before_its_actions_are_made_is_filled_first(qtbot):
    from PySide6.QtCore import QPoint

    from gui.main_window import MainWindow

    window = MainWindow(load_draft(SAMPLE_2021), SAMPLE_2021)
    qtbot.addWidget(window)
    edit_menu = window._menus[1]
    assert edit_menu.actions() == []  # no turn of the event loop yet
    edit_menu.popup(QPoint(0, 0))
    try:
        texts = [a.text() for a in edit_menu.actions() if not a.isSeparator()]
        assert texts[:2] == ["撤销", "重做"] and "本表空白填0" in texts
        assert not window.undo_action.isEnabled()  # set from the editor when made: nothing to undo yet
    finally:
        edit_menu.close()


# The program's own start (app.py DRAFT, through gui.main.run()); app.exec() replaced by one turn of
# the event loop, which paints the window run() has shown, as bench/bench_startup.py does.
PROGRAM_START = r"""
import json, sys
sys.path.insert(0, {root!r})
sys.argv = ["app.py", {draft!r}]
from PySide6 import QtWidgets
def first_paint(app):
    app.processEvents()
    window = next(w for w in app.topLevelWidgets() if hasattr(w, "counts_label"))
    types = sorted(name for name, value in vars(QtWidgets).items() if isinstance(value, type))
    from PySide6 import QtGui
    gui_types = sorted(name for name, value in vars(QtGui).items() if isinstance(value, type))
    from model.recovery import Recovery
    shown = {{"shown": sorted(sys.modules), "types": types, "gui_types": gui_types,
             "exposed": window.windowHandle().isExposed(), "recovery_made": "__dataclass_fields__" in vars(Recovery),
             "lock_held": window.lock is not None and window.lock.held}}
    while not window._menus_filled:  # the turn after the first paint
        app.processEvents()
    icon = app.windowIcon()
    same = window.windowIcon().cacheKey() == icon.cacheKey()
    shown["icon_after"] = [icon.isNull(), icon.pixmap(32, 32).isNull(), same]
    print(json.dumps(shown))
    window.lock.release()
    sys.stdout.flush()
    import os; os._exit(0)
QtWidgets.QApplication.exec = first_paint
import app
app.main()
"""


def test_the_programs_own_start_imports_before_its_first_paint_only_what_it_shows(tmp_path):
    """What the program does around the window before it paints (crash handler, Qt's Chinese texts,
    recovery copies looked for, the draft's lock) imports no module and builds no Qt type that only
    a later step needs: the dialogs, the socket and uuid modules, Lib/datetime.py."""
    draft = tmp_path / "草稿.json"
    draft.write_bytes(SAMPLE_2021.read_bytes())
    code = PROGRAM_START.format(root=str(ROOT), draft=str(draft))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NIANBAO_DATA_DIR=str(tmp_path / "data"), LOGNAME="clerk")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    start = json.loads(done.stdout.strip().splitlines()[-1])
    assert start["exposed"] and start["lock_held"]  # the real start: its draft is locked, its window painted
    shown = set(start["shown"])
    assert {"gui.crash_handler", "gui.file_actions", "model.draft_lock", "model.recovery"} <= shown
    later = {"socket", "uuid", "getpass", "hashlib", "datetime", "gui.report_dialogs", "gui.start_page"}
    assert later.isdisjoint(shown), later & shown
    assert [m for m in shown if m.split(".")[0] in ("openpyxl", "docx", "lxml", "exporters")] == []
    assert {"QMessageBox", "QFileDialog", "QDialogButtonBox", "QCheckBox"}.isdisjoint(start["types"])
    assert not start["recovery_made"]  # none found: Recovery's dataclass code is not made
    # the icon comes a turn after the first paint (naming QIcon builds its 150 theme-icon names), on
    # the program and on the window already shown
    assert "QIcon" not in start["gui_types"]
    assert start["icon_after"] == [False, False, True]
    assert not (tmp_path / ".~草稿.json.lock").exists()  # released as the program does on closing
