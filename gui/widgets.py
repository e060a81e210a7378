"""Small widgets shared by the pages."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QSpinBox

# The window's few colours, named once: done or 通过 or ✓, a refusal or an 错误, a 警告, not yet filled
GREEN, RED, AMBER, GREY = "#1a7f37", "#c62828", "#a15c00", "#6b7280"


def heading_label(text: str, parent=None) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def hint_label(text: str, parent=None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #5f6b7a;")
    return label


class MessageLabel(QLabel):
    """A message beside the place it is about: red for a refusal, green for done."""

    def show_text(self, text: str, ok: bool = False) -> None:
        sheet = f"color: {GREEN};" if ok else f"color: {RED};"
        if sheet != self.styleSheet():  # a style sheet set again re-polishes the label: not after every edit
            self.setStyleSheet(sheet)
        self.setText(text)
        self.setVisible(bool(text))

    def clear_text(self) -> None:
        if self.text() or not self.isHidden():
            self.show_text("")


def message_label(parent=None) -> MessageLabel:
    label = MessageLabel(parent)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class YearSpinBox(QSpinBox):
    """A report year typed in full: any four digits are taken while typing, and the year is
    offered (valueChanged) when the clerk presses Enter or leaves the box, where a year no format
    covers is answered with a message instead of being silently put back."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRange(1000, 9999)
        self.setKeyboardTracking(False)
        self.setGroupSeparatorShown(False)


def ok_cancel(dialog, ok_text: str, cancel_text: str = "取消"):
    """确定/取消 buttons with our own Chinese words (Qt's would follow the system's language)."""
    from PySide6.QtWidgets import QDialogButtonBox

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
