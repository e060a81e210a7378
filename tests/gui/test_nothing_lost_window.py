"""The window never loses work to another writer, a read-only file or text it cannot store (issue 12)."""

import json

import pytest

from gui import dialogs, file_actions
from gui.main_window import MainWindow
from model import draft_lock
from model.draft_store import load_draft, save_draft
from model.editor import TEXT
from model.text_input import MAX_PART_CHARS
from tests.conftest import SAMPLE_2021

pytestmark = pytest.mark.gui


@pytest.fixture
def window_on(qtbot, tmp_path):
    windows = []

    def make(report=None, name="草稿.json"):
        path = tmp_path / name
        save_draft(report or load_draft(SAMPLE_2021), path)
        w = MainWindow(load_draft(path), path)
        qtbot.addWidget(w)
        w.show()
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.modified = False


def changed_elsewhere(path):
    other = load_draft(path)
    other.set_text("s5.main", "另一个程序写入的内容")
    save_draft(other, path)


@pytest.mark.parametrize("answer", [dialogs.OVERWRITE, dialogs.SAVE_AS, dialogs.CANCEL])
def test_a_draft_changed_on_disk_is_not_overwritten_unasked(window_on, monkeypatch, tmp_path, answer):
    window = window_on()
    changed_elsewhere(window.path)
    window.editor.enter([(TEXT, "s5.main", "窗口里的内容")], "修改")
    asked = []
    monkeypatch.setattr(dialogs, "ask_changed_on_disk", lambda parent, name: asked.append(name) or answer)
    monkeypatch.setattr(dialogs, "save_path", lambda *a, **k: tmp_path / "另存.json")
    result = file_actions.save(window)
    assert asked == ["草稿.json"]
    on_disk = load_draft(tmp_path / "草稿.json").text("s5.main")
    kept = [p for p in tmp_path.glob("草稿.json.*.bak")]
    if answer == dialogs.OVERWRITE:
        assert result and on_disk == "窗口里的内容"
        assert [load_draft(p).text("s5.main") for p in kept] == ["另一个程序写入的内容"]
    elif answer == dialogs.SAVE_AS:
        assert result and on_disk == "另一个程序写入的内容" and not kept
        assert load_draft(tmp_path / "另存.json").text("s5.main") == "窗口里的内容"
    else:
        assert not result and on_disk == "另一个程序写入的内容" and not kept and window.modified
    if result:  # saved: the next save asks nothing
        window.editor.enter([(TEXT, "s5.main", "再改一次")], "修改")
        assert file_actions.save(window) and len(asked) == 1


def test_a_read_only_draft_offers_save_as(window_on, monkeypatch, tmp_path):
    window = window_on(name="只读.json")
    window.path.chmod(0o444)
    window.editor.enter([(TEXT, "s5.main", "改过了")], "修改")
    asked = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, text, **kw: asked.append((text, kw)) or True)
    monkeypatch.setattr(dialogs, "save_path", lambda *a, **k: tmp_path / "另一份.json")
    assert file_actions.save(window)
    ((text, kw),) = asked
    assert "是只读文件" in text and kw["yes"] == "另存为…"
    assert load_draft(tmp_path / "另一份.json").text("s5.main") == "改过了"
    assert window.path == tmp_path / "另一份.json"
    assert load_draft(tmp_path / "只读.json").text("s5.main") != "改过了"
    (tmp_path / "只读.json").chmod(0o644)


def editor_of(window, part="s5.main"):
    page = next(p for p in window.narrative_pages.values() if part in p.editors)
    return page.editors[part]


def test_pasted_control_characters_are_cleaned_and_said(window_on):
    window = window_on()
    part = editor_of(window)
    part.text_edit.setPlainText("")
    part.text_edit.insertPlainText("第一段\x0b第二段\x00\x1b完")  # Word's soft return, and junk
    assert window.report.text("s5.main") == "第一段\n第二段完"
    assert part.text_edit.toPlainText() == "第一段\n第二段完"
    assert part.text_message.isVisibleTo(part) and "有2个无法保存的字符" in part.text_message.text()
    part.text_edit.insertPlainText("。")
    assert not part.text_message.isVisibleTo(part)


def test_a_paste_beyond_any_report_is_refused_and_the_text_kept(window_on):
    window = window_on()
    part = editor_of(window)
    before = window.report.text("s5.main")
    part.text_edit.moveCursor(part.text_edit.textCursor().MoveOperation.End)
    part.text_edit.insertPlainText("很" * (MAX_PART_CHARS + 1))
    assert window.report.text("s5.main") == before and part.text_edit.toPlainText() == before
    assert (
        "超过了这里最多50,000个字的限度" in part.text_message.text()
        and "原来的内容没有改变" in part.text_message.text()
    )


def test_organ_with_control_characters(window_on):
    window = window_on()
    edit = window.info_page.edits["organ"]
    edit.setText("")
    edit.insert("金岭\x00镇人民政府")
    assert window.report.meta.organ == "金岭镇人民政府" and edit.text() == "金岭镇人民政府"
    assert "有1个无法保存的字符" in window.info_page.text_message.text()


def test_opening_a_draft_with_broken_characters_says_what_was_cleaned(qtbot, monkeypatch, tmp_path):
    data = json.loads(SAMPLE_2021.read_text(encoding="utf-8"))
    data["narrative"]["s5.main"] = "问题\ud800一"
    path = tmp_path / "坏字符.json"
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    told = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, text: told.append(text))
    monkeypatch.setattr(dialogs, "open_path", lambda *a, **k: path)
    w = MainWindow(load_draft(SAMPLE_2021), SAMPLE_2021)
    qtbot.addWidget(w)
    assert file_actions.open_file(w)
    assert w.report.text("s5.main") == "问题一" and w.modified
    assert "有1个无法保存的字符" in told[0] and "文件本身没有改动" in told[0]
    assert file_actions.save(w)  # the saved draft is clean
    assert load_draft(path).notes == []


def test_a_full_disk_opens_the_draft_without_a_lock_and_says_so(qtbot, monkeypatch, tmp_path):
    path = tmp_path / "d.json"
    save_draft(load_draft(SAMPLE_2021), path)

    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(draft_lock.os, "write", full)
    w = MainWindow(load_draft(SAMPLE_2021), SAMPLE_2021)
    qtbot.addWidget(w)
    monkeypatch.setattr(dialogs, "open_path", lambda *a, **k: path)
    assert file_actions.open_file(w)
    assert w.path == path and "磁盘空间不足" in w.statusBar().currentMessage()
    assert not draft_lock.lock_path(path).exists()
