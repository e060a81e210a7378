"""The .docx export read back with python-docx: tables cell for cell, fonts, page, footers, draft mark, refusal."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from exporters.common import DRAFT_MARK, ExportRefused, text_width
from exporters.docx.widths import share_out
from exporters.docx.writer import export_docx
from exporters.printed import title_lines
from model.chinese_time import written_date
from model.draft_store import load_draft
from model.layout import VALUE, table_grid
from model.normalize import format_value
from tests.conftest import ROOT, SAMPLE_2019, SAMPLE_2021

TEXT_WIDTH = Mm(210 - 28 - 26)
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


# ------------------------------------------------------------------ reports and helpers


def distinct_values(report):
    """Every input a different number (so a value in the wrong cell shows), money with decimals,
    a negative 本年增/减, one cell left blank. R1 no longer holds: export it as a draft."""
    inputs = report.fmt.input_cells
    for i, cell in enumerate(inputs):
        if cell.kind == "money":
            report.set_value(cell.code, Decimal(f"{i + 1}.2345"))
        elif cell.kind == "signed":
            report.set_value(cell.code, -(i + 1))
        else:
            report.set_value(cell.code, i + 1)
    report.set_value(inputs[1].code, None)
    return report


def expected_text(report, cell) -> str:
    """What a grid cell must print, worked out here from the report, not by the exporter's code."""
    if cell.role != VALUE:
        return cell.text
    defined = report.fmt.cells.get(cell.code)
    if defined is None:
        return ""
    value = report.value(cell.code)
    if value is None:
        return ""
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return text + (defined.unit if defined.print_unit else "")


def docx_cells(tbl) -> list[tuple[int, int, int, int, str]]:
    """(row, col, rowspan, colspan, text) of every cell, reading gridSpan and vMerge from the XML."""
    cells: list[list] = []
    above: dict[int, list] = {}
    n_cols = len(tbl.tblGrid.gridCol_lst)
    for r, tr in enumerate(tbl.tr_lst):
        c = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            text = "".join(t.text for t in tc.iter(qn("w:t")))
            if tc.vMerge == "continue":
                cell = above[c]
                assert (cell[1], cell[3], text) == (c, span, ""), f"row {r} col {c}: bad continuation"
                cell[2] += 1
            else:
                cell = [r, c, 1, span, text]
                cells.append(cell)
                above[c] = cell
            c += span
        assert c == n_cols, f"row {r} covers {c} of {n_cols} grid columns"
    return sorted(tuple(c) for c in cells)


def rfonts(element) -> dict[str, str]:
    """The w:rFonts attributes of a run or of a w:rPr, by local name."""
    rpr = element if element.tag == qn("w:rPr") else element.find(qn("w:rPr"))
    found = None if rpr is None else rpr.find(qn("w:rFonts"))
    return {} if found is None else {k.split("}")[1]: v for k, v in found.attrib.items()}


def export(report, tmp_path, name="报告.docx", **kwargs):
    path = tmp_path / name
    export_docx(report, path, **kwargs)
    return Document(str(path))


class Case:
    """A report under test. Its repr is short: pytest prints test arguments on failure, and the repr
    of a Report (it holds the whole format definition) runs to hundreds of megabytes."""

    def __init__(self, report, name: str):
        self.report, self.name = report, name

    def __repr__(self) -> str:
        return f"<{self.name}>"


@pytest.fixture(params=["2021", "2019"])
def sample(request):
    return Case(load_draft(SAMPLE_2021 if request.param == "2021" else SAMPLE_2019), f"sample {request.param}")


@pytest.fixture(params=["2021", "2019"])
def distinct(request, filled2021, filled2019):
    return Case(distinct_values(filled2021 if request.param == "2021" else filled2019), f"distinct {request.param}")


@pytest.fixture
def filled(filled2021):
    return Case(filled2021, "filled 2021")


# ------------------------------------------------------------------ tables


def check_tables(case, doc):
    report = case.report
    tables = report.fmt.table_sections()
    assert len(doc.tables) == len(tables) == 3
    for section, table in zip(tables, doc.tables):
        grid = table_grid(section.table)
        expected = sorted((c.row, c.col, c.rowspan, c.colspan, expected_text(report, c)) for c in grid.cells)
        assert docx_cells(table._tbl) == expected, section.table.name
        # python-docx sees the same merges: every grid position of a merged cell gives its text
        seen = table._cells  # row-major, one entry per grid position (table.cell is O(n))
        for c in grid.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):  # a planned line break reads as "\n"
                    assert seen[r * grid.n_cols + k].text.replace("\n", "") == expected_text(report, c)
            if c.colspan > 1:
                assert seen[c.row * grid.n_cols + c.col]._tc is seen[c.row * grid.n_cols + c.col + 1]._tc


def test_sample_tables_equal_the_statutory_layout(sample, tmp_path):
    check_tables(sample, export(sample.report, tmp_path))


def test_distinct_values_land_in_their_cells(distinct, tmp_path):
    report = distinct.report
    doc = export(report, tmp_path, draft=True)
    check_tables(distinct, doc)
    texts = {c[4] for t in doc.tables for c in docx_cells(t._tbl)}
    blank = report.fmt.input_cells[1]
    assert report.value(blank.code) is None  # printed empty, not 0
    money = next(c for c in report.fmt.input_cells if c.kind == "money")
    printed = format_value(report.value(money.code)) + (money.unit if money.print_unit else "")
    assert printed in texts and printed.startswith(f"{report.fmt.input_cells.index(money) + 1}.2345")


def test_computed_cells_print_the_sum_of_their_terms(distinct, tmp_path):
    report = distinct.report
    doc = export(report, tmp_path, draft=True)
    printed = {}
    for section, table in zip(report.fmt.table_sections(), doc.tables):
        grid = table_grid(section.table)
        cells = table._cells
        for c in grid.value_cells():
            printed[c.code] = cells[c.row * grid.n_cols + c.col].text
    computed = report.fmt.computed_order
    assert computed
    for code in computed:  # terms before totals: a total of totals uses printed totals
        terms = [printed[t] for t in report.fmt.formulas[code].terms]
        filled = [int(t) for t in terms if t]
        assert printed[code] == (str(sum(filled)) if filled else ""), code


def test_table_widths_fit_the_text_area_and_rows_behave(sample, tmp_path):
    report = sample.report
    doc = export(report, tmp_path)
    for table, section in zip(doc.tables, report.fmt.table_sections()):
        tbl = table._tbl
        cols = [int(g.get(qn("w:w"))) for g in tbl.tblGrid.gridCol_lst]
        assert sum(cols) <= TEXT_WIDTH.twips
        assert min(cols) >= 500  # ≥ 8.8 mm: two 五号 characters and the margins
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = table_grid(section.table)
        for r, tr in enumerate(tbl.tr_lst):
            assert tr.trPr.find(qn("w:cantSplit")) is not None
            c = 0
            for tc in tr.tc_lst:
                width = int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w")))
                assert width == sum(cols[c : c + tc.grid_span])
                c += tc.grid_span
            repeated = tr.trPr.find(qn("w:tblHeader")) is not None
            leading = all(k in grid.header_rows for k in range(r + 1))
            assert repeated == leading, f"{section.table.name} row {r}"
        # a table that fits on a page is kept whole: every row goes with the next but the last
        assert kept_rows(tbl) == set(range(grid.n_rows - 1)), section.table.name
        if section.table.name == "表三":
            labels, numbers = cols[:3], cols[3:]
            assert max(numbers) < min(labels[2], sum(labels[:2]))  # sub-row labels get the room


def kept_rows(tbl) -> set[int]:
    """Rows whose every cell keeps with the next paragraph: such a row does not end a page."""
    return {
        r
        for r, tr in enumerate(tbl.tr_lst)
        if all(tc.p_lst[0].pPr.find(qn("w:keepNext")) is not None for tc in tr.tc_lst)
    }


def test_number_cells_are_centred(sample, tmp_path):
    report = sample.report
    doc = export(report, tmp_path)
    for table, section in zip(doc.tables, report.fmt.table_sections()):
        grid = table_grid(section.table)
        cells = table._cells
        for c in grid.value_cells():
            paragraph = cells[c.row * grid.n_cols + c.col].paragraphs[0]
            assert paragraph.alignment is not None and paragraph.alignment.name == "CENTER"


# ------------------------------------------------------------------ text and structure


def test_title_headings_opening_and_signature(sample, tmp_path):
    report = sample.report
    doc = export(report, tmp_path)
    paragraphs = doc.paragraphs
    assert paragraphs[0].style.name == "Report Title"
    assert paragraphs[0].text.replace("\n", "") == report.title
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == [s.heading for s in report.fmt.sections]
    assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == [
        part.heading for part in report.fmt.narrative_parts() if part.heading
    ]
    opening = paragraphs[2].text
    year = report.meta.year
    assert f"自{year}年1月1日至{year}年12月31日止" in opening
    assert report.fmt.document_number in opening
    for section in report.fmt.sections:
        assert section.heading.split("、", 1)[1] in opening
    organ, date = paragraphs[-2], paragraphs[-1]
    assert organ.text == report.meta.organ
    assert date.text == f"{report.meta.date.year}年{report.meta.date.month}月{report.meta.date.day}日"
    assert organ.alignment.name == date.alignment.name == "RIGHT"
    char = Pt(16)
    assert date.paragraph_format.right_indent == 4 * char
    # the organ's name is centred over the date
    organ_middle = organ.paragraph_format.right_indent + text_width(organ.text) * char / 2
    date_middle = date.paragraph_format.right_indent + text_width(date.text) * char / 2
    assert abs(organ_middle - date_middle) < Pt(1)
    assert paragraphs[-3].text == ""  # 空一行 above the signature


def test_signature_of_a_long_name_keeps_the_date_under_its_middle(filled, tmp_path):
    report = filled.report
    report.set_meta("organ", "某某省某某市某某县某某镇人民政府")  # 16 characters, the date 6.5
    report.set_meta("date", dt.date(2024, 1, 12))
    organ, date = export(report, tmp_path).paragraphs[-2:]
    assert (organ.text, date.text) == ("某某省某某市某某县某某镇人民政府", "2024年1月12日")
    assert organ.paragraph_format.right_indent == 0
    char = Pt(16)
    assert abs(date.paragraph_format.right_indent + 6.5 * char / 2 - 16 * char / 2) < Pt(1)


def test_narrative_lines_become_paragraphs(filled, tmp_path):
    report = filled.report
    report.set_text("s5.main", "　　第一段问题。\n\n  第二段改进。\r\n")
    report.set_text("s1.intro", "")
    doc = export(report, tmp_path)
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("五、存在的主要问题及改进情况")
    assert texts[start + 1 : start + 3] == ["第一段问题。", "第二段改进。"]
    assert texts[start + 3] == "六、其他需要报告的事项"
    # the optional intro of 一 is left out when empty: （一） follows the heading directly
    assert texts[texts.index("一、总体情况") + 1] == "（一）主动公开"


def test_fee_figures_of_2021_part_six_are_written_as_a_sentence_of_the_report(filled, tmp_path):
    report = filled.report
    report.set_text("s6.fee", "")
    report.enter_field("s6.fee.notices", "2")
    report.enter_field("s6.fee.collected", "150.5")
    texts = [p.text for p in export(report, tmp_path).paragraphs]
    after = texts[texts.index("（一）收取信息处理费情况") + 1]
    assert after == "本年度发出收费通知2件，收费通知金额0元，实际收取信息处理费150.5元。"
    assert not any("收费通知件数：" in t or "实际收取金额（元）" in t for t in texts)  # no field labels


def test_fee_sentence_is_not_repeated_when_the_prose_already_states_it(filled, tmp_path):
    report = filled.report
    report.set_text("s6.fee", "本年度未收取信息处理费。")
    texts = [p.text for p in export(report, tmp_path).paragraphs]
    start = texts.index("（一）收取信息处理费情况")
    assert texts[start + 1 : start + 3] == [
        "本年度未收取信息处理费。",
        "（二）本行政机关落实上级年度政务公开工作要点情况",
    ]


def test_chinese_date_and_title_breaks():
    assert written_date(dt.date(2024, 1, 12)) == "2024年1月12日"
    assert written_date(dt.date(2023, 11, 5)) == "2023年11月5日"
    assert title_lines("甲镇2024年政府信息公开工作年度报告", "甲镇", 20) == ["甲镇2024年政府信息公开工作年度报告"]
    assert title_lines("招远市金岭镇人民政府2022年政府信息公开工作年度报告", "招远市金岭镇人民政府", 20) == [
        "招远市金岭镇人民政府",
        "2022年政府信息公开工作年度报告",
    ]


def test_share_out_widens_narrow_columns_and_cuts_wide_ones():
    assert share_out([7, 2, 2, 2], 36) == [9, 9, 9, 9]
    assert share_out([10, 2, 2, 2, 2], 30) == [10, 5, 5, 5, 5]
    assert share_out([5, 4, 37, 2, 2], 23) == [5, 4, 10, 2, 2]


# ------------------------------------------------------------------ typography

STYLE_FONTS = {
    "Normal": ("仿宋_GB2312", 16),
    "Report Title": ("方正小标宋简体", 22),
    "Heading 1": ("黑体", 16),
    "Heading 2": ("楷体_GB2312", 16),
    "Table Text": ("宋体", 10.5),
    "Footer": ("宋体", 14),
}


def test_styles_set_east_asian_fonts_and_no_theme_fonts(sample, tmp_path):
    report = sample.report
    doc = export(report, tmp_path)
    for name, (font, size) in STYLE_FONTS.items():
        style = doc.styles[name]
        fonts = rfonts(style.element.rPr)
        assert fonts["eastAsia"] == fonts["ascii"] == fonts["hAnsi"] == font, name
        assert style.font.size == Pt(size), name
    styles_xml = doc.styles.element
    for el in styles_xml.iter(qn("w:rFonts")):
        assert not any(el.get(qn(a)) for a in THEME_ATTRS), el.attrib
    defaults = styles_xml.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert rfonts(defaults)["eastAsia"] == "仿宋_GB2312"
    assert not doc.styles["Heading 1"].font.bold and not doc.styles["Heading 2"].font.bold
    # the font table names a face Windows has for each GB2312 font it may lack
    table = next(r.target_part.blob.decode("utf-8") for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    for font, fallback in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "宋体")):
        assert f'<w:font w:name="{font}"><w:altName w:val="{fallback}"/>' in table
    assert not [r for r in doc.part.rels.values() if r.reltype.endswith("/stylesWithEffects")]


def test_every_run_sets_its_east_asian_font(sample, tmp_path):
    report = sample.report
    doc = export(report, tmp_path, draft=True)
    section = doc.sections[0]
    parts = [
        doc.element.body,
        section.footer._element,
        section.even_page_footer._element,
        section.header._element,
        section.even_page_header._element,
    ]
    expected = {
        "Report Title": ("方正小标宋简体", 22),
        "Heading 1": ("黑体", 16),
        "Heading 2": ("楷体_GB2312", 16),
        "Normal": ("仿宋_GB2312", 16),
        "Table Text": ("宋体", 10.5),
    }
    names = {s.style_id: s.name for s in doc.styles}
    seen = set()
    for part in parts:
        for r in part.iter(qn("w:r")):
            fonts = rfonts(r)
            assert fonts.get("eastAsia") and fonts["eastAsia"] == fonts["ascii"] == fonts["hAnsi"]
        for p in part.iter(qn("w:p")):
            name = names[p.style] if p.style else "Normal"
            if name in expected:
                for r in p.iter(qn("w:r")):
                    size = int(r.rPr.find(qn("w:sz")).get(qn("w:val"))) / 2
                    assert (rfonts(r)["eastAsia"], size) == expected[name], name
                    seen.add(name)
    assert seen == set(expected)


def test_page_set_up_is_gb_t_9704(sample, tmp_path):
    report = sample.report
    doc = export(report, tmp_path)
    section = doc.sections[0]

    def mm(*lengths):
        return tuple(round(length.mm, 1) for length in lengths)

    assert mm(section.page_width, section.page_height) == (210, 297)
    assert mm(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) == (37, 35, 28, 26)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars" and 575 <= int(grid.get(qn("w:linePitch"))) <= 580
    # 28 characters a line: the grid's pitch (3号 plus charSpace/4096 pt) times 28 fits 156 mm, times 29 not
    pitch = Pt(16 + int(grid.get(qn("w:charSpace"))) / 4096)
    assert 28 * pitch <= TEXT_WIDTH < 29 * pitch
    assert 28 * (pitch + Pt(0.001)) > TEXT_WIDTH  # the widest such pitch: -849, not a looser one
    # The text is condensed to the same count instead of snapping (LibreOffice cannot compress a grid)
    normal_style = doc.styles["Normal"].element
    assert normal_style.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    condensed = Pt(16 + int(normal_style.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20)
    assert 28 * condensed <= TEXT_WIDTH < 29 * condensed
    for name in ("Report Title", "Table Text", "Header", "Footer"):  # only the body is condensed
        assert doc.styles[name].element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "0"
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing == Pt(28.9)
    assert normal.line_spacing_rule.name == "EXACTLY"
    assert normal.first_line_indent == Pt(32)  # 空二字 at 3号
    # 22 lines fill the 225 mm type area
    assert 22 * normal.line_spacing <= Mm(297 - 37 - 35) < 23 * normal.line_spacing


def test_page_numbers_odd_right_even_left(sample, tmp_path):
    report = sample.report
    doc = export(report, tmp_path)
    assert doc.settings.element.find(qn("w:evenAndOddHeaders")) is not None
    section = doc.sections[0]
    for footer, align in ((section.footer, "RIGHT"), (section.even_page_footer, "LEFT")):
        assert not footer.is_linked_to_previous
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment.name == align
        instr = [t.text.strip() for t in paragraph._p.iter(qn("w:instrText"))]
        assert instr == ["PAGE"]
        assert [c.get(qn("w:fldCharType")) for c in paragraph._p.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
        assert paragraph.text == "— 1 —"
        for r in paragraph._p.iter(qn("w:r")):
            assert rfonts(r)["eastAsia"] == "宋体"
            assert r.rPr.find(qn("w:sz")).get(qn("w:val")) == "28"


# ------------------------------------------------------------------ draft mark and refusal


def all_xml(path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_draft_mark_in_every_header_only_for_drafts(sample, tmp_path):
    report = sample.report
    draft = export(report, tmp_path, "草稿.docx", draft=True)
    section = draft.sections[0]
    assert section.header.paragraphs[0].text == DRAFT_MARK
    assert section.even_page_header.paragraphs[0].text == DRAFT_MARK
    assert not section.different_first_page_header_footer  # the first page uses the default header too
    export(report, tmp_path, "正式.docx")
    assert DRAFT_MARK in all_xml(tmp_path / "草稿.docx")
    assert DRAFT_MARK not in all_xml(tmp_path / "正式.docx")


def test_report_with_an_error_is_refused_and_not_written(filled, tmp_path):
    report = filled.report
    report.set_value("t3.new.natural", 5)  # breaks R1 for 自然人
    path = tmp_path / "报告.docx"
    with pytest.raises(ExportRefused) as refused:
        export_docx(report, path)
    assert refused.value.errors
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []  # no temp file left behind either
    export_docx(report, path, draft=True)
    assert DRAFT_MARK in all_xml(path)


def test_warnings_export_normally(filled, tmp_path):
    report = filled.report
    from model.checks import run_checks

    report.set_value("t3.new.company", None)  # a blank cell: a warning, not an error
    findings = run_checks(report)
    warnings = [f for f in findings if f.severity == "warning"]
    assert warnings and not [f for f in findings if f.severity == "error"]
    export_docx(report, tmp_path / "a.docx")
    report.explain(warnings[0].key, "本格暂缺数据，已核实。")
    export_docx(report, tmp_path / "b.docx")
    assert DRAFT_MARK not in all_xml(tmp_path / "a.docx") + all_xml(tmp_path / "b.docx")


def test_export_overwrites_atomically(filled, tmp_path, monkeypatch):
    """A write that fails at the last step (the replace) leaves the old file whole and no temp file."""
    from model import atomic

    report = filled.report
    path = tmp_path / "报告.docx"
    path.write_bytes(b"old")

    def refused(src, dst):
        raise PermissionError(13, "held by Word")

    monkeypatch.setattr(atomic, "REPLACE_DELAY", 0)
    monkeypatch.setattr(atomic.os, "replace", refused)
    with pytest.raises(PermissionError):
        export_docx(report, path)
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["报告.docx"]
    monkeypatch.undo()
    export_docx(report, path)
    assert path.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_python_docx_is_imported_only_when_exporting():
    code = (
        "import sys; import exporters.docx.writer; "
        "sys.exit(1 if any(m == 'docx' or m.startswith(('docx.', 'lxml')) for m in sys.modules) else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
