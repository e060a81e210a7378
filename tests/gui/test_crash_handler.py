"""An unexpected exception in the window or a command: a crash log, a recovery copy, one Chinese
message, never a traceback for the clerk (issue 12's acceptance; issue 13, point 5)."""

import sys

import pytest

import app
from gui import crash_handler, dialogs
from gui.main_window import MainWindow
from model.crash_log import log_path
from model.recovery import find_recoveries

pytestmark = pytest.mark.gui


def test_an_exception_in_the_window_is_logged_saved_and_told(qtbot, filled2021, monkeypatch):
    window = MainWindow(filled2021, None, modified=True)
    qtbot.addWidget(window)
    told = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, text: told.append(text))
    try:
        raise ZeroDivisionError("division by zero in a slot")
    except ZeroDivisionError:
        crash_handler._excepthook(*sys.exc_info())
    (text,) = told
    assert text.startswith("程序出了一个意外的错误") and "恢复副本" in text and str(log_path()) in text
    assert "ZeroDivisionError" not in text and "Traceback" not in text
    assert "ZeroDivisionError: division by zero in a slot" in log_path().read_text(encoding="utf-8")
    assert [r.report.meta.organ for r in find_recoveries()] == [filled2021.meta.organ]
    window.modified = False


def test_a_bug_in_a_command_is_said_in_chinese_with_exit_2(monkeypatch, capsys, tmp_path):
    def broken(args):
        raise KeyError("t9.nowhere")

    monkeypatch.setattr(app, "cmd_check", broken)
    assert app.main(["check", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("程序出错，命令没有完成。详细记录已写入") and "KeyError" not in err
    assert "KeyError: 't9.nowhere'" in log_path().read_text(encoding="utf-8")
