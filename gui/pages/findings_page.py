"""检查结果: every finding by section and severity; click to go there; explain a 警告."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.widgets import AMBER, RED, heading_label, hint_label
from model.definition import INFO_SECTION, INFO_SECTION_HEADING
from model.editor import EXPLANATION, Editor, EditResult
from model.findings import ERROR, HINT, SEVERITY_TEXT, WARNING, Finding
from model.report import Report

KEY_ROLE = Qt.ItemDataRole.UserRole + 2
SEVERITY_COLOR = {ERROR: RED, WARNING: AMBER, HINT: "#44546a"}


class FindingsPage(QWidget):
    goTo = Signal(object)  # a Finding
    replaceYears = Signal(int)  # the stale year a C3 finding names

    def __init__(self, editor: Editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.report: Report = editor.report
        self.findings: list[Finding] = []
        self._stale = False  # findings changed while the page was hidden: the tree is redrawn when shown
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.summary = QLabel(self)
        self.explain_label = QLabel("对这条警告的说明（会随草稿保存，并写入导出的文件）：", self)
        self.explain_edit = QPlainTextEdit(self)
        self.explain_edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.explain_button = QPushButton("保存说明", self)
        self.explain_button.clicked.connect(self.save_explanation)
        # the R2/R3/R5 messages about a total a file stated end 「核对无误后采用自动计算的合计」: here it is
        self.accept_button = QPushButton("采用自动计算的合计", self)
        self.accept_button.setToolTip("放弃文件中填报的这个合计，改用程序按各项计算的合计（可撤销）")
        self.accept_button.clicked.connect(self.accept_computed)
        # a C3 finding (a year not the report's) offers the helper that walks through each occurrence
        self.years_button = QPushButton("逐处替换这个年份…", self)
        self.years_button.clicked.connect(self._replace_years)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("检查结果", self))
        layout.addWidget(self.summary)
        layout.addWidget(
            hint_label(
                "点击一条问题，转到它所在的位置。错误必须改正才能导出正式文件；"
                "警告可以改正，也可以写明说明后照常导出。",
                self,
            )
        )
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.explain_label)
        row = QHBoxLayout()
        row.addWidget(self.explain_edit, 1)
        row.addWidget(self.explain_button)
        layout.addLayout(row)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.years_button)
        self._show_explainer(None)
        self.set_findings(editor.findings)
        unsubscribe = editor.subscribe(self._edited)
        self.destroyed.connect(lambda *_: unsubscribe())

    def _edited(self, result: EditResult) -> None:
        if self.isVisible():
            self.set_findings(result.findings)
        else:  # not on screen: the list is redrawn when it is shown, or when an item is looked up
            self.findings = result.findings
            self._stale = True

    def showEvent(self, event) -> None:
        self._redraw_if_stale()
        super().showEvent(event)

    def _redraw_if_stale(self) -> None:
        if self._stale:
            self.set_findings(self.findings)

    def set_findings(self, findings: list[Finding]) -> None:
        current = self.current_finding()
        self._stale = False
        self.findings = findings
        self.tree.clear()
        fmt = self.report.fmt
        headings = {INFO_SECTION: INFO_SECTION_HEADING, **{s.code: s.heading for s in fmt.sections}}
        counts = {ERROR: 0, WARNING: 0, HINT: 0}
        by_section: dict[str, list[Finding]] = {}
        for f in findings:
            by_section.setdefault(f.section or INFO_SECTION, []).append(f)
            counts[f.severity] += 1
        restore = None
        for section, items in by_section.items():
            top = QTreeWidgetItem(self.tree, [f"{headings.get(section, section)}（{len(items)}）"])
            top.setFirstColumnSpanned(True)
            for severity in (ERROR, WARNING, HINT):
                group = [f for f in items if f.severity == severity]
                if not group:
                    continue
                sev_item = QTreeWidgetItem(top, [f"{SEVERITY_TEXT[severity]}（{len(group)}）"])
                sev_item.setForeground(0, QBrush(QColor(SEVERITY_COLOR[severity])))
                for f in group:
                    text = f.message + (f"\n说明：{f.explanation}" if f.explanation else "")
                    item = QTreeWidgetItem(sev_item, [text])
                    item.setData(0, KEY_ROLE, f.key)
                    item.setToolTip(0, f"规则 {f.rule}")
                    if current is not None and f.key == current.key:
                        restore = item
        self.tree.expandAll()
        self.summary.setText(
            f"共 {counts[ERROR]} 个错误、{counts[WARNING]} 个警告、{counts[HINT]} 个提示。"
            if findings
            else "没有发现问题。"
        )
        if restore is not None:
            self.tree.setCurrentItem(restore)

    def finding_for(self, item) -> Finding | None:
        key = item.data(0, KEY_ROLE) if item is not None else None
        return next((f for f in self.findings if f.key == key), None) if key else None

    def current_finding(self) -> Finding | None:
        return self.finding_for(self.tree.currentItem())

    def item_for(self, key: str):
        self._redraw_if_stale()
        for item in self._all_items():
            if item.data(0, KEY_ROLE) == key:
                return item
        return None

    def _all_items(self):
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            yield item
            stack.extend(item.child(i) for i in range(item.childCount()))

    def _activated(self, item, _column=0) -> None:
        finding = self.finding_for(item)
        if finding is not None:
            self.goTo.emit(finding)

    def _current_changed(self, item, _previous) -> None:
        self._show_explainer(self.finding_for(item))

    def accept_computed(self) -> None:
        finding = self.current_finding()
        if finding is not None and finding.cell in self.report.stated:
            self.editor.accept_computed([finding.cell])

    def _replace_years(self) -> None:
        finding = self.current_finding()
        if finding is not None and finding.rule == "C3" and isinstance(finding.actual, int):
            self.replaceYears.emit(finding.actual)

    def _show_explainer(self, finding: Finding | None) -> None:
        self.accept_button.setVisible(finding is not None and finding.cell in self.report.stated)
        self.years_button.setVisible(finding is not None and finding.rule == "C3")
        explainable = finding is not None and finding.can_explain
        for w in (self.explain_label, self.explain_edit, self.explain_button):
            w.setEnabled(explainable)
        self.explain_edit.setPlainText(finding.explanation or "" if explainable else "")

    def save_explanation(self) -> None:
        finding = self.current_finding()
        if finding is not None and finding.can_explain:
            self.editor.enter([(EXPLANATION, finding.key, self.explain_edit.toPlainText())], "填写说明")
