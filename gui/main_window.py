"""The main window: navigation on the left, the page on the right, findings live in the status bar.

Only the page shown is built at start (基本信息); every other page is built the first time it is
shown or asked for (window.table_pages["t3"], window.findings_page), from the report and the
findings as they are then. The modules behind the later pages (the table model and view, the prose
helpers, the checks' findings page) are imported at that moment too, so that the window paints
first and imports after.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.pages.info_page import InfoPage
from gui.widgets import RED
from model.draft_store import file_stamp
from model.editor import Editor, EditResult
from model.os_messages import system_reason
from model.paths import is_sample
from model.report import Report

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QPlainTextEdit

    from gui.pages.findings_page import FindingsPage
    from gui.pages.narrative_page import NarrativePage
    from gui.pages.table_page import TablePage
    from model.findings import Finding

AUTOSAVE_DELAY_MS = 10_000  # a recovery copy at most 10 s after an edit (the promise is 30 s)
INFO, FINDINGS = "info", "findings"  # page keys; a table's is "table:<code>", a section's "section:<code>"
P = TypeVar("P", bound=QWidget)


def _em(widget: QWidget) -> int:
    """The width of a Chinese character in the widget's font, in pixels: CJK faces draw it one em
    wide. From the point size, not widget.fontMetrics(), whose type PySide would build at start."""
    font = widget.font()
    points = font.pointSizeF()
    return round(points * widget.logicalDpiY() / 72) if points > 0 else max(font.pixelSize(), 1)


def _made_with_menus(name: str) -> property:
    """An action or submenu of the menus, which are filled when it is first asked for if not before."""

    def made(window: MainWindow):
        window.ensure_menus()
        return getattr(window, name)

    return property(made)


class PageSlot:
    """One navigation entry and its page, built the first time it is shown or asked for."""

    def __init__(self, key: str, kind: str, build: Callable[[], QWidget], item: QTreeWidgetItem):
        self.key = key
        self.kind = kind  # INFO, "table", "section" or FINDINGS
        self.build = build
        self.item = item
        self.page: QWidget | None = None


class LazyPages(Mapping[str, P], Generic[P]):
    """Pages by table or section code, each built when first asked for: code reads
    window.table_pages["t3"] as it did when every page was built at start."""

    def __init__(self, window: MainWindow, keys: dict[str, str]):
        self._window = window
        self._keys = keys  # code -> page key

    def __getitem__(self, code: str) -> P:
        return self._window.page(self._keys[code])

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


SAMPLE_BANNER = (
    "这是示例报告（示例），供熟悉程序使用，不是您的报告。可以随意试填；保存时会另存到“文档”文件夹，"
    "示例本身不会被改动。要填写自己的报告，请用“文件 → 新建”。"
)


class MainWindow(QMainWindow):
    def __init__(
        self, report: Report, path: Path | None = None, *, modified: bool = False, restored_from: Path | None = None
    ):
        super().__init__()
        self._session: str | None = None
        # A recovery copy this report was restored from: it stays on disk until the work is
        # saved, autosaved under this window's own name, or deliberately discarded.
        self.restored_from = restored_from
        self.editor: Editor | None = None
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.last_year: Report | None = None
        self._counts_due = False  # the status bar waits for the checks of the report just opened
        self.report: Report | None = None
        self.path: Path | None = None
        self._unsubscribe = None
        self.lock = None  # model.draft_lock.DraftLock of the open draft, if any
        self.nav = QTreeWidget(self)
        self.nav.setHeaderHidden(True)
        self.nav.currentItemChanged.connect(self._nav_changed)
        self.stack = QStackedWidget(self)
        # by keyword: QSplitter(self) makes PySide weigh the QSplitter(Qt.Orientation) overload, which
        # builds Qt's enum namespace before the first paint
        splitter = QSplitter(parent=self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([_em(self) * 15, 1000])
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
        from gui.menus import build_menu_bar

        self._menus = build_menu_bar(self)  # their actions come after the first paint (ensure_menus)
        self._menus_filled = False
        # a bound method: Qt drops the connection when this window is destroyed
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.set_report(report, path, modified=modified)
        if not self._counts_due:  # set_report has not asked for the turn after the first paint
            QTimer.singleShot(0, self, self._when_painted)
        # most of the screen, whatever its size: 表三's 总计 column needs the width at 150 % scaling
        available = self.screen().availableGeometry()
        self.resize(
            max(available.width() * 9 // 10, min(available.width(), 800)),
            max(available.height() * 9 // 10, min(available.height(), 500)),
        )

    @property
    def session(self) -> str:
        """This window's name for its recovery copies, made when first needed (model.recovery is
        imported then, not before the first paint)."""
        if self._session is None:
            from model.recovery import new_session_id

            self._session = new_session_id()
        return self._session

    # ------------------------------------------------------------ document
    def set_report(
        self, report: Report, path: Path | None, *, modified: bool = False, last_year: Report | None = None, lock=None
    ) -> None:
        self.adopt_lock(lock)
        if self._unsubscribe:
            self._unsubscribe()
        if self.report is not None:
            from model.recovery import discard_recovery

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
        self._build_pages()
        self._unsubscribe = self.editor.subscribe(self._on_edit)
        self.modified = modified
        self._changed_before_edits = modified  # restored, untitled or cleaned: unsaved whatever is undone
        if self.editor.checked:
            self._show_counts()
        else:
            self._counts_after_paint()
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
        """The navigation, an entry for every page; only 基本信息 is built now (it is shown)."""
        for slot in getattr(self, "_slots", {}).values():
            if slot.page is not None:
                self.stack.removeWidget(slot.page)
                slot.page.deleteLater()
        self.nav.clear()
        report = self.report
        self._slots: dict[str, PageSlot] = {}
        # what each navigation entry opens, by the entry's id (the entry itself is kept with it): in a dict,
        # not in the item's data, whose conversion of a Python value builds QByteArray's type at start
        self._nav_targets: dict[int, tuple[QTreeWidgetItem, str, str | None]] = {}
        tables: dict[str, str] = {}
        sections: dict[str, str] = {}
        self._add_slot(INFO, INFO, "基本信息", lambda: InfoPage(self.editor))
        for section in report.fmt.sections:
            if section.table is not None:
                key = tables[section.table.code] = f"table:{section.table.code}"
                self._add_slot(key, "table", section.heading, lambda t=section.table: _table_page(self.editor, t))
            else:
                key = sections[section.code] = f"section:{section.code}"
                build = lambda s=section: _narrative_page(self.editor, s)  # noqa: E731
                item = self._add_slot(key, "section", section.heading, build)
                for part in section.parts:
                    if part.heading:
                        child = QTreeWidgetItem(item, [part.heading])
                        self._nav_targets[id(child)] = (child, key, part.code)
                        child.setToolTip(0, part.heading)
        self.findings_item = self._add_slot(FINDINGS, FINDINGS, "检查结果", self._new_findings_page)
        self.table_pages: LazyPages[TablePage] = LazyPages(self, tables)
        self.narrative_pages: LazyPages[NarrativePage] = LazyPages(self, sections)
        self.nav.expandAll()
        self.nav.setCurrentItem(self.nav.topLevelItem(0))

    def _add_slot(self, key: str, kind: str, title: str, build: Callable[[], QWidget]) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.nav, [title])
        self._slots[key] = PageSlot(key, kind, build, item)
        self._nav_targets[id(item)] = (item, key, None)
        item.setToolTip(0, title)
        return item

    def _new_findings_page(self) -> FindingsPage:
        from gui.pages.findings_page import FindingsPage

        page = FindingsPage(self.editor)
        page.goTo.connect(self.go_to_finding)
        page.replaceYears.connect(self._replace_years)
        return page

    def page(self, key: str) -> QWidget:
        """The page of a navigation entry, built now (and put in the stack) if it was not yet."""
        slot = self._slots[key]
        if slot.page is None:
            slot.page = slot.build()
            self.stack.addWidget(slot.page)
        return slot.page

    def built_page(self, key: str) -> QWidget | None:
        """The page of a navigation entry if it has been built, else None (nothing is built)."""
        return self._slots[key].page

    @property
    def info_page(self) -> InfoPage:
        return self.page(INFO)

    @property
    def findings_page(self) -> FindingsPage:
        return self.page(FINDINGS)

    def _slot_showing(self) -> PageSlot | None:
        current = self.stack.currentWidget()
        return next((s for s in self._slots.values() if current is not None and s.page is current), None)

    def _nav_changed(self, item, _previous=None) -> None:
        if item is None:
            return
        _, key, part = self._nav_targets[id(item)]
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        kind = self._slots[key].kind
        if part and kind == "section":
            page.go_to(part)
        if kind == "table":
            page.view.setFocus()
        self.update_undo_actions()

    def show_page(self, page: QWidget) -> None:
        slot = next((s for s in self._slots.values() if s.page is page), None)
        if slot is not None:
            self.nav.setCurrentItem(slot.item)

    def current_table_page(self) -> TablePage | None:
        slot = self._slot_showing()
        return slot.page if slot is not None and slot.kind == "table" else None

    # ------------------------------------------------------------ changes
    @property
    def findings(self) -> list[Finding]:
        """The findings for the report as it is now (the checks run when first asked)."""
        return self.editor.findings if self.editor is not None else []

    def _counts_after_paint(self) -> None:
        """The checks of a report just opened run after the window's first paint, not before it: the
        status bar's counts follow at the next turn of the event loop."""
        self._counts_due = True
        self.counts_label.setText("")
        self.findings_item.setText(0, "检查结果")
        QTimer.singleShot(0, self, self._when_painted)

    def _when_painted(self, again: bool = True) -> None:
        """What waits for the first paint: the menus' actions, the counts if they are due, the icon."""
        from gui.app_icon import set_window_icon

        if self._menus_filled and not self._counts_due:
            set_window_icon()
            return  # an edit or an opened menu has done the rest already
        if again and self.isVisible():
            # shown, and its expose (and paint) comes in this same turn: one turn more, then the
            # rest whatever happened (a window started minimised is never exposed). Not asked of
            # windowHandle(): making its Python type cost about 1 ms of the first turn (callgrind).
            QTimer.singleShot(0, self, lambda: self._when_painted(again=False))
            return
        if self._counts_due:
            self._show_counts()
        self.ensure_menus()
        set_window_icon()

    # ------------------------------------------------------------ menus
    def ensure_menus(self) -> None:
        """The menus' actions and shortcuts, made once: after the first paint, or when a menu is
        opened or an action asked for before then."""
        if self._menus_filled:
            return
        from gui.menus import fill_menus

        self._menus_filled = True
        fill_menus(self, self._menus)
        self.update_undo_actions()

    undo_action = _made_with_menus("_undo_action")
    redo_action = _made_with_menus("_redo_action")
    fill_action = _made_with_menus("_fill_action")
    recent_menu = _made_with_menus("_recent_menu")

    def _on_edit(self, result: EditResult) -> None:
        """Every edit, from any page: the pages repaint themselves from the same result."""
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
        from model.findings import count_by_severity

        self._counts_due = False
        counts = count_by_severity(self.findings)
        self.counts_label.setText(f"错误 {counts['error']}　警告 {counts['warning']}　提示 {counts['hint']}")
        sheet = f"color: {RED};" if counts["error"] else ""
        if sheet != self.counts_label.styleSheet():  # set again, it re-polishes the label
            self.counts_label.setStyleSheet(sheet)
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
        from model.recovery import discard_recovery

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
            from model.recovery import write_recovery

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
            from gui.table_model import finding_cells

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
        if finding.section in self.narrative_pages:
            section_page = self.narrative_pages[finding.section]
            self.show_page(section_page)
            section_page.go_to(finding.part or "")

    # ------------------------------------------------------------ closing
    def closeEvent(self, event) -> None:
        from gui.file_actions import maybe_save
        from model.recovery import discard_recovery

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
        slot = self._slot_showing()
        if slot is not None and slot.kind == "table":
            return slot.page.table.code
        if slot is not None and slot.kind == INFO:
            return "meta"
        return None

    def _focused_text(self) -> QPlainTextEdit | None:
        widget = QApplication.focusWidget()
        # Qt's own type test: naming QPlainTextEdit here would make its Python type (and enums) at start
        if widget is not None and widget.inherits("QPlainTextEdit") and self.isAncestorOf(widget):
            return cast("QPlainTextEdit", widget)
        return None

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
        if not self._menus_filled or self.editor is None:
            return  # ensure_menus sets them when it makes them
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
        from PySide6.QtGui import QAction, QKeySequence

        # (parent) then setText: QAction(text, parent) makes PySide weigh the QAction(QIcon, …) overload,
        # which builds QIcon's 150 theme-icon names before the first paint
        act = QAction(self)
        act.setText(text)
        if shortcut is not None:
            # a list of one: setShortcut's overloads make PySide build Qt's enum namespace (slow start)
            act.setShortcuts([QKeySequence(shortcut)])
        act.triggered.connect(slot)
        return act


def _table_page(editor: Editor, table) -> TablePage:
    from gui.pages.table_page import TablePage

    return TablePage(editor, table)


def _narrative_page(editor: Editor, section) -> NarrativePage:
    from gui.pages.narrative_page import NarrativePage

    return NarrativePage(editor, section)
