"""A statutory table page: the table, the live relation line, 本表空白填0, and messages."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.table_model import StatutoryTableModel
from gui.table_view import StatutoryTableView
from gui.widgets import heading_label, message_label
from model.definition import Table
from model.editor import Editor, EditResult
from model.findings import Finding
from model.places import cell_place, column_name

COMPUTED_TOTAL = "合计由程序自动计算，请修改各分项"


class TablePage(QWidget):
    def __init__(self, editor: Editor, table: Table, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.report = editor.report
        self.table = table
        self.model = StatutoryTableModel(editor, table, self)
        self.view = StatutoryTableView(self.model, self)
        self.relation_label = QLabel(self)
        self.relation_label.setWordWrap(True)
        self.relation_label.setObjectName("relationLine")
        self.message = message_label(self)
        self.fill_button = QPushButton("本表空白填0", self)
        self.fill_button.setToolTip("把本表中还没有填写的格子一次填为0（可撤销）")
        self.fill_button.clicked.connect(self.fill_blanks)

        top = QHBoxLayout()
        top.addWidget(heading_label(f"{table.section.heading}（{table.name}）", self), 1)
        top.addWidget(self.fill_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.relation_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self._balances = [r for r in self.report.fmt.relations if r.table is table and r.type == "column_balance"]
        self.relation_label.setVisible(bool(self._balances))
        self.model.inputRefused.connect(self._refused)
        self.view.pasteReported.connect(self._paste_problems)
        self.view.computedTyped.connect(self._computed_typed)
        self._draw_relation_line(editor.findings)
        unsubscribe = editor.subscribe(self.apply)
        self.destroyed.connect(lambda *_: unsubscribe())

    def apply(self, result: EditResult) -> None:
        """After every edit (of any page), the one repaint of this table and its relation line."""
        self.model.apply(result)
        self._draw_relation_line(result.findings)
        if result.changed and not result.refused and result.edit.place == self.table.code:
            self.message.clear_text()  # a refusal is answered by the next edit that took

    def hideEvent(self, event) -> None:
        """Leaving the table: an imbalance still there is an error now, shown as one."""
        super().hideEvent(event)
        self.model.set_filling(False)
        self._draw_relation_line(self.model.all_findings)

    def _draw_relation_line(self, findings: list[Finding]) -> None:
        """Each column of a balance relation as the checks found it: ✗ with the difference the
        finding states, ✓ where the checks found nothing, — where the column is still blank."""
        parts = []
        for rel in self._balances:
            found = {f.column: f for f in findings if f.rule == rel.id and f.table == self.table.code}
            items = []
            for inst in rel.instances:
                name = column_name(self.table, inst.column)
                finding = found.get(inst.column.code if inst.column is not None else None)
                if finding is not None and self.model.unfinished(finding):
                    items.append(f"{name} <span style='color:#6b7280'>尚未填完</span>")
                elif finding is not None:
                    diff = abs((finding.expected or 0) - (finding.actual or 0))
                    items.append(f"{name} <span style='color:#c62828'><b>✗ 相差{diff}</b></span>")
                elif all(self.report.value(c) is None for c in inst.left + inst.right):
                    items.append(f"{name} —")
                else:
                    items.append(f"{name} <span style='color:#1a7f37'>✓</span>")
            parts.append(f"<b>{rel.title}</b>：" + "　".join(items))
        self.relation_label.setText("<br>".join(parts))

    def relation_text(self) -> str:
        """The relation line as plain text (what the clerk reads)."""
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.relation_label.text())
        return doc.toPlainText()

    def fill_blanks(self) -> int:
        blanks = self.report.blank_inputs(self.table.code)
        if blanks:
            self.editor.set_values({c: 0 for c in blanks}, f"{self.table.name}空白填0", place=self.table.code)
            self.message.show_text(f"已把{len(blanks)}个空白格填为0。可用“撤销”恢复。", ok=True)
        else:
            self.message.show_text("本表没有空白格。", ok=True)
        return len(blanks)

    def _refused(self, index, reason: str) -> None:
        cell = self.model.grid_cell(index).cell
        text = f"{cell_place(cell)}：{reason}。原来的值没有改变。"
        self.message.show_text(text)
        self.view.show_refusal(index, reason)

    def _computed_typed(self, index) -> None:
        """Typing into a total does nothing to it: say why, in the status line and under the table."""
        text = f"{cell_place(self.model.grid_cell(index).cell)}：{COMPUTED_TOTAL}"
        self.message.show_text(text)
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(COMPUTED_TOTAL, 8000)

    def _paste_problems(self, problems: list[str]) -> None:
        self.message.show_text(f"粘贴时有{len(problems)}处没有填入：\n" + "\n".join(problems))

    def go_to(self, cell_code: str) -> None:
        index = self.model.index_of(cell_code)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus()
