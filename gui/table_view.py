"""The statutory table as a spreadsheet: spans as printed, keys as in Excel, paste, clear.

Typing overwrites, Enter moves down, Tab moves right, arrows move between
value cells, Delete clears back to blank. A block pasted from Excel or WPS
fills the table from the current cell as one undoable step.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QFrame,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QToolTip,
)

from gui.paste import paste_plan
from gui.table_model import StatutoryTableModel
from model.editor import VALUE as VALUE_ENTRY
from model.layout import LABEL, VALUE
from model.places import cell_place


class CellDelegate(QStyledItemDelegate):
    """A plain line editor: the model's normaliser decides, so full-width digits from an IME work."""

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        return editor

    def setEditorData(self, editor, index):
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.selectAll()  # the first key typed replaces the value, as in a spreadsheet

    def setModelData(self, editor, model, index):
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class StatutoryTableView(QTableView):
    pasteReported = Signal(list)  # Chinese messages about cells that did not take a value
    computedTyped = Signal(QModelIndex)  # typing into a total: it is worked out, not typed

    def __init__(self, model: StatutoryTableModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        for gc in model.grid.merges():
            self.setSpan(gc.row, gc.col, gc.rowspan, gc.colspan)
        self._size_columns()
        # by pixels, so that rows slide under the frozen header rows and scrollTo can step past them
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen = FrozenHeader(self) if leading_header_rows(model.grid) else None
        model.modelReset.connect(self.focus_first_input)
        self.focus_first_input()

    def model(self) -> StatutoryTableModel:  # typed accessor
        return super().model()

    # ------------------------------------------------------------ layout
    def _size_columns(self) -> None:
        """Widths and heights from the font, not pixels: readable at 125 % and 150 % scaling."""
        grid = self.model().grid
        fm = self.fontMetrics()
        char = fm.horizontalAdvance("国")
        widths = [char * 3] * grid.n_cols
        for gc in grid.cells:
            if gc.colspan != 1:
                continue
            if gc.role == VALUE:
                need = fm.horizontalAdvance("000000") + char
            elif gc.role == LABEL and gc.rowspan > 1:
                # a group label beside its rows: the outermost one narrow and wrapped, inner ones whole
                need = char * 2 + char // 2 if gc.col == 0 else fm.horizontalAdvance(gc.text) + char
            else:
                need = min(fm.horizontalAdvance(gc.text) + char, char * (16 if gc.role == LABEL else 5))
            widths[gc.col] = max(widths[gc.col], need)
        self._natural_widths = widths
        self._label_columns = {gc.col for gc in grid.cells if gc.role == LABEL and gc.colspan == 1} - {
            gc.col for gc in grid.cells if gc.role == VALUE
        }
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._apply_widths(self._fitted(widths))

    def _fitted(self, widths: list[int]) -> list[int]:
        """The label columns narrowed (their labels wrap) so that the table fits the width the
        window gives it, 总计 included, down to four characters each; numbers keep their width."""
        # the vertical scroll bar counted as there even before it shows: 表三 has one at this size
        bar = self.verticalScrollBar()
        room = self.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width()) - 1
        excess = sum(widths) - room
        labels = sorted(self._label_columns)
        if excess <= 0 or not labels or room <= 0:
            return widths
        char = self.fontMetrics().horizontalAdvance("国")
        floor = {c: min(widths[c], char * 4) for c in labels}
        give = sum(widths[c] - floor[c] for c in labels)
        share = min(1.0, excess / give) if give else 0.0
        return [w - int((w - floor[c]) * share) if c in floor else w for c, w in enumerate(widths)]

    def _apply_widths(self, widths: list[int]) -> None:
        grid = self.model().grid
        fm = self.fontMetrics()
        char = fm.horizontalAdvance("国")
        for col, width in enumerate(widths):
            self.setColumnWidth(col, width)
        # Row heights from the cells of one row only: a tall merged group label must not stretch its first row.
        heights = [fm.lineSpacing() + 10] * grid.n_rows
        for gc in grid.cells:
            if gc.rowspan != 1 or not gc.text:
                continue
            width = sum(widths[gc.col : gc.col + gc.colspan]) - 8
            rect = fm.boundingRect(0, 0, max(width, char), 10_000, int(Qt.TextFlag.TextWordWrap), gc.text)
            heights[gc.row] = max(heights[gc.row], rect.height() + 10)
        for row, height in enumerate(heights):
            self.setRowHeight(row, height)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._apply_widths(self._fitted(self._natural_widths))
        if getattr(self, "frozen", None) is not None:
            self.frozen.follow()

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible):
        """A cell is never left under the frozen header rows."""
        super().scrollTo(index, hint)
        frozen = getattr(self, "frozen", None)
        if frozen is None or not index.isValid() or index.row() in frozen.rows:
            return
        covered = frozen.height() - self.visualRect(index).top()
        if covered > 0:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() - covered)

    # ------------------------------------------------------------ moving
    def focus_first_input(self) -> None:
        """A current index on an input cell keeps the IME engaged from the first keystroke."""
        model = self.model()
        first = next((gc for gc in model.grid.cells if gc.role == VALUE and gc.cell and gc.cell.is_input), None)
        if first is not None:
            self.setCurrentIndex(model.index(first.row, first.col))
        # Setting the index before the view has its size scrolls it by a few pixels; a new table starts at the top.
        self.scrollToTop()
        self.horizontalScrollBar().setValue(0)

    def _step(self, index: QModelIndex, drow: int, dcol: int, inputs_only: bool = False) -> QModelIndex:
        """The next value cell from index in a direction, skipping labels and merged parts."""
        model = self.model()
        grid = model.grid
        here = grid.at(index.row(), index.column()) if index.isValid() else None
        row, col = (here.row, here.col) if here else (0, 0)
        while True:
            row += drow
            col += dcol
            if not (0 <= row < grid.n_rows and 0 <= col < grid.n_cols):
                return index
            gc = grid.at(row, col)
            if gc is here or gc is None or gc.role != VALUE or gc.cell is None:
                continue
            if inputs_only and not gc.cell.is_input:
                continue
            return model.index(gc.row, gc.col)

    def next_input(self, index: QModelIndex) -> QModelIndex:
        """Tab order: right along the row, then the first input of the next value row."""
        right = self._step(index, 0, 1, inputs_only=True)
        if right != index:
            return right
        model = self.model()
        grid = model.grid
        for gc in grid.cells:
            if gc.role == VALUE and gc.cell and gc.cell.is_input and gc.row > index.row():
                return model.index(gc.row, gc.col)
        return index

    def moveCursor(self, action, modifiers):
        current = self.currentIndex()
        moves = {
            QAbstractItemView.CursorAction.MoveUp: (-1, 0),
            QAbstractItemView.CursorAction.MoveDown: (1, 0),
            QAbstractItemView.CursorAction.MoveLeft: (0, -1),
            QAbstractItemView.CursorAction.MoveRight: (0, 1),
        }
        if action in moves:
            return self._step(current, *moves[action])
        if action == QAbstractItemView.CursorAction.MoveNext:
            return self.next_input(current)
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor, hint):
        """Enter commits and moves down; Tab commits and moves right (without reopening an editor)."""
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.setCurrentIndex(self._step(self.currentIndex(), 1, 0))
            return
        if hint == QAbstractItemDelegate.EndEditHint.EditNextItem:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.setCurrentIndex(self.next_input(self.currentIndex()))
            return
        super().closeEditor(editor, hint)

    # ------------------------------------------------------------ keys
    def keyPressEvent(self, event):
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste_text(QApplication.clipboard().text())
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.setCurrentIndex(self._step(self.currentIndex(), 1, 0))
                return
            typed = event.text().strip() and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if typed and self.model().is_computed(self.currentIndex()):
                self.computedTyped.emit(self.currentIndex())
                return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event):
        """An IME commit before any editor is open starts editing the current cell with that text.

        Qt keeps focus on the view during a first composition and may drop the commit; open the
        editor and hand it the event ourselves so the first keystroke after opening a draft counts.
        """
        index = self.currentIndex()
        starts = bool(event.commitString() or event.preeditString())
        if self.state() != QAbstractItemView.State.EditingState and starts and self.model().is_input(index):
            self.edit(index)
            editor = self.indexWidget(index)
            if editor is not None:
                editor.setFocus()
                QApplication.sendEvent(editor, event)
                return
        super().inputMethodEvent(event)

    def selected_input_codes(self) -> list[str]:
        model = self.model()
        codes = []
        indexes = self.selectedIndexes() or [self.currentIndex()]
        for index in indexes:
            code = model.cell_code(index)
            if code and model.is_input(index) and code not in codes:
                codes.append(code)
        return codes

    def clear_selection(self) -> None:
        model = self.model()
        model.editor.set_values({c: None for c in self.selected_input_codes()}, "清除", place=model.table.code)

    def paste_text(self, text: str) -> int:
        """Fill from the current cell, one undo step; returns how many cells took a value."""
        model = self.model()
        index = self.currentIndex()
        if not index.isValid():
            return 0
        entries, problems = paste_plan(model.grid, index.row(), index.column(), text)
        result = model.editor.enter([(VALUE_ENTRY, code, raw) for code, raw in entries], "粘贴", place=model.table.code)
        cells = model.report.fmt.cells
        problems += [
            f"{cell_place(cells[r.code])}：“{str(r.raw).strip()}”没有填入（{r.reason}）。" for r in result.refused
        ]
        if problems:
            self.pasteReported.emit(problems)
        return len(entries) - len(result.refused)

    def show_refusal(self, index: QModelIndex, reason: str) -> None:
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), reason, self.viewport(), rect)


def leading_header_rows(grid) -> list[int]:
    """The header rows at the top of a table (表三, 表四): these stay in view when it scrolls."""
    rows: list[int] = []
    while len(rows) in grid.header_rows:
        rows.append(len(rows))
    return rows


class FrozenHeader(QTableView):
    """The header rows of the table, kept at the top of its view while the rows scroll under them,
    as Excel's 冻结窗格: a second view of the same model showing only those rows, its columns
    following the table's widths and sideways scrolling."""

    def __init__(self, table: StatutoryTableView):
        super().__init__(table)
        self.table = table
        model = table.model()
        self.rows = leading_header_rows(model.grid)
        self.setModel(model)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for gc in model.grid.merges():
            if gc.row in self.rows:
                self.setSpan(gc.row, gc.col, gc.rowspan, gc.colspan)
        for row in range(model.rowCount()):
            self.setRowHidden(row, row not in self.rows)
        table.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)
        table.horizontalHeader().sectionResized.connect(lambda *_: self.follow())
        table.verticalHeader().sectionResized.connect(lambda *_: self.follow())
        self.follow()
        self.show()

    def follow(self) -> None:
        """Take the table's column widths and header heights; sit over the top of its viewport."""
        table = self.table
        for col in range(table.model().columnCount()):
            self.setColumnWidth(col, table.columnWidth(col))
        for row in self.rows:
            self.setRowHeight(row, table.rowHeight(row))
        viewport = table.viewport().geometry()
        self.setGeometry(viewport.x(), viewport.y(), viewport.width(), sum(table.rowHeight(r) for r in self.rows))
        self.horizontalScrollBar().setValue(table.horizontalScrollBar().value())
