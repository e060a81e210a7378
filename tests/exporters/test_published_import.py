"""Reading published reports back: the five real ones, our own .docx, web pages built from the
definitions (real rowspan/colspan, GBK, the deviations of published copies), and files refused."""

from __future__ import annotations

import html
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from exporters.docx.writer import export_docx
from exporters.published.reader import SourceRefused, listing, read_pasted, read_published
from model.draft_store import load_draft
from model.layout import table_grid
from tests.conftest import ROOT

PUBLISHED = ROOT / "tests" / "fixtures" / "published"


def published(name: str):
    [path] = PUBLISHED.glob(f"{name}_*.txt")
    result, what = read_published(path)
    assert what == "文本"
    return result


def messages(result, kind):
    return [n.message for n in result.notes_of(kind)]


# ------------------------------------------------------------------ the five real reports


def test_003_reads_every_2019_table_value_as_published():
    result = published("003")
    r = result.report
    assert (r.fmt.format_id, r.meta.organ, r.meta.year) == ("2019", "莱阳市山前店镇", 2020)
    assert result.tables_found == {"t2": "2019", "t3": "2019", "t4": "2019"}
    for code in ("t3", "t4"):
        cells = [c for c in r.fmt.input_cells if c.table.code == code]
        assert all(r.values.get(c.code) == 0 for c in cells), code  # every value, all 0 as published
    t2 = [c.code for c in r.fmt.input_cells if c.table.code == "t2"]
    assert all(r.values.get(code) == 0 for code in t2)
    # 「其他对外管」/「理服务事项」: the label broken over two lines, the second line's figures listed
    assert any("不知属于哪一行" in m for m in messages(result, "unread"))
    assert r.text("s1.active").startswith("1、主动公开情况。2020年山前店镇共公开76条信息")


def test_004_reads_every_2021_table_value_and_the_seven_items_of_part_six():
    result = published("004")
    r = result.report
    assert (r.fmt.format_id, r.meta.organ, r.meta.year) == ("2021", "招远市金岭镇人民政府", 2022)
    assert all(r.values.get(c.code) == 0 for c in r.fmt.input_cells)
    assert messages(result, "unread") == [] and messages(result, "total") == []
    for part in r.fmt.parts:
        assert r.text(part).strip(), part
    assert r.text("s6.fee").startswith("我镇依据《政府信息公开信息处理费管理办法》")
    assert r.fields["s6.fee.collected"] == 0  # 「未收取任何费用」
    assert r.text("s1.on_request") == "2022年度未受理政府信息公开申请。"


def test_001_reads_its_tables_and_reports_the_published_total_that_disagrees():
    result = published("001")
    r = result.report
    assert (r.fmt.format_id, r.meta.organ, r.meta.year) == ("2021", "金山镇", 2023)
    assert (r.values["t2.license.decisions"], r.values["t2.penalty.decisions"]) == (690, 18)
    assert r.values["t3.new.natural"] == 1 and r.stated["t3.results_total.total"] == 1
    totals = messages(result, "total")
    assert any(m.startswith("表三“（七）总计”行“总计”列公布的是1，而各项之和是0") for m in totals)
    assert any("五、存在的主要问题及下步工作计划" in m for m in messages(result, "note"))
    from model.checks import run_checks

    assert any(f.rule == "R2" for f in run_checks(r))  # the window and check flag it too


@pytest.mark.parametrize("name, fmt, organ, year", [("000", "2019", "金山镇", 2019), ("002", "2019", "鹅公镇", 2019)])
def test_000_and_002_give_their_prose_and_say_the_tables_are_missing(name, fmt, organ, year):
    result = published(name)
    r = result.report
    assert (r.fmt.format_id, r.meta.organ, r.meta.year) == (fmt, organ, year)
    missing = messages(result, "missing")
    for table in ("表二", "表三", "表四"):
        assert any(m.startswith(f"没有找到{table}") and "需要手工填写" in m for m in missing), table
    assert all(v is None for v in r.values.values())
    assert len(r.text("s1.intro") + r.text("s1.active")) > 500 and r.text("s5.main").strip()


def test_the_list_names_what_was_found_and_every_note():
    lines = listing(published("001"))
    assert lines[0] == "金山镇 2023年度，按中华人民共和国政府信息公开工作年度报告格式读入："
    assert "合计与各项不符（2处）：" in lines


# ------------------------------------------------------------------ our own .docx


def filled(sample: str):
    report = load_draft(ROOT / "samples" / sample)
    for i, cell in enumerate(report.fmt.input_cells):
        report.set_value(cell.code, Decimal(i) / 4 if cell.kind == "money" else (i * 7) % 11)
    report.set_value(report.fmt.input_cells[1].code, None)  # a cell left blank keeps its place
    return report


@pytest.mark.parametrize("sample", ["jinling-2022.json", "shanqiandian-2020.json"])
def test_our_docx_imports_back_exactly(sample, tmp_path):
    report = filled(sample)
    path = tmp_path / "报告.docx"
    export_docx(report, path, draft=True)
    result, what = read_published(path)
    got = result.report
    assert what == "Word文档" and got.fmt.format_id == report.fmt.format_id
    assert (got.meta.organ, got.meta.year, got.meta.date) == (report.meta.organ, report.meta.year, report.meta.date)
    for cell in report.fmt.input_cells:
        assert got.values.get(cell.code) == report.values.get(cell.code), cell.code
    for part in report.fmt.narrative_parts():
        assert got.text(part.code) == report.text(part.code), part.code
    assert messages(result, "unread") == [] and messages(result, "total") == []
    assert all(result.sources[c.code].startswith("第") for c in report.fmt.input_cells)  # every value's source


# ------------------------------------------------------------------ web pages built from the definitions


def page(report, *, encoding="utf-8", meta_charset=None, deviate=False) -> bytes:
    """The report as a county website shows it: headings, paragraphs, each table with rowspan/colspan."""
    body = [f"<h1>{html.escape(report.title)}</h1>"]
    for section in report.fmt.sections:
        body.append(f"<p><strong>{section.heading}</strong></p>")
        for part in section.parts:
            if part.heading:
                body.append(f"<p>{part.heading}</p>")
            body += [f"<p>{html.escape(line)}</p>" for line in report.text(part.code).split("\n") if line]
        if section.table is not None:
            grid = table_grid(section.table)
            rows = []
            for r in range(grid.n_rows):
                tds = []
                for c in (c for c in grid.cells if c.row == r):
                    if c.role == "value":
                        value = report.value(c.code) if c.code in report.fmt.cells else None
                        text = "" if value is None else str(value)
                        if deviate and text == "0":
                            text = "—" if (c.row + c.col) % 2 else "U"  # placeholders published for 0
                    else:
                        text = c.text
                        if deviate and len(text) > 12:
                            text = text[:10]  # a header cut short
                    tds.append(f'<td rowspan="{c.rowspan}" colspan="{c.colspan}">{html.escape(text)}</td>')
                rows.append("<tr>" + "".join(tds) + "</tr>")
            body.append("<table border=1>" + "".join(rows) + "</table>")
    body.append(f"<p>{html.escape(report.meta.organ)}</p>")
    charset = f'<meta charset="{meta_charset}">' if meta_charset else ""
    return f"<html><head>{charset}<title>x</title></head><body>{''.join(body)}</body></html>".encode(encoding)


@pytest.mark.parametrize("sample", ["jinling-2022.json", "shanqiandian-2020.json"])
@pytest.mark.parametrize("encoding, meta", [("utf-8", "utf-8"), ("gbk", "utf-8"), ("gb18030", None)])
def test_a_web_page_with_real_spans_imports_exactly_whatever_its_charset_says(sample, encoding, meta, tmp_path):
    report = filled(sample)
    path = tmp_path / "报告.html"
    path.write_bytes(page(report, encoding=encoding, meta_charset=meta))  # GBK under a meta tag saying UTF-8
    result, what = read_published(path)
    got = result.report
    assert what == "网页" and got.meta.organ == report.meta.organ
    for cell in report.fmt.input_cells:
        assert got.values.get(cell.code) == report.values.get(cell.code), cell.code
    for part in report.fmt.narrative_parts():
        assert got.text(part.code) == report.text(part.code), part.code
    assert messages(result, "unread") == []


def test_a_page_with_placeholders_and_cut_labels_lists_exactly_what_it_inferred(tmp_path):
    report = load_draft(ROOT / "samples" / "jinling-2022.json")  # every value 0
    path = tmp_path / "报告.htm"
    path.write_bytes(page(report, deviate=True, encoding="gbk"))
    result, _ = read_published(path)
    got = result.report
    assert all(got.values.get(c.code) == 0 for c in report.fmt.input_cells)
    placeholders = [n for n in result.notes_of("note") if "占位符号，按0读入" in n.message]
    zeros = [c for c in table_grid(report.fmt.tables["t3"]).cells if c.role == "value"]
    assert len([n for n in placeholders if n.message.startswith("表三")]) == len(zeros)
    assert messages(result, "unread") == []


def test_a_saved_mht_page_imports(tmp_path):
    report = filled("jinling-2022.json")
    inner = page(report, encoding="gbk")
    import base64

    mht = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n'
        b'Content-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        + base64.encodebytes(inner)
        + b"\r\n--B--\r\n"
    )
    path = tmp_path / "报告.mht"
    path.write_bytes(mht)
    result, what = read_published(path)
    assert what == "网页（.mht）"
    assert all(result.report.values.get(c.code) == report.values.get(c.code) for c in report.fmt.input_cells)


def test_pasted_text_imports_like_a_file():
    text = (PUBLISHED / next(p.name for p in PUBLISHED.glob("004_*"))).read_text(encoding="utf-8")
    result = read_pasted(text)
    assert result.report.meta.organ == "招远市金岭镇人民政府" and not messages(result, "unread")


# ------------------------------------------------------------------ refused


def minimal_pdf_without_text() -> bytes:
    """One page holding nothing but an image: what a scanner writes."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length 1 >>\nstream\n\x80\nendstream",
        b"<< /Length 30 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("旧报告.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "另存为”Word文档（.docx）"),
        ("扫描.pdf", minimal_pdf_without_text(), "是扫描件"),
        ("截图.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG图片"),
        ("空.html", b"", "空文件"),
        ("报表.docx", None, "是Excel文件，不是Word文档"),
    ],
)
def test_files_that_are_no_report_are_refused_with_a_reason(name, content, words, tmp_path):
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("xl/workbook.xml", "<workbook/>")
    else:
        path.write_bytes(content)
    with pytest.raises(SourceRefused) as refused:
        read_published(path)
    assert words in str(refused.value) and name in str(refused.value)
    said = str(refused.value)
    assert not re.search(r"Error|Traceback|errno", said)  # Chinese words, no system text


def test_a_50_mb_page_is_refused_before_any_of_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "巨大.html"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)

    def never(self, *a, **k):
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", never)  # refused from its size alone: no time spent on it
    monkeypatch.setattr(Path, "open", never)
    with pytest.raises(SourceRefused) as refused:
        read_published(path)
    assert "50 MB" in str(refused.value)
