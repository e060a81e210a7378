"""The dialogs of our own that the window opens on request: 新建 (and 从上年报告新建) and the pasted
published report. Not in gui.dialogs, which the window imports before its first paint."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from gui.widgets import RED, YearSpinBox, ok_cancel
from model.formats import format_for_year, reporting_year, year_refusal


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
