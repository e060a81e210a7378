"""A saved web page (.html in UTF-8 or GBK/GB18030, .mht as browsers save it) as lines and table rows.

lxml.html (already shipped for python-docx) parses the broken HTML government sites serve.
The charset is found by decoding, not from the page's meta tag, which is often wrong: GBK text is
almost never valid UTF-8, so a strict UTF-8 decode that succeeds settles it.
"""

from __future__ import annotations

import email
import email.policy
import re

from exporters.published.lines import Line, SourceRefused

BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "tr", "section", "article", "center", "title")


def decode(raw: bytes) -> str:
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return raw[len(bom) :].decode(codec, errors="replace")
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def is_html(text: str) -> bool:
    return bool(re.search(r"<(html|body|table|p|div|meta)[\s>]", text[:20000], re.I))


def is_mht(raw: bytes) -> bool:
    head = raw[:4000].lower()
    return b"mime-version" in head and b"multipart/related" in head


def mht_html(raw: bytes, name: str) -> str:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return decode(payload)
    raise SourceRefused(f"“{name}”是保存的网页（.mht），但其中没有网页正文。")


def html_lines(text: str) -> list[Line]:
    import lxml.html

    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError, ValueError for empty documents
        raise SourceRefused("网页内容无法识别（可能已损坏），没有读取。") from exc
    for bad in root.xpath("//script|//style|//noscript|//head"):
        bad.drop_tree()
    tables: list[list[list[str]]] = []
    for table in root.xpath("//table[not(ancestor::table)]"):
        rows = []
        for tr in table.xpath(".//tr"):
            cells = [re.sub(r"\s+", "", td.text_content()) for td in tr.xpath("./td|./th")]
            if any(cells):
                rows.append(cells)
        marker = lxml.html.Element("p")
        marker.text = f"\ue000{len(tables)}\ue000"  # a private-use mark: where the table stood
        marker.tail = table.tail
        tables.append(rows)
        table.getparent().replace(table, marker)
    for el in root.iter(*BLOCKS):
        el.tail = "\n" + (el.tail or "")
        if el.tag == "br":
            continue
        el.text = "\n" + (el.text or "")
    out: list[Line] = []
    for line in root.text_content().split("\n"):
        line = re.sub(r"[\s\u3000\xa0]+", " ", line).strip()
        if not line:
            continue
        m = re.fullmatch("\ue000(\\d+)\ue000", line)
        if m:
            k = int(m.group(1))
            for r, cells in enumerate(tables[k], 1):
                out.append(Line(" ".join(c for c in cells if c), f"第{k + 1}个表格第{r}行", cells, table=True))
            continue
        out.append(Line(line, f"第{len(out) + 1}段"))
    return out
