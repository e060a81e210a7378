"""A narrative section: one plain-text editor per part, with its hint and a character count."""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget,
)

from gui.widgets import heading_label, hint_label, message_label
from model.definition import Part, Section
from model.normalize import InputRefused, format_value
from model.report import Report


class PartEditor(QWidget):
    def __init__(self, report: Report, part: Part, parent=None):
        super().__init__(parent)
        self.report = report
        self.part = part
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        if part.heading:
            layout.addWidget(heading_label(part.heading, self))
        layout.addWidget(hint_label(part.hint + ("（可以不写）" if part.optional else ""), self))
        self.editor = QPlainTextEdit(self)
        self.editor.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.editor.setTabChangesFocus(True)
        layout.addWidget(self.editor)
        self.text_message = message_label(self)
        layout.addWidget(self.text_message)
        self.count = QLabel(self)
        self.count.setStyleSheet("color: #5f6b7a;")
        self.fields: dict[str, QLineEdit] = {}
        self.field_message = message_label(self)
        if part.fields:
            form = QFormLayout()
            for fld in part.fields:
                edit = QLineEdit(self)
                edit.setPlaceholderText(f"单位：{fld.unit}" if fld.unit else "")
                edit.editingFinished.connect(lambda code=fld.code, e=edit: self._field_done(code, e))
                form.addRow(fld.label, edit)
                self.fields[fld.code] = edit
            layout.addLayout(form)
            layout.addWidget(self.field_message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.count)
        layout.addLayout(row)
        self.load()
        self.editor.textChanged.connect(self._text_changed)

    def load(self) -> None:
        text = self.report.text(self.part.code)
        if self.editor.toPlainText() != text:
            self.editor.setPlainText(text)
        for code, edit in self.fields.items():
            edit.setText(format_value(self.report.fields.get(code)))
        self._count()

    def _text_changed(self) -> None:
        typed = self.editor.toPlainText()
        words = self.part.heading or self.part.section.heading
        try:
            cleaned = self.report.set_text(self.part.code, typed)
        except InputRefused as exc:      # a paste far beyond any report: the text before it stays
            self.text_message.show_text(f"“{words}”：{exc.reason}。原来的内容没有改变。")
            self._show(self.report.text(self.part.code))
            return
        if cleaned.text != typed:        # characters that cannot be saved were taken out
            self._show(cleaned.text)
        notice = cleaned.notice(f"“{words}”")
        if notice:
            self.text_message.show_text(notice)
        elif not self.text_message.isHidden():
            self.text_message.clear_text()
        self._count()

    def _show(self, text: str) -> None:
        cursor = self.editor.textCursor().position()
        with QSignalBlocker(self.editor):
            self.editor.setPlainText(text)
        c = self.editor.textCursor()
        c.setPosition(min(cursor, len(text)))
        self.editor.setTextCursor(c)
        self._count()

    def _count(self) -> None:
        text = self.editor.toPlainText()
        self.count.setText(f"{len(''.join(text.split()))}字")

    def _field_done(self, code: str, edit: QLineEdit) -> None:
        fld = self.report.fmt.fields[code]
        try:
            value = self.report.enter_field(code, edit.text())
        except InputRefused as exc:
            self.field_message.show_text(f"“{fld.label}”：{exc.reason}。原来的值没有改变。")
            edit.setText(format_value(self.report.fields.get(code)))
            return
        edit.setText(format_value(value))
        self.field_message.clear_text()


class NarrativePage(QScrollArea):
    def __init__(self, report: Report, section: Section, parent=None):
        super().__init__(parent)
        self.section = section
        self.setWidgetResizable(True)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(heading_label(section.heading, body))
        self.editors: dict[str, PartEditor] = {}
        for part in section.parts:
            editor = PartEditor(report, part, body)
            self.editors[part.code] = editor
            layout.addWidget(editor)
        layout.addStretch(1)
        self.setWidget(body)

    def load(self) -> None:
        for editor in self.editors.values():
            editor.load()

    def go_to(self, code: str) -> None:
        """Show a part (or the part holding a field) and put the cursor in it."""
        for part_code, editor in self.editors.items():
            if code == part_code or code in editor.fields:
                self.ensureWidgetVisible(editor)
                (editor.fields.get(code) or editor.editor).setFocus()
                return
