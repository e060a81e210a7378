"""One cell of a township .xlsx back into a model value, with a located Chinese problem when it is not one.

A number is read from the text stored in the file, never through a float
conversion of our own: 「0.0001」 stays 0.0001. Excel keeps 15 significant
digits (and saves some numbers as 「1.1000000000000001」), so longer numbers are
rounded to 15 digits first. Money gets back the decimals it had from the
cell's number format (「0.00」 → 1.50). Text in a number cell, a formula, a
TRUE/FALSE or an error value becomes an Invalid value, so that the checks
report it as an error, and a problem names the sheet and the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from exporters.xlsx.cells import BOOL, DATE, ERROR, FORMULA, NUMBER, STRING, RawCell, decimals_in_format
from exporters.xlsx.common import MAX_EXACT_DIGITS, decimals_of, unescape_text
from model.definition import MONEY
from model.normalize import InputRefused, Invalid, Value, far_out_of_range, format_value, parse_value


@dataclass(frozen=True)
class Problem:
    """Something found while reading a file; .message names the sheet and, where there is one, the cell."""

    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        return self.message


def problem(sheet: str, cell: str, text: str) -> Problem:
    where = f"“{sheet}”表 {cell}：" if cell else f"“{sheet}”表："
    return Problem(sheet, cell, where + text)


def exact_number(text: str) -> Decimal:
    """The number a cell stores, as Decimal, rounded to the 15 significant digits Excel keeps."""
    number = Decimal(text.strip())
    if not number.is_finite():
        raise InvalidOperation(text)
    if len(number.as_tuple().digits) > MAX_EXACT_DIGITS and number != 0 and not far_out_of_range(number):
        number = number.quantize(Decimal(1).scaleb(number.adjusted() - MAX_EXACT_DIGITS + 1)).normalize()
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
    return number


def _with_format_decimals(number: Decimal, number_format: str, allowed: int) -> Decimal:
    places = decimals_in_format(number_format)
    if places is not None and decimals_of(number) <= places <= allowed:
        return number.quantize(Decimal(1).scaleb(-places))
    return number


def read_value(
    raw: RawCell | None,
    kind: str,
    *,
    unit: str | None,
    decimals: int,
    bounded: bool = True,
    money_units: tuple[str, ...] = (),
) -> tuple[Value | Invalid, str | None]:
    """(value, problem text or None). A blank cell is None, not 0. bounded=False for a total."""
    if raw is None:
        return None, None
    if raw.kind == NUMBER:
        return _number(raw.text, raw.number_format, kind, unit, decimals, bounded, money_units)
    if raw.kind == STRING:
        text = unescape_text(raw.text)
        if not text.strip():
            return None, None
        try:
            return parse_value(text, kind, unit=unit, decimals=decimals, bounded=bounded, money_units=money_units), None
        except InputRefused as exc:
            return Invalid(
                text, exc.reason
            ), f"“{_short(text)}”不是这一格能填的数（{exc.reason}），已按无效值读入，请改正。"
    if raw.kind == FORMULA:
        if raw.cached_kind == NUMBER and raw.text.strip():
            value, bad = _number(raw.text, raw.number_format, kind, unit, decimals, bounded, money_units)
            if bad:
                return value, f"这一格是公式“{_short(raw.formula)}”，它保存的结果{bad}"
            return value, (
                f"这一格是公式“{_short(raw.formula)}”，不是数值。已按Excel保存的计算结果"
                f"{format_value(value)}读入，请核对，并把它改成数值。"
            )
        return (
            Invalid(raw.formula or "=", "这一格是公式，不是数值"),
            f"这一格是公式“{_short(raw.formula)}”，文件中没有保存它的计算结果（程序不计算公式），"
            "已按无效值读入。请把它改成数值（复制后用“选择性粘贴—数值”）。",
        )
    if raw.kind == BOOL:
        text = "TRUE" if raw.text.strip() in ("1", "true") else "FALSE"
        return Invalid(text, "这里只能填写数字"), f"“{text}”是逻辑值，不是数字，已按无效值读入，请改正。"
    if raw.kind == ERROR:
        return Invalid(raw.text, "这里只能填写数字"), f"这一格是错误值“{raw.text}”，不是数字，已按无效值读入，请改正。"
    if raw.kind == DATE:
        return Invalid(raw.text, "这里只能填写数字"), f"这一格是日期“{raw.text}”，不是数字，已按无效值读入，请改正。"
    return Invalid(raw.text, "这里只能填写数字"), "这一格的内容无法识别，已按无效值读入，请改正。"


def _number(
    text: str, number_format: str, kind: str, unit, decimals, bounded: bool = True, money_units: tuple[str, ...] = ()
) -> tuple[Value | Invalid, str | None]:
    try:
        number = exact_number(text)
    except (InvalidOperation, ValueError):
        return Invalid(text, "这不是一个有效的数字"), f"“{_short(text)}”不是有效的数字，已按无效值读入，请改正。"
    absurd = far_out_of_range(number)  # 1E+999999999 is a valid cell; the refusal shows it as stored
    if kind == MONEY and not absurd:
        number = _with_format_decimals(number, number_format, decimals)
    try:
        return parse_value(number, kind, unit=unit, decimals=decimals, bounded=bounded, money_units=money_units), None
    except InputRefused as exc:
        shown = _short(text.strip()) if absurd else format(number, "f")
        return Invalid(shown, exc.reason), f"“{shown}”不能作为这一格的值（{exc.reason}），已按无效值读入，请改正。"


def read_text(raw: RawCell | None) -> tuple[str, str | None]:
    """A text cell as the user typed it (OOXML escapes undone); a number is taken as its text."""
    if raw is None:
        return "", None
    if raw.kind == STRING:
        return unescape_text(raw.text), None
    if raw.kind == NUMBER:
        try:
            number = exact_number(raw.text)
            if far_out_of_range(number):  # 1E+999999999 written out would be a billion digits
                return raw.text.strip()[:40], None
            return format(number.normalize(), "f"), None
        except (ArithmeticError, ValueError):  # InvalidOperation, Overflow …
            return raw.text[:40], None
    if raw.kind == FORMULA:
        if raw.cached_kind in (STRING, NUMBER) and raw.text:
            return unescape_text(raw.text), f"这一格是公式“{_short(raw.formula)}”，已按它保存的结果读入，请核对。"
        return "", f"这一格是公式“{_short(raw.formula)}”，没有保存结果，按空白读入，请改成文字。"
    return raw.text, None


def read_date(text: str) -> dt.date | None:
    """成文日期 as stored (ISO), or retyped: 「2023年1月20日」, 「2023/1/20」, or an Excel date serial;
    ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?", text)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if re.fullmatch(r"\d{5}(\.0+)?", text):  # a date serial: the cell was retyped as a date in Excel
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(float(text)))
    raise ValueError(text)


def same_value(a: Value | Invalid, b: Value | Invalid) -> bool:
    if isinstance(a, Invalid) or isinstance(b, Invalid):
        return isinstance(a, Invalid) and isinstance(b, Invalid) and a.raw == b.raw
    return a == b and (a is None) == (b is None)


def _short(text: str | None, limit: int = 30) -> str:
    text = text or ""
    return text if len(text) <= limit else text[:limit] + "……"
