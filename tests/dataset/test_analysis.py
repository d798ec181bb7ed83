"""Whole-file analysis: each format, the file-level checks, and the numbers a bill is based on."""

import json
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.dataset import checking
from lib.dataset.analysis import analyze
from lib.dataset.checking import MAX_PROBLEMS_KEPT
from lib.dataset.formats import Format
from lib.dataset.reading import UnreadableFile, from_bytes
from lib.dataset.tokens import default_epochs
from tests.conftest import SAMPLES
from tests.dataset.helpers import chat, jsonl, many, run


def test_the_sample_dataset_is_clean_and_big_enough():
    report = run((SAMPLES / "recipes.jsonl").read_bytes())
    assert report.format == Format.CHAT
    assert 60 <= report.n_examples <= 100 and report.n_valid == report.n_examples
    assert report.errors == {} and report.n_duplicates == 0 and not report.pii.any_found
    assert set(report.warnings) <= set()
    assert any(row.n_messages > 3 for row in report.examples), "some examples are multi-turn"


def test_chat_totals_and_billing_follow_the_cookbook():
    report = run(many(20))
    assert report.n_examples == report.n_valid == 20
    assert report.n_epochs == default_epochs(20) == 5
    assert report.billed_tokens == 5 * sum(row.total_tokens for row in report.examples)
    assert report.total_tokens == sum(row.total_tokens for row in report.examples)


def test_chosen_epochs_override_the_rule():
    report = run(many(20), epochs=2)
    assert report.n_epochs == 2 and report.epochs_chosen
    assert report.billed_tokens == 2 * report.total_tokens


def test_invalid_lines_are_reported_with_numbers_and_the_rest_analysed():
    data = jsonl(chat()) + b"{not json\n\n" + jsonl([1], chat(user="other"))
    report = run(data)
    assert report.n_examples == 4 and report.n_valid == 2
    assert report.errors["invalid_json"] == 1 and report.errors["data_type"] == 1
    assert report.warnings["empty_line"] == 1
    by_key = {p.key: p for p in report.problems}
    assert by_key["invalid_json"].line == 2 and "Expecting property name" in by_key["invalid_json"].message
    assert by_key["empty_line"].line == 3 and by_key["data_type"].line == 4


def test_total_tokens_include_invalid_examples_with_a_messages_list_but_billing_does_not():
    broken = {"messages": [{"role": "user", "content": "no reply here"}]}
    report = run(jsonl(*[chat(user=str(i)) for i in range(12)], broken))
    assert len(report.examples) == 13 and report.n_valid == 12
    assert report.total_tokens == sum(row.total_tokens for row in report.examples)
    assert report.billed_tokens == report.n_epochs * sum(row.total_tokens for row in report.examples if row.valid)


def test_exact_duplicates_are_warned_with_the_first_line():
    report = run(jsonl(chat(), chat(user="x"), chat()))
    assert report.n_duplicates == 1
    duplicate = next(p for p in report.problems if p.key == "duplicate_example")
    assert duplicate.line == 3 and "line 1" in duplicate.message


@pytest.mark.parametrize(("n", "key", "is_error"), [(3, "too_few_examples", True), (30, "few_examples", False)])
def test_small_datasets_are_flagged(n, key, is_error):
    report = run(many(n))
    assert key in (report.errors if is_error else report.warnings)


def test_examples_over_the_training_limit_say_how_many_and_by_how_much():
    long_reply = "word " * 20_000  # about 20k tokens, over gpt-3.5-turbo's 16,385
    report = run(jsonl(chat(reply=long_reply), *[chat(user=str(i)) for i in range(11)]), model="gpt-3.5-turbo")
    assert report.n_over_limit == 1
    over = report.examples[0].total_tokens - 16_385
    assert report.over_limit_tokens == over
    assert report.billed_tokens == report.n_epochs * (16_385 + sum(r.total_tokens for r in report.examples[1:]))
    problem = next(p for p in report.problems if p.key == "over_training_context")
    assert problem.line == 1 and f"{over:,} over" in problem.message


def test_the_model_decides_the_encoding():
    data = (SAMPLES / "recipes.jsonl").read_bytes()
    old, new = run(data, model="gpt-3.5-turbo"), run(data, model="gpt-4.1-mini")
    assert (old.encoding, new.encoding) == ("cl100k_base", "o200k_base")
    assert old.total_tokens != new.total_tokens


def test_personal_data_is_counted_with_lines():
    data = jsonl(*[chat(user=str(i)) for i in range(3)], chat(user="I'm at bob@example.org"),
                 chat(reply="Card 4111 1111 1111 1111 noted"))
    report = run(data)
    assert report.pii.counts["email"] == 1 and report.pii.lines["email"] == [4]
    assert report.pii.counts["card"] == 1 and report.pii.lines["card"] == [5]
    assert report.warnings["pii_email"] == 1
    assert "bob@" not in json.dumps(report.to_dict())


def test_completion_jsonl_is_detected_and_counted_as_chat():
    report = run(jsonl(*[{"prompt": f"Dish {i}", "completion": "Soup."} for i in range(12)],
                       {"prompt": "only a prompt"}))
    assert report.format == Format.COMPLETION
    assert report.n_valid == 12 and report.errors["missing_field"] == 1


def test_preference_jsonl_is_detected():
    record = {"input": {"messages": [{"role": "user", "content": "Soup?"}]},
              "preferred_output": [{"role": "assistant", "content": "Tomato soup."}],
              "non_preferred_output": [{"role": "assistant", "content": "No."}]}
    report = run(jsonl(*[record] * 1, {"input": {"messages": [{"role": "user", "content": "x"}]}}))
    assert report.format == Format.PREFERENCE
    assert report.errors["missing_field"] == 2


def test_csv_with_prompt_and_completion_becomes_chat_with_row_line_numbers():
    data = b'prompt,completion\nSoup?,Tomato soup.\n"Multi\nline?","Yes, ""quoted"""\n,\nCake?,\n'
    report = run(data, name="data.csv")
    assert report.format == Format.CSV
    assert [row.line for row in report.examples] == [2, 3, 6]
    assert report.errors["missing_content"] == 1
    assert next(p for p in report.problems if p.key == "missing_content").line == 6


def test_tsv_and_alternative_column_names():
    report = run(b"input\toutput\nSoup?\tTomato.\n", name="x.tsv")
    assert report.format == Format.TSV and report.n_valid == 1


def test_csv_with_wrong_columns_is_refused_with_the_columns_found():
    with pytest.raises(UnreadableFile, match="its header has 'name', 'age'"):
        run(b"name,age\nann,3\n", name="people.csv")


def test_a_json_array_is_recognised_and_explained():
    data = json.dumps([chat(user=str(i)) for i in range(11)], indent=2).encode()
    report = run(data, name="data.json")
    assert report.format == Format.JSON_ARRAY
    assert "one JSON object per line" in report.format_note
    assert report.n_valid == 11


def test_unknown_jsonl_is_checked_as_chat():
    report = run(jsonl({"question": "q", "answer": "a"}))
    assert report.format == Format.UNKNOWN_JSONL and report.errors["missing_messages_list"] == 1


def test_problems_are_capped_but_all_counted():
    data = b"x\n" * (MAX_PROBLEMS_KEPT + 50)
    report = run(data)
    assert len(report.problems) == MAX_PROBLEMS_KEPT
    assert report.problems_total == MAX_PROBLEMS_KEPT + 50 + 1  # plus too_few_examples
    assert report.errors["invalid_json"] == MAX_PROBLEMS_KEPT + 50
    # the first by line are kept, the file's own finding (line 0, reported last) among them
    assert [problem.line for problem in report.problems] == list(range(MAX_PROBLEMS_KEPT))
    assert report.problems[0].key == "too_few_examples"


def test_deep_nesting_is_an_error_not_a_crash():
    report = run(b"[" * 100_000 + b"\n" + jsonl(chat()))
    assert report.errors["invalid_json"] == 1


def test_progress_reaches_one():
    from lib.dataset.analysis import analyze
    from lib.dataset.reading import from_bytes

    seen = []
    analyze(from_bytes(many(5000)), "gpt-4o-mini", progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_to_dict_has_the_cli_fields():
    data = run(many(12)).to_dict()
    assert {"format", "encoding", "model", "n_examples", "n_valid", "errors", "warnings", "problems",
            "total_tokens", "assistant_tokens", "n_over_limit", "n_epochs", "billed_tokens"} <= set(data)


ROLES = st.sampled_from(["system", "user", "assistant", "tool", "robot"])
MESSAGE_TEXT = st.text(max_size=30) | st.sampled_from(["Call 0612345678", "a@b.co", "User: hi", ""])


@st.composite
def plain_or_not(draw):
    messages = [{"role": draw(ROLES), "content": draw(MESSAGE_TEXT)} for _ in range(draw(st.integers(0, 5)))]
    if draw(st.booleans()) and messages:
        messages[0]["name"] = "ann"  # no longer plain: takes the full path
    return {"messages": messages}


@settings(max_examples=60, deadline=None)
@given(st.lists(plain_or_not(), min_size=1, max_size=12), st.sampled_from(["openai", "bedrock", "vertex"]))
def test_the_fast_path_for_plain_examples_reports_exactly_what_the_full_checks_do(examples, provider):
    data = jsonl(*examples)
    fast = analyze(from_bytes(data), provider=provider).to_dict(max_problems=10_000)
    with mock.patch.object(checking, "plain_roles_and_texts", lambda example: None):
        full = analyze(from_bytes(data), provider=provider).to_dict(max_problems=10_000)
    assert fast == full
