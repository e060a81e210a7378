"""Preview of a published report before anything is written: each table as the format lays it out
with the imported values (inferred cells yellow, unread rows red, every value's source in its tip),
the prose per part, and the list of everything read loosely or not at all. 导入 or 取消."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from exporters.published.reader import listing
from exporters.published.recognise import Recognised
from gui.widgets import heading_label, hint_label, ok_cancel
from model.layout import table_grid
from model.normalize import format_value

INFERRED = QColor("#fff3b0")  # read as 0 from a placeholder, a blank, a label matched loosely
UNREAD = QColor("#ffd7d7")  # a row that could not be read


class PublishedImportDialog(QDialog):
    def __init__(self, result: Recognised, source_name: str, what: str, parent=None, *, purpose: str = "导入"):
        super().__init__(parent)
        self.result = result
        report = result.report
        self.setWindowTitle(f"从已发布的报告{purpose}")
        self.resize(1100, 720)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(f"“{source_name}”（{what}）", self))
        lines = listing(result)
        self.summary = QLabel("\n".join(lines[:2]), self)
        layout.addWidget(self.summary)
        layout.addWidget(
            hint_label(
                "请逐表核对：黄色的格是按占位符号、空白或近似的标签读入的，红色的行没有读入。"
                "点“确定”后报告在窗口中打开（尚未保存），可以逐项修改；点“取消”什么也不写。",
                self,
            )
        )
        self.tabs = QTabWidget(self)
        self.table_views: dict[str, QTableWidget] = {}
        for section in report.fmt.table_sections():
            view = self._table_view(section.table)
            self.table_views[section.table.code] = view
            self.tabs.addTab(view, section.table.name)
        self.prose = QPlainTextEdit(self)
        self.prose.setReadOnly(True)
        texts = []
        for section in report.fmt.sections:
            for part in section.parts:
                text = report.text(part.code).strip()
                texts.append(f"【{section.heading}{part.heading or ''}】\n{text or '（没有找到文字）'}")
        self.prose.setPlainText("\n\n".join(texts))
        self.tabs.addTab(self.prose, "正文")
        self.notes = QPlainTextEdit(self)
        self.notes.setReadOnly(True)
        self.notes.setPlainText("\n".join(lines[2:]) or "全部内容都按规定的格式读入，没有需要说明的地方。")
        self.tabs.addTab(self.notes, f"读入说明（{len(result.notes)}）")
        layout.addWidget(self.tabs, 1)
        layout.addWidget(ok_cancel(self, "确定"))

    def _table_view(self, table) -> QTableWidget:
        result, report = self.result, self.result.report
        grid = table_grid(table)
        view = QTableWidget(grid.n_rows, grid.n_cols, self)
        view.horizontalHeader().hide()
        view.verticalHeader().hide()
        found = table.code in result.tables_found
        for gc in grid.cells:
            if gc.rowspan > 1 or gc.colspan > 1:
                view.setSpan(gc.row, gc.col, gc.rowspan, gc.colspan)
            if gc.role == "value" and gc.cell is not None:
                code = gc.cell.code
                value = report.stated.get(code) if gc.cell.is_computed and code in report.stated else report.value(code)
                item = QTableWidgetItem(format_value(value))
                where = result.sources.get(code)
                item.setToolTip(f"读自{where}" if where else "没有读到")
                if found and where is None:
                    item.setBackground(QBrush(UNREAD))
                elif code in result.inferred:
                    item.setBackground(QBrush(INFERRED))
            else:
                item = QTableWidgetItem(gc.text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            view.setItem(gc.row, gc.col, item)
        view.resizeColumnsToContents()
        return view
