"""基本信息: the organ, the year, the date and the contact details."""
from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from gui.widgets import heading_label, hint_label, message_label
from model.normalize import InputRefused
from model.report import META_LABELS, Report
from model.text_input import MAX_LINE_CHARS
from model.chinese_time import written_date

TEXT_FIELDS = ("organ", "county", "city", "title", "contact_person", "contact_phone", "contact_address", "website")


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
    def __init__(self, report: Report, parent=None):
        super().__init__(parent)
        self.report = report
        fmt = report.fmt
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("基本信息", self))
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for name in TEXT_FIELDS:
            edit = QLineEdit(self)
            edit.setMaxLength(MAX_LINE_CHARS)
            edit.textEdited.connect(lambda text, n=name: self._text(n, text))
            self.edits[name] = edit
        self.text_message = message_label(self)
        self.year = QSpinBox(self)
        last = fmt.last_year if fmt.last_year is not None else dt.date.today().year + 1
        self.year.setRange(fmt.first_year, max(last, fmt.first_year))
        self.year.setSpecialValueText("")
        self.year.valueChanged.connect(lambda value: report.set_meta("year", value))
        self.date = QLineEdit(self)
        self.date.setPlaceholderText("例如 2024年1月12日")
        self.date.editingFinished.connect(self._date_done)
        self.date_message = message_label(self)
        for name in ("organ", "county", "city"):
            form.addRow(META_LABELS[name], self.edits[name])
        form.addRow(META_LABELS["year"], self.year)
        form.addRow("报告格式", QLabel(f"{fmt.name}（{fmt.document_number}，适用于{fmt.years_text}的报告）", self))
        form.addRow(META_LABELS["title"], self.edits["title"])
        form.addRow(META_LABELS["date"], self.date)
        form.addRow("", self.date_message)
        for name in ("contact_person", "contact_phone", "contact_address", "website"):
            form.addRow(META_LABELS[name], self.edits[name])
        layout.addLayout(form)
        layout.addWidget(self.text_message)
        layout.addWidget(hint_label("标题留空时使用标准标题。报告年度决定报告格式；要改用另一种格式的年度，请新建报告。", self))
        layout.addStretch(1)
        self.load()

    def load(self) -> None:
        meta = self.report.meta
        for name, edit in self.edits.items():
            if edit.text() != getattr(meta, name):
                edit.setText(getattr(meta, name))
        self.edits["title"].setPlaceholderText(self.report.default_title)
        self.year.blockSignals(True)
        self.year.setValue(meta.year or self.year.minimum())
        self.year.blockSignals(False)
        self.date.setText(written_date(meta.date) if meta.date else "")

    def _text(self, name: str, text: str) -> None:
        edit = self.edits[name]
        try:
            cleaned = self.report.set_meta(name, text)
        except InputRefused as exc:
            self.text_message.show_text(f"{META_LABELS[name]}：{exc.reason}。")
            edit.setText(getattr(self.report.meta, name))
            return
        if cleaned.text != text:        # characters that cannot be saved were taken out
            position = edit.cursorPosition()
            edit.setText(cleaned.text)
            edit.setCursorPosition(min(position, len(cleaned.text)))
        notice = cleaned.notice(META_LABELS[name])
        if notice:
            self.text_message.show_text(notice)
        else:
            self.text_message.clear_text()
        if name == "organ":
            self.edits["title"].setPlaceholderText(self.report.default_title)

    def _date_done(self) -> None:
        try:
            date = parse_date(self.date.text())
        except ValueError as exc:
            self.date_message.show_text(f"成文日期：{exc}。原来的日期没有改变。")
            return
        self.date_message.clear_text()
        self.report.set_meta("date", date)
        self.date.setText(written_date(date) if date else "")

    def go_to(self, name: str) -> None:
        widget = {"year": self.year, "date": self.date}.get(name) or self.edits.get(name)
        if widget is not None:
            widget.setFocus()
