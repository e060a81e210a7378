"""A finding: one located, explained problem in a report."""

from __future__ import annotations

from dataclasses import dataclass, replace

from model.definition import Cell, section_of

ERROR, WARNING, HINT = "error", "warning", "hint"
SEVERITY_TEXT = {ERROR: "错误", WARNING: "警告", HINT: "提示"}


@dataclass(frozen=True)
class Finding:
    rule: str  # stable rule id: R1, D6, V1 ...
    severity: str  # error / warning / hint
    message: str  # one Chinese sentence: where, what, what to do
    section: str | None = None  # section code, e.g. s3
    table: str | None = None  # table code, e.g. t3
    row: str | None = None  # row code
    column: str | None = None  # column code
    cell: str | None = None  # value cell code, where the finding is about one cell
    part: str | None = None  # narrative part or field code
    expected: object = None
    actual: object = None
    explanation: str | None = None  # the user's explanation (警告 only)

    @property
    def key(self) -> str:
        """Stable identity, used to keep the user's explanation across edits and saves."""
        where = self.cell or self.part or ".".join(x for x in (self.table, self.row, self.column) if x)
        return f"{self.rule}@{where or self.section or 'report'}"

    @property
    def severity_text(self) -> str:
        return SEVERITY_TEXT[self.severity]

    @property
    def can_explain(self) -> bool:
        return self.severity == WARNING

    def with_explanation(self, text: str | None) -> "Finding":
        return replace(self, explanation=text)


def count_by_severity(findings: list[Finding]) -> dict[str, int]:
    counts = {ERROR: 0, WARNING: 0, HINT: 0}
    for f in findings:
        counts[f.severity] += 1
    return counts


def cell_finding(
    cell: Cell, *, rule: str, severity: str, message: str, expected: object = None, actual: object = None
) -> Finding:
    """A finding about one value cell, located at its section, table, row, column and cell."""
    return Finding(
        rule=rule,
        severity=severity,
        message=message,
        section=section_of(cell.table).code,
        table=cell.table.code,
        row=cell.row.code,
        column=cell.column.code,
        cell=cell.code,
        expected=expected,
        actual=actual,
    )
