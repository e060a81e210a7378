"""The main window: navigation on the left, the page on the right, findings live in the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.pages.findings_page import FindingsPage
from gui.pages.info_page import InfoPage
from gui.pages.narrative_page import NarrativePage
from gui.pages.table_page import TablePage
from gui.table_model import finding_cells
from model.draft_store import file_stamp
from model.editor import Editor, EditResult
from model.findings import count_by_severity
from model.os_messages import system_reason
from model.paths import is_sample
from model.recovery import discard_recovery, new_session_id, write_recovery
from model.report import Report

AUTOSAVE_DELAY_MS = 10_000  # a recovery copy at most 10 s after an edit (the promise is 30 s)
PAGE_ROLE = Qt.ItemDataRole.UserRole + 3


SAMPLE_BANNER = (
    "这是示例报告（示例），供熟悉程序使用，不是您的报告。可以随意试填；保存时会另存到“文档”文件夹，"
    "示例本身不会被改动。要填写自己的报告，请用“文件 → 新建”。"
)


class MainWindow(QMainWindow):
    def __init__(
        self, report: Report, path: Path | None = None, *, modified: bool = False, restored_from: Path | None = None
    ):
        super().__init__()
        self.session = new_session_id()
        # A recovery copy this report was restored from: it stays on disk until the work is
        # saved, autosaved under this window's own name, or deliberately discarded.
        self.restored_from = restored_from
        self.editor: Editor | None = None
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.last_year: Report | None = None
        self.findings = []
        self.report: Report | None = None
        self.path: Path | None = None
        self._unsubscribe = None
        self.lock = None  # model.draft_lock.DraftLock of the open draft, if any
        self.nav = QTreeWidget(self)
        self.nav.setHeaderHidden(True)
        self.nav.currentItemChanged.connect(self._nav_changed)
        self.stack = QStackedWidget(self)
        splitter = QSplitter(self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.fontMetrics().horizontalAdvance("国") * 15, 1000])
        # The example report says so above the work: it is not the clerk's own (示例).
        self.sample_banner = QLabel(SAMPLE_BANNER, self)
        self.sample_banner.setWordWrap(True)
        self.sample_banner.setStyleSheet("background: #fff4ce; color: #5c3c00; padding: 6px;")
        self.work = QWidget(self)
        work_layout = QVBoxLayout(self.work)
        work_layout.setContentsMargins(0, 0, 0, 0)
        work_layout.addWidget(self.sample_banner)
        work_layout.addWidget(splitter, 1)
        self.start_page = None  # gui.start_page.StartPage, built when first shown
        self.central = QStackedWidget(self)
        self.central.addWidget(self.work)
        self.setCentralWidget(self.central)
        self.counts_label = QLabel(self)
        self.saved_label = QLabel(self)
        self.statusBar().addWidget(self.counts_label, 1)
        self.statusBar().addPermanentWidget(self.saved_label)
        from gui.menus import build_menus

        build_menus(self)
        # a bound method: Qt drops the connection when this window is destroyed
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.set_report(report, path, modified=modified)
        # most of the screen, whatever its size: 表三's 总计 column needs the width at 150 % scaling
        available = self.screen().availableGeometry()
        self.resize(
            max(available.width() * 9 // 10, min(available.width(), 800)),
            max(available.height() * 9 // 10, min(available.height(), 500)),
        )

    # ------------------------------------------------------------ document
    def set_report(
        self, report: Report, path: Path | None, *, modified: bool = False, last_year: Report | None = None, lock=None
    ) -> None:
        self.adopt_lock(lock)
        if self._unsubscribe:
            self._unsubscribe()
        if self.report is not None:
            discard_recovery(self.path, self.session)
            self._drop_restored_copy()
        self.report = report
        self.path = Path(path) if path else None
        self.is_sample = is_sample(self.path)
        self.sample_banner.setVisible(self.is_sample)
        self.central.setCurrentWidget(self.work)
        for label in (self.counts_label, self.saved_label):
            label.show()
        self.disk_stamp = file_stamp(self.path)
        self.last_year = last_year
        self.editor = Editor(report, last_year=last_year)
        self.findings = self.editor.findings
        self._build_pages()
        self._unsubscribe = self.editor.subscribe(self._on_edit)
        self.modified = modified
        self._changed_before_edits = modified  # restored, untitled or cleaned: unsaved whatever is undone
        self._show_counts()
        self._update_title()
        self.update_undo_actions()
        if modified:
            self.autosave_timer.start()

    def show_start(self) -> None:
        """The start page in place of the report (文件 → 开始页, or nothing to reopen at start-up)."""
        if self.start_page is None:
            from gui.start_page import StartPage

            self.start_page = StartPage(self)
            self.central.addWidget(self.start_page)
        self.start_page.refresh()
        self.central.setCurrentWidget(self.start_page)
        self.setWindowTitle("年报助手")
        for label in (self.counts_label, self.saved_label):  # of the blank report behind: not the clerk's
            label.hide()

    def showing_start(self) -> bool:
        return self.start_page is not None and self.central.currentWidget() is self.start_page

    def _build_pages(self) -> None:
        while self.stack.count():
            page = self.stack.widget(0)
            self.stack.removeWidget(page)
            page.deleteLater()
        self.nav.clear()
        report = self.report
        self.table_pages: dict[str, TablePage] = {}
        self.narrative_pages: dict[str, NarrativePage] = {}
        self.info_page = InfoPage(self.editor)
        self._add_page("基本信息", self.info_page)
        for section in report.fmt.sections:
            if section.table is not None:
                page = TablePage(self.editor, section.table)
                self.table_pages[section.table.code] = page
                self._add_page(section.heading, page)
            else:
                page = NarrativePage(self.editor, section)
                self.narrative_pages[section.code] = page
                item = self._add_page(section.heading, page)
                for part in section.parts:
                    if part.heading:
                        child = QTreeWidgetItem(item, [part.heading])
                        child.setData(0, PAGE_ROLE, (self.stack.indexOf(page), part.code))
                        child.setToolTip(0, part.heading)
        self.findings_page = FindingsPage(self.editor)
        self.findings_page.goTo.connect(self.go_to_finding)
        self.findings_page.replaceYears.connect(self._replace_years)
        self.findings_item = self._add_page("检查结果", self.findings_page)
        self.nav.expandAll()
        self.nav.setCurrentItem(self.nav.topLevelItem(0))

    def _add_page(self, title: str, page: QWidget) -> QTreeWidgetItem:
        index = self.stack.addWidget(page)
        item = QTreeWidgetItem(self.nav, [title])
        item.setData(0, PAGE_ROLE, (index, None))
        item.setToolTip(0, title)
        return item

    def _nav_changed(self, item, _previous=None) -> None:
        if item is None:
            return
        index, part = item.data(0, PAGE_ROLE)
        self.stack.setCurrentIndex(index)
        page = self.stack.widget(index)
        if part and isinstance(page, NarrativePage):
            page.go_to(part)
        if isinstance(page, TablePage):
            page.view.setFocus()
        self.update_undo_actions()

    def show_page(self, page: QWidget) -> None:
        index = self.stack.indexOf(page)
        for i in range(self.nav.topLevelItemCount()):
            item = self.nav.topLevelItem(i)
            if item.data(0, PAGE_ROLE)[0] == index:
                self.nav.setCurrentItem(item)
                return

    def current_table_page(self) -> TablePage | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, TablePage) else None

    # ------------------------------------------------------------ changes
    def _on_edit(self, result: EditResult) -> None:
        """Every edit, from any page: the pages repaint themselves from the same result."""
        self.findings = result.findings
        if result.changed:
            self.modified = self._changed_before_edits or not self.editor.is_clean
            if not self.autosave_timer.isActive():
                self.autosave_timer.start()
        self._show_counts()
        self._update_title()
        self.update_undo_actions()

    def recheck(self) -> None:
        """The checks again, as when last year's report is chosen."""
        self.editor.recheck(last_year=self.last_year)

    def _show_counts(self) -> None:
        counts = count_by_severity(self.findings)
        self.counts_label.setText(f"错误 {counts['error']}　警告 {counts['warning']}　提示 {counts['hint']}")
        self.counts_label.setStyleSheet("color: #c62828;" if counts["error"] else "")
        self.findings_item.setText(0, f"检查结果（{counts['error']}错 {counts['warning']}警）")
        self.findings_item.setToolTip(0, self.findings_item.text(0))

    def _update_title(self) -> None:
        meta = self.report.meta
        name = meta.organ or "未命名"
        year = f"{meta.year}年" if meta.year else ""
        sample = "示例：" if self.is_sample else ""
        self.setWindowTitle(f"{sample}{name} {year}年度报告[*] — 年报助手")
        self.setWindowModified(self.modified)
        if self.modified:
            self.saved_label.setText("未保存")
        else:
            self.saved_label.setText(f"已保存：{self.path.name}" if self.path else "已保存")

    def adopt_lock(self, lock) -> None:
        """The lock of the draft now open; the previous draft's lock is given back."""
        if self.lock is not None and self.lock is not lock:
            self.lock.release()
        self.lock = lock

    def changed_on_disk(self) -> bool:
        """The draft's file is no longer what this window last read or wrote."""
        return self.path is not None and self.disk_stamp is not None and file_stamp(self.path) != self.disk_stamp

    def mark_saved(self, path: Path) -> None:
        discard_recovery(self.path, self.session)  # the copy kept under the old name (or untitled)
        self.path = Path(path)
        self.is_sample = is_sample(self.path)  # saved elsewhere, the example became the clerk's own
        self.sample_banner.setVisible(self.is_sample)
        self.disk_stamp = file_stamp(self.path)
        self.modified = False
        self._changed_before_edits = False
        self.editor.mark_clean()
        self.autosave_timer.stop()
        discard_recovery(self.path, self.session)
        self._drop_restored_copy()
        self._update_title()

    # ------------------------------------------------------------ autosave
    def autosave(self) -> None:
        """A recovery copy, kept apart from the draft: the draft itself changes only on 保存."""
        if self.modified:
            try:
                written = write_recovery(self.report, self.path, self.session)
            except OSError as exc:
                self.statusBar().showMessage(
                    f"自动保存恢复副本失败：{system_reason(exc, exc.filename and Path(exc.filename))}", 10_000
                )
                return
            self._drop_restored_copy(keep=written)

    def _drop_restored_copy(self, keep: Path | None = None) -> None:
        if self.restored_from is not None and self.restored_from != keep:
            try:
                self.restored_from.unlink()
            except FileNotFoundError:
                pass
        self.restored_from = None

    def _replace_years(self, year: int) -> None:
        from gui.file_actions import replace_years

        replace_years(self, year)

    # ------------------------------------------------------------ go to
    def go_to_finding(self, finding) -> None:
        if finding.table:
            page = self.table_pages[finding.table]
            self.show_page(page)
            cells = finding_cells(self.report, finding) or self.report.blank_inputs(finding.table)
            if cells:
                page.go_to(cells[0])
            return
        if finding.part and finding.part.startswith("meta."):
            self.show_page(self.info_page)
            self.info_page.go_to(finding.part.split(".", 1)[1])
            return
        for page in self.narrative_pages.values():
            if finding.section == page.section.code:
                self.show_page(page)
                page.go_to(finding.part or "")
                return

    # ------------------------------------------------------------ closing
    def closeEvent(self, event) -> None:
        from gui.file_actions import maybe_save

        if not maybe_save(self):
            event.ignore()
            return
        self.autosave_timer.stop()
        discard_recovery(self.path, self.session)
        self._drop_restored_copy()  # saved, or the clerk chose 不保存
        self.adopt_lock(None)
        event.accept()

    # ------------------------------------------------------------ undo
    def undo_place(self) -> str | None:
        """Whose history 撤销 works on: the table shown, the 基本信息 page, or everything."""
        page = self.stack.currentWidget()
        if isinstance(page, TablePage):
            return page.table.code
        if isinstance(page, InfoPage):
            return "meta"
        return None

    def _focused_text(self) -> QPlainTextEdit | None:
        widget = QApplication.focusWidget()
        return widget if isinstance(widget, QPlainTextEdit) and self.isAncestorOf(widget) else None

    def undo(self) -> None:
        text = self._focused_text()
        if text is not None:  # in a prose box, 撤销 undoes the typing there
            text.undo()
        else:
            self.editor.undo(self.undo_place())

    def redo(self) -> None:
        text = self._focused_text()
        if text is not None:
            text.redo()
        else:
            self.editor.redo(self.undo_place())

    def _focus_changed(self, _old, _new) -> None:
        self.update_undo_actions()

    def update_undo_actions(self) -> None:
        if not hasattr(self, "undo_action") or self.editor is None:
            return
        self.fill_action.setEnabled(self.current_table_page() is not None)
        text = self._focused_text()
        if text is not None:  # in a prose box 撤销 is the box's own typing, as in Word
            self.undo_action.setText("撤销输入的文字")
            self.redo_action.setText("重做输入的文字")
            self.undo_action.setEnabled(text.document().isUndoAvailable())
            self.redo_action.setEnabled(text.document().isRedoAvailable())
            return
        place = self.undo_place()
        undo, redo = self.editor.undo_label(place), self.editor.redo_label(place)
        self.undo_action.setText(f"撤销“{undo}”" if undo else "撤销")
        self.redo_action.setText(f"重做“{redo}”" if redo else "重做")
        self.undo_action.setEnabled(bool(undo))
        self.redo_action.setEnabled(bool(redo))

    def action(self, text: str, slot, shortcut=None) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        return act
