"""替换上年的年份: each occurrence of last year's year in the prose, one by one with its context.

Never all at once: 「2021年部门决算」 in a 2022 report is right and stays; the clerk decides each.
Every replacement goes through the Editor (undoable from 编辑 → 撤销).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from gui.widgets import heading_label, hint_label
from model.editor import TEXT, Editor
from model.prose.years import YearMention, occurrences, replace_year
from model.rules_content import part_words


class YearReplaceDialog(QDialog):
    def __init__(self, editor: Editor, old_year: int, new_year: int, parent=None):
        super().__init__(parent)
        self.editor, self.old_year, self.new_year = editor, old_year, new_year
        self.skipped: set[tuple[str, int]] = set()
        self.replaced = 0
        self.setWindowTitle("替换上年的年份")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(f"把正文中的“{old_year}年”逐处改为“{new_year}年”", self))
        layout.addWidget(
            hint_label(
                f"逐处查看：说的是本年度工作的，点“替换”；确实说的是{old_year}年的（如上年的决算、以来的成绩），点“跳过”。",
                self,
            )
        )
        self.where = QLabel(self)
        self.where.setStyleSheet("font-weight: bold;")
        self.context = QLabel(self)
        self.context.setWordWrap(True)
        self.context.setTextFormat(Qt.TextFormat.RichText)
        self.context.setStyleSheet("padding: 8px; background: #f6f8fa; border: 1px solid #d0d7de;")
        self.progress = QLabel(self)
        layout.addWidget(self.where)
        layout.addWidget(self.context)
        layout.addWidget(self.progress)
        row = QHBoxLayout()
        self.replace_button = QPushButton(f"替换为{new_year}年(&R)", self)
        self.skip_button = QPushButton("跳过(&S)", self)
        self.close_button = QPushButton("关闭", self)
        self.replace_button.clicked.connect(self.replace_current)
        self.skip_button.clicked.connect(self.skip_current)
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.replace_button)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.replace_button.setDefault(True)
        self._show()

    def remaining(self) -> list[YearMention]:
        report = self.editor.report
        texts = {code: report.text(code) for code in report.fmt.parts}
        return [m for m in occurrences(texts, self.old_year) if (m.part, m.start) not in self.skipped]

    def current(self) -> YearMention | None:
        left = self.remaining()
        return left[0] if left else None

    def _show(self) -> None:
        mention = self.current()
        done = mention is None
        self.replace_button.setEnabled(not done)
        self.skip_button.setEnabled(not done)
        if done:
            self.where.setText("已经看完所有的“%d年”。" % self.old_year)
            self.context.setText(html.escape(f"替换了{self.replaced}处，跳过了{len(self.skipped)}处。"))
            self.progress.setText("")
            self.close_button.setDefault(True)
            return
        self.where.setText(part_words(self.editor.report, mention.part))
        text = self.editor.report.text(mention.part)
        left, right = max(0, mention.start - 30), min(len(text), mention.end + 30)
        year = html.escape(text[mention.start : mention.end])
        self.context.setText(
            ("…" if left else "")
            + html.escape(text[left : mention.start])
            + f'<span style="background:#fff3b0;font-weight:bold;">{year}</span>'
            + html.escape(text[mention.end : right])
            + ("…" if right < len(text) else "")
        )
        self.progress.setText(f"还有{len(self.remaining())}处；已替换{self.replaced}处，跳过{len(self.skipped)}处。")

    def replace_current(self) -> None:
        mention = self.current()
        if mention is None:
            return
        text = self.editor.report.text(mention.part)
        self.editor.enter(
            [(TEXT, mention.part, replace_year(text, mention, self.new_year))],
            f"把“{self.old_year}年”替换为“{self.new_year}年”",
            place="replace-year",
        )
        self.replaced += 1
        self._show()

    def skip_current(self) -> None:
        mention = self.current()
        if mention is not None:
            self.skipped.add((mention.part, mention.start))
        self._show()
