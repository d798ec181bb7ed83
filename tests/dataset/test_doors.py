"""Each door's own rules, from data/dataset_rules.toml, with stable keys and line numbers."""

import json
from dataclasses import replace

import pytest

from lib.catalog.prices import provider_ids
from lib.dataset import doors
from lib.dataset.analysis import analyze
from lib.dataset.formats import Format
from lib.dataset.reading import from_bytes
from lib.dataset.report import DatasetReport
from tests.conftest import ROOT
from tests.dataset.helpers import chat, jsonl

DRONE = ROOT / "tests" / "realdata" / "drone_training.jsonl"


def problems_at(report: DatasetReport, key: str) -> list[int]:
    return [problem.line for problem in report.problems if problem.key == key]


def test_every_door_with_rules_is_a_door_of_the_catalog_and_cites_its_source():
    catalog = set(provider_ids())
    for provider, rules in doors.load_door_rules().items():
        assert provider in catalog
        assert rules.source and rules.read_on and rules.confidence in ("own_page", "third_party", "inferred")
        assert rules.formats and all(isinstance(kind, Format) for kind in rules.formats)


def test_bedrock_wants_the_user_first_and_the_assistant_last():
    assistant_first = {"messages": [{"role": "assistant", "content": "Hi"}, {"role": "user", "content": "Soup?"},
                                    {"role": "assistant", "content": "Tomato."}]}
    report = analyze(from_bytes(jsonl(chat(), assistant_first, chat())), provider="bedrock")
    assert problems_at(report, "door_first_turn") == [2]
    assert report.n_valid == 2


def test_bedrock_refuses_its_reserved_words_and_two_user_turns_in_a_row():
    reserved = chat(user="User: make soup")
    twice = {"messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"},
                          {"role": "assistant", "content": "c"}]}
    report = analyze(from_bytes(jsonl(reserved, twice)), provider="bedrock")
    assert problems_at(report, "door_reserved_word") == [1]
    assert problems_at(report, "door_alternate") == [2]


def test_a_system_message_in_the_middle_is_refused_where_only_one_leading_one_is_allowed():
    late = {"messages": [{"role": "user", "content": "a"}, {"role": "system", "content": "b"},
                         {"role": "assistant", "content": "c"}]}
    assert problems_at(analyze(from_bytes(jsonl(late)), provider="vertex"), "door_system_position") == [1]
    assert problems_at(analyze(from_bytes(jsonl(late)), provider="openai"), "door_system_position") == []


def test_example_counts_follow_each_doors_limits(monkeypatch):
    # Google's current page states no minimum (it recommends starting with 100); Nova's is 8 records
    assert "too_few_examples" not in analyze(from_bytes(jsonl(*[chat(user=f"q{n}") for n in range(2)])),
                                             provider="vertex").errors
    few = analyze(from_bytes(jsonl(*[chat(user=f"q{n}") for n in range(7)])), provider="bedrock")
    assert few.errors.get("too_few_examples") == 1 and "at least 8" in few.problems[0].message
    assert "too_few_examples" not in analyze(from_bytes(jsonl(*[chat(user=f"q{n}") for n in range(12)])),
                                             provider="openai").errors
    tight = {**doors.load_door_rules(), "fireworks": replace(doors.door_rules("fireworks"), max_examples=5)}
    monkeypatch.setattr(doors, "load_door_rules", lambda path=None: tight)
    report = analyze(from_bytes(jsonl(*[chat(user=f"q{n}") for n in range(6)])), provider="fireworks")
    assert report.errors.get("door_too_many_examples") == 1


def test_a_file_in_another_doors_format_is_told_to_convert():
    report = analyze(from_bytes(jsonl(*[chat(user=f"q{n}") for n in range(20)])), provider="vertex")
    assert report.warnings.get("door_format") == 1 and report.n_valid == 20


@pytest.mark.parametrize(("model", "tokens"), [("gpt-3.5-turbo", 62_360), ("gpt-4o-mini", 57_716)])
def test_tools_and_tool_calls_are_counted_as_the_model_sees_them(model, tokens):
    """The Cookbook's drone file: its tool counter gives 62,360 (cl100k) and 57,716 (o200k) per epoch, not the
    107,019 of counting the definitions as raw JSON; the tool calls are what the assistant learns."""
    report = analyze(from_bytes(DRONE.read_bytes()), model)
    assert report.total_tokens == tokens
    assert report.assistant_tokens > 1000
    assert any("num_tokens_for_tools" in note for note in report.notes)


def test_counts_at_other_doors_are_labelled_estimates():
    exact = analyze(from_bytes(jsonl(chat())), provider="azure")
    estimate = analyze(from_bytes(jsonl(chat())), provider="vertex")
    llama = analyze(from_bytes(jsonl(chat())), provider="together")  # Meta's own tokenizer and chat template
    assert exact.tokens_exact and exact.to_dict()["tokens_exact"] is True and llama.tokens_exact
    assert not estimate.tokens_exact and estimate.to_dict()["tokens_exact"] is False
    assert "not available offline" in estimate.to_dict()["tokens_basis"]
    assert json.dumps(estimate.to_dict())
