"""Long whitespace runs are counted in pieces (tiktoken's pretokenizer overflows its stack on ~1M spaces); a count
said to be exact must equal one tokenizer call."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.dataset.tokenizer import LONG_RUN, PIECE, from_encoding


@pytest.mark.parametrize("encoding_name", ["o200k_base", "cl100k_base"])
def test_35343_spaces_and_a_newline_count_278_as_one_call_does(encoding_name):
    """The reported case: a short last piece (15 spaces and the newline) merged into one token, where one call
    gives a block of 79 spaces and then the newline."""
    tokenizer = from_encoding(encoding_name)
    text = " " * 35_343 + "\n"
    assert len(tokenizer.encoding.encode_ordinary(text)) == 278
    assert tokenizer.count(text) == (278, True)


@settings(max_examples=40, deadline=None)
@given(pieces=st.integers(min_value=LONG_RUN // PIECE, max_value=4 * LONG_RUN // PIECE),
       remainder=st.integers(min_value=0, max_value=24) | st.integers(min_value=0, max_value=PIECE - 1),
       before=st.sampled_from(["", "a", "x\n", "\t", "\n", "{"]),
       after=st.sampled_from(["", "\n", "\r\n", "\n\n", " \n", "\t", "\t\n", "\u3000", "x", "  world", "}"]),
       encoding_name=st.sampled_from(["o200k_base", "cl100k_base"]))
def test_a_long_run_of_spaces_said_exact_equals_one_call(pieces, remainder, before, after, encoding_name):
    """Any remainder modulo the piece length (small ones, where the last piece was short, drawn often), with what
    commonly ends a run: newlines, tabs, an ideographic space, words."""
    tokenizer = from_encoding(encoding_name)
    text = before + " " * (pieces * PIECE + remainder) + after
    if len(text) < LONG_RUN:
        return
    tokens, exact = tokenizer.count(text)
    if exact:
        assert tokens == len(tokenizer.encoding.encode_ordinary(text))


@pytest.mark.parametrize("encoding_name", ["o200k_base", "cl100k_base"])
def test_every_short_last_piece_counts_as_one_call(encoding_name):
    """Each remainder up to 16 past a whole number of pieces, ended the ways that once lost a token."""
    tokenizer = from_encoding(encoding_name)
    for remainder in range(17):
        for after in ("\n", "\r\n", "\n\n", " \n", "\t", "\u3000"):
            text = " " * (6 * PIECE + remainder) + after
            assert tokenizer.count(text) == (len(tokenizer.encoding.encode_ordinary(text)), True), (remainder, after)
