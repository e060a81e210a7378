"""read_value on anything a cell of an .xlsx can store: a value or a located refusal, never an exception."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from exporters.xlsx.cells import RawCell
from exporters.xlsx.values import read_value
from model.normalize import Invalid

# Number texts as an XML <v> holds them: any mantissa, any exponent, any sign.
number_texts = st.builds(
    lambda sign, whole, frac, exp: (
        f"{sign}{whole}{'.' + frac if frac else ''}{'E' + str(exp) if exp is not None else ''}"
    ),
    st.sampled_from(["", "-", "+"]),
    st.integers(min_value=0, max_value=10**40).map(str),
    st.text("0123456789", max_size=30),
    st.one_of(st.none(), st.integers(min_value=-999_999_999, max_value=999_999_999)),
)
formats = st.sampled_from(["General", "0", "0.00", "0.0000", "#,##0.00", "0.00E+00"])
kinds = st.sampled_from([("count", 0, None), ("signed", 0, None), ("money", 4, "万元"), ("money", 2, "元")])


@settings(max_examples=500)
@given(number_texts, formats, kinds, st.booleans())
def test_any_stored_number_is_a_value_or_a_short_refusal(text, number_format, kind, bounded):
    kind_name, decimals, unit = kind
    value, problem = read_value(
        RawCell("n", text, number_format), kind_name, unit=unit, decimals=decimals, bounded=bounded
    )
    if problem is None:
        assert value is None or isinstance(value, (int, Decimal))
        if isinstance(value, Decimal):
            assert -value.as_tuple().exponent <= decimals
    else:
        assert isinstance(value, Invalid) and value.reason
        assert len(problem) < 200 and len(value.raw) <= max(len(text), 60)
