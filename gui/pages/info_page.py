"""基本信息: the organ, the year, the date and the contact details."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from gui.widgets import YearSpinBox, heading_label, hint_label, message_label
from model import dates as dt
from model.chinese_time import written_date
from model.editor import META, Editor, EditResult
from model.formats import format_for_year, reporting_year, year_refusal
from model.report import META_LABELS, Meta
from model.text_input import MAX_LINE_CHARS


def parse_date(text: str) -> dt.date | None:
    """「2024年1月12日」, 「2024-01-12」 or 「2024.1.12」; empty means not yet decided."""
    text = text.strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?", text)
    if not m:
        raise ValueError("日期请写成“2024年1月12日”的形式")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError("没有这一天，请核对日期") from None


class InfoPage(QWidget):
    def __init__(self, editor: Editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.report = report = editor.report
        fmt = report.fmt
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("基本信息", self))
        form = QFormLayout()
        # added while empty: adding a filled layout makes PySide wrap each of its items, and build
        # QWidgetItem's and QSpacerItem's types to do so, a millisecond before the first paint
        layout.addLayout(form)
        self.edits: dict[str, QLineEdit] = {}
        for name in Meta.TEXT_FIELDS:
            edit = QLineEdit(self)
            edit.setMaxLength(MAX_LINE_CHARS)
            edit.textEdited.connect(lambda text, n=name: self._text(n, text))
            self.edits[name] = edit
        self.text_message = message_label(self)
        self.year = YearSpinBox(self)
        self.year.valueChanged.connect(self._year)
        self.year_message = message_label(self)
        self.date = QLineEdit(self)
        self.date.setPlaceholderText("例如 2024年1月12日")
        self.date.editingFinished.connect(self._date_done)
        self.date_message = message_label(self)
        for name in ("organ", "county", "city"):
            form.addRow(META_LABELS[name], self.edits[name])
        form.addRow(META_LABELS["year"], self.year)
        form.addRow("", self.year_message)
        form.addRow("报告格式", QLabel(f"{fmt.name}（{fmt.document_number}，适用于{fmt.years_text}的报告）", self))
        form.addRow(META_LABELS["title"], self.edits["title"])
        form.addRow(META_LABELS["date"], self.date)
        form.addRow("", self.date_message)
        for name in ("contact_person", "contact_phone", "contact_address", "website"):
            form.addRow(META_LABELS[name], self.edits[name])
        layout.addWidget(self.text_message)
        layout.addWidget(
            hint_label("标题留空时使用标准标题。报告年度决定报告格式；要改用另一种格式的年度，请新建报告。", self)
        )
        layout.addStretch(1)
        self.load()
        unsubscribe = editor.subscribe(self._edited)
        self.destroyed.connect(lambda *_: unsubscribe())

    def load(self) -> None:
        meta = self.report.meta
        for name, edit in self.edits.items():
            if edit.text() != getattr(meta, name):
                edit.setText(getattr(meta, name))
        self.edits["title"].setPlaceholderText(self.report.default_title)
        self.year.blockSignals(True)
        self.year.setValue(meta.year or reporting_year())
        self.year.blockSignals(False)
        self.date.setText(written_date(meta.date) if meta.date else "")

    def _text(self, name: str, text: str) -> None:
        edit = self.edits[name]
        result = self.editor.enter([(META, name, text)], f"修改{META_LABELS[name]}")
        kept = getattr(self.report.meta, name)
        if result.refused:
            self.text_message.show_text(f"{META_LABELS[name]}：{result.refused[0].reason}。")
        elif result.notices:
            self.text_message.show_text(result.notices[0])
        else:
            self.text_message.clear_text()
        if kept != text:  # characters that cannot be saved were taken out, or refused
            position = edit.cursorPosition()
            edit.setText(kept)
            edit.setCursorPosition(min(position, len(kept)))
        if name == "organ":
            self.edits["title"].setPlaceholderText(self.report.default_title)

    def _date_done(self) -> None:
        try:
            date = parse_date(self.date.text())
        except ValueError as exc:
            self.date_message.show_text(f"成文日期：{exc}。原来的日期没有改变。")
            return
        self.date_message.clear_text()
        self.editor.enter([(META, "date", date)], "修改成文日期")
        self.date.setText(written_date(date) if date else "")

    def _year(self, value: int) -> None:
        fmt = self.editor.report.fmt
        reason = year_refusal(value)
        if reason is None and not fmt.covers_year(value):
            other = format_for_year(value)
            reason = (
                f"{value}年的报告应使用{other.name}（{other.document_number}），本报告使用的是{fmt.name}"
                f"（适用于{fmt.years_text}）；请用“文件 → 新建”按{value}年新建报告"
            )
        if reason is None:
            result = self.editor.enter([(META, "year", value)], "修改报告年度")
            reason = result.refused[0].reason if result.refused else None
        if reason is not None:  # said where it happened; the year stays what it was
            self.year_message.show_text(f"{reason}。报告年度仍为{self.editor.report.meta.year}年。")
            self.load()
        else:
            self.year_message.clear_text()

    def _edited(self, result: EditResult) -> None:
        """An edit made elsewhere (撤销 from the menu): the fields show what the report holds."""
        if result.edit is not None and any(c.target == META for c in result.edit.changes):
            focused = next((e for e in self.edits.values() if e.hasFocus()), None)
            if focused is None or result.undone:
                self.load()

    def go_to(self, name: str) -> None:
        widget = {"year": self.year, "date": self.date}.get(name) or self.edits.get(name)
        if widget is not None:
            widget.setFocus()
