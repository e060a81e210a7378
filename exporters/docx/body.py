"""The report's body in order: title, opening, the six sections with their parts and tables, signature.

Every heading and table label comes from the format definition; this module
only decides where each piece goes and in which style.
"""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from exporters import printed
from exporters.docx.styles import (
    BODY_CHAR_TWIPS,
    BODY_FONT,
    BODY_SIZE,
    HEADING1_FONT,
    HEADING1_STYLE,
    HEADING2_FONT,
    HEADING2_STYLE,
    LINE_TWIPS,
    TEXT_WIDTH_TWIPS,
    TITLE_FONT,
    TITLE_SIZE,
    TITLE_STYLE,
    set_fonts,
    set_paragraph,
)
from exporters.docx.table import build_table
from model.chinese_time import written_date
from model.layout import VALUE, table_grid
from model.report import Report

DIGIT_HYPHEN = re.compile(r"(?<=\d)-(?=\d)")
SIGNATURE_DATE_INDENT = 4  # characters: 成文日期 「右空四字」 (GB/T 9704 7.3.5.1)


def write_body(doc, report: Report) -> None:
    _title(doc, report)
    _blank(doc)
    _paragraphs(doc, printed.opening_text(report) + printed.contact_text(report))
    for section in report.fmt.sections:
        _paragraph(doc, section.heading, HEADING1_STYLE, HEADING1_FONT)
        for part in section.parts:
            _part(doc, report, part)
        if section.table is not None:
            _table(doc, report, section.table)
    _signature(doc, report)


def _part(doc, report: Report, part) -> None:
    paragraphs = printed.part_paragraphs(report, part)
    if paragraphs is None:
        return
    if part.heading:
        _paragraph(doc, part.heading, HEADING2_STYLE, HEADING2_FONT)
    _paragraphs(doc, "\n".join(paragraphs))


def _table(doc, report: Report, table) -> None:
    grid = table_grid(table)

    def text_of(cell) -> str:
        return printed.cell_text(report, cell.code) if cell.role == VALUE else cell.text

    doc.element.body.sectPr.addprevious(build_table(grid, text_of))


def _title(doc, report: Report) -> None:
    capacity = TEXT_WIDTH_TWIPS / (TITLE_SIZE * 20)
    lines = printed.title_lines(report.title, report.meta.organ, capacity)
    paragraph = doc.add_paragraph(style=TITLE_STYLE)
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        set_fonts(run._r.get_or_add_rPr(), TITLE_FONT, TITLE_SIZE)
        if i < len(lines) - 1:
            run.add_break()


def _signature(doc, report: Report) -> None:
    """Organ's name centred over the date; the date 4 characters from the right edge; one blank line above."""
    organ = report.meta.organ.strip()
    date = written_date(report.meta.date) if report.meta.date else ""
    if not organ and not date:
        return
    organ_w, date_w = printed.text_width(organ), printed.text_width(date)
    date_indent = float(SIGNATURE_DATE_INDENT)
    organ_indent = date_indent + (date_w - organ_w) / 2
    if organ_indent < 0:  # a long name: keep it on the line, move the date under its middle
        date_indent -= organ_indent
        organ_indent = 0.0
    # The signature never stands alone on a page: the last lines of text go with it.
    body = doc.element.body
    last = body.sectPr.getprevious()
    if last is not None and last.tag == qn("w:p"):
        set_keep_next(last)
    set_keep_next(_blank(doc)._p)
    for text, indent in ((organ, organ_indent), (date, date_indent)):
        if text:
            paragraph = _paragraph(doc, text, "Normal", BODY_FONT)
            set_paragraph(
                paragraph._p.get_or_add_pPr(),
                align="right",
                line=LINE_TWIPS,
                right=round(indent * BODY_CHAR_TWIPS),
                keep_next=text == organ,
            )


def _paragraphs(doc, text: str) -> None:
    for line in printed.paragraph_lines(text):
        _paragraph(doc, line, "Normal", BODY_FONT)


def _paragraph(doc, text: str, style: str, font: str):
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run()
    set_fonts(run._r.get_or_add_rPr(), font, BODY_SIZE)
    _add_text(run._r, text)
    return paragraph


def _add_text(r, text: str) -> None:
    """text into the run; a hyphen between digits (0535-8211234) as w:noBreakHyphen, so that a
    phone number never breaks at it. Read back, python-docx and Word's copy give "-" again."""
    for i, piece in enumerate(DIGIT_HYPHEN.split(text)):
        if i:
            r.append(OxmlElement("w:noBreakHyphen"))
        if piece:
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = piece
            r.append(t)


def _blank(doc):
    return doc.add_paragraph(style="Normal")


def set_keep_next(p) -> None:
    p.get_or_add_pPr().get_or_add_keepNext()
