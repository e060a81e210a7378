"""What an export says once, before the file name is asked: the errors and warnings that remain, by kind."""

from __future__ import annotations

from model.definition import FormatDef
from model.findings import ERROR, WARNING, Finding
from model.rules_content import CONTENT_RULES


def rule_titles(fmt: FormatDef) -> dict[str, str]:
    """Every rule id of the format -> what it asks, in words (the definition's titles; the content rules')."""
    titles = {r.id: f"{r.table.name}{r.title}" for r in fmt.relations}
    titles |= {r.id: str(r.params.get("title", r.type)) for r in fmt.domain_rules.values()}
    titles |= {r.id: str(r.params.get("title", r.type)) for r in fmt.document_rules}
    return titles | CONTENT_RULES


def by_kind(fmt: FormatDef, findings: list[Finding]) -> str:
    """「正文中的数字与表格一致 2个、正文中没有上年或更早的年份…… 1个」, most frequent first."""
    titles = rule_titles(fmt)
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return "；".join(f"“{titles.get(rule, rule)}”{n}个" for rule, n in ordered)


def export_notice(fmt: FormatDef, findings: list[Finding]) -> str | None:
    """None when nothing remains; otherwise the words of the one question before exporting."""
    errors = [f for f in findings if f.severity == ERROR]
    warnings = [f for f in findings if f.severity == WARNING and not f.explanation]
    if not errors and not warnings:
        return None
    lines = []
    if errors:
        lines.append(f"还有{len(errors)}个错误没有改正（{by_kind(fmt, errors)}），只能导出草稿：文件上会标明“草稿”。")
    if warnings:
        lines.append(
            f"还有{len(warnings)}个警告既没有改正也没有写说明（{by_kind(fmt, warnings)}）。"
            "这些问题会留在导出的文件里，县里审核和考核时可能被指出。"
        )
    return "\n\n".join(lines)
