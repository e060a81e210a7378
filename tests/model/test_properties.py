"""Property-based tests (hypothesis): the normaliser and the JSON draft round trip."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.definition import COUNT, MONEY, SIGNED
from model.draft_store import draft_bytes, draft_to_dict, parse_draft
from model.normalize import MAX_COUNT, InputRefused, format_value, parse_value
from tests.strategies import counts, money, reports

FULL_WIDTH = str.maketrans("0123456789-,.", "０１２３４５６７８９－，．")


@given(counts)
def test_count_in_every_accepted_spelling(n):
    for text in (
        str(n),
        f"  {n} ",
        f"{n:,}",
        f"{n}件",
        f"{n} 件",
        str(n).translate(FULL_WIDTH),
        f"{n:,}".translate(FULL_WIDTH),
    ):
        assert parse_value(text, COUNT, unit="件") == n, text


@given(st.integers(min_value=-MAX_COUNT, max_value=MAX_COUNT))
def test_signed_with_ascii_and_full_width_minus(n):
    assert parse_value(str(n), SIGNED) == n
    assert parse_value(str(n).translate(FULL_WIDTH), SIGNED) == n


@given(money)
def test_money_prints_and_reads_back_exactly(d):
    assert parse_value(format_value(d), MONEY, unit="万元") == d
    assert parse_value(f"{format_value(d)}万元", MONEY, unit="万元") == d


@given(st.integers(min_value=1, max_value=MAX_COUNT))
def test_negative_counts_are_refused(n):
    with pytest.raises(InputRefused):
        parse_value(f"-{n}", COUNT)


@given(st.integers(min_value=1, max_value=9999), st.sampled_from("万千百亿"))
def test_never_guesses_a_magnitude(n, word):
    with pytest.raises(InputRefused):
        parse_value(f"{n}{word}", COUNT, unit="件", money_units=("万元", "元"))


@given(
    st.one_of(st.text(max_size=30), st.floats(), st.integers(), st.booleans(), st.none()),
    st.sampled_from([COUNT, MONEY, SIGNED]),
)
def test_anything_is_a_value_or_a_refusal_with_a_reason(raw, kind):
    try:
        value = parse_value(raw, kind, unit="件" if kind == COUNT else "万元")
    except InputRefused as exc:
        assert exc.reason and all(ord(ch) < 0x80 or "\u3000" <= ch <= "\uffff" for ch in exc.reason)
        return
    if value is None:
        assert raw is None or (isinstance(raw, str) and not raw.strip())  # blank stays "not yet filled"
    elif kind == COUNT:
        assert isinstance(value, int) and 0 <= value <= MAX_COUNT
    elif kind == SIGNED:
        assert isinstance(value, int)
    else:
        assert isinstance(value, Decimal) and value >= 0


def _comparable(report):
    data = draft_to_dict(report)
    data.pop("saved_at")
    return data


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_json_round_trip_keeps_everything(report):
    again = parse_draft(draft_bytes(report))
    assert _comparable(again) == _comparable(report)
