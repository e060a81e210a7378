"""Content checks: the report's words against its figures, and figures against last year's.

C1 a figure stated in the prose differs from the table; C2 六（一）'s prose against its fee figures;
C3 a year other than the report's; C4 prose repeated from last year; C5 现行有效件数 against last
year's; C6 a 乡镇/街道 with 规章 figures. Which figures, which words and which cells: the definition's
"prose" block (model.prose.spec).
"""

from __future__ import annotations

import re
from decimal import Decimal

from model.definition import section_of
from model.findings import WARNING, Finding, cell_finding
from model.places import cell_place
from model.prose.figures import figure, figure_place, figure_text
from model.prose.repetition import overall_share, repeated_share
from model.prose.spec import ProseSpec
from model.prose.statements import statements
from model.prose.years import stale_years
from model.report import Report

CONTENT_RULES = {
    "C1": "正文中的数字与表格一致",
    "C2": "六（一）的文字与收费数字一致",
    "C3": "正文中没有上年或更早的年份、统计期限是报告年度",
    "C4": "正文与上年报告重复不超过一半",
    "C5": "现行有效件数等于上年现行有效件数加本年制发减本年废止",
    "C6": "乡镇（街道）不填规章",
}
TOWNSHIP = re.compile(r"(?:镇|乡|街道)(?:人民政府|政府|办事处|街道办事处)?$")


def check_content(report: Report, *, last_year: Report | None = None) -> list[Finding]:
    spec: ProseSpec | None = report.fmt.prose
    if spec is None:
        return []
    findings = _figures(report, spec)
    findings += _years(report)
    if last_year is not None:
        findings += _repetition(report, spec, last_year)
        findings += _in_force(report, spec, last_year)
    findings += _township(report, spec)
    return findings


def _texts(report: Report) -> dict[str, str]:
    return {code: report.text(code) for code in report.fmt.parts if report.text(code).strip()}


def part_words(report: Report, part_code: str) -> str:
    """一、总体情况（二）依申请公开 — the part as the report heads it."""
    part = report.fmt.parts[part_code]
    return section_of(part).heading + (part.heading or "")


def _section_of(report: Report, part_code: str) -> str:
    return section_of(report.fmt.parts[part_code]).code


def _figures(report: Report, spec: ProseSpec) -> list[Finding]:
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for st in statements(spec, _texts(report), year=report.meta.year or 0):
        fact = st.fact
        table = figure(report, fact)
        said: int | Decimal | float = st.value
        same = (
            Decimal(str(said)).quantize(Decimal("0.01")) == Decimal(table).quantize(Decimal("0.01"))
            if fact.money
            else said == table
        )
        if same or (fact.id, st.part) in seen:
            continue
        seen.add((fact.id, st.part))  # one finding per figure and part: the first statement names it
        where, there = part_words(report, st.part), figure_place(report, fact)
        unit = "元" if fact.money else "件"
        if st.value == 0 and not re.search(r"[0-9０-９零〇]", st.quote):
            advice = (
                f"如果表格正确，请改写这句话，写明{fact.what}{figure_text(table)}{unit}；如果文字正确，请改正表格。"
            )
        else:
            advice = f"如果表格正确，把文字中的{figure_text(said)}改为{figure_text(table)}；如果文字正确，请改正表格。"
        message = f"{where}写“{st.quote}”，而{there}为{figure_text(table)}{unit}，两处不一致。{advice}"
        out.append(
            Finding(
                rule=fact.rule,
                severity=WARNING,
                message=message,
                section=_section_of(report, st.part),
                part=st.part,
                cell=fact.cells[0],
                expected=table,
                actual=said,
            )
        )
    return out


def _years(report: Report) -> list[Finding]:
    year = report.meta.year
    if not year:
        return []
    out: list[Finding] = []
    by_part: dict[str, list[int]] = {}
    for m in stale_years(_texts(report), year=year):
        by_part.setdefault(m.part, []).append(m.year)
        if len(by_part[m.part]) > 1:
            continue  # one finding per part; the helper walks through every occurrence
        what = "统计期限" if m.period else "年份"
        message = (
            f"{part_words(report, m.part)}写有{what}“{m.year}年”（{m.context}），这是{year}年度的报告。"
            f"如果这段文字是从上年的报告改来的，请把上年的年份改为{year}年；确实说的是{m.year}年的，可以在说明中写明。"
        )
        out.append(
            Finding(
                rule="C3",
                severity=WARNING,
                message=message,
                section=_section_of(report, m.part),
                part=m.part,
                expected=year,
                actual=m.year,
            )
        )
    return out


def _repetition(report: Report, spec: ProseSpec, last_year: Report) -> list[Finding]:
    out: list[Finding] = []
    pairs = []
    for code in report.fmt.parts:
        text, old = report.text(code), last_year.text(code) if code in last_year.fmt.parts else ""
        pairs.append((text, old))
        share = repeated_share(text, old, spec.ngram)
        if share is None or share <= spec.warn_share:
            continue
        out.append(
            Finding(
                rule="C4",
                severity=WARNING,
                message=(
                    f"{part_words(report, code)}有{share:.0%}的文字与上年报告的同一部分相同"
                    f"（按连续{spec.ngram}个字相同计）。考核对与上年重复超过一半的报告扣分，请按本年度的实际工作重写。"
                ),
                section=_section_of(report, code),
                part=code,
                expected=spec.warn_share,
                actual=round(share, 2),
            )
        )
    total = overall_share(pairs, spec.ngram)
    if total is not None and total[0] > spec.warn_share:
        out.append(
            Finding(
                rule="C4",
                severity=WARNING,
                message=(
                    f"全文有{total[0]:.0%}的文字与上年报告相同（比较了{total[1]}个字，按连续{spec.ngram}个字相同计）。"
                    "考核对与上年重复超过一半的报告扣分，请按本年度的实际工作重写重复的部分。"
                ),
                section=report.fmt.sections[0].code,
                expected=spec.warn_share,
                actual=round(total[0], 2),
            )
        )
    return out


def _in_force(report: Report, spec: ProseSpec, last_year: Report) -> list[Finding]:
    out: list[Finding] = []
    for entry in spec.in_force:
        if entry.in_force not in last_year.fmt.cells:
            continue
        before = last_year.number(entry.in_force)
        issued, repealed = report.number(entry.issued), report.number(entry.repealed)
        expected = before + issued - repealed
        actual = report.number(entry.in_force)
        if expected == actual:
            continue
        cell = report.fmt.cells[entry.in_force]
        out.append(
            cell_finding(
                cell,
                rule="C5",
                severity=WARNING,
                message=(
                    f"{cell_place(cell)}为{actual}，而上年报告的现行有效件数{before}加本年制发{issued}、"
                    f"减本年废止{repealed}应为{expected}（{entry.label}）。请核对本年和上年的件数。"
                ),
                expected=expected,
                actual=actual,
            )
        )
    return out


def _township(report: Report, spec: ProseSpec) -> list[Finding]:
    organ = (report.meta.organ or "").strip()
    if not TOWNSHIP.search(organ):
        return []
    out: list[Finding] = []
    for code in spec.township_zero:
        if not report.number(code):
            continue
        cell = report.fmt.cells[code]
        out.append(
            cell_finding(
                cell,
                rule="C6",
                severity=WARNING,
                message=(
                    f"{cell_place(cell)}为{report.number(code)}，而“{organ}”是乡镇（街道），乡镇和街道不制定规章。"
                    "如果填的是行政规范性文件，请填到“行政规范性文件”一行；否则请改为0。"
                ),
                expected=0,
                actual=report.number(code),
            )
        )
    return out
