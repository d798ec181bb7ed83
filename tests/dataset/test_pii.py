import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.dataset.pii import PiiTally, candidates, find_in_text, luhn_valid, mask_digits, mask_email


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("write to anna.smith+recipes@mail.example.co.uk today", ["email"]),
        ("call me on +44 20 7946 0958", ["phone"]),
        ("call (555) 123-4567 after six", ["phone"]),
        ("my card is 4111 1111 1111 1111", ["card"]),
        ("card 5500-0000-0000-0004 please", ["card"]),
        ("bake at 200 °C for 35 minutes, serves 4", []),
        ("recipe from 2023-10-05", []),
        ("ISBN 978 0 14 044913 6 is a book", []),
        ("4111 1111 1111 1112 fails the checksum", []),
        ("use 250 g flour and 3 eggs", []),
    ],
)
def test_finds_likely_personal_data_and_little_else(text, kinds):
    assert [kind for kind, _ in find_in_text(text)] == kinds


def test_luhn():
    assert luhn_valid("4111111111111111") and luhn_valid("79927398713")
    assert not luhn_valid("4111111111111112")


def test_matches_are_masked():
    assert mask_email("anna.smith@example.com") == "a***@e***.com"
    assert mask_digits("4111 1111 1111 1111", 4) == "•••• •••• •••• 1111"
    assert mask_digits("+44 20 7946 0958", 2) == "+•• •• •••• ••58"
    found = find_in_text("anna.smith@example.com 4111 1111 1111 1111")
    assert all("anna" not in masked and "4111 1111" not in masked for _, masked in found)


def test_tally_keeps_counts_first_lines_and_samples():
    tally = PiiTally()
    for line in range(1, 10):
        tally.add(line, find_in_text(f"mail user{line}@example.com"))
    assert tally.counts["email"] == 9 and tally.lines["email"] == [1, 2, 3, 4, 5]
    assert tally.any_found


_PIECES = st.sampled_from(["4111 1111 1111 1111", "+44 20 7946 0958", "(555) 123-4567", "a@b.co", "@", " " * 9,
                           "2023-10-05", "\x00", "é", "日本", "\ud800", "12", "-", "(", ".", "x",
                           "555 0133 12", "123456789", "5551234567", "06 12 34 56 78", "1.2.3.4.5.6.7.8.9",
                           "(0)20 7946-0958", "4111-1111-1111-1111", "١٢٣٤٥٦٧٨٩", " (", ") "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES | st.text(max_size=12)).map("".join), max_size=8))
def test_candidates_hold_every_text_with_personal_data(texts):
    """The batch's quick pass may name a text with nothing in it, never miss one with something."""
    chosen = set(candidates(texts))
    assert all(index in chosen for index, text in enumerate(texts) if find_in_text(text))
