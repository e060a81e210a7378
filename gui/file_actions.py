"""File actions of the window: new, open, save, export; every failure said in Chinese, nothing lost."""

from __future__ import annotations

from pathlib import Path

from gui import dialogs
from model.carry_forward import new_from_last_year
from model.draft_lock import DraftLock, DraftLocked
from model.draft_store import DraftError, load_draft, save_draft, set_aside_copy
from model.formats import format_for_year
from model.os_messages import os_error_message
from model.paths import documents_dir
from model.report import Report


def _name(window) -> str:
    return window.path.name if window.path else (window.report.meta.organ or "未命名报告")


def take_lock(parent, path: Path) -> DraftLock | None:
    """The draft's lock, or None when another copy of the program has it and the user does not override."""
    lock = DraftLock(path)
    try:
        lock.acquire()
    except DraftLocked as exc:
        if not dialogs.ask_yes_no(
            parent,
            f"{exc.message}\n\n只有确定那里已经关闭（例如那台电脑上的程序曾异常退出）时，才可以仍然打开。",
            yes="仍然打开",
            no="取消",
        ):
            return None
        lock.acquire(force=True)
    if lock.problem and parent is not None:  # advisory: the draft opens anyway, and the clerk is told
        parent.statusBar().showMessage(lock.problem, 20_000)
    return lock


def maybe_save(window) -> bool:
    """True when it is fine to drop the current report (saved, or the user said so)."""
    if not window.modified:
        return True
    answer = dialogs.ask_save_changes(window, _name(window))
    if answer == dialogs.SAVE:
        return save(window)
    return answer == dialogs.DISCARD


def save(window) -> bool:
    if window.path is None or window.is_sample:  # the example is never saved over
        return save_as(window)
    if window.changed_on_disk():
        choice = dialogs.ask_changed_on_disk(window, window.path.name)
        if choice == dialogs.SAVE_AS:
            return save_as(window)
        if choice != dialogs.OVERWRITE:
            return False
        try:
            set_aside_copy(window.path)  # the other version is kept, under a dated name
        except OSError as exc:
            dialogs.show_error(window, os_error_message(exc, window.path))
            return False
    return _save_to(window, window.path, overwrite_unreadable=False)


def save_as(window) -> bool:
    own = window.path is not None and not window.is_sample
    suggested = str(window.path) if own else str(documents_dir() / f"{window.report.title}.json")
    path = dialogs.save_path(window, "另存为", suggested)
    if path is None:
        return False
    if path.suffix.lower() != ".json":
        path = path.with_name(path.name + ".json")
    return _save_to(window, path, overwrite_unreadable=True)  # the file dialog asked before replacing


def _save_to(window, path: Path, *, overwrite_unreadable: bool) -> bool:
    new_place = window.path is None or Path(path).resolve() != window.path.resolve()
    lock = take_lock(window, path) if new_place else window.lock
    if new_place and lock is None:
        return False
    try:
        save_draft(window.report, path, overwrite_unreadable=overwrite_unreadable)
    except DraftError as exc:
        if lock is not window.lock:
            lock.release()
        if exc.read_only:
            if dialogs.ask_yes_no(window, exc.message, yes="另存为…", no="取消"):
                return save_as(window)
            return False
        dialogs.show_error(window, exc.message)
        return False
    window.adopt_lock(lock)
    window.mark_saved(path)
    from gui.settings import add_recent  # QSettings: not before the first paint

    add_recent(path)
    return True


def new_report(window) -> None:
    if not maybe_save(window):
        return
    answer = dialogs.ask_new_report(window)
    if answer is None:
        return
    organ, year, _ = answer
    fmt = format_for_year(year)
    if fmt is None:
        dialogs.show_error(window, f"本程序不支持{year}年度的报告。")
        return
    window.set_report(Report.new(fmt, organ=organ, year=year), None, modified=True)


def new_from_last_year_report(window) -> None:
    if not maybe_save(window):
        return
    path = dialogs.open_draft_path(window, "选择上年的报告草稿", str(start_folder(window)))
    if path is None:
        return
    try:
        last = load_draft(path)
    except DraftError as exc:
        dialogs.show_error(window, exc.message)
        return
    new_from(window, last)


def new_from(window, last: Report) -> bool:
    """A new report from last year's (a draft, or a published report read back)."""
    answer = dialogs.ask_new_report(window, last.meta.organ, (last.meta.year or 0) + 1 or None, carry=True)
    if answer is None:
        return False
    organ, year, copy_prose = answer
    try:
        report = new_from_last_year(last, year=year, copy_prose=copy_prose, organ=organ)
    except ValueError:
        dialogs.show_error(window, f"本程序不支持{year}年度的报告。")
        return False
    window.set_report(report, None, modified=True, last_year=last)
    if copy_prose and last.meta.year:
        offer_year_replacement(window, last.meta.year)
    return True


def offer_year_replacement(window, old_year: int) -> None:
    """A report made from last year's still says 「2022年」: offer the helper, one occurrence at a time."""
    from model.prose.years import occurrences

    report = window.report
    found = occurrences({code: report.text(code) for code in report.fmt.parts}, old_year)
    if not found or not report.meta.year or report.meta.year == old_year:
        return
    question = (
        f"新报告的正文是从{old_year}年度的报告复制来的，其中有{len(found)}处“{old_year}年”。"
        f"要逐处查看，把说本年度工作的改为“{report.meta.year}年”吗？（说的确实是{old_year}年的，可以跳过。）"
    )
    if dialogs.ask_yes_no(window, question, yes="逐处查看", no="以后再说"):
        replace_years(window, old_year)


def _read_published_for(window, purpose: str):
    """A published report chosen, read and previewed: the Recognised report, or None (cancelled, refused)."""
    from PySide6.QtWidgets import QDialog

    from exporters.published.reader import SourceRefused, read_pasted, read_published
    from gui.published_import_dialog import PublishedImportDialog

    if purpose == "粘贴":
        paste = dialogs.PasteReportDialog(window)
        if dialogs.run_dialog(paste) != QDialog.DialogCode.Accepted:
            return None
        try:
            result, name, what = read_pasted(paste.text.toPlainText()), "粘贴的文字", "文本"
        except SourceRefused as exc:
            dialogs.show_error(window, str(exc))
            return None
    else:
        path = dialogs.open_published_path(window, f"选择已发布的报告（{purpose}）", str(start_folder(window)))
        if path is None:
            return None
        try:
            result, what = read_published(path)
        except SourceRefused as exc:
            dialogs.show_error(window, str(exc))
            return None
        name = path.name
    preview = PublishedImportDialog(result, name, what, window, purpose="导入" if purpose != "新建" else "新建")
    if dialogs.run_dialog(preview) != QDialog.DialogCode.Accepted:
        return None
    return result


def import_published(window, *, pasted: bool = False) -> bool:
    """文件 → 从已发布的报告导入: the report opens in the window, unsaved, to be corrected and saved."""
    if not maybe_save(window):
        return False
    result = _read_published_for(window, "粘贴" if pasted else "导入")
    if result is None:
        return False
    window.set_report(result.report, None, modified=True)
    return True


def new_from_published_last_year(window) -> bool:
    """从上年已发布的报告新建: last year's published report as last year's draft would serve."""
    if not maybe_save(window):
        return False
    result = _read_published_for(window, "新建")
    if result is None:
        return False
    return new_from(window, result.report)


def choose_last_year(window) -> None:
    path = dialogs.open_draft_path(window, "选择上年的报告草稿（用于核对上年结转）", str(start_folder(window)))
    if path is None:
        return
    try:
        window.last_year = load_draft(path)
    except DraftError as exc:
        dialogs.show_error(window, exc.message)
        return
    window.recheck()


def open_file(window, path: Path | None = None) -> bool:
    if path is None:
        path = dialogs.open_path(window, str(start_folder(window)))
        if path is None:
            return False
    if not maybe_save(window):
        return False
    if Path(path).suffix.lower() == ".xlsx":
        return _open_xlsx(window, Path(path))
    try:
        report = load_draft(path)
    except DraftError as exc:
        dialogs.show_error(window, f"{exc.message}\n\n文件没有被改动。")
        return False
    same = window.path is not None and Path(path).resolve() == window.path.resolve()
    lock = window.lock if same else take_lock(window, Path(path))
    if lock is None:
        return False
    window.set_report(report, path, lock=lock, modified=bool(report.notes))
    from gui.settings import add_recent

    add_recent(Path(path))
    if report.notes:
        dialogs.show_info(window, notes_message(Path(path), report.notes))
    return True


def notes_message(path: Path, notes: list[str]) -> str:
    """What opening a draft changed (characters that cannot be saved, taken out), said once."""
    return f"打开“{path.name}”时：\n" + "\n".join(notes) + "\n\n文件本身没有改动；保存后，保存的是清理后的内容。"


def _open_xlsx(window, path: Path) -> bool:
    """A township .xlsx read back into a new, unsaved draft."""
    from exporters.xlsx.reader import XlsxImportError, read_xlsx

    try:
        result = read_xlsx(path)
    except XlsxImportError as exc:
        dialogs.show_error(window, f"{exc}\n\n文件没有被改动。")
        return False
    window.set_report(result.report, None, modified=True)
    if result.problems or result.changed:
        lines = [p.message for p in result.problems] + [f"导出后被修改：{c}" for c in result.changed]
        dialogs.show_info(window, "读入时发现以下情况：\n" + "\n".join(lines[:30]))
    return True


def fill_recent_menu(window) -> None:
    menu = window.recent_menu
    menu.clear()
    from gui.settings import recent_files

    files = recent_files()
    if not files:
        menu.addAction("（无）").setEnabled(False)
    for path in files:
        menu.addAction(str(path), lambda p=path: open_file(window, p))


def fill_current_table(window) -> None:
    page = window.current_table_page()
    if page is None:
        names = [t.name for t in window.report.fmt.tables.values()]
        dialogs.show_info(window, f"请先打开{'、'.join(names[:-1])}或{names[-1]}中的一张表。")
        return
    page.fill_blanks()


def export(window, kind: str) -> bool:
    """导出 Word or Excel; a report with 错误 is offered as a draft only."""
    from exporters.common import ExportRefused

    if kind == "docx":
        from exporters.docx.writer import export_docx as writer

        title, file_filter = "导出 Word 文档", "Word 文档 (*.docx)"
    elif kind == "html":
        from exporters.html.writer import export_html as writer

        title, file_filter = "导出网页版", "网页 (*.html)"
    elif kind == "pdf":
        from gui.pdf_writer import export_pdf as writer

        title, file_filter = "导出 PDF", "PDF 文件 (*.pdf)"
    else:
        from exporters.xlsx.writer import export_xlsx as writer

        title, file_filter = "导出 Excel 文件", "Excel 文件 (*.xlsx)"
    from model.export_notice import export_notice
    from model.findings import ERROR

    findings = window.editor.findings
    draft = any(f.severity == ERROR for f in findings)
    notice = export_notice(window.report.fmt, findings)
    if notice:  # said once, before the file name is asked
        question = "要导出草稿吗？" if draft else "仍要导出吗？"
        if not dialogs.ask_yes_no(
            window, f"{notice}\n\n{question}", yes="导出草稿" if draft else "继续导出", no="返回修改"
        ):
            return False
    folder = window.path.parent if window.path else documents_dir()
    target = dialogs.save_path(window, title, str(folder / f"{window.report.title}.{kind}"), file_filter)
    if target is None:
        return False
    if target.suffix.lower() != f".{kind}":
        target = target.with_name(f"{target.name}.{kind}")
    from model.overwrite import output_refusal

    refusal = output_refusal(target, kind, [window.path])
    if refusal:
        dialogs.show_error(window, refusal)
        return False
    while True:
        try:
            writer(window.report, target, draft=draft, last_year=window.last_year)
            break
        except ExportRefused as exc:  # the checks found an error the window had not shown yet
            if not dialogs.ask_yes_no(window, f"{exc}\n\n要导出草稿吗？", yes="导出草稿", no="取消"):
                return False
            draft = True
        except OSError as exc:
            dialogs.show_error(window, os_error_message(exc, target).replace("没有保存", "没有导出"))
            return False
    dialogs.show_info(window, f"已导出{'草稿' if draft else ''}：{target}")
    return True


def start_folder(window) -> Path:
    """Where the open dialogs start: beside the report that is open, else in 文档 (never the
    program's own folder or whatever folder the program was started from)."""
    return window.path.resolve().parent if window.path else documents_dir()


def copy_web_page(window) -> bool:
    """复制网页版到剪贴板: text/html (tables with their merged cells) and plain text, for the site's editor."""
    from PySide6.QtCore import QMimeData
    from PySide6.QtWidgets import QApplication

    from exporters.html.writer import html_text, plain_text
    from model.findings import ERROR

    findings = window.editor.findings
    draft = any(f.severity == ERROR for f in findings)
    if draft and not dialogs.ask_yes_no(
        window,
        "报告中还有错误，复制的网页版会标明“草稿”。发布前请先改正错误。要复制草稿吗？",
        yes="复制草稿",
        no="取消",
    ):
        return False
    data = QMimeData()
    data.setHtml(html_text(window.report, draft=draft))
    data.setText(plain_text(window.report))
    QApplication.clipboard().setMimeData(data)
    window.statusBar().showMessage("网页版已复制到剪贴板：在网站编辑器中粘贴即可（表格保留合并的单元格）。", 8000)
    return True


def replace_years(window, old_year: int | None = None) -> None:
    """替换上年的年份…: last year's year (or the one a C3 finding names), one occurrence at a time."""
    from gui.year_replace_dialog import YearReplaceDialog

    year = window.report.meta.year
    if not year:
        dialogs.show_info(window, "请先在“基本信息”中填写报告年度。")
        return
    old = old_year or year - 1
    dialog = YearReplaceDialog(window.editor, old, year, window)
    if dialog.current() is None:
        dialogs.show_info(window, f"正文中没有“{old}年”。")
        return
    dialogs.run_dialog(dialog)


def about(window) -> None:
    from gui.about_dialog import AboutDialog

    dialogs.run_dialog(AboutDialog(window, window.path))
