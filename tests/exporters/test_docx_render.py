"""The .docx as LibreOffice prints it: every table row in order, margins, page numbers, draft mark, title.

Four documents (both samples; both formats with a distinct value in every cell,
as drafts) are converted once per module, in parallel, each with its own
LibreOffice profile (tests/lo.py).
"""

from __future__ import annotations

import html
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from exporters.common import DRAFT_MARK
from exporters.docx.writer import export_docx
from model.draft_store import load_draft
from model.formats import get_format
from model.layout import table_grid
from tests.conftest import SAMPLE_2019, SAMPLE_2021, make_filled
from tests.exporters.test_docx_writer import Case, distinct_values, expected_text
from tests.lo import convert, pdf_pages

pytestmark = pytest.mark.render

PT_PER_MM = 72 / 25.4
LEFT_EDGE = 28 * PT_PER_MM
RIGHT_EDGE = (210 - 26) * PT_PER_MM
TOP_EDGE = 37 * PT_PER_MM
TYPE_AREA_BOTTOM = (297 - 35) * PT_PER_MM
TOLERANCE = 1.5  # points
HANGING_PUNCTUATION = "，。、；：！？）》”’"
DOCUMENTS = ["sample-2021", "sample-2019", "distinct-2021", "distinct-2019"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("render")
    reports = {
        "sample-2021": (load_draft(SAMPLE_2021), False),
        "sample-2019": (load_draft(SAMPLE_2019), False),
        "distinct-2021": (distinct_values(make_filled(get_format("2021"), 2022)), True),
        "distinct-2019": (distinct_values(make_filled(get_format("2019"), 2020)), True),
    }
    jobs = {}
    for name, (report, draft) in reports.items():
        export_docx(report, folder / f"{name}.docx", draft=draft)
    with ThreadPoolExecutor(max_workers=len(reports)) as pool:
        for name in reports:
            jobs[name] = pool.submit(convert, folder / f"{name}.docx", "pdf", folder / name)
    return {name: (Case(report, name), draft, jobs[name].result()[0]) for name, (report, draft) in reports.items()}


def words(pdf) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, every word's (xMin, yMin, xMax, yMax, text), from pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        pages.append(
            [
                (float(a), float(b), float(c), float(d), html.unescape(t))
                for a, b, c, d, t in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page
                )
            ]
        )
    return pages


def raw_text(pdf) -> str:
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_table_row_prints_with_its_labels_and_values_in_order(rendered, name):
    """Each grid row's own one-row cells, left to right, appear in the PDF, rows in order: labels and
    values in the right place (labels may wrap in narrow cells: whitespace is removed before comparing).
    A label over several rows may be cut by a page break (LibreOffice prints the rest of
    「三、本年度办理结果」 on the next page): its characters must appear in order within its rows."""
    case, _, pdf = rendered[name]
    report = case.report
    text = squeeze(raw_text(pdf))
    position = 0
    for section in report.fmt.table_sections():
        grid = table_grid(section.table)
        tall: list[tuple[str, int, int]] = []  # (text, position before its first row, its last row)
        for r in range(grid.n_rows):
            cells = sorted((c for c in grid.cells if c.row == r), key=lambda c: c.col)
            tall += [(squeeze(expected_text(report, c)), position, r + c.rowspan - 1) for c in cells if c.rowspan > 1]
            row = "".join(squeeze(expected_text(report, c)) for c in cells if c.rowspan == 1)
            found = text.find(row, position)
            assert found >= 0, f"{name} {section.table.name} row {r}: {row!r} not found after {position}"
            position = found + len(row)
            for label, start, _last in [t for t in tall if t[2] == r]:
                assert in_order(label, text[start:position]), f"{name} {section.table.name}: {label!r}"


def in_order(chars: str, text: str) -> bool:
    rest = iter(text)
    return all(ch in rest for ch in chars)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_page_count_is_plausible(rendered, name):
    assert 4 <= pdf_pages(rendered[name][2]) <= 12


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_text_outside_the_type_area_width(rendered, name):
    """Tables stay inside the margins. Body lines may end in one hanging 「，」「。」: LibreOffice
    ignores w:overflowPunct="0" (Word honours it); anything else past the edge fails."""
    for n, page in enumerate(words(rendered[name][2]), start=1):
        for x0, _, x1, _, word in page:
            assert x0 >= LEFT_EDGE - TOLERANCE, f"page {n}: {word!r} starts at {x0}"
            hanging = word[-1] in HANGING_PUNCTUATION and x1 - 16 <= RIGHT_EDGE + TOLERANCE
            assert x1 <= RIGHT_EDGE + TOLERANCE or hanging, f"page {n}: {word!r} ends at {x1}"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_page_numbers_odd_right_even_left(rendered, name):
    pages = words(rendered[name][2])
    middle = (LEFT_EDGE + RIGHT_EDGE) / 2
    for n, page in enumerate(pages, start=1):
        footer = [w for w in page if w[1] > TYPE_AREA_BOTTOM]
        assert [w[4] for w in footer] == ["—", str(n), "—"], f"page {n}"
        if n % 2:
            assert footer[0][0] > middle and abs(footer[-1][2] - (RIGHT_EDGE - 14)) < 3  # 右空一字
        else:
            assert footer[-1][2] < middle and abs(footer[0][0] - (LEFT_EDGE + 14)) < 3  # 左空一字
        # 一字线 about 7 mm under the type area
        dash_middle = (footer[0][1] + footer[0][3]) / 2
        assert 5 <= (dash_middle - TYPE_AREA_BOTTOM) / PT_PER_MM <= 9


@pytest.mark.parametrize("name", DOCUMENTS)
def test_draft_mark_on_every_page_of_a_draft_only(rendered, name):
    _, draft, pdf = rendered[name]
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")[
        :-1
    ]
    assert len(pages) == pdf_pages(pdf)
    assert [DRAFT_MARK in page for page in pages] == [draft] * len(pages)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_title_is_centred_on_top_and_signature_at_the_end(rendered, name):
    case, _, pdf = rendered[name]
    report = case.report
    body = [w for w in words(pdf)[0] if w[1] >= TOP_EDGE - TOLERANCE]  # the draft mark sits above
    first = [w for w in body if w[1] < body[0][1] + 60]  # the title's lines
    assert squeeze("".join(w[4] for w in first)).startswith(squeeze(report.title)[:10])
    lines: dict[float, list] = {}
    for w in first:
        lines.setdefault(w[1], []).append(w)
    for line in lines.values():
        centre = (min(w[0] for w in line) + max(w[2] for w in line)) / 2
        assert abs(centre - (LEFT_EDGE + RIGHT_EDGE) / 2) < 3
    text = squeeze(raw_text(pdf))
    date = report.meta.date
    assert text.rstrip("—0123456789").endswith(squeeze(f"{report.meta.organ}{date.year}年{date.month}月{date.day}日"))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_our_pdf_imports_back_as_a_published_report(rendered, name):
    """The .docx printed to PDF by LibreOffice, read with import-report: every cell, every part's words."""
    from exporters.published.reader import read_published

    case, _, pdf = rendered[name]
    report = case.report
    result, what = read_published(pdf)
    got = result.report
    assert what == "PDF" and got.fmt.format_id == report.fmt.format_id and got.meta.year == report.meta.year
    blank = [c for c in report.fmt.input_cells if report.values.get(c.code) is None]
    # a PDF keeps no place for a blank cell: its row is listed as unread, never filled by guessing
    unread_rows = {c.row.code for c in blank}
    for cell in report.fmt.input_cells:
        expected = None if cell.row.code in unread_rows and cell.table.code == "t2" else report.values.get(cell.code)
        assert got.values.get(cell.code) == expected, cell.code
    from exporters.published.recognise import key
    from model.prose.printed import figures_sentence

    for part in report.fmt.narrative_parts():
        # the words, not the punctuation: a comma hung in the margin at a line's end is not in the text layer
        printed = report.text(part.code) + figures_sentence(report, part)
        assert key(got.text(part.code)) == key(printed), part.code
    unread = [n.message for n in result.notes_of("unread")]
    assert len(unread) == 2 * len(unread_rows) and all("规章" in m for m in unread)
