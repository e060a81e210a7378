"""The whole window: samples, live findings, going to a finding, files, recovery, carry-forward."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from gui import dialogs
from gui.main import initial_report
from gui.main_window import MainWindow
from model.draft_store import load_draft, save_draft
from model.editor import TEXT, VALUE
from model.recovery import find_recoveries
from tests.conftest import SAMPLE_2019, SAMPLE_2021

pytestmark = pytest.mark.gui


@pytest.fixture
def make_window(qtbot, monkeypatch):
    shown_errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, text: shown_errors.append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda parent, text: None)

    def make(report, path=None, **kw):
        window = MainWindow(report, path, **kw)
        qtbot.addWidget(window)
        window.shown_errors = shown_errors
        window.show()
        return window

    return make


def close_without_asking(window):
    window.modified = False
    window.close()


@pytest.mark.parametrize("sample", [SAMPLE_2021, SAMPLE_2019], ids=["2021", "2019"])
def test_samples_open_without_errors(make_window, sample, qtbot):
    window = make_window(load_draft(sample), sample)
    assert not any(f.severity == "error" for f in window.findings)
    # the checks' counts come right after the first paint
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("错误 0"))
    # a shipped sample says it is one (示例), above the work and in the title
    assert window.windowTitle().startswith("示例：" + load_draft(sample).meta.organ)
    assert window.sample_banner.isVisible() and "示例" in window.sample_banner.text()
    assert window.saved_label.text() == f"已保存：{sample.name}"


def test_breaking_a_value_shows_the_located_finding_at_once(make_window):
    window = make_window(load_draft(SAMPLE_2021), SAMPLE_2021)
    page = window.table_pages["t3"]
    assert page.model.setData(page.model.index_of("t3.np_repeated.company"), "2")
    assert window.counts_label.text().startswith("错误 2")
    assert window.isWindowModified() and window.saved_label.text() == "未保存"
    messages = [f.message for f in window.findings_page.findings]
    assert (
        "表三“商业企业”列：第一项加第二项之和（0）应等于第三项加第四项之和（2），相差2，请核对本列的办理结果。"
        in messages
    )
    index = page.model.index_of("t3.results_total.company")
    assert "相差2" in page.model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_findings_page_goes_to_the_cell(make_window, filled2021):
    window = make_window(filled2021)
    filled2021.stated["t4.cases.direct_total"] = 3
    window.recheck()
    finding = next(f for f in window.findings if f.rule == "R5")
    item = window.findings_page.item_for(finding.key)
    window.findings_page.tree.itemClicked.emit(item, 0)
    page = window.table_pages["t4"]
    assert window.stack.currentWidget() is page
    assert page.model.cell_code(page.view.currentIndex()) == "t4.cases.direct_total"


def test_findings_page_goes_to_a_narrative_part_and_the_info_page(make_window, filled2021, qtbot):
    filled2021.set_text("s1.platform", "")
    filled2021.set_meta("organ", "")
    window = make_window(filled2021)
    d6 = next(f for f in window.findings if f.rule == "D6")
    window.go_to_finding(d6)
    page = window.narrative_pages["s1"]
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.editors["s1.platform"].text_edit.hasFocus())
    d2 = next(f for f in window.findings if f.rule == "D2")
    window.go_to_finding(d2)
    assert window.stack.currentWidget() is window.info_page
    close_without_asking(window)


def test_chinese_through_the_input_method_reaches_the_model(make_window, filled2021, qtbot):
    window = make_window(filled2021)
    editor = window.narrative_pages["s5"].editors["s5.main"].text_edit
    editor.setPlainText("")
    editor.setFocus()
    event = QInputMethodEvent()
    event.setCommitString("政务公开栏目更新不及时")
    QApplication.sendEvent(editor, event)
    assert filled2021.text("s5.main") == "政务公开栏目更新不及时"
    d7 = next(f for f in window.findings if f.rule == "D7")
    assert d7.actual == 11
    info_organ = window.info_page.edits["organ"]
    info_organ.selectAll()
    event = QInputMethodEvent()
    event.setCommitString("乙镇人民政府")
    QApplication.sendEvent(info_organ, event)
    assert filled2021.meta.organ == "乙镇人民政府"
    assert window.windowTitle().startswith("乙镇人民政府")
    close_without_asking(window)


def test_explain_a_warning_on_the_findings_page(make_window, filled2021):
    import datetime as dt

    filled2021.set_meta("date", dt.date(2023, 3, 1))
    window = make_window(filled2021)
    page = window.findings_page
    finding = next(f for f in window.findings if f.rule == "D5")
    page.tree.setCurrentItem(page.item_for(finding.key))
    assert page.explain_button.isEnabled()
    page.explain_edit.setPlainText("经县政务公开办同意延期。")
    page.save_explanation()
    assert filled2021.explanations[finding.key] == "经县政务公开办同意延期。"
    assert "说明：经县政务公开办同意延期。" in page.item_for(finding.key).text(0)
    close_without_asking(window)


def test_save_as_then_save(make_window, filled2021, tmp_path, monkeypatch):
    window = make_window(filled2021, modified=True)
    target = tmp_path / "金岭镇 2022.json"
    monkeypatch.setattr(dialogs, "save_path", lambda *a, **k: target)
    from gui import file_actions

    assert file_actions.save(window)
    assert load_draft(target).meta.organ == "测试镇人民政府"
    assert not window.isWindowModified() and window.path == target
    assert not window.editor.enter([(VALUE, "t3.new.natural", "0")], "填写").changed  # the same value
    assert not window.isWindowModified()
    window.editor.enter([(TEXT, "s5.main", filled2021.text("s5.main") + "另补充一句。")], "修改")
    assert window.isWindowModified()
    assert file_actions.save(window)
    assert load_draft(target).text("s5.main").endswith("另补充一句。")
    assert target.with_name(target.name + ".bak").exists()


def test_close_asks_and_cancel_keeps_the_window(make_window, filled2021, monkeypatch):
    window = make_window(filled2021, modified=True)
    answers = iter([dialogs.CANCEL, dialogs.DISCARD])
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *a: next(answers))
    assert not window.close()
    assert window.isVisible()
    assert window.close()


def test_unreadable_draft_is_reported_and_not_overwritten(make_window, filled2021, tmp_path):
    bad = tmp_path / "坏文件.json"
    bad.write_bytes(b'{"app": "nianbao", "schema_version": 1, "form')
    window = make_window(filled2021)
    from gui import file_actions

    assert not file_actions.open_file(window, bad)
    assert "已损坏或不完整" in window.shown_errors[-1] and "文件没有被改动" in window.shown_errors[-1]
    assert window.report is filled2021
    assert bad.read_bytes() == b'{"app": "nianbao", "schema_version": 1, "form'


def test_recovery_is_offered_and_restored(make_window, filled2021, tmp_path, monkeypatch):
    draft = tmp_path / "d.json"
    save_draft(filled2021, draft)
    window = make_window(load_draft(draft), draft)
    window.editor.enter([(VALUE, "t3.new.natural", "4")], "填写")
    window.editor.enter([(VALUE, "t3.disclosed.natural", "4")], "填写")
    assert window.autosave_timer.isActive() and window.autosave_timer.interval() <= 30_000
    window.autosave()  # what the timer does
    [found] = find_recoveries()
    assert found.draft_path == draft
    window.hide()  # "crash": the window never closes cleanly
    asked = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, text, **kw: asked.append(text) or True)
    report, path, modified, message, recovery = initial_report(None)
    assert "上次程序没有正常退出" in asked[0] and "d.json" in asked[0]
    assert (path, modified, message, recovery) == (draft, True, None, found.path)
    assert report.value("t3.new.natural") == 4
    assert load_draft(draft).value("t3.new.natural") == 0  # the draft itself was never touched
    assert recovery.exists()  # kept until the restored work is safe
    close_without_asking(window)


def test_declined_recovery_is_set_aside_not_deleted(make_window, filled2021, monkeypatch, private_data_dir):
    window = make_window(filled2021, modified=True)
    window.autosave()
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **kw: False)
    report, path, modified, _, recovery = initial_report(None)
    assert path is None and not modified and recovery is None
    assert list((private_data_dir / "recovery" / "declined").iterdir())
    close_without_asking(window)


def test_restored_copy_lives_until_the_next_autosave(make_window, filled2021, monkeypatch):
    crashed = make_window(filled2021, modified=True)
    crashed.editor.enter([(VALUE, "t3.new.natural", "7")], "填写")
    crashed.autosave()
    crashed.hide()  # dies without closing
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **kw: True)
    opening = initial_report(None)
    window = make_window(opening.report, opening.path, modified=True, restored_from=opening.recovery)
    # dies again before any autosave: the restored work is still offered
    [again] = find_recoveries()
    assert again.path == opening.recovery and again.report.value("t3.new.natural") == 7
    window.autosave()  # now it is safe under this window's name
    [now] = find_recoveries()
    assert now.path != opening.recovery and not opening.recovery.exists()
    assert now.report.value("t3.new.natural") == 7
    close_without_asking(window)
    close_without_asking(crashed)


def test_restored_copy_stays_when_the_draft_is_left_to_the_window_that_holds_it(
    make_window, filled2021, tmp_path, monkeypatch
):
    from gui import main as gui_main
    from tests.lock_holder import lock_held_elsewhere

    draft = tmp_path / "d.json"
    save_draft(filled2021, draft)
    crashed = make_window(load_draft(draft), draft)
    crashed.editor.enter([(VALUE, "t3.new.natural", "5")], "填写")
    crashed.autosave()
    crashed.hide()
    answers = iter([True, False])  # 恢复, then 取消 at "opened elsewhere"
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **kw: next(answers))
    monkeypatch.setattr(gui_main.QApplication, "exec", lambda self: 0)
    from gui import crash_handler

    monkeypatch.setattr(crash_handler, "install", lambda: None)  # the test process keeps pytest's hooks
    with lock_held_elsewhere(draft):  # another live window has the draft open
        assert gui_main.run(None) == 0
    window = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w is not crashed and w.isVisible()
    )
    assert window.path is None  # a blank report, as before
    [kept] = find_recoveries()
    assert kept.draft_path == draft and kept.report.value("t3.new.natural") == 5
    close_without_asking(window)
    close_without_asking(crashed)


def test_clean_save_removes_the_recovery_copy(make_window, filled2021, tmp_path, monkeypatch):
    window = make_window(filled2021, modified=True)
    window.autosave()
    assert len(find_recoveries()) == 1
    monkeypatch.setattr(dialogs, "save_path", lambda *a, **k: tmp_path / "x.json")
    from gui import file_actions

    assert file_actions.save(window)
    assert find_recoveries() == []


def test_new_from_last_year_prefills_carried_over(make_window, filled2019, tmp_path, monkeypatch):
    filled2019.enter("t3.new.natural", "3")
    filled2019.enter("t3.next_year.natural", "3")
    filled2019.enter("t3.new.research", "1")
    filled2019.enter("t3.next_year.research", "1")
    filled2019.set_meta("contact_phone", "0535-7770029")
    last = tmp_path / "2020.json"
    save_draft(filled2019, last)
    window = make_window(load_draft(SAMPLE_2021), SAMPLE_2021)
    monkeypatch.setattr(dialogs, "open_draft_path", lambda *a, **k: last)
    monkeypatch.setattr(dialogs, "ask_new_report", lambda *a, **k: ("测试镇人民政府", 2021, True))
    from gui import file_actions

    file_actions.new_from_last_year_report(window)
    report = window.report
    assert report.fmt.format_id == "2021" and report.meta.year == 2021
    assert report.meta.contact_phone == "0535-7770029"
    assert report.value("t3.carried.natural") == 3
    assert report.value("t3.carried.research") == 1
    assert report.value("t3.carried.company") == 0
    assert report.value("t3.new.natural") is None  # only 上年结转 is carried
    assert report.text("s1.active") == filled2019.text("s1.active")
    assert window.path is None and window.isWindowModified()
    window.editor.enter([(VALUE, "t3.carried.natural", "2")], "填写")  # R6 is checked from then on
    assert any(f.rule == "R6" and f.cell == "t3.carried.natural" for f in window.findings)
    close_without_asking(window)


def test_window_fits_a_small_screen(make_window):
    window = make_window(load_draft(SAMPLE_2021), SAMPLE_2021)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768
    available = window.screen().availableGeometry()  # the window takes the screen it has, not more
    assert window.width() <= available.width() and window.height() <= available.height()
    assert window.width() >= available.width() * 0.85


def test_draft_with_explanations_round_trips_through_json(make_window, filled2021, tmp_path, monkeypatch):
    """An explanation written in the findings page is saved, and shown again when the draft is opened."""
    filled2021.values["t3.new.natural"] = None  # a blank: D1 warns
    window = make_window(filled2021)
    page = window.findings_page
    item = next(i for i in page._all_items() if (f := page.finding_for(i)) and f.rule == "D1")
    page.tree.setCurrentItem(item)
    key = page.finding_for(item).key
    page.explain_edit.setPlainText("核实中")
    page.save_explanation()
    path = tmp_path / "e.json"
    monkeypatch.setattr(dialogs, "save_path", lambda *a, **k: path)
    from gui import file_actions

    assert file_actions.save(window)
    assert json.loads(path.read_text(encoding="utf-8"))["explanations"] == {key: "核实中"}
    again = make_window(load_draft(path), path)
    assert next(f for f in again.findings if f.key == key).explanation == "核实中"
    close_without_asking(window)
    close_without_asking(again)


def test_draft_open_in_another_copy_is_not_opened_unless_the_user_insists(
    make_window, filled2021, tmp_path, monkeypatch
):
    from gui import file_actions
    from model.draft_lock import lock_path, read_owner

    draft = tmp_path / "甲镇.json"
    save_draft(load_draft(SAMPLE_2019), draft)
    lock_path(draft).write_text(
        json.dumps({"pid": 1, "host": "另一台电脑", "user": "张三", "since": "2025-01-10 09:00"}, ensure_ascii=False),
        encoding="utf-8",
    )
    window = make_window(filled2021)
    asked = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, text, **kw: asked.append(text) or False)
    assert not file_actions.open_file(window, draft)
    assert "已被计算机“另一台电脑”的用户“张三”" in asked[0] and window.report is filled2021
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, text, **kw: True)
    assert file_actions.open_file(window, draft)
    assert window.path == draft and read_owner(lock_path(draft)).user != "张三"
    window.close()
    assert not lock_path(draft).exists()


def test_saving_under_a_new_name_moves_the_lock(make_window, filled2021, tmp_path, monkeypatch):
    from gui import file_actions
    from model.draft_lock import lock_path

    first, second = tmp_path / "一.json", tmp_path / "二.json"
    monkeypatch.setattr(dialogs, "save_path", lambda *a, **k: first)
    window = make_window(filled2021, modified=True)
    assert file_actions.save(window) and lock_path(first).exists()
    monkeypatch.setattr(dialogs, "save_path", lambda *a, **k: second)
    assert file_actions.save_as(window)
    assert lock_path(second).exists() and not lock_path(first).exists()
    close_without_asking(window)
    assert not lock_path(second).exists()


def test_file_menu_opens_the_consolidation_dialog(make_window, filled2021, monkeypatch, qtbot):
    from gui.consolidate_dialog import ConsolidateDialog

    window = make_window(filled2021)
    shown = []
    monkeypatch.setattr(ConsolidateDialog, "exec", lambda self: shown.append((self.windowTitle(), self.parent())) or 0)
    # keep the QAction referenced: PySide6 6.9 invalidates the menu() wrapper of a temporary action
    file_action = window.menuBar().actions()[0]
    file_menu = file_action.menu()
    qtbot.waitUntil(lambda: bool(file_menu.actions()))  # filled at the turn after the first paint
    action = next(a for a in file_menu.actions() if a.text().startswith("汇总各乡镇报告"))
    action.trigger()
    assert shown == [("汇总各乡镇（街道）报告", window)]


def test_a_stated_total_can_be_replaced_by_the_computed_one_from_the_findings(make_window, filled2021):
    filled2021.enter("t3.disclosed.natural", "2")
    filled2021.enter("t3.new.natural", "2")
    filled2021.stated["t3.results_total.natural"] = 5  # as a file stated it
    window = make_window(filled2021)
    page = window.findings_page
    item = next(i for i in page._all_items() if (f := page.finding_for(i)) and f.rule == "R2")
    page.tree.setCurrentItem(item)
    assert page.accept_button.isVisibleTo(page)
    page.accept_button.click()
    assert "t3.results_total.natural" not in window.report.stated
    assert not any(f.rule == "R2" for f in window.findings)
    assert window.editor.undo_label() == "采用自动计算的合计"
    window.editor.undo()
    assert window.report.stated == {"t3.results_total.natural": 5}
    close_without_asking(window)
