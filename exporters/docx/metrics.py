"""How wide a table's text prints, in em of its font size, and where it wraps (pure arithmetic).

Word prints 宋体 with SimSun on Windows; LibreOffice, WPS on UOS/Kylin and our
tests print it with Noto Serif CJK SC (tools/fontconfig). SimSun's Latin glyphs
are all ½ em; Noto's are proportional and a little wider. A column must hold its
text in either, so every advance here is the wider of the two, measured from the
fonts (tests/exporters/test_docx_metrics.py measures Noto again with Qt).
"""

from __future__ import annotations

import unicodedata

SIMSUN_ASCII_EM = 0.5
# Noto Serif CJK SC (Regular), advance of each character in em, measured with QFontMetricsF.
NOTO_SERIF_EM = {
    "0": 0.557, "1": 0.471, "2": 0.558, "3": 0.557, "4": 0.555, "5": 0.558, "6": 0.558, "7": 0.549,
    "8": 0.558, "9": 0.562, ".": 0.327, ",": 0.327, "-": 0.346, "+": 0.580, "%": 0.923, "(": 0.364,
    ")": 0.364, "/": 0.352,
}  # fmt: skip
OTHER_ASCII_EM = 0.6  # a Latin letter we did not measure: wider than most
LINE_HEIGHT_EM = 1.45  # one line of a single-spaced table paragraph: Noto's is 1.437 em, SimSun's less
# A line may not start with these (Word's and LibreOffice's 禁则): the character before moves down too.
NO_LINE_START = "，。、；：！？）》」』”’…—"


def char_em(ch: str) -> float:
    if ch.isascii():
        return max(SIMSUN_ASCII_EM, NOTO_SERIF_EM.get(ch, OTHER_ASCII_EM))
    return 1.0 if unicodedata.east_asian_width(ch) in "WFA" else OTHER_ASCII_EM


def text_em(text: str) -> float:
    return sum(char_em(ch) for ch in text)


def wrap(text: str, width_em: float) -> list[str]:
    """The lines text breaks into in a column width_em wide, character by character as a CJK
    paragraph wraps, keeping 禁则: a closing mark never starts a line."""
    lines: list[str] = []
    line, used = "", 0.0
    for ch in text:
        em = char_em(ch)
        if line and used + em > width_em + 1e-9:
            if ch in NO_LINE_START and len(line) > 1:
                lines.append(line[:-1])
                line, used = line[-1], char_em(line[-1])
            else:
                lines.append(line)
                line, used = "", 0.0
        line += ch
        used += em
    if line:
        lines.append(line)
    return lines


def widows(text: str, width_em: float) -> bool:
    """True when text wraps with a single character alone on its last line (「禁止公/开」)."""
    lines = wrap(text, width_em)
    return len(lines) > 1 and len(lines[-1]) == 1


def balanced(text: str, width_em: float) -> list[str]:
    """text on as many lines as it wraps to at width_em, but with the lines as even as they can be:
    「结果维持」 in a column three characters wide becomes 「结果」「维持」, not 「结果维」「持」."""
    count = len(wrap(text, width_em))
    low, high = max((char_em(ch) for ch in text), default=0.0), width_em
    for _ in range(24):
        middle = (low + high) / 2
        if len(wrap(text, middle)) <= count:
            high = middle
        else:
            low = middle
    return wrap(text, high)


def pack(words: list[str], width_em: float) -> list[str]:
    """Whole words onto as few lines as fit width_em; a word wider than the line gets a line of its own."""
    lines: list[str] = []
    for word in words:
        if lines and text_em(lines[-1] + word) <= width_em + 1e-9:
            lines[-1] += word
        else:
            lines.append(word)
    return lines
