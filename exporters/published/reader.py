"""import-report: a published report's file (or pasted text) to a Recognised report and its list."""

from __future__ import annotations

from pathlib import Path

from exporters.published.recognise import Note, Recognised, recognise
from exporters.published.sources import SourceRefused, read_source, text_lines

__all__ = ["SourceRefused", "read_published", "read_pasted", "listing"]


def _formats():
    from model.formats import all_formats, get_format

    return [get_format(fid) for fid in all_formats()]


def read_published(path: Path, *, year: int | None = None) -> tuple[Recognised, str]:
    """(what was recognised, what the file was); SourceRefused says in Chinese why it cannot be read."""
    lines, what = read_source(Path(path))
    if not lines:
        raise SourceRefused(f"“{Path(path).name}”里没有文字。")
    return recognise(lines, _formats(), year=year), what


def read_pasted(text: str, *, year: int | None = None) -> Recognised:
    lines = text_lines(text)
    if not lines:
        raise SourceRefused("粘贴的内容是空的。请在网页或文档中全选、复制报告，再粘贴到这里。")
    return recognise(lines, _formats(), year=year)


KIND_WORDS = {"missing": "没有找到", "unread": "没有读入", "total": "合计与各项不符", "note": "按近似读入"}


def listing(result: Recognised) -> list[str]:
    """The list a clerk reads before accepting: what was found, then every note by kind."""
    report = result.report
    values = [c for c in report.fmt.input_cells if report.values.get(c.code) is not None]
    parts = [p for p in report.fmt.narrative_parts() if report.text(p.code).strip()]
    organ, year = report.meta.organ or "（机关名称未读出）", report.meta.year or "（年度未读出）"
    lines = [
        f"{organ} {year}年度，按{report.fmt.name}读入：",
        f"表格中读入{len(values)}个数字（共{len(report.fmt.input_cells)}格），正文读入{len(parts)}个部分"
        f"（共{len(report.fmt.narrative_parts())}个）。",
    ]
    for kind in ("missing", "unread", "total", "note"):
        notes: list[Note] = result.notes_of(kind)
        if notes:
            lines.append(f"{KIND_WORDS[kind]}（{len(notes)}处）：")
            lines += [f"  〔{n.where}〕 {n.message}" for n in notes]
    return lines
