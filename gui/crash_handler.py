"""An exception anywhere in the window (a Qt slot included) never ends in a traceback nobody reads:
the traceback goes to the crash log, every open report gets a recovery copy, and the clerk sees
one Chinese dialog saying what happened, that the work is safe, and where the log is."""

from __future__ import annotations

import faulthandler
import sys

_installed = False
_fault_file = None


def install() -> None:
    global _installed, _fault_file
    if _installed:
        return
    _installed = True
    sys.excepthook = _excepthook
    try:  # a hard crash (segfault in Qt) still leaves its stack in the log folder
        from model.crash_log import log_path

        _fault_file = open(log_path().with_name("fault.log"), "a", encoding="utf-8")
        faulthandler.enable(_fault_file)
    except (OSError, RuntimeError):
        _fault_file = None


def _excepthook(kind, exc, tb) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    from model.crash_log import write_crash_log

    exc.__traceback__ = tb
    log = write_crash_log("窗口", exc)
    saved = _save_recovery_copies()
    _tell(log, saved)


def _save_recovery_copies() -> int:
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    count = 0
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.modified:
            try:
                widget.autosave()
                count += 1
            except Exception:
                pass
    return count


def _tell(log, saved: int) -> None:
    from gui import dialogs

    where = f"\n\n详细记录在“{log}”，请把它发给年报助手的维护人员。" if log else ""
    safe = (
        "已填写的内容已经另存为恢复副本，下次打开程序时可以恢复。" if saved else "已填写的内容仍在窗口中，请及时保存。"
    )
    try:
        dialogs.show_error(None, f"程序出了一个意外的错误，刚才的操作可能没有完成。{safe}{where}")
    except Exception:
        pass
