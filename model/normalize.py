"""The one input normaliser: every way a value gets in (typing, paste, JSON, xlsx) uses it.

Accepted: full-width digits and signs (１２３, －), surrounding spaces, correct
thousands separators, and the cell's own trailing unit (件, 万元, 元).
Everything else is refused with a reason in Chinese. It never guesses:
「1万」 is refused, not read as 10000.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from model.definition import COUNT, MONEY, SIGNED, Cell, Field
from model.lazy_dataclass import lazy_dataclass

MAX_COUNT = 999_999_999  # no township handles a billion applications
MAX_MONEY = Decimal("1000000000000")
# A total read from a file is the sum of capped inputs and may pass the cap on one input,
# but a stated "1e999999999" must still be refused before it becomes a billion-digit int.
MAX_TOTAL = 10**15 - 1  # the digits Excel keeps exactly
_MAX_MAGNITUDE = 18  # decimal exponent past every cap above


def far_out_of_range(number: Decimal) -> bool:
    """Beyond any count or amount (1E+999999999, 1E-999999999): refuse before any arithmetic,
    which would overflow Decimal's context or write out a billion digits."""
    return not -30 <= number.adjusted() <= _MAX_MAGNITUDE


Value = int | Decimal | None

_MINUS_LIKE = {"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"}
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_GROUPED_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_CHINESE_NUMERALS = set("零〇一二三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟两")
_MAGNITUDE_WORDS = ("万", "千", "百", "亿")


class InputRefused(ValueError):
    """The text cannot be a value of this cell; .reason says why, in Chinese."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@lazy_dataclass(frozen=True)  # the window's start reads none; see model.lazy_dataclass
class Invalid:
    """A value read from a file that the cell cannot take: kept, shown, and reported."""

    raw: str
    reason: str

    def __str__(self) -> str:
        return self.raw

    def __reduce__(self) -> tuple[type[Invalid], tuple[str, str]]:
        # unpickled (consolidation's workers send reports back so) through __init__, which makes the
        # class's methods if this process has not made them yet
        return Invalid, (self.raw, self.reason)


def parse_for(raw: object, spec: Cell | Field, *, bounded: bool = True) -> Value:
    """parse_value for a cell or field of a definition: its kind, unit, decimals and money units."""
    return parse_value(
        raw, spec.kind, unit=spec.unit, decimals=spec.decimals, bounded=bounded, money_units=spec.money_units
    )


def parse_value(
    raw: object,
    kind: str,
    *,
    unit: str | None = None,
    decimals: int = 4,
    bounded: bool = True,
    money_units: tuple[str, ...] = (),
) -> Value:
    """Turn typed, pasted or stored input into a cell value, or raise InputRefused.

    bounded=False is for a total read from a file: a sum of inputs may pass the cap on one input."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise InputRefused("这里只能填写数字")
    if isinstance(raw, int):
        return _check_range(Decimal(raw), kind, decimals, had_point=False, bounded=bounded)
    if isinstance(raw, float):
        if math.isnan(raw) or math.isinf(raw):
            raise InputRefused("这不是一个有效的数字，请填写具体数字")
        return _check_range(Decimal(repr(raw)), kind, decimals, had_point=not raw.is_integer(), bounded=bounded)
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise InputRefused("这不是一个有效的数字，请填写具体数字")
        return _check_range(raw, kind, decimals, had_point=raw != raw.to_integral_value(), bounded=bounded)
    if not isinstance(raw, str):
        raise InputRefused("这里只能填写数字")
    return _parse_text(raw, kind, unit, decimals, bounded, money_units)


def _nfkc(text: str) -> str:
    """Full-width digits and signs (１２３，－５) to their ASCII forms. unicodedata is imported here:
    a draft's figures are ASCII, and the window's start need not load its tables."""
    import unicodedata

    return unicodedata.normalize("NFKC", text)


def _parse_text(
    raw: str, kind: str, unit: str | None, decimals: int, bounded: bool = True, money_units: tuple[str, ...] = ()
) -> Value:
    text = raw if raw.isascii() else _nfkc(raw)  # ASCII is its own NFKC form
    for dash, minus in _MINUS_LIKE.items():
        text = text.replace(dash, minus)
    text = text.strip()
    if not text:
        return None
    if len(text) > 40:
        raise InputRefused("内容太长，这里只能填写一个数字")
    text = _strip_unit(text, kind, unit, money_units)
    compact = text.replace(" ", "")
    if compact != text and not re.fullmatch(r"[+-]?\s*[\d,.]+", text):
        raise InputRefused("数字中间不能有空格或其他文字")
    text = compact
    if any(word in text for word in _MAGNITUDE_WORDS) and re.search(r"\d", text):
        raise InputRefused("请不要用“万”“千”等字，直接填写完整的数字，例如10000")
    if any(ch in _CHINESE_NUMERALS for ch in text):
        raise InputRefused("请用阿拉伯数字填写，例如12")
    if "%" in text:
        raise InputRefused("这里不能填百分数，请填写具体数字")
    if _GROUPED_NUMBER.match(text):
        text = text.replace(",", "")
    elif "," in text:
        raise InputRefused("千位分隔符的位置不对，请直接填写数字，例如12345")
    if not _PLAIN_NUMBER.match(text):
        if re.search(r"\d", text) and re.fullmatch(r"[\d.+\-eE]+", text):
            raise InputRefused("数字的写法不对，请直接填写数字，例如12或0.5")
        raise InputRefused("这里只能填写数字")
    negative = text.startswith("-")
    had_point = "." in text
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex above admits only valid decimals
        raise InputRefused("这里只能填写数字") from None
    if negative and kind != SIGNED and number == 0:
        raise InputRefused(_negative_reason(kind))
    return _check_range(number, kind, decimals, had_point=had_point, bounded=bounded)


def _strip_unit(text: str, kind: str, unit: str | None, money_units: tuple[str, ...]) -> str:
    """The cell's own unit (from the definition) may follow the number; another unit is refused.
    The longer unit is tried first: 「3万元」 in a 元 cell is not 「3万」 and a 元."""
    others = sorted({u for u in (*money_units, unit) if u}, key=len, reverse=True)  # neither None nor ""
    for word in others:
        if text.endswith(word):
            if word == unit:
                return text[: -len(word)].rstrip()
            if kind == MONEY:
                raise InputRefused(f"这一栏的单位是{unit}，请换算成{unit}后填写数字")
            raise InputRefused("这一栏填写件数，不是金额")
    if kind != MONEY and re.search(r"\d\s*[个项条份次]$", text):
        raise InputRefused(f"只需填写数字，单位只能写“{unit}”或不写" if unit else "只需填写数字，不要写单位")
    return text


def _negative_reason(kind: str) -> str:
    return "金额不能是负数" if kind == MONEY else "件数不能是负数"


def _too_big_reason(kind: str) -> str:
    return "金额太大，请核对单位和数字" if kind == MONEY else "数字太大，请核对"


def _check_range(number: Decimal, kind: str, decimals: int, *, had_point: bool, bounded: bool = True) -> Value:
    if number.adjusted() > _MAX_MAGNITUDE and not (number.is_signed() and kind != SIGNED):
        raise InputRefused(_too_big_reason(kind))  # a negative count is told it is negative
    if kind in (COUNT, SIGNED):
        if had_point or number != number.to_integral_value():
            raise InputRefused("件数必须是整数，不能有小数")
        if kind == COUNT and (number < 0 or number.is_signed()):
            raise InputRefused(_negative_reason(kind))
        if abs(number) > (MAX_COUNT if bounded else MAX_TOTAL):
            raise InputRefused(_too_big_reason(kind))
        return int(number)
    if kind == MONEY:
        if number < 0 or number.is_signed():
            raise InputRefused(_negative_reason(kind))
        if number > (MAX_MONEY if bounded else MAX_TOTAL):
            raise InputRefused(_too_big_reason(kind))
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > decimals:
            # "1.50000" has more digits than allowed, but only zeros: drop them rather than refuse.
            if number != number.quantize(Decimal(1).scaleb(-decimals)):
                raise InputRefused(f"金额最多保留{decimals}位小数")
            number = number.quantize(Decimal(1).scaleb(-decimals)).normalize()
            if number == number.to_integral_value():
                number = number.quantize(Decimal(1))
        return number
    raise ValueError(f"not an input kind: {kind}")  # pragma: no cover - guarded by the loader


def format_value(value: Value | Invalid, *, print_unit: str | None = None, signed: bool = False) -> str:
    """Text of a value as it is shown and printed: money with its own decimals, no float noise;
    signed: an increase is printed with its sign (「+19」 in 2019's 本年增/减), as a decrease is."""
    if value is None:
        return ""
    if isinstance(value, Invalid):
        return value.raw
    if isinstance(value, Decimal):
        text = format(value, "f")
    else:
        text = str(value)
    if signed and value > 0:
        text = "+" + text
    return f"{text}{print_unit}" if print_unit else text


def to_json(value: Value) -> int | str | None:
    """Money is stored as a string in drafts, so no float ever touches it."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value
