"""Undoable edits of table cells: one command per edit, paste or fill."""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from model.report import Report


class SetCellsCommand(QUndoCommand):
    """Set several input cells at once; undo restores every old value."""

    def __init__(self, report: Report, changes: list[tuple[str, object, object]], text: str):
        super().__init__(text)
        self.report = report
        self.changes = changes          # (cell code, old value, new value)

    def redo(self) -> None:
        with self.report.batch():
            for code, _old, new in self.changes:
                self.report.set_value(code, new)

    def undo(self) -> None:
        with self.report.batch():
            for code, old, _new in reversed(self.changes):
                self.report.set_value(code, old)
