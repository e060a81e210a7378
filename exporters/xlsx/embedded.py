"""The draft itself, inside the township .xlsx: the 汇总's fast way in, for a file nobody touched.

The writer puts the draft (the JSON a .json draft holds) in one more part, nianbao/draft.xml, as the
text of a single XML element. No relationship points to it and its content type is the package's
default for .xml: Excel, WPS and LibreOffice open the workbook as before and leave the part out
when they save it again (Office treats a part nothing references so: see paper-pptx#24, measured
on PowerPoint; LibreOffice is measured by the render tests).

The reader uses it only when exporters.xlsx.stamp says every part is as the writer left it and the
draft's own checksum equals the 说明 sheet's 数据校验码: then the sheets were written from this very
draft, and reading 数据 and 正文 cell by cell would give it again at ten times the cost. In every
other case (an older file, a file saved again, one part edited) the sheets are read as before.
The part goes through the same hardened reader as every other (size and ratio bounds, no DTD, no
entities), and its text through the draft loader a .json draft goes through.
"""

from __future__ import annotations

import json
import re

PART = "nianbao/draft.xml"
ROOT_TAG = "{urn:nianbao:draft}draft"
# What XML 1.0 cannot hold (json.dumps already escapes the C0 controls): kept as JSON escapes
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def draft_part(draft: dict) -> bytes | None:
    """The part's bytes for a draft as model.draft_store.draft_to_dict gives it; None when JSON cannot
    hold it (a report built in code with a Decimal among its unknown data): the file is then written
    without it, and read cell by cell."""
    try:
        text = json.dumps(draft, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return None
    text = _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<draft xmlns="urn:nianbao:draft">{text}</draft>'.encode()


def draft_of(root) -> bytes | None:
    """The draft's JSON from the part's parsed root; None when the part is not one of ours."""
    if root is None or root.tag != ROOT_TAG or len(root):
        return None
    return (root.text or "").encode("utf-8")
