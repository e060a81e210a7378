"""Start-up as the installers run it: version, icon, Qt's Chinese texts, 关于 with its folders,
the first save in 文档, and the smoke-test exit the installers' tests use."""

import os
import subprocess
import sys
import tomllib

import pytest
from PySide6.QtCore import QTranslator, QUrl
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from gui import about_dialog, dialogs, file_actions
from gui.main import EXIT_WHEN_SHOWN_ENV, setup_application, under_wine
from gui.main_window import MainWindow
from model import APP_VERSION
from model.draft_store import load_draft
from model.paths import recovery_dir
from tests.conftest import ROOT, SAMPLE_2021

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot):
    w = MainWindow(load_draft(SAMPLE_2021), SAMPLE_2021)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.modified = False


@pytest.fixture
def set_up_app(qapp):
    """setup_application on the test session's QApplication; its translators removed afterwards."""
    before = set(qapp.findChildren(QTranslator))
    setup_application(qapp)
    yield qapp
    for translator in set(qapp.findChildren(QTranslator)) - before:
        qapp.removeTranslator(translator)
        translator.deleteLater()


def test_version_is_the_one_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert APP_VERSION == project["version"]


def test_qt_own_buttons_and_dialogs_speak_chinese(set_up_app):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    message = QMessageBox(
        QMessageBox.Icon.Question, "t", "t", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
    assert message.button(QMessageBox.StandardButton.Yes).text().startswith("是")


def test_qt_dialogs_use_chinese_dates_and_names(set_up_app):
    from PySide6.QtCore import QCoreApplication, QDate, QLocale

    assert QLocale().language() == QLocale.Language.Chinese
    assert QLocale().toString(QDate(2026, 12, 1), QLocale.FormatType.LongFormat).startswith("2026年12月1日")
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："


@pytest.fixture
def no_icon_yet(qapp, monkeypatch):
    """The session's QApplication as at the program's start: no icon set yet."""
    from PySide6.QtGui import QIcon

    from gui import app_icon

    monkeypatch.setattr(app_icon, "_icon_set", False)
    qapp.setWindowIcon(QIcon())
    return qapp


def test_the_window_has_our_icon_after_its_first_paint(no_icon_yet, qtbot):
    w = MainWindow(load_draft(SAMPLE_2021), SAMPLE_2021)
    qtbot.addWidget(w)
    w.show()
    assert QApplication.windowIcon().isNull()  # not before the first paint
    qtbot.waitUntil(lambda: w._menus_filled)
    icon = QApplication.windowIcon()
    assert not icon.isNull()
    assert not icon.pixmap(32, 32).isNull()
    assert w.windowIcon().cacheKey() == icon.cacheKey()


def test_a_question_asked_before_any_window_has_our_icon(no_icon_yet, monkeypatch):
    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box.windowIcon().isNull()) or 0)
    # the message boxes' one path (the named ones are replaced for every GUI test, conftest.py)
    dialogs._choose(None, QMessageBox.Icon.Question, "要恢复吗？", [("恢复", QMessageBox.ButtonRole.AcceptRole, "yes")])
    assert seen == [False]
    assert not QApplication.windowIcon().isNull()


def test_not_wine_here():
    assert under_wine() is False


def test_about_names_version_and_folders_and_opens_them(window, monkeypatch, qtbot):
    shown, opened = [], []
    monkeypatch.setattr(dialogs, "run_dialog", lambda d: shown.append(d) or 0)
    monkeypatch.setattr(about_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    help_action = window.menuBar().actions()[-1]
    qtbot.waitUntil(lambda: bool(help_action.menu().actions()))  # filled at the turn after the first paint
    about = next(a for a in help_action.menu().actions() if a.text().startswith("关于"))
    about.trigger()
    (dialog,) = shown
    text = dialog.findChildren(about_dialog.QLabel)[0].text()
    assert f"版本 {APP_VERSION}" in text
    assert str(recovery_dir()) in text
    assert str(SAMPLE_2021.resolve()) in text
    dialog.open_recovery.click()
    dialog.open_drafts.click()
    assert opened == [QUrl.fromLocalFile(str(recovery_dir())), QUrl.fromLocalFile(str(SAMPLE_2021.resolve().parent))]


def test_first_save_of_a_new_report_is_proposed_in_documents(qtbot, monkeypatch, tmp_path, filled2021):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    proposed = []
    monkeypatch.setattr(dialogs, "save_path", lambda parent, title, suggested, *a: proposed.append(suggested))
    w = MainWindow(filled2021, None)
    qtbot.addWidget(w)
    file_actions.save_as(w)
    assert proposed == [str(home / "Documents" / f"{filled2021.title}.json")]
    w.modified = False


def test_open_dialogs_start_beside_the_report_or_in_documents(qtbot, monkeypatch, tmp_path, filled2021):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    asked = []
    monkeypatch.setattr(dialogs, "open_path", lambda parent, folder="": asked.append(folder))
    untitled = MainWindow(filled2021, None)
    qtbot.addWidget(untitled)
    file_actions.open_file(untitled)
    titled = MainWindow(load_draft(SAMPLE_2021), SAMPLE_2021)
    qtbot.addWidget(titled)
    file_actions.open_file(titled)
    assert asked == [str(home / "Documents"), str(SAMPLE_2021.resolve().parent)]
    untitled.modified = titled.modified = False


def test_the_program_starts_shows_its_window_and_exits_for_smoke_tests(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", EXIT_WHEN_SHOWN_ENV: "1", "NIANBAO_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), str(SAMPLE_2021)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "年报助手：窗口已显示（示例：招远市金岭镇人民政府 2022年年度报告 — 年报助手，offscreen）" in done.stdout
