"""The printed words of a report that are not table labels: opening, contact, paragraphs, title
breaks, fee figures, a value cell as printed. Shared by the .docx and the web page.

Pure text, no python-docx: every sentence here is built from the format
definition and the report, so it can be tested without opening a document.
"""

from __future__ import annotations

import re

from exporters.common import text_width
from model.definition import SIGNED, FormatDef, Part
from model.normalize import format_value
from model.prose.printed import figures_sentence
from model.report import Report

# 「一、」…「十、」 in front of a section heading; the opening lists the names without it.
_SECTION_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
YEAR_UNKNOWN = "____"  # a draft without a report year: a visible gap, not "None年"


def section_names(fmt: FormatDef) -> list[str]:
    """The six section names as the opening paragraph lists them: 「总体情况」…, without 「一、」."""
    return [_SECTION_NUMBER.sub("", s.heading) for s in fmt.sections]


def opening_text(report: Report) -> str:
    """The opening paragraph: basis, contents and statistics period, from opening_template."""
    fmt = report.fmt
    year = report.meta.year
    period = fmt.period_for(year) if year else fmt.period_template.format(year=YEAR_UNKNOWN)
    return fmt.opening_template.format(sections="、".join(section_names(fmt)), period=period)


def contact_text(report: Report) -> str:
    """Where to read the report and whom to ask, from the metadata; empty when none was given."""
    meta = report.meta
    sentences = []
    if meta.website.strip():
        sentences.append(f"本报告电子版可在{meta.website.strip()}查阅。")
    details = [
        f"{label}：{value.strip()}"
        for label, value in (
            ("联系人", meta.contact_person),
            ("地址", meta.contact_address),
            ("电话", meta.contact_phone),
        )
        if value.strip()
    ]
    if details:
        sentences.append(f"如对本报告有疑问，请与{meta.organ.strip()}联系（{'，'.join(details)}）。")
    return "".join(sentences)


def paragraph_lines(text: str) -> list[str]:
    """One paragraph per non-empty line; the typed indent (spaces, 「　　」) is dropped, the style indents."""
    return [line.strip(" \t\u3000") for line in text.splitlines() if line.strip(" \t\u3000")]


def title_lines(title: str, organ: str, capacity: float) -> list[str]:
    """Break a long title after the organ's name (GB/T 9704 7.3.1: keep words whole), if both halves fit."""
    title = title.strip()
    organ = organ.strip()
    if text_width(title) <= capacity or not organ or not title.startswith(organ):
        return [title]
    rest = title[len(organ) :].strip()
    if rest and text_width(organ) <= capacity and text_width(rest) <= capacity:
        return [organ, rest]
    return [title]


def fields_text(report: Report, part: Part) -> str:
    """The part's structured figures as a sentence of the report (「本年度未收取信息处理费。」),
    not a list of field labels; nothing when the prose already states them."""
    return figures_sentence(report, part)


def cell_text(report: Report, code: str) -> str:
    """A value cell as printed: the input or the derived total; blank stays empty; the unit if the cell prints it."""
    cell = report.fmt.cells.get(code)
    if cell is None:  # a "none" cell of the layout: printed, holds nothing
        return ""
    unit = cell.unit if cell.print_unit else None
    return format_value(report.value(code), print_unit=unit, signed=report.fmt.input_like(code).kind == SIGNED)


def part_paragraphs(report: Report, part: Part) -> list[str] | None:
    """The paragraphs a part prints (its text, then its figures as a sentence); None when an optional
    part has nothing and is left out, heading and all."""
    lines = paragraph_lines(report.text(part.code))
    figures = fields_text(report, part)
    if part.optional and not lines and not figures:
        return None
    return lines + ([figures] if figures else [])
