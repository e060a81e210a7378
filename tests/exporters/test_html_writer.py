"""The web page for the site's editor: each table's grid rebuilt from the HTML's rowspan/colspan
(lxml) and compared with the definition cell for cell; nothing a CMS strips; the words of the report."""

from __future__ import annotations

from decimal import Decimal

import lxml.html
import pytest

from exporters.common import ExportRefused
from exporters.html.writer import export_html, html_text
from exporters.printed import cell_text
from model.draft_store import load_draft
from model.layout import table_grid
from tests.conftest import ROOT

SAMPLES = ["jinling-2022.json", "shanqiandian-2020.json"]


def realistic(sample: str):
    """Figures of every size a county sees, 5 to 7 digits among them."""
    report = load_draft(ROOT / "samples" / sample)
    for i, cell in enumerate(report.fmt.input_cells):
        if cell.kind == "money":
            report.set_value(cell.code, Decimal("12345.6789") if cell.unit == "万元" else Decimal("1234567.89"))
        elif cell.kind == "signed":
            report.set_value(cell.code, -(i % 9))
        else:
            report.set_value(cell.code, [0, 7, 12345, 1234567, 3][i % 5])
    return report


def rebuilt(table_el) -> dict[tuple[int, int], tuple[int, int, str]]:
    """(row, col) -> (rowspan, colspan, text), placing cells as a browser does."""
    taken: set[tuple[int, int]] = set()
    out = {}
    for r, tr in enumerate(table_el.xpath("./tr")):
        c = 0
        for td in tr.xpath("./td|./th"):
            while (r, c) in taken:
                c += 1
            rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            out[(r, c)] = (rs, cs, td.text_content())
            taken |= {(r + i, c + j) for i in range(rs) for j in range(cs)}
            c += cs
    return out


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("figures", ["sample", "realistic"])
def test_every_table_is_the_statutory_grid_cell_for_cell(sample, figures, tmp_path):
    report = load_draft(ROOT / "samples" / sample) if figures == "sample" else realistic(sample)
    path = tmp_path / "报告.html"
    export_html(report, path, draft=figures == "realistic")
    page = lxml.html.fromstring(path.read_bytes())
    tables = page.xpath("//table")
    sections = report.fmt.table_sections()
    assert len(tables) == len(sections)
    for table_el, section in zip(tables, sections):
        grid = table_grid(section.table)
        got = rebuilt(table_el)
        assert len(got) == len(grid.cells), section.table.code
        for gc in grid.cells:
            expected = cell_text(report, gc.code) if gc.role == "value" else gc.text
            assert got[(gc.row, gc.col)] == (gc.rowspan, gc.colspan, expected), (section.table.code, gc.row, gc.col)
        previous = table_el.getprevious()
        assert previous.tag in ("h2", "p", "h3")  # each table follows its section's heading or text
        assert section.heading in [h.text_content() for h in page.xpath("//h2")]


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_page_holds_every_heading_and_paragraph_and_nothing_a_cms_strips(sample, tmp_path):
    report = load_draft(ROOT / "samples" / sample)
    text = html_text(report)
    page = lxml.html.fromstring(text.encode("utf-8"))
    assert page.xpath("//h1")[0].text_content().replace("\n", "") == report.title
    h2 = [h.text_content() for h in page.xpath("//h2")]
    assert h2 == [s.heading for s in report.fmt.sections]
    h3 = [h.text_content() for h in page.xpath("//h3")]
    assert h3 == [
        p.heading for p in report.fmt.narrative_parts() if p.heading and (report.text(p.code) or not p.optional)
    ]
    paragraphs = [p.text_content() for p in page.xpath("//p")]
    for part in report.fmt.narrative_parts():
        for line in report.text(part.code).splitlines():
            if line.strip():
                assert line.strip(" \u3000") in paragraphs
    assert report.meta.organ in paragraphs[-2]
    assert not page.xpath("//script|//style|//link|//img|//iframe|//*[@class]|//*[@id]")
    assert all("url(" not in el.get("style", "") for el in page.iter() if isinstance(el.tag, str))
    assert 'charset="utf-8"' in text and "<!DOCTYPE html>" in text


def test_numbers_are_centred_and_widths_in_percent(tmp_path):
    page = lxml.html.fromstring(html_text(realistic("jinling-2022.json"), draft=True).encode("utf-8"))
    cells = page.xpath("//table//td")
    numbers = [td for td in cells if td.text_content().replace(".", "").isdigit()]
    assert numbers and all("text-align:center" in td.get("style") for td in numbers)
    assert "1234567" in {td.text_content() for td in numbers}
    for table in page.xpath("//table"):
        first_row = table.xpath("./tr")[0]
        assert all(td.get("style").rstrip(";").split("width:")[-1].endswith("%") for td in first_row)


def test_a_report_with_errors_is_a_draft_page_or_none(tmp_path):
    report = load_draft(ROOT / "samples" / "jinling-2022.json")
    report.enter("t3.new.natural", "3")  # R1 fails
    with pytest.raises(ExportRefused):
        export_html(report, tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()
    export_html(report, tmp_path / "x.html", draft=True)
    page = lxml.html.fromstring((tmp_path / "x.html").read_bytes())
    assert page.xpath("//p")[0].text_content() == "草稿——数据未通过校验"
