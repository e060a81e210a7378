"""A narrative section: one plain-text editor per part, with its hint and a character count."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.widgets import heading_label, hint_label, message_label
from model.definition import Part, Section
from model.editor import FIELD, TEXT, Editor, EditResult
from model.normalize import format_value
from model.prose.sentences import suggestions_for

OPTIONAL_MARK = "可以不写"
MIN_LINES = 3  # an empty box still looks like a place to write


class GrowingTextEdit(QPlainTextEdit):
    """A prose box as tall as its text, as a Word page: the page scrolls, not a ten-line slot
    inside it with empty space below."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(lambda *_: self._fit())
        self._fit()

    def _fit(self) -> None:
        # each block's laid-out height: Chinese text in a fallback face has taller lines than the font's own
        block, height = self.document().firstBlock(), 0.0
        while block.isValid():
            height += self.blockBoundingRect(block).height()
            block = block.next()
        line = self.blockBoundingRect(self.document().firstBlock()).height() or self.fontMetrics().lineSpacing()
        chrome = self.height() - self.viewport().height()  # frame and margins around the text
        text = int(max(height, MIN_LINES * line) + 2 * self.document().documentMargin()) + 1
        if self.height() != text + chrome:
            self.setFixedHeight(text + chrome)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()  # narrower, the text wraps to more lines


def hint_text(part: Part) -> str:
    """The part's hint, and that it may be left out, said once: a hint that says so already
    (「……可以不写。」) gets no 「（可以不写）」 after it."""
    if part.optional and OPTIONAL_MARK not in part.hint:
        return f"{part.hint}（{OPTIONAL_MARK}）"
    return part.hint


class PartEditor(QWidget):
    def __init__(self, editor: Editor, part: Part, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.report = editor.report
        self.part = part
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        if part.heading:
            layout.addWidget(heading_label(part.heading, self))
        layout.addWidget(hint_label(hint_text(part), self))
        self.text_edit = GrowingTextEdit(self)
        self.text_edit.setTabChangesFocus(True)
        layout.addWidget(self.text_edit)
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
        # sentences written from the tables' figures, inserted at the cursor with one click
        self.suggestion_buttons: dict[str, QPushButton] = {}
        for suggestion in suggestions_for(self.report, part.code):
            button = QPushButton(f"插入句子：{suggestion.title}", self)
            button.clicked.connect(lambda _=False, sid=suggestion.id: self.insert_suggestion(sid))
            self.suggestion_buttons[suggestion.id] = button
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.count)
        layout.addLayout(row)
        self._update_suggestion_tips()
        self.load()
        self.text_edit.textChanged.connect(self._text_changed)
        unsubscribe = editor.subscribe(self._edited)
        self.destroyed.connect(lambda *_: unsubscribe())

    def load(self) -> None:
        text = self.report.text(self.part.code)
        if self.text_edit.toPlainText() != text:
            self.text_edit.setPlainText(text)
        for code, edit in self.fields.items():
            edit.setText(format_value(self.report.fields.get(code)))
        self._count()

    def _text_changed(self) -> None:
        typed = self.text_edit.toPlainText()
        words = self.part.heading or self.part.section.heading
        result = self.editor.enter([(TEXT, self.part.code, typed)], f"修改“{words}”")
        if result.refused:  # a paste far beyond any report: the text before it stays
            self.text_message.show_text(f"“{words}”：{result.refused[0].reason}。原来的内容没有改变。")
            self._show(self.report.text(self.part.code))
            return
        if self.report.text(self.part.code) != typed:  # characters that cannot be saved were taken out
            self._show(self.report.text(self.part.code))
        if result.notices:
            self.text_message.show_text(result.notices[0])
        elif not self.text_message.isHidden():
            self.text_message.clear_text()
        self._count()

    def _update_suggestion_tips(self) -> None:
        if not self.suggestion_buttons:
            return
        for suggestion in suggestions_for(self.report, self.part.code):
            button = self.suggestion_buttons.get(suggestion.id)
            if button is not None:
                button.setToolTip(f"根据表格中现在的数字，在光标处插入：\n{suggestion.text}")

    def insert_suggestion(self, suggestion_id: str) -> None:
        """The sentence as the figures are now, typed in at the cursor (at the end when the cursor was
        never placed): the same path as typing, one step of the box's own 撤销; if the figures change
        later, C1 flags the sentence."""
        suggestion = next((s for s in suggestions_for(self.report, self.part.code) if s.id == suggestion_id), None)
        if suggestion is None:
            return
        cursor = self.text_edit.textCursor()
        if not self.text_edit.hasFocus() and cursor.position() == 0:
            cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(suggestion.text)
        self.text_edit.setTextCursor(cursor)
        self.text_edit.setFocus()

    def _edited(self, result: EditResult) -> None:
        """An edit made elsewhere (撤销 from the menu, an import): show what the report now holds."""
        if result.edit is not None and self.suggestion_buttons:
            self._update_suggestion_tips()
        if result.edit is None or not any(
            c.code == self.part.code or c.code in self.fields for c in result.edit.changes
        ):
            return
        if self.text_edit.toPlainText() != self.report.text(self.part.code):
            self._show(self.report.text(self.part.code))
        for code, edit in self.fields.items():
            if edit.text() != format_value(self.report.fields.get(code)) and not edit.hasFocus():
                edit.setText(format_value(self.report.fields.get(code)))

    def _show(self, text: str) -> None:
        cursor = self.text_edit.textCursor().position()
        with QSignalBlocker(self.text_edit):
            self.text_edit.setPlainText(text)
        c = self.text_edit.textCursor()
        c.setPosition(min(cursor, len(text)))
        self.text_edit.setTextCursor(c)
        self._count()

    def _count(self) -> None:
        text = self.text_edit.toPlainText()
        self.count.setText(f"{len(''.join(text.split()))}字")

    def _field_done(self, code: str, edit: QLineEdit) -> None:
        fld = self.report.fmt.fields[code]
        result = self.editor.enter([(FIELD, code, edit.text())], f"填写“{fld.label}”")
        if result.refused:
            self.field_message.show_text(f"“{fld.label}”：{result.refused[0].reason}。原来的值没有改变。")
        else:
            self.field_message.clear_text()
        edit.setText(format_value(self.report.fields.get(code)))


class NarrativePage(QScrollArea):
    def __init__(self, editor: Editor, section: Section, parent=None):
        super().__init__(parent)
        self.section = section
        self.setWidgetResizable(True)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(heading_label(section.heading, body))
        self.editors: dict[str, PartEditor] = {}
        for part in section.parts:
            part_editor = PartEditor(editor, part, body)
            self.editors[part.code] = part_editor
            layout.addWidget(part_editor)
        layout.addStretch(1)
        self.setWidget(body)

    def go_to(self, code: str) -> None:
        """Show a part (or the part holding a field) and put the cursor in it."""
        for part_code, editor in self.editors.items():
            if code == part_code or code in editor.fields:
                self.ensureWidgetVisible(editor)
                (editor.fields.get(code) or editor.text_edit).setFocus()
                return
