"""The document's font table: the GB/T 9704 fonts, each with a Chinese fallback Word can use.

Windows 10 and 11 ship 仿宋 (FangSong) and 楷体 (KaiTi) but not 仿宋_GB2312 or
楷体_GB2312, and no computer ships 方正小标宋简体 unless someone installed it.
w:altName names the face Word should try when the named one is missing, and
charset 86 (GB2312) keeps its own substitution among Chinese fonts. The
template's stylesWithEffects part (Word 2010 styles, full of theme fonts) is
dropped so that no copy of the old styles is left in the file.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from exporters.docx.styles import (
    BODY_FONT,
    HEADING1_FONT,
    HEADING2_FONT,
    MARK_FONT,
    PAGE_NUMBER_FONT,
    TABLE_FONT,
    TITLE_FONT,
)

FALLBACK = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体"}
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FONT_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def font_table_xml(fonts: list[str]) -> bytes:
    entries = []
    for name in fonts:
        alt = f"<w:altName w:val={quoteattr(FALLBACK[name])}/>" if name in FALLBACK else ""
        entries.append(
            f'<w:font w:name={quoteattr(name)}>{alt}<w:charset w:val="86"/>'
            f'<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<w:fonts xmlns:w="{_W}">{"".join(entries)}</w:fonts>'
    ).encode("utf-8")


def set_font_table(doc) -> None:
    fonts = list(
        dict.fromkeys([BODY_FONT, TITLE_FONT, HEADING1_FONT, HEADING2_FONT, TABLE_FONT, PAGE_NUMBER_FONT, MARK_FONT])
    )
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype == _FONT_TABLE:
            rel.target_part._blob = font_table_xml(fonts)
        elif rel.reltype == _STYLES_WITH_EFFECTS:
            doc.part.drop_rel(r_id)
