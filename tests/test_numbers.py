"""Every number from outside is read by one parser: what a person means is accepted, the rest refused in one
sentence, and nothing else ever escapes it."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.numbers import MAX_TEXT, NumberError, parse_amount, parse_whole, shown


@pytest.mark.parametrize(("text", "value"), [
    ("20000", 20000), (" 20,000 ", 20000), ("20_000", 20000), ("2e4", 20000), ("20000.0", 20000), ("+7", 7),
    (12, 12), (12.0, 12), ("1,234,567", 1234567),
])
def test_what_a_person_means_is_read(text, value):
    assert parse_whole(text, "n", 0, 10**9) == value


@pytest.mark.parametrize("text", [
    "\u00b2", "\u2460", "--5", "-5", "5-", "NaN", "inf", "Infinity", "1e999999", "1,00", "12,34,567", "1.5", "",
    " ", "0x10", "\uff11\uff12", "\u0661", "1" * 5000, True, None, [], 1.5, float("nan"), float("inf"), 10**5000,
    "1e31",
], ids=lambda value: shown(value, 30))
def test_what_a_person_does_not_mean_is_refused_in_one_sentence(text):
    with pytest.raises(NumberError) as refused:
        parse_whole(text, "'n_examples'", 0, 10**9)
    message = str(refused.value)
    assert message.startswith("'n_examples'") and message.endswith(".") and "\n" not in message
    assert len(message) < 200  # a 5,000-digit value is not echoed whole


def test_bounds_are_said():
    with pytest.raises(NumberError, match="at most 10,000"):
        parse_amount("1e30", "price", 0, 10_000)
    with pytest.raises(NumberError, match="between 1 and 50"):
        parse_whole("0", "epochs", 1, 50)
    assert parse_amount("0.0075", "price", 0, 10) == Decimal("0.0075")
    assert str(parse_amount("-0", "price", 0, 10)) == "0"


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
                 st.lists(st.integers()), st.decimals(allow_nan=True, allow_infinity=True)))
def test_any_value_is_read_or_refused_never_crashes(raw):
    try:
        value = parse_whole(raw, "n", 0, 10**12)
    except NumberError as problem:
        assert len(str(problem)) < 200
    else:
        assert isinstance(value, int) and 0 <= value <= 10**12


@given(st.integers(min_value=0, max_value=10**12))
def test_every_count_round_trips_through_its_written_forms(number):
    for written in (str(number), f"{number:,}", f"{number:_}", f" {number} ", float(number) if number < 2**53 else
                    number):
        assert parse_whole(written, "n", 0, 10**12) == number


@given(st.text(min_size=1).filter(lambda text: not text.isascii()))
def test_non_ascii_text_is_never_a_number(text):
    with pytest.raises(NumberError):
        parse_whole(text, "n")


def test_echoed_values_are_cut():
    assert len(shown("x" * 100_000)) <= MAX_TEXT + 2
    assert "digits" in shown(10**5000)


@given(st.text(max_size=300))
def test_an_echoed_value_fits_its_limit_however_its_characters_are_escaped(text):
    echoed = shown(text)
    assert len(echoed) <= MAX_TEXT + 2 and "\n" not in echoed
    assert echoed == repr(" ".join(text.split())) or echoed.endswith("…'") or echoed.endswith('…"')


def test_control_characters_count_as_their_escapes():
    echoed = shown("0" * 9 + "\x1b" * 20 + "\U00018d09" * 10)
    assert len(echoed) <= MAX_TEXT + 2 and echoed.startswith("'000000000\\x1b")
