"""The report as a web page: one self-contained file for the site's CMS.

Semantic headings and paragraphs; the three tables with rowspan/colspan exactly as the statutory
layout (model.layout.table_grid); inline styles only (borders, widths in %, centred numbers); no
scripts, no classes, no external files: nothing a CMS editor strips. A draft says so at the top.
"""

from __future__ import annotations

import html
from pathlib import Path

from exporters import printed
from exporters.common import DRAFT_MARK, findings_for_export
from model.atomic import atomic_write_bytes
from model.chinese_time import written_date
from model.layout import table_grid
from model.overwrite import HTML_MARK
from model.report import Report

FONT = "font-family:'仿宋_GB2312','仿宋',FangSong,'Noto Serif CJK SC','SimSun',serif;"
P = f"margin:0;text-indent:2em;line-height:1.8;font-size:16pt;{FONT}"
SERIF = "'Noto Serif CJK SC','SimSun',serif"
H1 = f"text-align:center;font-size:22pt;font-weight:normal;font-family:'方正小标宋简体','小标宋',{SERIF};"
H2 = (
    "font-size:16pt;font-family:'黑体','SimHei','Noto Sans CJK SC',sans-serif;"
    "font-weight:normal;margin:0.6em 0 0;text-indent:2em;"
)
H3 = f"font-size:16pt;font-family:'楷体_GB2312','楷体','KaiTi',{SERIF};font-weight:normal;margin:0.3em 0 0;"
H3 += "text-indent:2em;"
TABLE = f"border-collapse:collapse;width:100%;margin:0.6em 0;font-size:10.5pt;font-family:'宋体',{SERIF};"
CELL = "border:1px solid #000;padding:2px 3px;"
NUMBER = CELL + "text-align:center;"
LABEL = CELL + "text-align:left;"
HEAD = CELL + "text-align:center;"
PAGE_CHARS = 42.0  # characters of the tables' 10.5 pt across the 156 mm of an A4 page's text width


def export_html(report: Report, path, *, draft: bool = False, last_year: Report | None = None) -> None:
    findings_for_export(report, draft=draft, last_year=last_year)
    atomic_write_bytes(Path(path), html_text(report, draft=draft).encode("utf-8"))


def html_text(report: Report, *, draft: bool = False) -> str:
    e = html.escape
    body = []
    if draft:
        body.append(f'<p style="text-align:center;color:#c00;font-size:12pt;">{e(DRAFT_MARK)}</p>')
    title = "<br>".join(e(line) for line in printed.title_lines(report.title, report.meta.organ, capacity=22))
    body.append(f'<h1 style="{H1}">{title}</h1>')
    body += _paragraphs(printed.opening_text(report) + printed.contact_text(report))
    for section in report.fmt.sections:
        body.append(f'<h2 style="{H2}">{e(section.heading)}</h2>')
        for part in section.parts:
            paragraphs = printed.part_paragraphs(report, part)
            if paragraphs is None:
                continue
            if part.heading:
                body.append(f'<h3 style="{H3}">{e(part.heading)}</h3>')
            body += _paragraphs("\n".join(paragraphs))
        if section.table is not None:
            body.append(table_html(report, section.table))
    organ = report.meta.organ.strip()
    date = written_date(report.meta.date) if report.meta.date else ""
    for text in (organ, date):
        if text:
            body.append(f'<p style="{P}text-align:right;text-indent:0;padding-right:4em;">{e(text)}</p>')
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">' + HTML_MARK.decode() + "\n"
        f"<title>{e(report.title)}</title></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _paragraphs(text: str) -> list[str]:
    return [f'<p style="{P}">{html.escape(line)}</p>' for line in printed.paragraph_lines(text)]


def table_html(report: Report, table) -> str:
    """One <table>: every cell of the statutory grid with its rowspan/colspan, widths in %."""
    grid = table_grid(table)
    widths = _widths(report, grid)
    rows = []
    for r in range(grid.n_rows):
        tds = []
        for gc in (c for c in grid.cells if c.row == r):
            span = ""
            if gc.rowspan > 1:
                span += f' rowspan="{gc.rowspan}"'
            if gc.colspan > 1:
                span += f' colspan="{gc.colspan}"'
            width = sum(widths[gc.col : gc.col + gc.colspan])
            if gc.role == "value":
                text, style = printed.cell_text(report, gc.code), NUMBER
            else:
                text = gc.text
                style = LABEL if gc.role == "label" else HEAD
            tag = "th" if r in grid.header_rows and gc.role != "value" else "td"
            tds.append(f'<{tag}{span} style="{style}width:{width:.1f}%;">{html.escape(text)}</{tag}>')
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return f'<table style="{TABLE}">' + "".join(rows) + "</table>"


def _widths(report: Report, grid) -> list[float]:
    """Columns in % of the page: a label column by its longest label (up to 9 characters, longer ones
    wrap), a value column by its widest number as printed, so that 7 digits never wrap."""
    from exporters.common import text_width

    need = [2.0] * grid.n_cols
    for gc in grid.cells:
        if gc.colspan != 1:
            continue
        if gc.role == "label":
            need[gc.col] = max(need[gc.col], min(text_width(gc.text), 9.0))
        elif gc.role == "value":
            # a digit prints about half a Chinese character wide, a cell's padding about 0.8; past 6
            # digits a column would leave 表三's labels no room, so the rare 7-digit figure wraps
            digits = len(printed.cell_text(report, gc.code))
            need[gc.col] = max(need[gc.col], 3.2, min(0.5 * digits + 0.8, 3.8))  # 3.2: 「商业企业」 in two lines
    # the values get what they need first, of the 42 characters of 10.5 pt in the 156 mm text width;
    # the label columns share the rest by what theirs ask
    values = {gc.col for gc in grid.cells if gc.role == "value" and gc.colspan == 1}
    value_need = sum(need[c] for c in values)
    labels = [c for c in range(grid.n_cols) if c not in values]
    label_need = sum(need[c] for c in labels) or 1.0
    room = max(PAGE_CHARS - value_need, label_need * 0.4 if labels else 0.0)
    widths = [need[c] if c in values else room * need[c] / label_need for c in range(grid.n_cols)]
    total = sum(widths)
    return [100 * w / total for w in widths]


def plain_text(report: Report) -> str:
    """The same page as plain text, for editors that take no HTML: a table row per line, cells by tabs."""
    lines = [report.title, *printed.paragraph_lines(printed.opening_text(report) + printed.contact_text(report))]
    for section in report.fmt.sections:
        lines.append(section.heading)
        for part in section.parts:
            paragraphs = printed.part_paragraphs(report, part)
            if paragraphs is None:
                continue
            if part.heading:
                lines.append(part.heading)
            lines += paragraphs
        if section.table is not None:
            grid = table_grid(section.table)
            for r in range(grid.n_rows):
                cells = [c for c in grid.cells if c.row == r]
                lines.append(
                    "\t".join(printed.cell_text(report, c.code) if c.role == "value" else c.text for c in cells)
                )
    lines += [t for t in (report.meta.organ.strip(), written_date(report.meta.date) if report.meta.date else "") if t]
    return "\n".join(lines) + "\n"
