"""The one input normaliser: what it accepts, what it refuses, and why."""

from decimal import Decimal

import pytest

from model.formats import get_format
from model.normalize import InputRefused, Invalid, format_value, parse_for, parse_value, to_json

# Units come from the definition: a count cell's 件, the money units 万元 and 元.
FMT = get_format("2021")
COUNT_CELL, WAN_CELL, YUAN_FIELD = (
    FMT.cells["t3.new.natural"],
    FMT.cells["t2.fee.fee_amount"],
    FMT.fields["s6.fee.collected"],
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("12", 12),
        ("１２３", 123),  # full-width digits from a Chinese IME
        ("  7 ", 7),
        ("\u30008\u3000", 8),  # ideographic spaces around
        ("1,234", 1234),
        ("1，234", 1234),  # full-width comma
        ("12件", 12),
        ("12 件", 12),
        ("+3", 3),
        ("0", 0),
        ("", None),
        ("   ", None),
        (None, None),
        (5, 5),
        (5.0, 5),
    ],
)
def test_count_accepts(raw, expected):
    assert parse_for(raw, COUNT_CELL) == expected


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("abc", "只能填写数字"),
        ("-3", "不能是负数"),
        ("－3", "不能是负数"),  # full-width minus
        ("\u22123", "不能是负数"),  # U+2212 minus sign
        ("-0", "不能是负数"),
        ("1.5", "整数"),
        ("1.0", "整数"),
        ("1万", "万"),
        ("3千", "千"),
        ("三", "阿拉伯数字"),
        ("1,23", "千位分隔符"),
        ("12,3456", "千位分隔符"),
        ("1e5", "写法不对"),
        ("12元", "不是金额"),
        ("12个", "单位"),
        ("1 2", "空格"),
        ("50%", "百分数"),
        ("1000000000000", "太大"),
        (float("nan"), "有效的数字"),
        (float("inf"), "有效的数字"),
        (True, "只能填写数字"),
        (2.5, "整数"),
        ([1], "只能填写数字"),
    ],
)
def test_count_refuses_with_reason(raw, reason):
    with pytest.raises(InputRefused) as info:
        parse_for(raw, COUNT_CELL)
    assert reason in info.value.reason


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("-3", -3),
        ("－３", -3),
        ("+2", 2),
        ("-0", 0),
        ("4件", 4),
    ],
)
def test_signed_accepts_negative(raw, expected):
    assert parse_for(raw, get_format("2019").cells["t2.license.items_change"]) == expected


def test_signed_refuses_decimals():
    with pytest.raises(InputRefused, match="整数"):
        parse_value("-1.5", "signed")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0.5", Decimal("0.5")),
        ("1.2345", Decimal("1.2345")),
        ("１２．５", Decimal("12.5")),
        ("3万元", Decimal("3")),
        ("3 万元", Decimal("3")),
        ("1,000.25", Decimal("1000.25")),
        ("2.50000", Decimal("2.5")),  # extra zeros only: exact, not a guess
        (0.1, Decimal("0.1")),  # from a float: no binary noise
        (3, Decimal("3")),
    ],
)
def test_money_accepts(raw, expected):
    value = parse_for(raw, WAN_CELL)
    assert value == expected and isinstance(value, Decimal)


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("1.23456", "4位小数"),
        ("-1", "不能是负数"),
        ("500元", "单位是万元"),
        ("1万", "万"),
        ("NaN", "只能填写数字"),
    ],
)
def test_money_refuses(raw, reason):
    with pytest.raises(InputRefused) as info:
        parse_for(raw, WAN_CELL)
    assert reason in info.value.reason


def test_money_in_yuan_field_refuses_wan():
    with pytest.raises(InputRefused, match="单位是元"):
        parse_for("3万元", YUAN_FIELD)
    assert parse_for("300元", YUAN_FIELD) == Decimal("300")


def test_money_text_keeps_its_decimals_without_float_noise():
    value = parse_value(0.1, "money", unit="万元", decimals=4) + parse_value("0.2", "money", unit="万元", decimals=4)
    assert format_value(value) == "0.3"
    assert format_value(parse_value("1.50", "money", unit="万元")) == "1.50"
    assert to_json(Decimal("12.5")) == "12.5"
    assert format_value(Decimal("2"), print_unit="万元") == "2万元"


def test_invalid_keeps_raw_text():
    bad = Invalid(raw="abc", reason="这里只能填写数字")
    assert format_value(bad) == "abc"


def test_one_input_is_capped_but_a_total_read_from_a_file_is_not():
    with pytest.raises(InputRefused, match="数字太大"):
        parse_value("1000000000", "count")
    assert parse_value("1000000000", "count", bounded=False) == 1_000_000_000
    assert parse_for("１，０００，０００，０００件", COUNT_CELL, bounded=False) == 1_000_000_000
    with pytest.raises(InputRefused, match="金额太大"):
        parse_value("1000000000001", "money")
    assert parse_value("1000000000001", "money", bounded=False) == Decimal("1000000000001")
    with pytest.raises(InputRefused, match="负数"):
        parse_value("-1", "count", bounded=False)


@pytest.mark.parametrize("raw", ["1000000000000000", Decimal("1E+999999999"), Decimal("1E+19"), 10**40, 1e300])
@pytest.mark.parametrize("kind", ["count", "money", "signed"])
@pytest.mark.parametrize("bounded", [True, False])
def test_absurd_numbers_are_refused_at_once(raw, kind, bounded):
    """Without a cap, a stated total of 1E+999999999 (a number an .xlsx cell can hold) overflowed
    Decimal's context, or would have become a billion-digit int."""
    with pytest.raises(InputRefused, match="太大"):
        parse_value(raw, kind, bounded=bounded)
    if kind == "signed":
        with pytest.raises(InputRefused, match="太大"):
            parse_value(Decimal("-1E+999999999"), kind, bounded=bounded)


@pytest.mark.parametrize("kind", ["count", "money"])
def test_a_total_may_be_large(kind):
    assert parse_value("999999999999999", kind, bounded=False) == 999_999_999_999_999
