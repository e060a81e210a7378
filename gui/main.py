"""Start the window: the application font, icon and Chinese Qt dialogs, crash recovery, the draft to open."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

APP_USER_MODEL_ID = "nianbao.nianbao"
# Set by the installers' smoke tests: the window starts, says so on stdout, and the program exits.
EXIT_WHEN_SHOWN_ENV = "NIANBAO_EXIT_WHEN_SHOWN"

# Windows' CJK faces first, then Linux's: without an explicit list Qt may fall back to a
# Japanese face (Noto Sans CJK JP) and draw 令 and 直 in Japanese forms.
UI_FONT_FAMILIES = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "SimSun",
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
]


def apply_app_font(app: QApplication) -> None:
    font = QFont(app.font())
    font.setFamilies(UI_FONT_FAMILIES)
    app.setFont(font)


def prepare_platform() -> None:
    """Before the QApplication exists: what Windows (and Wine, where the smoke tests run) need."""
    if sys.platform != "win32":
        return
    import ctypes

    try:
        # The taskbar groups the window under this id and shows its icon, not pythonw.exe's.
        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_USER_MODEL_ID)
    except (AttributeError, OSError):
        pass
    if under_wine():
        # Wine lacks Windows.UI.ViewManagement.UISettings: Qt's desktop-settings lookup aborts.
        QApplication.setDesktopSettingsAware(False)


def under_wine() -> bool:
    if sys.platform != "win32":
        return False
    import ctypes

    try:
        return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
    except OSError:
        return False


def setup_application(app: QApplication) -> None:
    """Font and Qt's own Chinese texts (the buttons of file dialogs and message boxes); the icon
    comes with the first dialog or after the window's first paint (gui.app_icon)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    # Chinese whatever the system's locale (a UOS machine may run in C.UTF-8): dates and names in
    # Qt's own dialogs, the file dialog's columns.
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    app.setApplicationName("年报助手")
    app.setOrganizationName("nianbao")
    apply_app_font(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalog in ("qtbase_zh_CN",):
        translator = QTranslator(app)
        if translator.load(catalog, folder):
            app.installTranslator(translator)


class Opening(NamedTuple):
    report: object  # model.report.Report
    path: Path | None  # the draft it belongs to
    modified: bool
    message: str | None  # to show once the window is up
    recovery: Path | None  # the recovery copy restored: kept until the work is saved or autosaved


def initial_report(draft: Path | None, parent=None) -> Opening:
    """The draft given, or a restored recovery, or a blank report."""
    from gui import dialogs
    from model.chinese_time import written_moment
    from model.draft_store import DraftError, load_draft
    from model.recovery import Recovery, find_recoveries, set_aside

    for found in find_recoveries():
        if not isinstance(found, Recovery):
            continue
        where = f"“{found.draft_path.name}”" if found.draft_path else "一份未保存过的报告"
        if dialogs.ask_yes_no(
            parent,
            f"上次程序没有正常退出。发现{where}（{found.report.meta.organ}）"
            f"未保存的内容，最后修改于{written_moment(found.saved_at)}。\n\n要恢复这些内容吗？",
            yes="恢复",
            no="不恢复",
        ):
            # Not deleted here: should the program die again before the next autosave, the
            # restored work would be gone. The window removes it once the work is safe elsewhere.
            return Opening(found.report, found.draft_path, True, None, found.path)
        set_aside(found.path)
    message = None
    if draft is not None:
        try:
            report = load_draft(draft)
        except DraftError as exc:
            message = f"{exc.message}\n\n文件没有被改动。"
        else:
            from gui.file_actions import notes_message

            notes = notes_message(Path(draft), report.notes) if report.notes else None
            return Opening(report, draft, bool(report.notes), notes, None)
    return Opening(blank_report(), None, False, message, None)


def last_report() -> Path | None:
    """The draft opened or saved last, if it is still there and is the clerk's own (not 示例)."""
    from gui.settings import recent_files
    from model.paths import is_sample

    for path in recent_files()[:1]:
        if path.is_file() and not is_sample(path):
            return path
    return None


def blank_report():

    from model.formats import format_for_year, reporting_year
    from model.report import Report

    year = reporting_year()
    return Report.new(format_for_year(year), year=year)


def run(draft: Path | None = None, argv: list[str] | None = None) -> int:
    if QApplication.instance() is None:
        prepare_platform()
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    setup_application(app)
    from gui import crash_handler

    crash_handler.install()
    from gui import dialogs
    from gui.file_actions import take_lock
    from gui.main_window import MainWindow

    given = draft is not None
    draft = draft if given else last_report()  # as Word and WPS: the last report opens again
    report, path, modified, message, recovery = initial_report(draft)
    if not given and message:  # the last report has gone or cannot be read: the start page says so
        message = None
    lock = take_lock(None, path) if path is not None else None
    if path is not None and lock is None:  # left to the other window; a restored copy stays for next time
        report, path, modified, recovery = blank_report(), None, False, None
    window = MainWindow(report, path, modified=modified, restored_from=recovery)
    window.adopt_lock(lock)
    if path is None and recovery is None and not modified:
        window.show_start()  # nothing of the clerk's to show: 新建, 打开, 最近打开
    window.show()
    if lock is not None and lock.problem:
        window.statusBar().showMessage(lock.problem, 20_000)
    if message:
        dialogs.show_error(window, message)
    if os.environ.get(EXIT_WHEN_SHOWN_ENV):
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: _report_shown_and_quit(app, window))
    return app.exec()


def _report_shown_and_quit(app: QApplication, window) -> None:
    print(f"年报助手：窗口已显示（{window.windowTitle().replace('[*]', '')}，{app.platformName()}）", flush=True)
    app.quit()
