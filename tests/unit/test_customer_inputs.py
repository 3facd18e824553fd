"""Pure tests of omni_customer/tools/inputs.py (no Odoo)."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import load_tool

inputs = load_tool("omni_customer", "inputs")
InputError = inputs.InputError


@pytest.mark.parametrize("value", [1, 42, 2**31 - 1])
def test_id_accepts_real_positive_ints(value):
    assert inputs.parse_id(value) == value


@pytest.mark.parametrize(
    "value",
    [True, False, 0, -1, 2**31, 10**30, 1.0, 1.5, float("nan"), float("inf"), "1", "", None, [1], {"id": 1}],
)
def test_id_refuses_everything_else(value):
    with pytest.raises(InputError) as exc:
        inputs.parse_id(value, "partner_id")
    assert exc.value.key == inputs.INVALID_ID
    assert exc.value.field == "partner_id"
    assert repr(value) not in str(exc.value.args[0])


@pytest.mark.parametrize("value,expected", [("1", 1), ("12", 12), ("2147483647", 2**31 - 1)])
def test_id_from_text_canonical_decimal(value, expected):
    assert inputs.parse_id(value, from_text=True) == expected


@pytest.mark.parametrize(
    "value", ["0", "01", "-1", "+1", " 1", "1 ", "1_0", "\u0661\u0662", "2147483648", "1e3", "0x10", "1\x00"]
)
def test_id_from_text_refuses_what_int_would_accept(value):
    with pytest.raises(InputError):
        inputs.parse_id(value, from_text=True)


def test_id_optional():
    assert inputs.parse_id(None, required=False) is None
    assert inputs.parse_id("", required=False) is None
    with pytest.raises(InputError):
        inputs.parse_id(False, required=False)


def test_ids():
    assert inputs.parse_ids([3, 1, 3]) == [3, 1]
    assert inputs.parse_ids(None) == []
    for bad in ([1, True], [1.0], ["1"], "1,2", {1: 1}, list(range(1, 1002)), [0]):
        with pytest.raises(InputError):
            inputs.parse_ids(bad)
    with pytest.raises(InputError):
        inputs.parse_ids([], required=True)


@pytest.mark.parametrize("value", [1, 2.5, 1000])
def test_quantity_ok(value):
    assert inputs.parse_quantity(value) == value


@pytest.mark.parametrize(
    "value,key",
    [
        (0, inputs.OUT_OF_RANGE),
        (-1, inputs.OUT_OF_RANGE),
        (1001, inputs.OUT_OF_RANGE),
        (10**400, inputs.OUT_OF_RANGE),
        (float("inf"), inputs.INVALID_NUMBER),
        (float("-inf"), inputs.INVALID_NUMBER),
        (float("nan"), inputs.INVALID_NUMBER),
        (True, inputs.INVALID_NUMBER),
        ("2", inputs.INVALID_NUMBER),
        (None, inputs.INVALID_NUMBER),
    ],
)
def test_quantity_refused(value, key):
    with pytest.raises(InputError) as exc:
        inputs.parse_quantity(value)
    assert exc.value.key == key


def test_integer_numbers():
    assert inputs.parse_number(3.0, integer=True) == 3
    with pytest.raises(InputError):
        inputs.parse_number(3.5, integer=True)


@pytest.mark.parametrize(
    "value", ["a\x00b", "\ud800", "a\x1fb", "line\nbreak", "tab\t", "x" * 257, 5, b"bytes"]
)
def test_text_refused(value):
    with pytest.raises(InputError):
        inputs.parse_text(value)


def test_text_ok():
    assert inputs.parse_text("  José Núñez  ") == "José Núñez"
    assert inputs.parse_text(None) == ""
    with pytest.raises(InputError):
        inputs.parse_text("   ", required=True)


@pytest.mark.parametrize(
    "value,expected", [("46001", "46001"), ("sw1a 1aa", "SW1A 1AA"), (None, ""), ("", "")]
)
def test_postcode_ok(value, expected):
    assert inputs.parse_postcode(value) == expected


@pytest.mark.parametrize("value", ["46\x0001", 46001, "x" * 40, "<script>", "4", "46001;", "\ud800"])
def test_postcode_refused(value):
    with pytest.raises(InputError) as exc:
        inputs.parse_postcode(value)
    assert exc.value.key == inputs.INVALID_POSTCODE


def test_country():
    assert inputs.parse_country_code("es") == "ES"
    assert inputs.parse_country_code(None) == "ES"
    assert inputs.parse_country_code("", default="FR") == "FR"
    for bad in (34, ["ES"], "ESP", "E1", "\x00E", "ñ1"):
        with pytest.raises(InputError) as exc:
            inputs.parse_country_code(bad)
        assert exc.value.key == inputs.INVALID_COUNTRY


def test_card_code():
    assert inputs.parse_card_code(" GIFT-0001 ") == "GIFT-0001"
    for bad in ("AB", "GIFT\x000001", "x" * 65, 1234, None, "GIFT 0001", "gift/../x"):
        with pytest.raises(InputError) as exc:
            inputs.parse_card_code(bad)
        assert exc.value.key == inputs.INVALID_CARD_CODE


def test_token_and_constant_time_compare():
    assert inputs.parse_token(None) == ""
    assert inputs.parse_token("abc") == "abc"
    for bad in (["a"], 5, "x" * 513):
        with pytest.raises(InputError):
            inputs.parse_token(bad)
    assert inputs.tokens_equal("abc", "abc")
    assert not inputs.tokens_equal("abd", "abc")
    # consteq/compare_digest on str raise TypeError on non-ASCII text: bytes do not.
    assert not inputs.tokens_equal("ñandú", "abc")
    assert not inputs.tokens_equal("\ud800", "abc")
    assert not inputs.tokens_equal("abc", "")
    assert not inputs.tokens_equal(None, "abc")


@pytest.mark.parametrize(
    "value,expected",
    [(None, 20), (5, 5), (0, 1), (-5, 1), (10**9, 100), (True, 20), ("50", 20), (7.9, 7), (float("inf"), 20)],
)
def test_clamp_limit(value, expected):
    assert inputs.clamp_limit(value) == expected


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_JSON)
def test_every_parser_answers_a_value_or_input_error(value):
    """Whatever JSON arrives, a parser returns a typed value or raises InputError, nothing else."""
    for parser in (
        inputs.parse_id,
        inputs.parse_ids,
        inputs.parse_quantity,
        inputs.parse_text,
        inputs.parse_postcode,
        inputs.parse_country_code,
        inputs.parse_card_code,
        inputs.parse_token,
    ):
        try:
            result = parser(value)
        except InputError:
            continue
        if parser is inputs.parse_id:
            assert type(result) is int and 0 < result < 2**31
        elif parser is inputs.parse_quantity:
            assert isinstance(result, (int, float)) and math.isfinite(result) and 0 < result <= 1000
        elif parser is inputs.parse_token:
            # Any character: a token is only compared (tokens_equal), never stored nor shown,
            # so a malformed token gets the same answer as a wrong one.
            assert isinstance(result, str) and len(result) <= 512
        elif parser is not inputs.parse_ids:
            assert isinstance(result, str) and "\x00" not in result
            result.encode("utf-8")
    assert 1 <= inputs.clamp_limit(value) <= 100
    assert inputs.tokens_equal(value, "expected-token") in (True, False)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text())
def test_ids_from_text_round_trip(value):
    try:
        number = inputs.parse_id(value, from_text=True)
    except InputError:
        return
    assert str(number) == value
