"""The menus: 文件, 编辑, 导出, 帮助.

The menu bar's titles are made with the window; what is in each menu, right after the window's
first paint (MainWindow.ensure_menus), or before that when a menu is opened or an action asked for.
Thirty actions and their shortcuts, and the Python types of QAction and QKeySequence that PySide
builds for them, cost about 3 ms of the start, and nothing of them shows until a menu is opened.
"""

from __future__ import annotations

from types import ModuleType


def _fa() -> ModuleType:
    """gui.file_actions, imported when a file action is first used: its dialogs, locks and
    readers are not needed to show the window."""
    from gui import file_actions

    return file_actions


def _separator(menu) -> None:
    from PySide6.QtGui import QAction

    # menu.addSeparator() returns a C++-made QAction, which PySide wraps by way of QWidgetAction's type
    # and so builds it (about a millisecond before the first paint); an action made here is not wrapped
    sep = QAction(menu)
    sep.setSeparator(True)
    menu.addAction(sep)


MENU_TITLES = ("文件(&F)", "编辑(&E)", "导出(&X)", "帮助(&H)")


def build_menu_bar(window) -> list:
    """The menu bar's menus, empty: fill_menus puts their actions in."""
    bar = window.menuBar()
    menus = [bar.addMenu(title) for title in MENU_TITLES]
    for menu in menus:  # opened before the first paint was done (it never is, in practice): filled first
        menu.aboutToShow.connect(window.ensure_menus)
    return menus


def fill_menus(window, menus: list) -> None:
    from PySide6.QtGui import QKeySequence

    file_menu, edit, export, help_menu = menus
    file_menu.addAction(window.action("新建(&N)…", lambda: _fa().new_report(window), QKeySequence.StandardKey.New))
    file_menu.addAction(window.action("从上年报告新建(&L)…", lambda: _fa().new_from_last_year_report(window)))
    file_menu.addAction(window.action("从上年已发布的报告新建…", lambda: _fa().new_from_published_last_year(window)))
    file_menu.addAction(window.action("打开(&O)…", lambda: _fa().open_file(window), QKeySequence.StandardKey.Open))
    file_menu.addAction(window.action("从已发布的报告导入(&I)…", lambda: _fa().import_published(window)))
    file_menu.addAction(window.action("粘贴已发布的报告文字…", lambda: _fa().import_published(window, pasted=True)))
    file_menu.addAction(window.action("开始页(&T)", window.show_start))
    window._recent_menu = file_menu.addMenu("最近打开(&R)")
    window._recent_menu.aboutToShow.connect(lambda: _fa().fill_recent_menu(window))
    _separator(file_menu)
    file_menu.addAction(window.action("保存(&S)", lambda: _fa().save(window), QKeySequence.StandardKey.Save))
    file_menu.addAction(window.action("另存为(&A)…", lambda: _fa().save_as(window), QKeySequence.StandardKey.SaveAs))
    _separator(file_menu)
    file_menu.addAction(window.action("上年报告（用于核对上年结转）…", lambda: _fa().choose_last_year(window)))
    _separator(file_menu)
    file_menu.addAction(window.action("汇总各乡镇报告(&H)…", lambda: _consolidate(window)))
    _separator(file_menu)
    file_menu.addAction(window.action("退出(&X)", window.close, QKeySequence.StandardKey.Quit))

    window._undo_action = window.action("撤销", window.undo, QKeySequence.StandardKey.Undo)
    window._redo_action = window.action("重做", window.redo)
    # Ctrl+Y as in Word, WPS and Excel, and Ctrl+Shift+Z as elsewhere, on every system
    window._redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    edit.addAction(window._undo_action)
    edit.addAction(window._redo_action)
    _separator(edit)
    window._fill_action = window.action("本表空白填0", lambda: _fa().fill_current_table(window))
    edit.addAction(window._fill_action)
    edit.addAction(window.action("替换上年的年份(&Y)…", lambda: _fa().replace_years(window)))

    export.addAction(window.action("Word 文档（领导签发）(&W)…", lambda: _fa().export(window, "docx")))
    export.addAction(window.action("Excel 文件（报县里）(&X)…", lambda: _fa().export(window, "xlsx")))
    _separator(export)
    export.addAction(window.action("网页版（政府网站）(&H)…", lambda: _fa().export(window, "html")))
    export.addAction(window.action("复制网页版到剪贴板(&C)", lambda: _fa().copy_web_page(window)))
    export.addAction(window.action("PDF（网站发布）(&P)…", lambda: _fa().export(window, "pdf")))

    help_menu.addAction(window.action("使用说明(&G)", lambda: _guide(window), QKeySequence.StandardKey.HelpContents))
    help_menu.addAction(window.action("关于年报助手", lambda: _fa().about(window)))


def _guide(window) -> None:
    from gui.guide_dialog import show_guide

    show_guide(window)


def _consolidate(window) -> None:
    # County-side work: imported only when asked for, so that start-up stays light.
    from gui.consolidate_dialog import open_consolidate_dialog

    open_consolidate_dialog(window)
