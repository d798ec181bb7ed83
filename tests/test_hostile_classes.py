"""Each class of hostile input, generated many ways, through the layer where it enters (issue 12)."""

from __future__ import annotations

import codecs
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.advice.questionnaire import AnswersError, load_questionnaire
from lib.advice.scenario import answers_from_json, answers_from_query
from lib.catalog.prices import PriceError, apply_edits, current_rows, load_prices, to_row
from lib.cli import main
from lib.dataset.reading import UnreadableFile, from_bytes, from_path
from lib.dataset.tokenizer import LONG_RUN, from_encoding

INTEGER_IDS = [question.id for question in load_questionnaire().questions if question.kind == "integer"]
# the issue's own examples, and their cousins: non-ASCII digits, signs, separators in the wrong place
NUMBER_TEXTS = ["\u00b2", "--5", "\u2460", "\u0663", "\uff15", "5\u00b2", "1e400", "9" * 5000, "NaN", "-0", "1,0",
                "١٢", " ", ""]
text_numbers = st.one_of(st.sampled_from(NUMBER_TEXTS), st.text(max_size=50),
                         st.from_regex(r"[+-]{0,2}[0-9,._eE]{1,30}", fullmatch=True))


@given(question_id=st.sampled_from(INTEGER_IDS), text=text_numbers)
def test_a_shared_link_keeps_what_fits_and_says_in_one_short_sentence_what_does_not(question_id, text):
    answers, dropped = answers_from_query({question_id: text, "scope": "narrow"})
    assert answers["scope"] == "narrow"
    if question_id in answers:
        question = load_questionnaire().question(question_id)
        assert question.minimum <= answers[question_id] <= question.maximum
    else:
        assert len(dropped) == 1 and len(dropped[0]) < 250 and "\n" not in dropped[0]


@given(question_id=st.sampled_from(INTEGER_IDS),
       value=st.one_of(text_numbers, st.integers(), st.floats(allow_nan=True), st.booleans()))
def test_an_answers_file_is_read_or_refused_in_one_sentence(question_id, value):
    try:
        answers = answers_from_json(json.dumps({question_id: value}))
    except AnswersError as problem:
        assert len(str(problem)) < 250
    else:
        assert isinstance(answers[question_id], int)


@pytest.mark.parametrize("text", ['{"n_examples": ' + "9" * 5000 + "}", '{"n_examples": NaN}',
                                  '{"n_examples": Infinity}', '{"n_examples": 1e400}'])
def test_an_answers_file_with_an_impossible_number_is_refused(text):
    with pytest.raises(AnswersError):
        answers_from_json(text)


CLI_NUMBER_FLAGS = [
    ["cost", "--training-price"], ["cost", "--hours"], ["cost", "--epochs"], ["cost", "--training-tokens"],
    ["cost", "--input-tokens"], ["cost", "--training-hours"], ["cost", "--hosting-price"],
    ["breakeven", "--input-share"], ["analyze", "data/samples/recipes.jsonl", "--epochs"],
    ["memory", "--model", "llama-3.1-8b", "--rank"], ["memory", "--model", "llama-3.1-8b", "--seq-len"],
    ["memory", "--model", "llama-3.1-8b", "--gpus"], ["memory", "--params"],
]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[*settings.default.suppress_health_check, HealthCheck.function_scoped_fixture])
@given(flag=st.sampled_from(CLI_NUMBER_FLAGS),
       text=st.one_of(text_numbers, st.sampled_from(["1e30", "1e50", "0", "-1", "1e-40", "65536", "3"])))
def test_every_cli_number_is_used_or_refused_in_one_sentence(capsys, flag, text):
    if text.startswith("-"):
        text = " " + text  # argparse would read it as a flag; a person quoting it means the value
    status = main([*flag, text])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert status in (0, 2)
    if status == 2:
        assert err.startswith("error: ") and err.count("\n") == 1 and len(err) < 400


@pytest.mark.parametrize(("argv", "says"), [
    (["cost", "--training-price", "1e30"], "at most 10,000"),
    (["cost", "--hours", "1e50"], "far too large"),
    (["cost", "--epochs", "0", "--training-tokens", "100"], "between 1 and 50"),
    (["memory", "--params", "7e9", "--targets", ","], "at least one target"),
    (["memory", "--model", "llama-3.1-8b", "--rank", "65536"], "above the model's hidden size"),
    (["memory", "--model", "llama-3.1-8b", "--params", "1000"], "check the parameter count"),
])
def test_the_issues_cli_examples_are_refused(capsys, argv, says):
    assert main(argv) == 2
    assert says in capsys.readouterr().err


money_texts = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-10**40,
                                                                                    max_value=10**40),
                        text_numbers)


@settings(max_examples=80, deadline=None)
@given(column=st.sampled_from(["training_per_1m", "input_per_1m", "output_per_1m", "hosting_per_hour",
                               "training_per_hour", "cached_input_per_1m"]),
       value=money_texts)
def test_a_price_edit_is_applied_within_bounds_or_refused_in_one_sentence(column, value):
    table = load_prices()
    rows = [to_row(price) for price in current_rows(table, max(price.effective for price in table))]
    rows[0] = {**rows[0], column: value}
    try:
        edited = apply_edits(table, rows)
    except PriceError as problem:
        assert len(str(problem)) < 300
    else:
        for price in edited:
            amount = getattr(price, column)
            assert amount is None or 0 <= amount <= 10_000


@settings(max_examples=25, deadline=None)
@given(length=st.integers(min_value=LONG_RUN, max_value=5 * LONG_RUN),
       before=st.sampled_from(["", "a", "Hello.", "x ", "{", "\n"]),
       after=st.sampled_from(["", "b", "  world", "}", "1", "\n"]),
       encoding_name=st.sampled_from(["o200k_base", "cl100k_base"]))
def test_a_long_run_of_spaces_is_counted_exactly_in_pieces(length, before, after, encoding_name):
    tokenizer = from_encoding(encoding_name)
    text = before + " " * length + after
    assert tokenizer.count(text) == (len(tokenizer.encoding.encode_ordinary(text)), True)


def test_a_million_blank_characters_never_reach_the_tokenizer_whole():
    tokenizer = from_encoding("o200k_base")
    assert tokenizer.count(" " * 1_000_000) == (7813, True)  # 128 spaces a token, plus the rest
    tokens, exact = tokenizer.count("a" + " \t" * 500_000 + "b")
    assert not exact and 400_000 < tokens < 600_000


line_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)


@given(st.lists(line_text, min_size=1, max_size=12))
def test_lines_are_the_same_in_utf8_utf16_and_with_carriage_returns(contents):
    text = "".join(json.dumps({"messages": [{"role": "user", "content": content}]}) + "\n" for content in contents)
    utf8 = [line for _, line, _ in from_bytes(text.encode()).lines()]
    utf16 = [line for _, line, _ in from_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le")).lines()]
    crlf = [line for _, line, _ in from_bytes(text.replace("\n", "\r\n").encode()).lines()]
    cr_only = [line for _, line, _ in from_bytes(text.replace("\n", "\r").encode()).lines()]
    assert utf8 == utf16 == crlf == cr_only == text.removesuffix("\n").split("\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_at_once(tmp_path):
    pipe = tmp_path / "pipe.jsonl"
    os.mkfifo(pipe)
    with pytest.raises(UnreadableFile, match="pipe, device or socket"):
        from_path(pipe)


def test_a_file_that_reports_no_size_is_read_whole():
    status = "/proc/self/status"
    if not os.path.exists(status):
        pytest.skip("no /proc here")
    assert any(line for _, line, _ in from_path(status).lines())
