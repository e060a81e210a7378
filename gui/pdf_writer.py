"""The report as a PDF, written by Qt itself (QTextDocument on a QPdfWriter): no office suite needed
on the clerk's PC. A4 with the .docx's margins (GB/T 9704), the page laid out from the web page's
HTML, the fonts embedded by Qt's PDF engine, header rows repeated on a new page, page numbers
「— N —」 at the foot, right on odd pages and left on even ones, as in the .docx.

Lives in gui/ because it needs Qt; the command line starts an offscreen QGuiApplication for it.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

from exporters.common import findings_for_export
from model.atomic import atomic_write_bytes
from model.overwrite import PDF_CREATOR
from model.report import Report

MARGINS_MM = (28, 37, 26, 35)  # left, top, right, bottom: the .docx's page
RESOLUTION = 300  # dots per inch of the PDF's layout
FOOTER_MM = 14  # the page number sits this far below the text area
TABLE_ATTRS = '<table border="1" cellspacing="0" cellpadding="3" width="100%" style='


def export_pdf(report: Report, path, *, draft: bool = False, last_year: Report | None = None) -> None:
    findings_for_export(report, draft=draft, last_year=last_year)
    atomic_write_bytes(Path(path), pdf_bytes(report, draft=draft))


def _application():
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and os.name != "nt":
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    return app


def printable_html(report: Report, *, draft: bool) -> str:
    """The web page as Qt's rich text reads it: table borders as attributes, each header row marked."""
    from exporters.html.writer import html_text

    html = html_text(report, draft=draft).replace("<table style=", TABLE_ATTRS)
    # Qt sizes a column by a cell's width attribute, not by CSS
    html = re.sub(r'<(td|th)([^>]*) style="([^"]*?)width:([0-9.]+)%;"', r'<\1\2 width="\4%" style="\3"', html)
    # Qt takes a text-indent in pixels of the paint device only: 2 characters of 16 pt at 300 dpi
    html = html.replace("text-indent:2em", f"text-indent:{round(2 * 16 / 72 * RESOLUTION)}px")
    return re.sub(r"<h1 style=\"", '<h1 style="margin-bottom:18pt;', html)


def pdf_bytes(report: Report, *, draft: bool = False) -> bytes:
    _application()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
    from PySide6.QtGui import (
        QFont,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QTextDocument,
    )

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setTitle(report.title)
    writer.setCreator(PDF_CREATOR)  # model.overwrite knows a PDF we wrote by it
    left, top, right, bottom = MARGINS_MM
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(left, top, right, bottom),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(writer)  # first: the active PDF engine's font metrics are what the layout must use
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    font = QFont()
    font.setFamilies(["FangSong", "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun"])
    font.setPointSizeF(16)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(printable_html(report, draft=draft))
    _repeat_headers(doc)
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    page = QSizeF(area.width(), area.height())
    doc.setPageSize(page)
    _keep_rows_whole(doc, page.height())
    footer_font = QFont(font)
    footer_font.setPointSizeF(14)
    mm = writer.resolution() / 25.4
    # the page breaks above leave the layout of what follows them undone (lazy): lay it all out again
    doc.markContentsDirty(0, doc.characterCount())
    end = doc.documentLayout().blockBoundingRect(doc.lastBlock()).bottom()
    pages = max(doc.pageCount(), math.ceil(end / page.height()))
    for n in range(pages):
        if n:
            writer.newPage()
        painter.save()
        painter.translate(0, -n * page.height())
        this_page = QRectF(QPointF(0, n * page.height()), page)
        # Qt draws each paragraph that reaches into the page whole, clipped to it: the line cut at a
        # page break is invisible here but stays in this page's text layer too (copied twice)
        doc.drawContents(painter, this_page)
        painter.restore()
        painter.setFont(footer_font)
        number = f"— {n + 1} —"
        box = QRectF(0, page.height() + (FOOTER_MM - 7) * mm, page.width(), 10 * mm)
        align = Qt.AlignmentFlag.AlignRight if n % 2 == 0 else Qt.AlignmentFlag.AlignLeft
        painter.drawText(box, int(align | Qt.AlignmentFlag.AlignTop), number)
    painter.end()
    buffer.close()
    return with_true_characters(bytes(data.data()))


# the font draws 「——」 as one glyph whose first code point is the two-em dash U+2E3A
DASHES = {"\u2e3a": "\u2014\u2014", "\u2e3b": "\u2014\u2014\u2014"}


def _fix_targets(cmap: str) -> str:
    """In a ToUnicode CMap, every radical code point a glyph maps to becomes its common character."""
    from model.cjk_radicals import ideograph_of

    def hex_of(token: str) -> str:
        text = bytes.fromhex(token).decode("utf-16-be", errors="surrogatepass")
        if len(text) != 1:
            return token
        fixed = DASHES.get(text) or chr(ideograph_of(ord(text)))
        return fixed.encode("utf-16-be").hex().upper() if fixed != text else token

    def array(m: re.Match[str]) -> str:
        return "[" + re.sub(r"<([0-9A-Fa-f]+)>", lambda t: f"<{hex_of(t.group(1))}>", m.group(1)) + "]"

    def bfchar(m: re.Match[str]) -> str:
        pairs = re.sub(
            r"(<[0-9A-Fa-f]+>\s*)<([0-9A-Fa-f]+)>", lambda t: f"{t.group(1)}<{hex_of(t.group(2))}>", m.group(2)
        )
        return m.group(1) + pairs + m.group(3)

    cmap = re.sub(r"\[([^\]]*)\]", array, cmap)
    return re.sub(r"(beginbfchar)(.*?)(endbfchar)", bfchar, cmap, flags=re.S)


def with_true_characters(pdf: bytes) -> bytes:
    """Qt maps each glyph back to the first code point the font's cmap gives it, so 「金」 is copied
    and searched as the radical ⾦ (U+2F8A): every font's ToUnicode map is corrected (pypdf)."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    seen: set[int] = set()
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            to_unicode = font.get(NameObject("/ToUnicode"))
            if to_unicode is None or id(to_unicode.get_object()) in seen:
                continue
            stream = to_unicode.get_object()
            seen.add(id(stream))
            text = stream.get_data().decode("latin-1")
            fixed = _fix_targets(text)
            if fixed != text:
                stream.set_data(fixed.encode("latin-1"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _tables(doc) -> list:
    from PySide6.QtGui import QTextTable

    out, frames = [], [doc.rootFrame()]
    while frames:
        frame = frames.pop()
        for child in frame.childFrames():
            if isinstance(child, QTextTable):
                out.append(child)
            frames.append(child)
    return out


def _row_span(layout, table, row: int) -> tuple[float, float] | None:
    """Top and bottom of a table row in the document, over the cells that start in it."""
    top, bottom = float("inf"), -1.0
    for col in range(table.columns()):
        cell = table.cellAt(row, col)
        if not cell.isValid() or cell.row() != row or cell.rowSpan() > 1:
            continue
        top = min(top, layout.blockBoundingRect(cell.firstCursorPosition().block()).top())
        bottom = max(bottom, layout.blockBoundingRect(cell.lastCursorPosition().block()).bottom())
    return (top, bottom) if bottom >= 0 else None


def _keep_rows_whole(doc, page_height: float) -> None:
    """Qt's layout breaks a table row across two pages; the .docx never does. A row that would
    straddle a page boundary starts the next page instead (a page break before each of its cells),
    one row at a time, since each move shifts what follows. A row taller than a page stays as it is."""
    from PySide6.QtGui import QTextFormat

    layout = doc.documentLayout()
    moved: set[tuple[int, int]] = set()
    for _ in range(500):
        doc.markContentsDirty(0, doc.characterCount())  # Qt lays out lazily after a change: measure it all
        straddling = None
        for t, table in enumerate(_tables(doc)):
            for row in range(table.rows()):
                span = _row_span(layout, table, row)
                if span is None or (t, row) in moved or span[1] - span[0] >= page_height:
                    continue
                if int(span[0] // page_height) != int((span[1] - 1) // page_height):
                    straddling = (t, table, row)
                    break
            if straddling:
                break
        if straddling is None:
            return
        t, table, row = straddling
        moved.add((t, row))
        # the break goes after the row above: a break before this row would come after the header
        # rows Qt repeats on the new page, and leave that page empty
        above, policy = (row - 1, QTextFormat.PageBreakFlag.PageBreak_AlwaysAfter) if row else (row, None)
        for col in range(table.columns()):
            cell = table.cellAt(above, col)
            if cell.isValid() and cell.row() == above and cell.rowSpan() == 1:
                cursor = cell.lastCursorPosition() if policy else cell.firstCursorPosition()
                block = cursor.blockFormat()
                block.setPageBreakPolicy(policy or QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setBlockFormat(block)


def _repeat_headers(doc) -> None:
    """Each table's column-header rows repeat at the top of a continued page, as in the .docx."""
    for table in _tables(doc):
        fmt = table.format()
        fmt.setHeaderRowCount(_header_rows(table))
        table.setFormat(fmt)


def _header_rows(table) -> int:
    """Rows before the first that holds a number: 表二's first block header, 表三's and 表四's headers."""
    for row in range(table.rows()):
        for col in range(table.columns()):
            cell = table.cellAt(row, col)
            text = cell.firstCursorPosition().block().text() if cell.isValid() else ""
            if re.fullmatch(r"[-+]?[0-9][0-9.,]*(?:万元|元)?", text.strip()):
                return row
    return 0
