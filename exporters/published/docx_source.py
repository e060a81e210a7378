"""A .docx (ours, or any Word/WPS report) as paragraphs and table rows in the order of the body."""

from __future__ import annotations

import io
import re

from exporters.published.lines import Line, SourceRefused


def docx_lines(raw: bytes, name: str) -> list[Line]:
    import zipfile

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile as exc:
        raise SourceRefused(f"“{name}”不完整或已损坏，无法读取。") from exc
    if "word/document.xml" not in names:
        what = "Excel文件" if "xl/workbook.xml" in names else "压缩包或其他Office文件"
        raise SourceRefused(f"“{name}”是{what}，不是Word文档。请选择报告的网页、Word文档、PDF或文本文件。")
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises KeyError/ValueError/XML errors on damaged packages
        raise SourceRefused(f"“{name}”是Word文档，但内部结构已损坏，无法读取。") from exc
    out: list[Line] = []
    tables = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = re.sub(r"\s+", " ", Paragraph(child, document).text).strip()
            if text:
                out.append(Line(text, f"第{len(out) + 1}段"))
        elif tag == "tbl":
            tables += 1
            for r, row in enumerate(Table(child, document).rows, 1):
                seen: list[object] = []
                cells = []
                for cell in row.cells:  # a merged cell is returned once per grid column it covers
                    if any(cell._tc is s for s in seen):
                        continue
                    seen.append(cell._tc)
                    cells.append(re.sub(r"\s+", "", cell.text))
                if any(cells):
                    out.append(Line(" ".join(c for c in cells if c), f"第{tables}个表格第{r}行", cells, table=True))
    return out
