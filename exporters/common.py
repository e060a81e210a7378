"""What every exporter shares: the draft mark and the refusal of a report with 错误."""

from __future__ import annotations

from model.checks import run_checks
from model.findings import ERROR, Finding
from model.report import Report

DRAFT_MARK = "草稿——数据未通过校验"


def text_width(text: str) -> float:
    """Width in full-width characters: Chinese, full-width forms and curly quotes 1, ASCII ½
    (how wide a label prints, in a Word table column or an Excel one)."""
    import unicodedata

    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


class ExportRefused(Exception):
    """The report has 错误: it is exported only as a draft. .errors lists them."""

    def __init__(self, errors: list[Finding]):
        self.errors = errors
        lines = "\n".join(f"  {f.message}" for f in errors[:20])
        more = f"\n  ……另有{len(errors) - 20}个错误" if len(errors) > 20 else ""
        super().__init__(
            f"报告中有{len(errors)}个错误，不能导出正式文件。请改正后再导出，"
            f"或者导出草稿（每页标注“{DRAFT_MARK}”）：\n{lines}{more}"
        )


def findings_for_export(report: Report, *, draft: bool, last_year: Report | None = None) -> list[Finding]:
    """All findings; raises ExportRefused when there are 错误 and a final export was asked for."""
    findings = run_checks(report, last_year=last_year)
    errors = [f for f in findings if f.severity == ERROR]
    if errors and not draft:
        raise ExportRefused(errors)
    return findings
