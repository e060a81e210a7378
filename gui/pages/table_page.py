"""A statutory table page: the table, the live relation line, 本表空白填0, and messages."""

from __future__ import annotations

import math
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from gui.table_model import StatutoryTableModel
from gui.table_view import StatutoryTableView
from gui.widgets import GREEN, GREY, RED, heading_label, message_label
from model.definition import Table
from model.editor import Editor, EditResult
from model.findings import Finding
from model.places import cell_place, column_name

COMPUTED_TOTAL = "合计由程序自动计算，请修改各分项"


class Piece(NamedTuple):
    text: str
    colour: str | None = None  # None: the page's own text colour
    bold: bool = False


class Unit(NamedTuple):
    """Pieces kept on one line; a space before it unless it starts a line. A unit that may split
    (a relation's title) breaks between any two characters of its first piece when it does not
    fit, never before its last character and what follows it (the colon)."""

    pieces: tuple[Piece, ...]
    gap: bool = True
    split: bool = False


def characters(unit: Unit) -> list[Unit]:
    """A splitting unit as units of one character each, the last keeping the pieces after it."""
    first, rest = unit.pieces[0], unit.pieces[1:]
    *head, last = first.text
    return [Unit((first._replace(text=ch),), gap=False) for ch in head] + [
        Unit((first._replace(text=last), *rest), gap=unit.gap)
    ]


class RelationLine(QWidget):
    """The relation line, redrawn after every edit: each relation's title, then each column's name
    and state (✓ green, ✗ 相差N red, 尚未填完 grey), on as many lines as the width needs.

    Painted here from its pieces, each laid out once and kept: a QLabel's rich text made every
    edit lay the whole line out again, for each size the layouts asked (a line per Chinese
    character for its minimum), and made the whole window lay itself out again — most of an
    edit's time in the window. A line breaks between columns (and anywhere in a title), and the
    window lays out again only when the number of lines changes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._lines: list[list[Unit]] = []
        self._texts: dict[tuple[str, bool], tuple[QStaticText, float]] = {}  # laid out once
        self._placements: dict[int, tuple[list[tuple[float, int, Piece]], int]] = {}  # by width
        self._bold = QFont(self.font())
        self._bold.setBold(True)

    def set_lines(self, lines: list[list[Unit]]) -> None:
        if lines == self._lines:
            return
        before = self.heightForWidth(self.width())
        self._lines = lines
        self._placements.clear()
        if len(self._texts) > 500:  # every 「✗ 相差N」 once seen: not without end
            self._texts.clear()
        if self.heightForWidth(self.width()) != before:
            self.updateGeometry()
        self.update()

    def text(self) -> str:
        """What the line says, as plain text: a relation a line."""
        return "\n".join(
            "".join((" " if u.gap and i else "") + "".join(p.text for p in u.pieces) for i, u in enumerate(units))
            for units in self._lines
        )

    def _static(self, piece: Piece) -> tuple[QStaticText, float]:
        key = (piece.text, piece.bold)
        known = self._texts.get(key)
        if known is None:
            font = self._bold if piece.bold else self.font()
            text = QStaticText(piece.text)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.prepare(QTransform(), font)
            known = self._texts[key] = (text, QFontMetricsF(font).horizontalAdvance(piece.text))
        return known

    def _placed(self, width: int) -> tuple[list[tuple[float, int, Piece]], int]:
        """Where each piece goes (x, line), and the number of lines, at a width."""
        known = self._placements.get(width)
        if known is None:
            known = self._placements[width] = self._place(width)
        return known

    def _place(self, width: int) -> tuple[list[tuple[float, int, Piece]], int]:
        gap = QFontMetricsF(self.font()).horizontalAdvance(" ")
        placed: list[tuple[float, int, Piece]] = []
        line = -1
        for units in self._lines:
            line, x = line + 1, 0.0
            for whole in units:
                # drawn whole when it fits: one text to lay out and paint, not one per character
                fits = x + (gap if whole.gap and x > 0 else 0.0) + self._width(whole) <= width
                for unit in (whole,) if fits or not whole.split else characters(whole):
                    unit_width = self._width(unit)
                    space = gap if unit.gap and x > 0 else 0.0
                    if x > 0 and x + space + unit_width > width:
                        line, x, space = line + 1, 0.0, 0.0
                    x += space
                    for piece in unit.pieces:
                        placed.append((x, line, piece))
                        x += self._static(piece)[1]
        return placed, line + 1

    def _width(self, unit: Unit) -> float:
        return sum(self._static(p)[1] for p in unit.pieces)

    def _line_height(self) -> int:
        return math.ceil(max(QFontMetricsF(self.font()).lineSpacing(), QFontMetricsF(self._bold).lineSpacing()))

    def heightForWidth(self, width: int) -> int:
        return self._placed(max(width, 1))[1] * self._line_height()

    def sizeHint(self) -> QSize:
        width = max(self.width(), self.minimumSizeHint().width())
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(math.ceil(QFontMetricsF(self.font()).horizontalAdvance("国")) * 8, self._line_height())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        own = self.palette().color(QPalette.ColorRole.WindowText)
        height = self._line_height()
        for x, line, piece in self._placed(self.width())[0]:
            painter.setFont(self._bold if piece.bold else self.font())
            painter.setPen(QColor(piece.colour) if piece.colour else own)
            painter.drawStaticText(QPointF(x, line * height), self._static(piece)[0])
        painter.end()

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._texts.clear()  # laid out again in the new font
            self._placements.clear()
            self._bold = QFont(self.font())
            self._bold.setBold(True)
        super().changeEvent(event)


class TablePage(QWidget):
    def __init__(self, editor: Editor, table: Table, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.report = editor.report
        self.table = table
        self.model = StatutoryTableModel(editor, table, self)
        self.view = StatutoryTableView(self.model, self)
        self.relation_label = RelationLine(self)
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
        lines = []
        for rel in self._balances:
            found = {f.column: f for f in findings if f.rule == rel.id and f.table == self.table.code}
            units = [Unit((Piece(rel.title, bold=True), Piece("：")), gap=False, split=True)]
            for inst in rel.instances:
                name = Piece(f"{column_name(self.table, inst.column)} ")
                finding = found.get(inst.column.code if inst.column is not None else None)
                if finding is not None and self.model.unfinished(finding):
                    state = (Piece("尚未填完", GREY),)
                elif finding is not None:
                    diff = abs((finding.expected or 0) - (finding.actual or 0))
                    state = Piece("✗ ", RED, bold=True), Piece(f"相差{diff}", RED, bold=True)
                elif all(self.report.value(c) is None for c in inst.left + inst.right):
                    state = (Piece("—"),)
                else:
                    state = (Piece("✓", GREEN),)
                units.append(Unit((name, *state), gap=len(units) > 1))
            lines.append(units)
        self.relation_label.set_lines(lines)

    def relation_text(self) -> str:
        """The relation line as plain text (what the clerk reads)."""
        return self.relation_label.text()

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
