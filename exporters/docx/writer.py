"""Export a report as a Word document (.docx) laid out per GB/T 9704-2012.

    export_docx(report, path, draft=False, last_year=None)

A report with 错误 is refused (ExportRefused) unless draft=True; a draft
carries 「草稿——数据未通过校验」 in the header of every page. python-docx is
imported only when a document is built, so starting the program stays fast.
The file is built in memory and written atomically.
"""

from __future__ import annotations

import io
from pathlib import Path

from exporters.common import DRAFT_MARK, findings_for_export
from model.atomic import atomic_write_bytes
from model.report import Report


def export_docx(report: Report, path, *, draft: bool = False, last_year: Report | None = None) -> None:
    findings_for_export(report, draft=draft, last_year=last_year)
    atomic_write_bytes(Path(path), docx_bytes(report, draft=draft))


def docx_bytes(report: Report, *, draft: bool = False) -> bytes:
    """The .docx file as bytes, without any check (export_docx checks first)."""
    from docx import Document

    from exporters.docx import body as docx_body
    from exporters.docx import fonts as docx_fonts
    from exporters.docx import header_footer as docx_header_footer
    from exporters.docx import properties as docx_properties
    from exporters.docx import styles as docx_styles

    doc = Document()
    docx_styles.prepare(doc)
    docx_fonts.set_font_table(doc)
    docx_body.write_body(doc, report)
    section = doc.sections[0]
    docx_header_footer.add_page_numbers(section)
    if draft:
        docx_header_footer.add_draft_mark(section, DRAFT_MARK)
    docx_properties.set_properties(doc, report)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
