"""One QAbstractTableModel serves every statutory table: it mirrors the printed grid.

Rows and columns are the grid of model.layout.table_grid; captions, headers
and row labels are read-only cells (the view merges them with setSpan), value
cells show the report's values, totals are read-only and derived. Edits go
through the model's Editor; a refused entry is announced with its reason and
changes nothing. After each edit the model repaints once, from the edit's record:
the cells it changed and the cells whose findings changed, and only those.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from model.definition import Table
from model.editor import VALUE as VALUE_ENTRY
from model.editor import Editor, EditResult
from model.findings import ERROR, Finding
from model.layout import CAPTION, CORNER, HEADER, LABEL, VALUE, GridCell, table_grid
from model.normalize import format_value
from model.report import Report

COLORS = {
    "label": QColor("#eef2f7"),
    "header": QColor("#dfe6f0"),
    "computed": QColor("#f1f1f1"),
    ERROR: QColor("#f8c9c4"),
    "warning": QColor("#fde7b0"),
}
CELL_CODE_ROLE = Qt.ItemDataRole.UserRole + 1
REPAINT_ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ToolTipRole,
]


class StatutoryTableModel(QAbstractTableModel):
    inputRefused = Signal(QModelIndex, str)  # index, reason (Chinese)

    def __init__(self, editor: Editor, table: Table, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.report: Report = editor.report
        self.table = table
        self.grid = table_grid(table)
        # While the clerk is filling this table, a column that does not balance yet and still has
        # blanks is not painted red (the line above says 尚未填完); leaving the table, or filling
        # the column's last blank, shows it as the error it is.
        self.filling = False
        self.all_findings: list[Finding] = editor.findings
        self._findings: dict[str, list[Finding]] = self._by_cell(editor.findings)
        self._bold = QFont()
        self._bold.setBold(True)
        self.repaints = 0  # repaints asked for: one per edit, however many cells it names (tests count them)

    # ----------------------------------------------------------- structure
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.grid.n_rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.grid.n_cols

    def grid_cell(self, index: QModelIndex | QPersistentModelIndex) -> GridCell | None:
        if not index.isValid():
            return None
        return self.grid.at(index.row(), index.column())

    def cell_code(self, index) -> str | None:
        gc = self.grid_cell(index)
        return gc.cell.code if gc is not None and gc.role == VALUE and gc.cell is not None else None

    def index_of(self, cell_code: str) -> QModelIndex:
        row, col = self.grid.position_of(cell_code)
        return self.index(row, col)

    def is_input(self, index) -> bool:
        gc = self.grid_cell(index)
        return gc is not None and gc.cell is not None and gc.cell.is_input

    def is_computed(self, index) -> bool:
        """A total the program works out from its terms."""
        gc = self.grid_cell(index)
        return gc is not None and gc.cell is not None and not gc.cell.is_input

    # ------------------------------------------------------------- data
    def flags(self, index):
        gc = self.grid_cell(index)
        if gc is None:
            return Qt.ItemFlag.NoItemFlags
        if gc.role != VALUE or gc.cell is None:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if gc.cell.is_input:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        gc = self.grid_cell(index)
        if gc is None:
            return None
        # A merged cell answers only at its top-left index; the rest is hidden by the span.
        if (index.row(), index.column()) != (gc.row, gc.col):
            return None
        if gc.role != VALUE:
            return self._label_data(gc, role)
        cell = gc.cell
        if cell is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return format_value(self.report.value(cell.code))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            worst = _colour(self._findings.get(cell.code))
            if worst is not None:
                return QBrush(COLORS[worst])
            if cell.is_computed:
                return QBrush(COLORS["computed"])
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            findings = self._findings.get(cell.code)
            if findings:
                return "\n".join(f"【{f.severity_text}】{f.message}" for f in findings)
            if cell.is_computed:
                return "合计，由程序自动计算"
            return None
        if role == Qt.ItemDataRole.FontRole and cell.is_computed:
            return self._bold
        if role == CELL_CODE_ROLE:
            return cell.code
        return None

    def _label_data(self, gc: GridCell, role):
        if role == Qt.ItemDataRole.DisplayRole:
            return gc.text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            vertical_group = gc.role == LABEL and gc.rowspan > 1 and gc.colspan == 1
            if gc.role == LABEL and not vertical_group:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(COLORS["header"] if gc.role in (HEADER, CORNER, CAPTION) else COLORS["label"])
        if role == Qt.ItemDataRole.FontRole and gc.role in (CAPTION, HEADER):
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and gc.text:
            return gc.text
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        """A computed cell is not editable (flags); the model's editor says so if asked anyway."""
        gc = self.grid_cell(index)
        if role != Qt.ItemDataRole.EditRole or gc is None or gc.cell is None or gc.role != VALUE:
            return False
        result = self.editor.enter(
            [(VALUE_ENTRY, gc.cell.code, value)], f"填写{self.table.name}", place=self.table.code
        )
        if result.refused:
            self.inputRefused.emit(index, result.refused[0].reason)
            return False
        return True

    # ---------------------------------------------------------- repainting
    def unfinished(self, finding: Finding) -> bool:
        """A column-wide finding (R1) of a column whose terms still have blanks, while filling."""
        if not self.filling or finding.cell or not finding.column or finding.table != self.table.code:
            return False
        cells = finding_cells(self.report, finding)
        inputs = self.report.fmt.cells
        return any(self.report.value(c) is None for c in cells if c in inputs and inputs[c].is_input)

    def set_filling(self, filling: bool) -> None:
        if filling != self.filling:
            self.filling = filling
            self._repaint(self.all_findings, set())

    def apply(self, result: EditResult) -> None:
        """Repaint once what an edit changed: its cells, and the cells whose findings changed."""
        if result.edit is not None and result.edit.place == self.table.code:
            self.filling = True
        self._repaint(result.findings, set(result.cells))

    def _repaint(self, all_findings: list[Finding], changed: set[str]) -> None:
        self.all_findings = all_findings
        findings = self._by_cell(all_findings)
        codes = {c for c in changed if c in self.grid.positions}
        # a cell shows its findings by its colour; their words are its tool tip, read when the
        # pointer rests on it: a finding that only says another difference repaints nothing
        old = self._findings
        codes |= {c for c in set(findings) | set(old) if _colour(findings.get(c)) != _colour(old.get(c))}
        self._findings = findings
        cells = sorted(self.grid.positions[c] for c in codes if c in self.grid.positions)
        if not cells:
            return
        self.repaints += 1
        # one signal per cell, not one for the rectangle around them: a view repaints the whole
        # viewport for a range, and the cells an edit changes lie far apart (its row's and column's
        # totals); Qt gathers the cells' rectangles into the one paint that follows
        for row, col in cells:
            index = self.index(row, col)
            self.dataChanged.emit(index, index, REPAINT_ROLES)

    def _by_cell(self, findings: list[Finding]) -> dict[str, list[Finding]]:
        """The findings of this table by the cells they colour; a column-wide one (R1) marks its cells."""
        by_cell: dict[str, list[Finding]] = {}
        for f in findings:
            if f.table != self.table.code or self.unfinished(f):
                continue
            for code in finding_cells(self.report, f):
                by_cell.setdefault(code, []).append(f)
        return by_cell


def _colour(findings: list[Finding] | None) -> str | None:
    """The colour a cell's findings paint it: the worst of them."""
    if not findings:
        return None
    return ERROR if any(f.severity == ERROR for f in findings) else "warning"


def finding_cells(report: Report, finding: Finding) -> list[str]:
    """The value cells a finding is about, for colouring and for going there."""
    if finding.cell:
        return [finding.cell]
    rel = report.fmt.relation(finding.rule)
    if rel is not None and finding.column:
        for inst in rel.instances:
            if inst.column is not None and inst.column.code == finding.column:
                return list(inst.left + inst.right)
    return []
