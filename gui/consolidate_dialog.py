"""汇总各乡镇报告: choose the files or folders, optionally a roster, the year; run; see each file's status; save.

    open_consolidate_dialog(parent)

Everything the county needs to see is in the dialog itself (no message boxes):
problems go to the red line under the buttons, the result to the table.
The work is exporters.county.consolidate; this module only collects the choices and
shows the outcome.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from exporters.county import consolidate as county
from exporters.county.consolidate import Consolidation, RosterError, consolidate, read_roster
from gui.widgets import AMBER, GREEN, RED, hint_label, message_label
from model.formats import min_supported_year

INPUT_FILTER = "乡镇报告文件 (*.xlsx *.json);;Excel 文件 (*.xlsx);;年报草稿 (*.json)"
ROSTER_FILTER = "名单（文本文件） (*.txt);;所有文件 (*)"
OUTPUT_FILTER = "Excel 文件 (*.xlsx)"
AUTO_YEAR = min_supported_year() - 1  # the spin box's lowest value, shown as 「自动」
STATUS_COLORS = {
    county.PASS: GREEN,
    county.WARN: AMBER,
    county.ERRORS: RED,
    county.UNREADABLE: RED,
    county.MISSING: RED,
    county.MISMATCH: AMBER,
    county.DUPLICATE: AMBER,
}
COLUMNS = ("机关名称", "文件", "年度", "状态", "错误", "警告", "计入合计", "原因")


class ConsolidateDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("汇总各乡镇（街道）报告")
        self.resize(1000, 640)
        self.result: Consolidation | None = None
        self.saved_to: Path | None = None

        self.inputs = QListWidget(self)
        self.inputs.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.inputs.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.add_files_button = QPushButton("添加文件…", self)
        self.add_folder_button = QPushButton("添加文件夹…", self)
        self.remove_button = QPushButton("移除", self)
        self.add_files_button.clicked.connect(self.add_files)
        self.add_folder_button.clicked.connect(self.add_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        input_buttons = QVBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            input_buttons.addWidget(button)
        input_buttons.addStretch(1)
        input_row = QHBoxLayout()
        input_row.addWidget(self.inputs, 1)
        input_row.addLayout(input_buttons)

        self.roster = QLineEdit(self)
        self.roster.setReadOnly(True)
        self.roster.setPlaceholderText("可不选。选了名单，就能列出没有报送的单位")
        self.roster_button = QPushButton("选择名单…", self)
        self.roster_clear = QPushButton("不用名单", self)
        self.roster_button.clicked.connect(self.choose_roster)
        self.roster_clear.clicked.connect(lambda: self.roster.clear())
        roster_row = QHBoxLayout()
        roster_row.addWidget(self.roster, 1)
        roster_row.addWidget(self.roster_button)
        roster_row.addWidget(self.roster_clear)

        self.year = QSpinBox(self)
        self.year.setRange(AUTO_YEAR, dt.date.today().year)
        self.year.setSpecialValueText("自动（按多数报告的年度）")
        self.year.setValue(AUTO_YEAR)
        self.include_errors = QCheckBox("有错误的报告也计入合计", self)
        self.unit = QLineEdit(self)
        self.unit.setPlaceholderText("例如：某某县。写入汇总工作簿，上级汇总时据此核对")
        self.unit.textEdited.connect(lambda _text: self._invalidate())

        form = QFormLayout()
        form.addRow("各乡镇的文件", input_row)
        form.addRow("名单", roster_row)
        form.addRow("报告年度", self.year)
        form.addRow("汇总单位", self.unit)
        form.addRow("", self.include_errors)

        self.run_button = QPushButton("开始汇总", self)
        self.save_button = QPushButton("保存汇总工作簿…", self)
        self.close_button = QPushButton("关闭", self)
        self.run_button.clicked.connect(self.run)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.save_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        self.progress = QLabel(self)
        self.message = message_label(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                "把各乡镇（街道）报来的 .xlsx 文件（或年报草稿 .json）放进来，程序逐份重新检查，"
                "把能相加的报告汇总成一个工作簿。市、省汇总时，也可以放进下级报来的汇总工作簿（逐级汇总），"
                "同一乡镇不会重复计入。汇总工作簿是各乡镇数据之和，不是本级的年度报告。",
                self,
            )
        )
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    # -------------------------------------------------------------- choices
    def input_paths(self) -> list[Path]:
        return [Path(self.inputs.item(i).text()) for i in range(self.inputs.count())]

    def _add(self, paths) -> None:
        have = {str(p) for p in self.input_paths()}
        for path in paths:
            if str(path) not in have:
                self.inputs.addItem(str(path))
                have.add(str(path))
        self._invalidate()

    def add_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "选择各乡镇的文件", "", INPUT_FILTER)
        self._add(Path(n) for n in names)

    def add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择存放各乡镇文件的文件夹")
        if folder:
            self._add([Path(folder)])

    def remove_selected(self) -> None:
        for item in self.inputs.selectedItems():
            self.inputs.takeItem(self.inputs.row(item))
        self._invalidate()

    def choose_roster(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择名单（每行一个机关名称）", "", ROSTER_FILTER)
        if name:
            self.roster.setText(name)
            self._invalidate()

    def chosen_year(self) -> int | None:
        return None if self.year.value() == AUTO_YEAR else self.year.value()

    def _invalidate(self) -> None:
        """The shown result no longer matches the choices: it must be run again before saving."""
        if self.result is not None:
            self.save_button.setEnabled(False)
            self.progress.setText("选择有变化，请重新点“开始汇总”。")

    # -------------------------------------------------------------- run and save
    def run(self) -> bool:
        self.message.clear_text()
        paths = self.input_paths()
        if not paths:
            self.message.show_text("请先添加各乡镇的文件或存放它们的文件夹。")
            return False
        missing = [p for p in paths if not p.exists()]
        if missing:
            self.message.show_text("找不到：" + "、".join(f"“{p}”" for p in missing) + "。请移除后重试。")
            return False
        roster = None
        if self.roster.text():
            try:
                roster = read_roster(Path(self.roster.text()))
            except RosterError as exc:
                self.message.show_text(exc.message)
                return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = consolidate(
                paths,
                year=self.chosen_year(),
                include_errors=self.include_errors.isChecked(),
                roster=roster,
                exclude=[self.saved_to] if self.saved_to else (),
                progress=self._progress,
                unit=self.unit.text(),
            )
        except ValueError as exc:
            self.message.show_text(str(exc))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        if not result.entries:
            self.message.show_text("在选择的文件和文件夹中没有找到 .xlsx 或 .json 文件。")
            return False
        self.result = result
        self.summary.setText(result.summary())
        self.progress.setText(
            "汇总完成。" + ("请查看下表中标红的单位。" if result.has_problems else "全部报告都已计入合计。")
        )
        self._fill_table(result)
        self.save_button.setEnabled(True)
        return True

    def _progress(self, done: int, total: int, path) -> None:
        self.progress.setText(
            f"正在读取第{done + 1}个文件，共{total}个：{path.name}" if path else f"已读取{total}个文件。"
        )
        QApplication.processEvents()

    def _fill_table(self, result: Consolidation) -> None:
        rows = result.rows()
        self.table.setRowCount(len(rows))
        for r, e in enumerate(rows):
            values = (
                e.organ,
                e.file_name,
                "" if e.year is None else str(e.year),
                e.status,
                str(e.errors) if e.readable else "",
                str(e.warnings) if e.readable else "",
                "是" if e.included else "否",
                e.reason,
            )
            for k, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if k == 3:
                    item.setForeground(QBrush(QColor(STATUS_COLORS.get(e.status, "#000000"))))
                self.table.setItem(r, k, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

    def save(self) -> bool:
        from exporters.county.writer import output_refusal, title_of, write_consolidation
        from model.os_messages import os_error_message

        if self.result is None:
            return False
        folder = self.input_paths()[0] if self.input_paths() else Path.home()
        folder = folder if folder.is_dir() else folder.parent
        suggested = str(folder / f"{title_of(self.result).split('（')[0]}.xlsx")
        name, _ = QFileDialog.getSaveFileName(self, "保存汇总工作簿", suggested, OUTPUT_FILTER)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        refusal = output_refusal(path)
        if refusal:
            self.message.show_text(refusal)
            return False
        try:
            write_consolidation(self.result, path)
        except OSError as exc:
            self.message.show_text(os_error_message(exc, path).replace("没有保存", "没有保存汇总工作簿"))
            return False
        self.saved_to = path
        self.message.show_text(f"已保存汇总工作簿：{path}", ok=True)
        return True


def open_consolidate_dialog(parent: QWidget | None) -> None:
    dialog = ConsolidateDialog(parent)
    dialog.exec()
