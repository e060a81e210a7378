"""Page numbers 「— 1 —」 (odd pages right, even pages left, GB/T 9704 7.5) and the draft mark in the header."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from exporters.docx.styles import MARK_FONT, MARK_SIZE, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, set_fonts, set_paragraph

DASH = "\u2014"  # 一字线
PAGE_NUMBER_INDENT = PAGE_NUMBER_SIZE * 20  # 「空一字」 at 4号: 280 twips


def add_page_numbers(section) -> None:
    """Odd pages use the default footer (right), even pages the even footer (left); needs w:evenAndOddHeaders."""
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        indent = {"right": PAGE_NUMBER_INDENT} if align == "right" else {"left": PAGE_NUMBER_INDENT}
        set_paragraph(
            paragraph._p.get_or_add_pPr(), align=align, line=240, line_rule="auto", snap_to_grid=False, **indent
        )
        _add_run(paragraph, f"{DASH} ")
        _add_field(paragraph, "PAGE")
        _add_run(paragraph, f" {DASH}")


def add_draft_mark(section, mark: str) -> None:
    """The mark in the header of every page: the odd-page (default) and the even-page header."""
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        set_paragraph(paragraph._p.get_or_add_pPr(), align="center", line=240, line_rule="auto", snap_to_grid=False)
        run = paragraph.add_run(mark)
        set_fonts(run._r.get_or_add_rPr(), MARK_FONT, MARK_SIZE)


def _add_run(paragraph, text: str):
    run = paragraph.add_run(text)
    set_fonts(run._r.get_or_add_rPr(), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    return run


def _add_field(paragraph, instruction: str) -> None:
    """A complex field (begin / instrText / separate / result / end): Word and LibreOffice update it."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = _add_run(paragraph, "")
        r = run._r
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            r.append(instr)
        elif kind == "result":
            t = OxmlElement("w:t")
            t.text = "1"
            r.append(t)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r.append(char)
