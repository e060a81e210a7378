"""What a printed report says of a part's structured figures (六（一）'s fees): the sentence written
from them, in the register of the prose, unless the clerk's own text already states them."""

from __future__ import annotations

from model.definition import Part
from model.prose.sentences import suggestions_for
from model.prose.statements import statements
from model.report import Report


def figures_sentence(report: Report, part: Part) -> str:
    if not part.fields or all(report.fields.get(f.code) is None for f in part.fields):
        return ""
    spec = report.fmt.prose
    text = report.text(part.code)
    if spec is not None:
        field_codes = {f.code for f in part.fields}
        stated = statements(spec, {part.code: text}, year=report.meta.year or 0)
        if any(set(s.fact.cells) & field_codes for s in stated):
            return ""  # 「本年度未收取信息处理费。」 is already there: C2 holds it to the figures
    sentences = [s.text for s in suggestions_for(report, part.code)]
    return "".join(s for s in sentences if s not in text)
