"""GB/T 9704-2012 page and styles: A4, the margins, 3号仿宋 body on 22 lines, fonts with w:eastAsia.

python-docx's default template carries theme fonts (w:asciiTheme,
w:eastAsiaTheme…) in docDefaults and in its heading styles; inside one rFonts a
theme attribute beats w:eastAsia, so Chinese text would keep the theme font
(python-docx #154, #1139). prepare() strips every theme attribute and every
style the report does not use, then defines the report's own styles.
"""

from __future__ import annotations

import math

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

# Fonts (Windows/WPS names; tools/fontconfig/fonts.conf maps them on Linux).
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
PAGE_NUMBER_FONT = "宋体"
MARK_FONT = "黑体"

# Sizes in points: 2号, 3号, 4号, 五号, 小四.
TITLE_SIZE = 22
BODY_SIZE = 16
PAGE_NUMBER_SIZE = 14
TABLE_SIZE = 10.5
MARK_SIZE = 12

# Page (mm): GB/T 9704 5.2.1, 版心 156 × 225.
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
TOP, BOTTOM, LEFT, RIGHT = 37, 35, 28, 26
FOOTER_DISTANCE = 25  # the page number's 一字线 about 7 mm under the type area (GB/T 9704 7.5)
HEADER_DISTANCE = 15

# 22 lines on the 225 mm type area: 225 mm / 22 = 28.99 pt; exact 28.9 pt lines (578 twips).
LINE_TWIPS = 578
GRID_PITCH_TWIPS = 579
BODY_CHAR_TWIPS = BODY_SIZE * 20  # one 3号 character: the unit of 「空二字」
TITLE_LINE_TWIPS = 700  # 35 pt: a 2号 line, with room for the glyphs

TEXT_WIDTH_TWIPS = int(Mm(PAGE_WIDTH - LEFT - RIGHT).twips)  # 156 mm = 8844 twips
TEXT_HEIGHT_TWIPS = int(Mm(PAGE_HEIGHT - TOP - BOTTOM).twips)  # 225 mm
# 28 characters on a line (GB/T 9704 5.2.3). The section's grid says so, as Word's and WPS's 公文
# templates do: a pitch of the font size plus charSpace/4096 pt, rounded down so that 28 pitches
# never exceed the width (-849; -848 leaves 27). Page set-up (页面设置 → 文档网格) then shows 每行
# 28 字、每页 22 行. The text itself does not snap to that grid: LibreOffice gives a 16 pt character
# two 15.8 pt grid cells (measured: 14 characters a line), so the body is condensed by 0.5 pt a
# character instead (15.5 pt: 28 fit in 156 mm, 29 do not), which Word, WPS and LibreOffice all
# lay out alike; its lines keep the exact 28.9 pt spacing, so 22 lines still fill the page.
CHARS_PER_LINE = 28
GRID_CHAR_SPACE = math.floor((TEXT_WIDTH_TWIPS / 20 / CHARS_PER_LINE - BODY_SIZE) * 4096)
BODY_CHAR_SPACING = -10  # twentieths of a point, on every body character (w:spacing of the run)

TITLE_STYLE = "Report Title"
HEADING1_STYLE = "Heading 1"
HEADING2_STYLE = "Heading 2"
TABLE_STYLE = "Table Text"
_KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Heading1", "Heading2", "Header", "Footer"}
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(rpr, font: str, size: float | None = None) -> None:
    """Set ascii, hAnsi, eastAsia and cs to font on a w:rPr, dropping theme fonts; and the size."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)
    if size is not None:
        half_points = str(int(round(size * 2)))
        rpr.get_or_add_sz().set(qn("w:val"), half_points)
        szcs = rpr.find(qn("w:szCs"))
        if szcs is None:
            szcs = OxmlElement("w:szCs")
            rpr.get_or_add_sz().addnext(szcs)
        szcs.set(qn("w:val"), half_points)


def set_char_spacing(rpr, twentieths: int) -> None:
    """w:spacing of a w:rPr (condensed when negative), in its place before w:sz."""
    old = rpr.find(qn("w:spacing"))
    if old is not None:
        rpr.remove(old)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    size = rpr.find(qn("w:sz"))
    if size is not None:
        size.addprevious(spacing)
    else:
        rpr.append(spacing)


def set_paragraph(
    ppr,
    *,
    align: str | None = None,
    first_line_chars: int | None = None,
    line: int | None = None,
    line_rule: str = "exact",
    left: int | None = None,
    right: int | None = None,
    keep_next: bool | None = None,
    snap_to_grid: bool | None = None,
    outline: int | None = None,
    hanging_punctuation: bool | None = None,
) -> None:
    """Paragraph properties in schema order; indents in twips, first_line_chars in characters."""
    _replace(ppr, "w:keepNext", _on_off("w:keepNext", keep_next) if keep_next is not None else None)
    _replace(ppr, "w:widowControl", _on_off("w:widowControl", False))
    if hanging_punctuation is not None:
        _replace(ppr, "w:overflowPunct", _on_off("w:overflowPunct", hanging_punctuation))
    _replace(ppr, "w:snapToGrid", _on_off("w:snapToGrid", snap_to_grid) if snap_to_grid is not None else None)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    if line is not None:
        spacing.set(qn("w:line"), str(line))
        spacing.set(qn("w:lineRule"), line_rule)
    _replace(ppr, "w:spacing", spacing)
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), str(left or 0))
    ind.set(qn("w:right"), str(right or 0))
    chars = first_line_chars or 0
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(chars * BODY_CHAR_TWIPS))
    _replace(ppr, "w:ind", ind)
    if align is not None:
        jc = OxmlElement("w:jc")
        jc.set(qn("w:val"), align)
        _replace(ppr, "w:jc", jc)
    if outline is not None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline))
        _replace(ppr, "w:outlineLvl", level)


# CT_PPr child order (ECMA-376 17.3.1.26), for the children this module writes.
_PPR_ORDER = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
]


def _replace(ppr, tag: str, new) -> None:
    old = ppr.find(qn(tag))
    if old is not None:
        ppr.remove(old)
    if new is None:
        return
    rank = _PPR_ORDER.index(tag)
    for child in ppr:
        if child.tag in _LATER_TAGS[rank]:
            child.addprevious(new)
            return
    ppr.append(new)


_LATER_TAGS = [{qn(t) for t in _PPR_ORDER[i + 1 :]} for i in range(len(_PPR_ORDER))]


def _on_off(tag: str, value: bool):
    el = OxmlElement(tag)
    if not value:
        el.set(qn("w:val"), "0")
    return el


def prepare(doc) -> None:
    """Page set-up, settings and styles of a fresh python-docx Document."""
    _setup_page(doc.sections[0])
    _setup_settings(doc)
    _prune_styles(doc)
    _define_styles(doc)


def _setup_page(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance, section.footer_distance = Mm(HEADER_DISTANCE), Mm(FOOTER_DISTANCE)
    section.gutter = Mm(0)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(GRID_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(GRID_CHAR_SPACE))


def _setup_settings(doc) -> None:
    doc.settings.odd_and_even_pages_header_footer = True  # w:evenAndOddHeaders
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    doc.core_properties.language = "zh-CN"


def _prune_styles(doc) -> None:
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEPT_STYLES:
            styles.remove(style)
            continue
        for link in style.findall(qn("w:link")):
            style.remove(link)
        for tag in ("w:rPr", "w:pPr"):
            el = style.find(qn(tag))
            if el is not None:
                style.remove(el)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), BODY_FONT)
    for tag, value in (("w:sz", "32"), ("w:szCs", "32")):
        rpr.find(qn(tag)).set(qn("w:val"), value)
    lang = rpr.find(qn("w:lang"))
    lang.attrib.clear()
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)


def _define_styles(doc) -> None:
    styles = doc.styles

    def paragraph_style(name: str, font: str, size: float):
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        set_fonts(style.element.get_or_add_rPr(), font, size)
        return style, style.element.get_or_add_pPr()

    style, ppr = paragraph_style("Normal", BODY_FONT, BODY_SIZE)
    # No 「。」 hanging past the right edge: the text fills the type area and stays inside it.
    set_paragraph(ppr, align="both", first_line_chars=2, line=LINE_TWIPS, hanging_punctuation=False, snap_to_grid=False)
    set_char_spacing(style.element.get_or_add_rPr(), BODY_CHAR_SPACING)

    style, ppr = paragraph_style(TITLE_STYLE, TITLE_FONT, TITLE_SIZE)
    style.base_style = styles["Normal"]
    set_char_spacing(style.element.get_or_add_rPr(), 0)
    style.next_paragraph_style = styles["Normal"]
    set_paragraph(ppr, align="center", line=TITLE_LINE_TWIPS, keep_next=True, snap_to_grid=False)

    for name, font, level in ((HEADING1_STYLE, HEADING1_FONT, 0), (HEADING2_STYLE, HEADING2_FONT, 1)):
        style, ppr = paragraph_style(name, font, BODY_SIZE)
        style.base_style = styles["Normal"]
        style.next_paragraph_style = styles["Normal"]
        style.font.bold = False
        set_paragraph(ppr, align="both", first_line_chars=2, line=LINE_TWIPS, keep_next=True, outline=level)

    style, ppr = paragraph_style(TABLE_STYLE, TABLE_FONT, TABLE_SIZE)
    style.base_style = styles["Normal"]
    set_char_spacing(style.element.get_or_add_rPr(), 0)
    set_paragraph(ppr, align="center", line=240, line_rule="auto", snap_to_grid=False)

    style, ppr = paragraph_style("Footer", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    style.base_style = styles["Normal"]
    set_char_spacing(style.element.get_or_add_rPr(), 0)
    set_paragraph(ppr, line=240, line_rule="auto", snap_to_grid=False)

    style, ppr = paragraph_style("Header", MARK_FONT, MARK_SIZE)
    style.base_style = styles["Normal"]
    set_char_spacing(style.element.get_or_add_rPr(), 0)
    set_paragraph(ppr, align="center", line=240, line_rule="auto", snap_to_grid=False)
