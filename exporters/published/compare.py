"""The county's check: a township's published report beside the .xlsx (or draft) it sent, every difference."""

from __future__ import annotations

from model.normalize import format_value
from model.places import cell_place
from model.prose.repetition import repeated_share, squash
from model.report import Report
from model.rules_content import part_words


def differences(published: Report, sent: Report) -> list[str]:
    out: list[str] = []
    if published.fmt.format_id != sent.fmt.format_id:
        return [f"发布的报告按{published.fmt.name}，报送的文件按{sent.fmt.name}，无法逐格比较。"]
    if published.meta.year != sent.meta.year:
        out.append(f"报告年度：发布的是{published.meta.year}年度，报送的是{sent.meta.year}年度。")
    if squash(published.meta.organ) != squash(sent.meta.organ):
        out.append(f"机关名称：发布的是“{published.meta.organ}”，报送的是“{sent.meta.organ}”。")
    for cell in published.fmt.cells.values():
        mine = published.stated.get(cell.code) if cell.is_computed else published.values.get(cell.code)
        if cell.is_computed and cell.code not in published.stated:
            mine = published.value(cell.code)
        theirs = sent.value(cell.code)
        if mine != theirs:
            shown = format_value(mine) or "空白"
            out.append(f"{cell_place(cell)}：发布的是{shown}，报送的是{format_value(theirs) or '空白'}。")
    for part in published.fmt.narrative_parts():
        a, b = published.text(part.code), sent.text(part.code)
        if squash(a) == squash(b):
            continue
        share = repeated_share(a, b) if a and b else None
        same = f"（相同的文字约占{share:.0%}）" if share is not None else ""
        where = part_words(published, part.code)
        if not a.strip() or not b.strip():
            out.append(f"“{where}”：{'发布的报告' if not a.strip() else '报送的文件'}中没有这部分文字。")
        else:
            out.append(f"“{where}”：发布的文字与报送的不同{same}。")
    return out
