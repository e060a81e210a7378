"""Dialogs, behind small functions that tests replace (pytest-qt's note on dialogs)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
)

from gui.widgets import RED, YearSpinBox, ok_cancel
from model.formats import format_for_year, reporting_year, year_refusal

DRAFT_FILTER = "年报草稿 (*.json);;草稿的备份 (*.bak);;所有文件 (*)"
OPEN_FILTER = (
    "年报草稿或县里的 Excel 文件 (*.json *.xlsx);;年报草稿 (*.json);;Excel 文件 (*.xlsx);;"
    "草稿的备份 (*.bak);;所有文件 (*)"
)
SAVE_FILTER = "年报草稿 (*.json)"

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def _choose(parent, icon, text: str, buttons: list[tuple[str, QMessageBox.ButtonRole, str]]) -> str:
    """A message box with our own Chinese buttons (label, role, answer); the first is the default,
    closing the box answers CANCEL."""
    box = QMessageBox(icon, "年报助手", text, QMessageBox.StandardButton.NoButton, parent)
    made = {box.addButton(label, role): answer for label, role, answer in buttons}
    box.setDefaultButton(next(iter(made)))
    box.exec()
    return made.get(box.clickedButton(), CANCEL)


def ask_save_changes(parent, name: str) -> str:
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
    box = QMessageBox(QMessageBox.Icon.Question, "年报助手", text, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def show_error(parent, text: str) -> None:
    QMessageBox.warning(parent, "年报助手", text)


def show_info(parent, text: str) -> None:
    QMessageBox.information(parent, "年报助手", text)


def open_path(parent, folder: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "打开", folder, OPEN_FILTER)
    return Path(name) if name else None


PUBLISHED_FILTER = (
    "已发布的报告 (*.html *.htm *.mht *.mhtml *.docx *.pdf *.txt);;网页 (*.html *.htm *.mht *.mhtml);;"
    "Word 文档 (*.docx);;PDF 文件 (*.pdf);;文本文件 (*.txt);;所有文件 (*)"
)


def open_published_path(parent, title: str, folder: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, folder, PUBLISHED_FILTER)
    return Path(name) if name else None


class PasteReportDialog(QDialog):
    """A published report's text, pasted from the browser or a document."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("粘贴已发布的报告")
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        hint = QLabel("在网页或文档中全选报告（Ctrl+A）、复制（Ctrl+C），再粘贴到下面（Ctrl+V）：", self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.text = QPlainTextEdit(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(ok_cancel(self, "读入"))


def open_draft_path(parent, title: str, folder: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, folder, DRAFT_FILTER)
    return Path(name) if name else None


OVERWRITE, SAVE_AS = "overwrite", "save_as"


def ask_changed_on_disk(parent, name: str) -> str:
    """The draft changed on disk since it was opened or saved here: OVERWRITE, SAVE_AS or CANCEL."""
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
    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return Path(name) if name else None


class NewReportDialog(QDialog):
    """机关名称 and the report year; the format follows from the year and is shown."""

    def __init__(self, parent=None, organ: str = "", year: int | None = None, carry: bool = False):
        super().__init__(parent)
        self.setWindowTitle("从上年报告新建" if carry else "新建年度报告")
        self.organ = QLineEdit(organ, self)
        self.organ.setPlaceholderText("例如 ××镇人民政府")
        self.year = YearSpinBox(self)
        self.year.setValue(year or reporting_year())
        self.format_label = QLabel(self)
        self.format_label.setWordWrap(True)
        self.copy_prose = QCheckBox("以上年报告的正文作为起点", self)
        self.copy_prose.setChecked(True)
        self.copy_prose.setVisible(carry)
        form = QFormLayout()
        form.addRow("机关名称", self.organ)
        form.addRow("报告年度", self.year)
        form.addRow("报告格式", self.format_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.message = QLabel(self)
        self.message.setStyleSheet(f"color: {RED};")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.copy_prose)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(self._show_format)
        self._show_format()

    def _show_format(self) -> None:
        fmt = format_for_year(self.year.value())
        self.format_label.setText(f"{fmt.name}（{fmt.document_number}）" if fmt else "本程序不支持这一年度")
        reason = year_refusal(self.year.value())
        self.message.setText(f"{reason}。" if reason else "")

    def _accept(self) -> None:
        self.year.interpretText()  # a year typed and not yet confirmed with Enter
        reason = year_refusal(self.year.value())
        if reason:
            self.message.setText(f"{reason}。")
            return
        if not self.organ.text().strip():
            self.message.setText("请填写机关名称。")
            return
        self.accept()


def ask_new_report(parent, organ: str = "", year: int | None = None, carry: bool = False):
    """(organ, year, copy_prose) or None when cancelled."""
    dialog = NewReportDialog(parent, organ, year, carry)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.organ.text().strip(), dialog.year.value(), dialog.copy_prose.isChecked()


def run_dialog(dialog: QDialog) -> int:
    """Show a dialog of our own modally (tests replace this to look at it instead)."""
    return dialog.exec()
