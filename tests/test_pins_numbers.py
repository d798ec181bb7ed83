"""The limits of number parsing (lib/numbers.py) pinned on both sides: exponents, integer size, text length,
grouping, ranges and the sentences that refuse."""

from decimal import Decimal

import pytest

from lib.numbers import MAX_EXPONENT, MAX_TEXT, NumberError, parse_amount, parse_whole, shown


@pytest.mark.parametrize(("text", "value"), [
    (f"1e{MAX_EXPONENT}", Decimal(10) ** MAX_EXPONENT),
    (f"1e-{MAX_EXPONENT}", Decimal(10) ** -MAX_EXPONENT),
    ("9.9e30", Decimal("9.9e30")),
    ("0e999", Decimal(0)),  # zero is zero, whatever its exponent
])
def test_exponents_up_to_the_limit_are_read(text, value):
    assert parse_amount(text, "x") == value


@pytest.mark.parametrize(("text", "says"), [
    (f"1e{MAX_EXPONENT + 1}", "x is far too large to be meant; got '1e31'."),
    ("10e30", "x is far too large to be meant; got '10e30'."),
    (f"1e-{MAX_EXPONENT + 1}", "x is far too small to be meant; got '1e-31'."),
    ("1e1000", "x must be a number written with the digits 0-9; got '1e1000'."),  # four exponent digits
])
def test_exponents_beyond_the_limit_are_refused_in_one_sentence(text, says):
    with pytest.raises(NumberError) as refused:
        parse_amount(text, "x")
    assert str(refused.value) == says


def test_integers_up_to_128_bits_are_read_and_larger_ones_refused():
    assert parse_whole(2**128 - 1, "n") == 2**128 - 1
    with pytest.raises(NumberError, match="^n is far too large to be meant.$"):
        parse_whole(2**128, "n")
    assert shown(2**128 - 1) == repr(str(2**128 - 1))  # 39 digits: shown whole
    assert shown(2**128) == "a number with more digits than any count"


def test_text_up_to_the_length_limit_is_read_and_longer_refused():
    assert parse_whole("0" * (MAX_TEXT - 1) + "7", "n") == 7
    with pytest.raises(NumberError, match=f"^n must be a whole number of at most {MAX_TEXT} characters"):
        parse_whole("1" * (MAX_TEXT + 1), "n")
    assert parse_whole(" 12 ", "n") == 12


@pytest.mark.parametrize(("text", "value"), [
    ("20,000", 20_000), ("20_000", 20_000), ("-1,000", -1000), ("+1,000", 1000), ("1,000.0", 1000),
    ("2e4", 20_000), ("20000.0", 20_000), (".5e1", 5), ("5.", 5),
])
def test_the_ways_people_write_a_number(text, value):
    assert parse_whole(text, "n", minimum=-10**6) == value


@pytest.mark.parametrize("text", ["+-1,000", "--5", "1,00", "1,0000", "²", "NaN", "inf", "", "0x10", "1 000"])
def test_what_is_not_a_number(text):
    with pytest.raises(NumberError, match="^n must be"):
        parse_whole(text, "n", minimum=-10)


@pytest.mark.parametrize("raw", [True, None, float("nan"), float("inf"), Decimal("NaN"), [1]])
def test_values_that_are_not_numbers_are_refused(raw):
    with pytest.raises(NumberError, match="^n must be"):
        parse_amount(raw, "n")


def test_decimal_float_and_int_values_are_read():
    assert parse_amount(Decimal("1.5"), "n") == Decimal("1.5")
    assert parse_amount(0.1, "n") == Decimal("0.1")  # the float's shortest repr, not its binary expansion
    assert parse_amount("-0", "n") == 0 and str(parse_amount("-0", "n")) == "0"


@pytest.mark.parametrize(("call", "says"), [
    (lambda: parse_amount("-1", "p"), "p must be a non-negative number; got '-1'."),
    (lambda: parse_whole("5", "n", 10), "n must be at least 10; got '5'."),
    (lambda: parse_whole("50", "n", 0, 36), "n must be at most 36; got '50'."),
    (lambda: parse_whole("50", "n", 1, 36), "n must be between 1 and 36; got '50'."),
    (lambda: parse_whole("0", "n", 1, 36), "n must be between 1 and 36; got '0'."),
    (lambda: parse_whole("2.5", "n"), "n must be a whole number; got '2.5'."),
    (lambda: parse_amount("0.5", "s", Decimal("0.75"), 1), "s must be between 0.75 and 1; got '0.5'."),
    (lambda: parse_amount("2000000", "s", 0, Decimal(10**6)), "s must be at most 1,000,000; got '2000000'."),
])
def test_out_of_range_sentences(call, says):
    with pytest.raises(NumberError) as refused:
        call()
    assert str(refused.value) == says


def test_the_range_is_inclusive_at_both_ends():
    assert parse_whole("1", "n", 1, 36) == 1 and parse_whole("36", "n", 1, 36) == 36
    assert parse_amount("-2", "t", -2, 0) == -2  # a negative minimum allows negatives


def test_shown_quotes_and_cuts_to_one_line():
    assert shown("a\n b") == "'a b'"
    assert shown("x" * 50) == repr("x" * 39 + "…")
    assert shown("x" * 40) == repr("x" * 40)


def test_counts_and_amounts_are_non_negative_unless_told():
    with pytest.raises(NumberError, match="^n must be at least 0; got '-1'.$"):
        parse_whole("-1", "n")
    with pytest.raises(NumberError, match="^a must be a non-negative number"):
        parse_amount("-0.5", "a")
