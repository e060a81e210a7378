"""The check engine: every rule of the format definition, plus the document rules.

run_checks(report) returns every finding, located and explained, in the
order of the report's sections. It is pure and fast enough to run on every
keystroke.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from model.definition import Part, Relation, RelationInstance, section_of
from model.findings import ERROR, WARNING, Finding, cell_finding
from model.normalize import Invalid, Value, format_value
from model.places import cell_place, column_name, row_name
from model.report import Report
from model.rules_content import check_content
from model.rules_document import check_document


def run_checks(
    report: Report, *, last_year: Report | None = None, deadline: str | None = None, today: dt.date | None = None
) -> list[Finding]:
    """All findings of the report. deadline is "MM-DD" of the following year (default: the format's)."""
    findings: list[Finding] = []
    findings += _domain_findings(report)
    findings += _stated_total_findings(report)
    for rel in report.fmt.relations:
        if rel.type == "column_balance":
            findings += _balance_findings(report, rel)
        elif rel.type in ("column_sum", "row_sum"):
            findings += _input_sum_findings(report, rel)
        elif rel.type == "carry_over" and last_year is not None:
            findings += _carry_over_findings(report, rel, last_year)
    findings += check_document(report, deadline=deadline or report.fmt.deadline)
    findings += check_content(report, last_year=last_year)
    findings = _attach_explanations(report, findings)
    order: dict[str | None, int] = {s.code: i for i, s in enumerate(report.fmt.sections)}
    return sorted(findings, key=lambda f: order.get(f.section, -1))


def _attach_explanations(report: Report, findings: list[Finding]) -> list[Finding]:
    out = []
    for f in findings:
        text = report.explanations.get(f.key) if f.can_explain else None
        out.append(f.with_explanation(text) if text else f)
    return out


def _num(value: Value | Invalid) -> int | Decimal:
    return value if isinstance(value, (int, Decimal)) else 0


def _fmt(number: Value) -> str:
    return format_value(number) if number is not None else "空白"


def _message(rel: Relation, inst: RelationInstance, expected: Value, actual: Value) -> str:
    diff = cast("int | Decimal", abs(_num(expected) - _num(actual)))  # mypy makes abs() of a union an object
    return rel.message.format(
        table=rel.table.name,
        row=row_name(inst.row) if inst.row is not None else "",
        column=column_name(rel.table, inst.column) if inst.column is not None else "",
        column_group=_group_words(inst),
        expected=_fmt(expected),
        actual=_fmt(actual),
        diff=_fmt(diff),
    )


def _group_words(inst: RelationInstance) -> str:
    group = inst.group
    names: list[str] = []
    while group is not None:
        names.insert(0, group.label)
        group = group.parent
    return "—".join(names)


# ------------------------------------------------------------------ domain


def _domain_findings(report: Report) -> list[Finding]:
    fmt = report.fmt
    findings = []
    for cell in fmt.input_cells:
        value = report.values.get(cell.code)
        if isinstance(value, Invalid):
            rule = fmt.domain_rules[cell.kind]
            findings.append(
                cell_finding(
                    cell,
                    rule=rule.id,
                    severity=rule.severity,
                    expected=rule.params.get("title", ""),
                    actual=value.raw,
                    message=f"{cell_place(cell)}：“{value.raw}”不能作为这一格的值（{value.reason}），请改正。",
                )
            )
    for code, value in report.fields.items():
        if isinstance(value, Invalid):
            fld = fmt.fields[code]
            part = _part_of_field(report, code)
            rule = fmt.domain_rules[fld.kind]
            findings.append(
                Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    section=section_of(part).code if part else None,
                    part=code,
                    expected=rule.params.get("title", ""),
                    actual=value.raw,
                    message=f"“{part.heading if part else ''}”的“{fld.label}”：“{value.raw}”"
                    f"不能作为这一项的值（{value.reason}），请改正。",
                )
            )
    for code, value in report.stated.items():
        if isinstance(value, Invalid):
            cell = fmt.cells[code]
            rule = fmt.domain_rules[fmt.input_like(code).kind]
            findings.append(
                cell_finding(
                    cell,
                    rule=rule.id,
                    severity=ERROR,
                    expected=format_value(report.value(code)),
                    actual=value.raw,
                    message=f"{cell_place(cell)}：文件中的合计“{value.raw}”不是数字（{value.reason}）。合计由程序自动计算，请核对各项后采用自动计算的合计。",
                )
            )
    return findings


def _part_of_field(report: Report, field_code: str) -> Part | None:
    return next((p for p in report.fmt.parts.values() if any(f.code == field_code for f in p.fields)), None)


# ------------------------------------------------------------------ totals


def _stated_total_findings(report: Report) -> list[Finding]:
    """A total read from a file that disagrees with the sum of its terms (R2, R3, R5)."""
    findings = []
    derived = report.derived()
    for code, stated in report.stated.items():
        if isinstance(stated, Invalid) or code not in report.fmt.formulas:
            continue
        computed = derived.get(code)
        if _num(stated) == _num(computed):
            continue
        inst = report.fmt.formulas[code]
        cell = report.fmt.cells[code]
        rel = inst.relation
        findings.append(
            cell_finding(
                cell,
                rule=rel.id,
                severity=rel.severity,
                expected=_num(computed),
                actual=stated,
                message=_message(rel, inst, _num(computed), stated),
            )
        )
    return findings


def _input_sum_findings(report: Report, rel: Relation) -> list[Finding]:
    """A sum whose target is an input cell (no current format has one) is checked directly."""
    findings = []
    for inst in rel.instances:
        assert inst.target is not None, "a sum relation has a target"
        target = report.fmt.cells[inst.target]
        if target.is_computed or report.values.get(inst.target) is None:
            continue
        expected = sum((report.number(t) for t in inst.terms), 0)
        actual = report.number(inst.target)
        if expected != actual:
            findings.append(
                cell_finding(
                    target,
                    rule=rel.id,
                    severity=rel.severity,
                    expected=expected,
                    actual=actual,
                    message=_message(rel, inst, expected, actual),
                )
            )
    return findings


def _balance_findings(report: Report, rel: Relation) -> list[Finding]:
    findings = []
    for inst in rel.instances:
        codes = inst.left + inst.right
        if all(report.value(c) is None for c in codes):
            continue  # nothing filled in this column yet: the blank-cell warning covers it
        left = sum((report.number(c) for c in inst.left), 0)
        right = sum((report.number(c) for c in inst.right), 0)
        if left != right:
            assert inst.column is not None, "a column_balance instance is of one column"
            findings.append(
                Finding(
                    rule=rel.id,
                    severity=rel.severity,
                    section=section_of(rel.table).code,
                    table=rel.table.code,
                    column=inst.column.code,
                    expected=left,
                    actual=right,
                    message=_message(rel, inst, left, right),
                )
            )
    return findings


def _carry_over_findings(report: Report, rel: Relation, last_year: Report) -> list[Finding]:
    findings = []
    for inst in rel.instances:
        this_code, last_code = inst.left[0], inst.right[0]
        if last_code not in last_year.fmt.cells:
            continue
        this_value, last_value = report.value(this_code), last_year.value(last_code)
        if not isinstance(this_value, (int, Decimal)) or not isinstance(last_value, (int, Decimal)):
            continue
        if this_value != last_value:
            findings.append(
                cell_finding(
                    report.fmt.cells[this_code],
                    rule=rel.id,
                    severity=rel.severity,
                    message=_message(rel, inst, last_value, this_value),
                    expected=last_value,
                    actual=this_value,
                )
            )
    return findings


__all__ = ["run_checks", "Finding", "ERROR", "WARNING"]
