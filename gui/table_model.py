"""One QAbstractTableModel serves every statutory table: it mirrors the printed grid.

Rows and columns are the grid of model.layout.table_grid; captions, headers
and row labels are read-only cells (the view merges them with setSpan), value
cells show the report's values, totals are read-only and derived. Edits go
through the undo stack as commands; a refused entry is announced with its
reason and changes nothing.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack

from gui.commands import SetCellsCommand
from model.definition import Table
from model.findings import ERROR, Finding
from model.layout import CAPTION, CORNER, HEADER, LABEL, VALUE, GridCell, table_grid
from model.normalize import InputRefused, format_value, parse_value
from model.report import Report

COLORS = {
    "label": QColor("#eef2f7"),
    "header": QColor("#dfe6f0"),
    "computed": QColor("#f1f1f1"),
    ERROR: QColor("#f8c9c4"),
    "warning": QColor("#fde7b0"),
}
CELL_CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class StatutoryTableModel(QAbstractTableModel):
    inputRefused = Signal(QModelIndex, str)     # index, reason (Chinese)

    def __init__(self, report: Report, table: Table, undo_stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.report = report
        self.table = table
        self.undo_stack = undo_stack
        self.grid = table_grid(table)
        self._findings: dict[str, list[Finding]] = {}
        self._bold = QFont()
        self._bold.setBold(True)

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
            findings = self._findings.get(cell.code)
            if findings:
                worst = ERROR if any(f.severity == ERROR for f in findings) else "warning"
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
        if role != Qt.ItemDataRole.EditRole or not self.is_input(index):
            return False
        cell = self.grid_cell(index).cell
        try:
            new = parse_value(value, cell.kind, unit=cell.unit, decimals=cell.decimals)
        except InputRefused as exc:
            self.inputRefused.emit(index, exc.reason)
            return False
        old = self.report.values.get(cell.code)
        if old == new and type(old) is type(new):
            return True
        self.undo_stack.push(SetCellsCommand(self.report, [(cell.code, old, new)],
                                             f"填写{self.table.name}"))
        return True

    # ---------------------------------------------------------- refresh
    def refresh_values(self) -> None:
        """The report changed: repaint every value cell (a few hundred cells, cheap)."""
        self.dataChanged.emit(self.index(0, 0), self.index(self.grid.n_rows - 1, self.grid.n_cols - 1),
                              [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                               Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    def set_findings(self, findings: list[Finding]) -> None:
        """Colour the cells each finding is about; a column-wide finding (R1) marks its cells."""
        by_cell: dict[str, list[Finding]] = {}
        for f in findings:
            if f.table != self.table.code:
                continue
            for code in finding_cells(self.report, f):
                by_cell.setdefault(code, []).append(f)
        if by_cell != self._findings:
            self._findings = by_cell
            self.refresh_values()

    def findings_at(self, cell_code: str) -> list[Finding]:
        return self._findings.get(cell_code, [])


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
