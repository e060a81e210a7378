"""A PDF's text layer (pypdf), line by line. A scanned PDF has none: refused, saying so."""

from __future__ import annotations

import io
import re

from exporters.published.lines import Line, SourceRefused
from model.cjk_radicals import without_radicals


def pdf_lines(raw: bytes, name: str) -> list[Line]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd fonts are not the clerk's
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise SourceRefused(f"“{name}”设置了密码，无法读取。请找到没有密码的文件，或报告的网页、Word文档。")
        pages = [page.extract_text() or "" for page in reader.pages]
    except SourceRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SourceRefused(f"“{name}”是PDF文件，但已损坏或无法识别，没有读取。") from exc
    text_chars = sum(len(re.sub(r"\s", "", p)) for p in pages)
    if text_chars < 20 * max(1, len(pages)) // 2:
        raise SourceRefused(
            f"“{name}”是扫描件（PDF里只有图片，没有文字），无法读取其中的文字。"
            "请找到报告的网页、Word文档或由Word/WPS导出的PDF再导入。"
        )
    # a PDF's text layer may give 「金」 as the radical ⾦: read the character it stands for
    page_lines = [[without_radicals(re.sub(r"\s+", " ", ln).strip()) for ln in page.split("\n")] for page in pages]
    repeated = _running_heads(page_lines)
    out: list[Line] = []
    for p, lines in enumerate(page_lines, 1):
        for i, line in enumerate(lines, 1):
            if not line or PAGE_NUMBER.fullmatch(line) or line in repeated:
                continue
            line = DIGIT_SPACE.sub("", line)  # 「2022 年11 月」 as the text layer spaces it
            if out and _continues(out[-1].text, line):
                out[-1].text += line  # a paragraph wrapped at the page's edge
                continue
            out.append(Line(line, f"第{p}页第{i}行"))
    return out


PAGE_NUMBER = re.compile(r"[-—–－]?\s*\d{1,3}\s*[-—–－]?|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?")
ENDS = "。；：！？”）」"
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")


DIGIT_SPACE = re.compile(r"(?<=[0-9])\s+(?=[\u4e00-\u9fff])")


def _running_heads(pages: list[list[str]]) -> set[str]:
    """Lines every other page starts or ends with (a header such as 「草稿——数据未通过校验」)."""
    if len(pages) < 2:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        kept = [ln for ln in lines if ln]
        for ln in {*kept[:1], *kept[-1:]}:  # the very first or last line: where a header or footer sits
            counts[ln] = counts.get(ln, 0) + 1
    least = max(2, -(-len(pages) * 3 // 5))
    return {ln for ln, n in counts.items() if n >= least and not PAGE_NUMBER.fullmatch(ln)}


def _continues(previous: str, line: str) -> bool:
    """A line that goes on from the line above it: running text wrapped at the page's edge, or a
    heading too long for one line. Not a new heading, not a table row."""
    if len(previous) < 18 or previous[-1] in ENDS or HEADING.match(line):
        return False
    if any(re.fullmatch(r"[0-9０-９.]+", t) for t in line.split(" ") + previous.split(" ")):
        return False
    if HEADING.match(previous) and "。" not in previous:
        return len(line) <= 14 and "。" not in line  # 「（五）…统计需」 + 「要说明的事项」
    return True
