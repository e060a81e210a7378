"""Dialogs, behind small functions that tests replace (pytest-qt's note on dialogs)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QMessageBox

    from gui.report_dialogs import NewReportDialog as NewReportDialog
    from gui.report_dialogs import PasteReportDialog as PasteReportDialog

# Qt's dialog classes are named inside the functions: this module is imported before the window's
# first paint, and naming QMessageBox, QFileDialog and the rest there cost ~15 M instructions (callgrind).

DRAFT_FILTER = "年报草稿 (*.json);;草稿的备份 (*.bak);;所有文件 (*)"
OPEN_FILTER = (
    "年报草稿或县里的 Excel 文件 (*.json *.xlsx);;年报草稿 (*.json);;Excel 文件 (*.xlsx);;"
    "草稿的备份 (*.bak);;所有文件 (*)"
)
SAVE_FILTER = "年报草稿 (*.json)"

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def __getattr__(name: str) -> object:
    """The dialogs of our own, from gui.report_dialogs when first named (dialogs.NewReportDialog)."""
    if name in ("NewReportDialog", "PasteReportDialog"):
        from gui import report_dialogs

        return getattr(report_dialogs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _before_any_window(parent) -> None:
    """A box with no window under it (asked before the first window is shown) carries the icon."""
    if parent is None:
        from gui.app_icon import set_window_icon

        set_window_icon()


def _choose(parent, icon, text: str, buttons: list[tuple[str, QMessageBox.ButtonRole, str]]) -> str:
    """A message box with our own Chinese buttons (label, role, answer); the first is the default,
    closing the box answers CANCEL."""
    from PySide6.QtWidgets import QMessageBox

    _before_any_window(parent)
    box = QMessageBox(icon, "年报助手", text, QMessageBox.StandardButton.NoButton, parent)
    made = {box.addButton(label, role): answer for label, role, answer in buttons}
    box.setDefaultButton(next(iter(made)))
    box.exec()
    return made.get(box.clickedButton(), CANCEL)


def ask_save_changes(parent, name: str) -> str:
    from PySide6.QtWidgets import QMessageBox

    return _choose(
        parent,
        QMessageBox.Icon.Question,
        f"“{name}”有未保存的修改。要保存吗？",
        [
            ("保存", QMessageBox.ButtonRole.AcceptRole, SAVE),
            ("不保存", QMessageBox.ButtonRole.DestructiveRole, DISCARD),
            ("取消", QMessageBox.ButtonRole.RejectRole, CANCEL),
        ],
    )


def ask_yes_no(parent, text: str, yes: str = "是", no: str = "否") -> bool:
    from PySide6.QtWidgets import QMessageBox

    _before_any_window(parent)
    box = QMessageBox(QMessageBox.Icon.Question, "年报助手", text, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def show_error(parent, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    _before_any_window(parent)
    QMessageBox.warning(parent, "年报助手", text)


def show_info(parent, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    _before_any_window(parent)
    QMessageBox.information(parent, "年报助手", text)


def open_path(parent, folder: str = "") -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getOpenFileName(parent, "打开", folder, OPEN_FILTER)
    return Path(name) if name else None


PUBLISHED_FILTER = (
    "已发布的报告 (*.html *.htm *.mht *.mhtml *.docx *.pdf *.txt);;网页 (*.html *.htm *.mht *.mhtml);;"
    "Word 文档 (*.docx);;PDF 文件 (*.pdf);;文本文件 (*.txt);;所有文件 (*)"
)


def open_published_path(parent, title: str, folder: str = "") -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getOpenFileName(parent, title, folder, PUBLISHED_FILTER)
    return Path(name) if name else None


def open_draft_path(parent, title: str, folder: str = "") -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getOpenFileName(parent, title, folder, DRAFT_FILTER)
    return Path(name) if name else None


OVERWRITE, SAVE_AS = "overwrite", "save_as"


def ask_changed_on_disk(parent, name: str) -> str:
    """The draft changed on disk since it was opened or saved here: OVERWRITE, SAVE_AS or CANCEL."""
    from PySide6.QtWidgets import QMessageBox

    return _choose(
        parent,
        QMessageBox.Icon.Warning,
        f"“{name}”在这里打开以后，被其他程序或另一个窗口改动过（例如用命令行导入过）。\n\n"
        "覆盖：保存这个窗口中的内容，磁盘上的那个版本另存为带日期的备份（.bak）。\n"
        "另存为：把这个窗口中的内容保存为另一个文件，两份都保留。",
        [
            ("另存为…", QMessageBox.ButtonRole.AcceptRole, SAVE_AS),
            ("覆盖", QMessageBox.ButtonRole.DestructiveRole, OVERWRITE),
            ("取消", QMessageBox.ButtonRole.RejectRole, CANCEL),
        ],
    )


def save_path(parent, title: str, suggested: str, file_filter: str = SAVE_FILTER) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return Path(name) if name else None


def ask_new_report(parent, organ: str = "", year: int | None = None, carry: bool = False):
    """(organ, year, copy_prose) or None when cancelled."""
    from PySide6.QtWidgets import QDialog

    from gui.report_dialogs import NewReportDialog

    dialog = NewReportDialog(parent, organ, year, carry)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.organ.text().strip(), dialog.year.value(), dialog.copy_prose.isChecked()


def run_dialog(dialog: QDialog) -> int:
    """Show a dialog of our own modally (tests replace this to look at it instead)."""
    return dialog.exec()
