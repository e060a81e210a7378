"""Numbers as prose writes them: 12, １２, 十二, 两, 一百零五, 二〇二三 (a year), 0."""

from __future__ import annotations

import re

DIGITS = "零〇一二两三四五六七八九"
_DIGIT_VALUE = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CHINESE_NUMBER = f"[{DIGITS}十百千万]+"
# an Arabic number (half- or full-width, thousands separators) or a Chinese one
NUMBER = rf"(?:[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?|{CHINESE_NUMBER})"

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def number_value(text: str) -> int | float | None:
    """The value of one number as written; None when it is not a number (or not one we read with certainty)."""
    text = text.translate(_FULL_WIDTH).replace(",", "")
    if not text:
        return None
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    if re.fullmatch(r"[0-9]+\.[0-9]+", text):
        return float(text)
    return chinese_value(text)


def chinese_value(text: str) -> int | None:
    """十二 12, 二十 20, 一百零五 105, 两千 2000, 三万五千 35000; a digit string 二〇二三 2023."""
    if not text or any(ch not in _DIGIT_VALUE and ch not in _UNIT_VALUE for ch in text):
        return None
    if all(ch in _DIGIT_VALUE for ch in text):
        if len(text) > 1 and text[0] in "零〇":
            return None
        return int("".join(str(_DIGIT_VALUE[ch]) for ch in text))
    if len(text) > 1 and text[-1] in _DIGIT_VALUE and text[-2] in "百千万":
        return None  # 一百五, 两千三: 150 and 2300 as spoken, 105 and 2003 by the digits
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGIT_VALUE:
            if digit is not None and _DIGIT_VALUE[ch] != 0:
                return None  # 二三十: not a number a report writes
            digit = _DIGIT_VALUE[ch] if _DIGIT_VALUE[ch] else None
            continue
        unit = _UNIT_VALUE[ch]
        if unit == 10000:
            if digit is None and not section:
                return None  # 上万, 数万元: no number
            section = (section + (digit or 0)) * unit
            total, section, digit = total + section, 0, None
            continue
        if digit is None and not (unit == 10 and section == 0 and total == 0):
            if unit != 10:
                return None
        section += (digit if digit is not None else 1) * unit
        digit = None
    return total + section + (digit or 0)
