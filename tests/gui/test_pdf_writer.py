"""PDF for publishing, written by Qt without an office suite: A4, fonts embedded, every label and value
of the three tables, page numbers as in the .docx, no table row split across two pages."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from exporters.printed import cell_text
from gui import dialogs, file_actions
from gui.main_window import MainWindow
from gui.pdf_writer import _keep_rows_whole, _row_span, _tables, export_pdf, pdf_bytes
from model.draft_store import load_draft
from model.layout import table_grid
from tests.conftest import ROOT
from tests.exporters.test_html_writer import realistic

SAMPLES = ["jinling-2022.json", "shanqiandian-2020.json"]


def squeeze(text: str) -> str:
    return "".join(text.split())


def in_order(needle: str, haystack: str) -> bool:
    rest = iter(haystack)
    return all(ch in rest for ch in needle)


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("figures", ["sample", "realistic"])
def test_the_pdf_is_a4_with_embedded_fonts_page_numbers_and_every_table_cell(sample, figures, tmp_path, qapp):
    report = load_draft(ROOT / "samples" / sample) if figures == "sample" else realistic(sample)
    path = tmp_path / "报告.pdf"
    export_pdf(report, path, draft=figures == "realistic")
    reader = PdfReader(path)
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
    pages = [page.extract_text() for page in reader.pages]
    for n, text in enumerate(pages, 1):
        assert re.search(rf"—\s*{n}\s*—", text), n
    assert not re.search("[\u2e80-\u2fd5]", "".join(pages))  # copied text is 「金」, not the radical ⾦
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the emb column
    assert any("CJK" in line for line in fonts)
    whole = squeeze("".join(pages))
    assert squeeze(report.title) in whole
    for section in report.fmt.table_sections():
        for gc in table_grid(section.table).cells:
            text = squeeze(cell_text(report, gc.code) if gc.role == "value" else gc.text)
            # a label that wraps inside a narrow cell is interleaved with its neighbours' lines in the
            # text layer: its characters are there in their order
            assert text in whole or in_order(text, whole), (section.table.code, text)


def test_no_table_row_is_split_across_two_pages(qapp):
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    from gui.pdf_writer import printable_html

    doc = QTextDocument()
    doc.setHtml(printable_html(realistic("jinling-2022.json"), draft=True))
    height = 900.0
    doc.setPageSize(QSizeF(600, height))

    def split_rows():
        out = []
        for table in _tables(doc):
            for row in range(table.rows()):
                span = _row_span(doc.documentLayout(), table, row)
                if span and span[1] - span[0] < height and int(span[0] // height) != int((span[1] - 1) // height):
                    out.append(row)
        return out

    assert split_rows()  # Qt's own layout splits some
    _keep_rows_whole(doc, height)
    assert split_rows() == []


def test_a_report_with_errors_is_only_a_draft_pdf(tmp_path, qapp):
    from exporters.common import ExportRefused

    report = load_draft(ROOT / "samples" / "jinling-2022.json")
    report.enter("t3.new.natural", "3")
    with pytest.raises(ExportRefused):
        export_pdf(report, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    assert (
        "草稿——数据未通过校验"
        in PdfReader(__import__("io").BytesIO(pdf_bytes(report, draft=True))).pages[0].extract_text()
    )


def test_the_command_line_writes_a_pdf_without_a_screen(tmp_path):
    out = tmp_path / "报告.pdf"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "app.py"),
            "export",
            str(ROOT / "samples" / "jinling-2022.json"),
            "--pdf",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in __import__("os").environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")},
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF") and len(PdfReader(out).pages) >= 5


def test_the_window_exports_a_pdf(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(dialogs, "show_info", lambda parent, text: None)
    monkeypatch.setattr(dialogs, "save_path", lambda *a, **k: tmp_path / "网站")
    window = MainWindow(load_draft(ROOT / "samples" / "jinling-2022.json"), None)
    qtbot.addWidget(window)
    window.show()
    assert file_actions.export(window, "pdf") is True
    assert PdfReader(tmp_path / "网站.pdf").metadata.title == window.report.title
    window.close()
