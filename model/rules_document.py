"""Document rules: what a report needs besides balanced tables.

Each rule's id, severity and parameters come from the format definition's
document_rules; the behaviour of each rule type is here.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import cast

from model.chinese_time import written_date
from model.definition import INFO_SECTION, MONEY, Part, Rule, section_of
from model.findings import Finding, cell_finding
from model.normalize import format_value
from model.report import Report

SECTION_INFO = INFO_SECTION


def check_document(report: Report, *, deadline: str) -> list[Finding]:
    findings: list[Finding] = []
    for rule in report.fmt.document_rules:
        handler = _HANDLERS[rule.type]
        findings += handler(report, rule, deadline=deadline)
    return findings


def _finding(
    rule: Rule,
    message: str,
    *,
    section: str | None = None,
    table: str | None = None,
    part: str | None = None,
    expected: object = None,
    actual: object = None,
) -> Finding:
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        message=message,
        section=section,
        table=table,
        part=part,
        expected=expected,
        actual=actual,
    )


def _code_param(rule: Rule, key: str) -> str:
    """A cell or part code of the rule: the loader checked that the format has it."""
    return cast(str, rule.params[key])


def _blank_cells(report: Report, rule: Rule, **_: object) -> list[Finding]:
    out = []
    for table in report.fmt.tables.values():
        blanks = report.blank_inputs(table.code)
        if blanks:
            out.append(
                _finding(
                    rule,
                    f"{table.name}还有{len(blanks)}格没有填写。没有发生的事项请填0（可用“本表空白填0”一次填好）。",
                    section=section_of(table).code,
                    table=table.code,
                    expected=0,
                    actual=len(blanks),
                )
            )
    return out


def _organ_present(report: Report, rule: Rule, **_: object) -> list[Finding]:
    if report.meta.organ.strip():
        return []
    return [
        _finding(
            rule,
            "机关名称没有填写。请在“基本信息”中填写本机关的全称，例如“××镇人民政府”。",
            section=SECTION_INFO,
            part="meta.organ",
            expected="机关名称",
            actual="",
        )
    ]


def _year_present(report: Report, rule: Rule, **_: object) -> list[Finding]:
    year, fmt = report.meta.year, report.fmt
    if year is None:
        return [
            _finding(
                rule,
                "报告年度没有填写。请在“基本信息”中填写报告所属的年份，例如2024。",
                section=SECTION_INFO,
                part="meta.year",
                expected="年份",
                actual="",
            )
        ]
    if not fmt.covers_year(year):
        return [
            _finding(
                rule,
                f"报告年度{year}年不适用本报告所用的格式（{fmt.document_number}，适用于{fmt.years_text}的报告）。"
                "请核对报告年度。",
                section=SECTION_INFO,
                part="meta.year",
                expected=fmt.years_text,
                actual=year,
            )
        ]
    return []


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _title_form(report: Report, rule: Rule, **_: object) -> list[Finding]:
    custom = report.meta.title.strip()
    if not custom or not report.meta.organ.strip() or report.meta.year is None:
        return []
    expected = report.default_title
    if _squash(custom) == _squash(expected):
        return []
    return [
        _finding(
            rule,
            f"标题应为“{expected}”，现为“{custom}”。请按“机关名称＋年份＋年政府信息公开工作年度报告”的形式填写，"
            "或清空标题以使用标准标题。",
            section=SECTION_INFO,
            part="meta.title",
            expected=expected,
            actual=custom,
        )
    ]


def deadline_date(year: int, deadline: str) -> dt.date:
    month, day = (int(x) for x in deadline.split("-"))
    return dt.date(year + 1, month, day)


def _date_deadline(report: Report, rule: Rule, *, deadline: str, **_: object) -> list[Finding]:
    year, date = report.meta.year, report.meta.date
    if year is None:
        return []
    due = deadline_date(year, deadline)
    if date is None:
        return [
            Finding(
                rule=rule.id,
                severity="hint",
                section=SECTION_INFO,
                part="meta.date",
                expected=written_date(due),
                actual="",
                message=f"成文日期没有填写。导出前请在“基本信息”中填写，一般不晚于{written_date(due)}。",
            )
        ]
    if date > due:
        return [
            _finding(
                rule,
                f"成文日期{written_date(date)}晚于报送期限{written_date(due)}。请核对成文日期；"
                "确实晚于期限的，请写明说明。",
                section=SECTION_INFO,
                part="meta.date",
                expected=written_date(due),
                actual=written_date(date),
            )
        ]
    if date <= dt.date(year, 12, 31):
        return [
            _finding(
                rule,
                f"成文日期{written_date(date)}在{year}年结束之前，年度报告应在年度结束后成文。请核对成文日期。",
                section=SECTION_INFO,
                part="meta.date",
                expected=f"{year + 1}年",
                actual=written_date(date),
            )
        ]
    return []


def _part_title(part: Part) -> str:
    if part.heading:
        return f"“{section_of(part).heading}”的“{part.heading}”"
    return f"“{section_of(part).heading}”"


def _narrative_empty(report: Report, rule: Rule, **_: object) -> list[Finding]:
    out = []
    # the loader checked that advice_by_section is an object
    by_section = cast("dict[str, object]", rule.params.get("advice_by_section", {}))
    for part in report.fmt.narrative_parts():
        if part.optional or report.text(part.code).strip():
            continue
        advice = by_section.get(section_of(part).code, rule.params.get("advice", ""))
        out.append(
            _finding(
                rule,
                f"{_part_title(part)}还没有填写。{advice}",
                section=section_of(part).code,
                part=part.code,
                expected="文字",
                actual="",
            )
        )
    return out


def _problems_substantive(report: Report, rule: Rule, **_: object) -> list[Finding]:
    part = report.fmt.parts[_code_param(rule, "part")]
    text = _squash(report.text(part.code))
    min_chars = int(cast("int | str", rule.params.get("min_chars", 20)))  # unchecked by the loader; int() checks it
    if not text:
        return []  # an empty part is already reported as empty
    if text.rstrip("。.") in ("无", "没有", "暂无") or len(text) < min_chars:
        return [
            _finding(
                rule,
                f"{_part_title(part)}只写了“{text}”（{len(text)}个字）。请如实写明本年度工作存在的主要问题"
                f"和改进措施，不少于{min_chars}个字。",
                section=section_of(part).code,
                part=part.code,
                expected=min_chars,
                actual=len(text),
            )
        ]
    return []


def _money_plausible(report: Report, rule: Rule, **_: object) -> list[Finding]:
    """A money value far beyond what a 乡镇（街道） handles in the unit of its cell: most often a sum
    in 元 typed into a 万元 cell (the clerk deleted 「元」), 10,000 times too large."""
    findings = []
    # the loader checked limits: an object of money units to numbers
    limits = {unit: Decimal(str(n)) for unit, n in cast("dict[str, float]", rule.params["limits"]).items()}
    fmt = report.fmt
    for cell in fmt.input_cells:
        value = report.values.get(cell.code)
        if (
            cell.kind == MONEY
            and isinstance(value, (int, Decimal))
            and cell.unit in limits
            and value > limits[cell.unit]
        ):
            where = f"{cell.table.name}“{cell.row.label}”的“{cell.column.label}”"
            findings.append(
                cell_finding(
                    cell,
                    rule=rule.id,
                    severity=rule.severity,
                    expected=f"≤{limits[cell.unit]}",
                    actual=value,
                    message=_implausible(where, value, cell.unit),
                )
            )
    for code, fld in fmt.fields.items():
        value = report.fields.get(code)
        if fld.kind == MONEY and isinstance(value, (int, Decimal)) and fld.unit in limits and value > limits[fld.unit]:
            part = next(p for p in fmt.parts.values() if any(f.code == code for f in p.fields))
            findings.append(
                Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    section=section_of(part).code,
                    part=code,
                    expected=f"≤{limits[fld.unit]}",
                    actual=value,
                    message=_implausible(f"{_part_title(part)}的“{fld.label}”", value, fld.unit),
                )
            )
    return findings


def _implausible(where: str, value: int | Decimal, unit: str | None) -> str:
    text = format_value(value)
    if unit == "万元":
        return (
            f"{where}为{text}万元，即{_ten_thousandth(value)}亿元，对一个乡镇（街道）来说大得不寻常。"
            f"这一格的单位是万元：如果填的是以元计的数，请换算成万元（{text}元 = {_ten_thousandth(value)}万元）。"
        )
    return f"{where}为{text}{unit}，对一个乡镇（街道）来说大得不寻常。请核对数字和单位。"


def _ten_thousandth(value: int | Decimal) -> str:
    """format_value(value / 10000): an int gives a float, which format_value prints with str()."""
    quotient = value / 10000
    return format_value(quotient) if isinstance(quotient, Decimal) else str(quotient)


_HANDLERS = {
    "blank_cells": _blank_cells,
    "organ_present": _organ_present,
    "year_present": _year_present,
    "title_form": _title_form,
    "date_deadline": _date_deadline,
    "narrative_empty": _narrative_empty,
    "problems_substantive": _problems_substantive,
    "money_plausible": _money_plausible,
}
