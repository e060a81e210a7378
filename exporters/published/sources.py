"""A published report's file as lines of text, table rows keeping their cells.

What the file is comes from its bytes, not its name: a .doc saved as .docx, a PDF called .html, an
image, are each told apart and refused with a reason a clerk can act on.
"""

from __future__ import annotations

import re
from pathlib import Path

from exporters.published.lines import Line, SourceRefused

__all__ = ["Line", "SourceRefused", "read_source", "text_lines"]

MAX_BYTES = 20 * 1024 * 1024  # a published report is a few hundred KB; a web page with its images a few MB


IMAGE_MAGIC = {
    b"\x89PNG": "PNG图片",
    b"\xff\xd8\xff": "JPEG图片",
    b"GIF8": "GIF图片",
    b"BM": "BMP图片",
    b"II*\x00": "TIFF图片",
    b"MM\x00*": "TIFF图片",
}


def read_source(path: Path) -> tuple[list[Line], str]:
    """(lines, what the file was: 网页, Word文档, PDF, 文本)."""
    path = Path(path)
    name = f"“{path.name}”"
    try:
        size = path.stat().st_size
    except OSError as exc:
        from model.os_messages import system_reason

        raise SourceRefused(f"无法读取{name}（{system_reason(exc, path)}）。") from exc
    if size == 0:
        raise SourceRefused(f"{name}是空文件（0字节），里面没有报告。")
    if size > MAX_BYTES:
        raise SourceRefused(
            f"{name}有{size / 1024 / 1024:.0f} MB，远大于任何年度报告（通常不到1 MB），没有读取。"
            "如果是网页，请在浏览器中用“另存为 → 网页，仅HTML”保存后再导入。"
        )
    raw = path.read_bytes()
    head = raw[:16]
    for magic, what in IMAGE_MAGIC.items():
        if head.startswith(magic):
            raise SourceRefused(f"{name}是{what}，图片里的文字无法读取。请找到报告的网页、Word文档或PDF文件再导入。")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceRefused(
            f"{name}是旧版Word文档（.doc）或其他旧式Office文件，无法直接读取。"
            "请在Word或WPS中打开它，“另存为”Word文档（.docx）后再导入。"
        )
    if head.startswith(b"%PDF"):
        from exporters.published.pdf_source import pdf_lines

        return pdf_lines(raw, path.name), "PDF"
    if head.startswith(b"PK"):
        from exporters.published.docx_source import docx_lines

        return docx_lines(raw, path.name), "Word文档"
    if raw.count(b"\x00") > len(raw) // 100 and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceRefused(f"{name}不是网页、Word、PDF或文本文件，内容无法识别。")
    from exporters.published.html_source import decode, html_lines, is_html, is_mht, mht_html

    if is_mht(raw):
        return html_lines(mht_html(raw, path.name)), "网页（.mht）"
    text = decode(raw)
    if is_html(text):
        return html_lines(text), "网页"
    return text_lines(text), "文本"


def text_lines(text: str) -> list[Line]:
    """Plain text (as copied from a page, or pasted): a line with tabs is a table row."""
    out = []
    for i, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")] if "\t" in line else []
        out.append(Line(re.sub(r"\s+", " ", line).strip(), f"第{i}行", cells))
    return out
