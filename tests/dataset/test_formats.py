"""Every format is detected from content, read as chat, and written back; conversions say what they leave out."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.dataset.analysis import analyze
from lib.dataset.formats import RECORD_FORMATS, Format, convert, kind_of_object, to_chat
from lib.dataset.reading import from_bytes
from lib.dataset.records import convert_file, pretty_json_objects
from tests.dataset.helpers import chat, jsonl

BEDROCK = {"schemaVersion": "bedrock-conversation-2024", "system": [{"text": "You are a chef."}],
           "messages": [{"role": "user", "content": [{"text": "Soup?"}]},
                        {"role": "assistant", "content": [{"text": "Tomato soup."}]}]}
VERTEX = {"systemInstruction": {"role": "system", "parts": [{"text": "You are a chef."}]},
          "contents": [{"role": "user", "parts": [{"text": "Soup?"}]},
                       {"role": "model", "parts": [{"text": "Tomato soup."}]}]}
PREFERENCE = {"input": {"messages": [{"role": "user", "content": "Soup?"}]},
              "preferred_output": [{"role": "assistant", "content": "Tomato soup."}],
              "non_preferred_output": [{"role": "assistant", "content": "No."}]}

ONE_OF_EACH = {
    Format.BEDROCK: BEDROCK,
    Format.VERTEX: VERTEX,
    Format.PREFERENCE: PREFERENCE,
    Format.CHAT: chat(),
    Format.COMPLETION: {"prompt": "Soup?", "completion": "Tomato soup."},
    Format.TEXT: {"text": "Soup? Tomato soup."},
}


@pytest.mark.parametrize("kind", list(ONE_OF_EACH))
def test_each_format_is_detected_from_its_content(kind):
    assert kind_of_object(ONE_OF_EACH[kind]) == kind
    report = analyze(from_bytes(jsonl(*[ONE_OF_EACH[kind]] * 3)), provider="self_hosted")
    assert report.format == kind and report.record_format == kind


def test_formats_are_tried_most_specific_first():
    """A Bedrock conversation has `messages` too: it must never be read as chat and rejected."""
    order = [record.format for record in RECORD_FORMATS]
    assert order.index(Format.BEDROCK) < order.index(Format.CHAT)
    assert order.index(Format.PREFERENCE) < order.index(Format.CHAT)
    without_version = {key: value for key, value in BEDROCK.items() if key != "schemaVersion"}
    assert kind_of_object(without_version) == Format.BEDROCK


def test_a_bedrock_file_is_valid_at_bedrock():
    report = analyze(from_bytes(jsonl(*[BEDROCK] * 12)), provider="bedrock")
    assert report.format == Format.BEDROCK and report.n_valid == 12 and not report.errors
    assert report.total_tokens > 0 and not report.tokens_exact and "estimate" in report.tokens_basis


@pytest.mark.parametrize("kind", [Format.BEDROCK, Format.VERTEX, Format.PREFERENCE, Format.COMPLETION])
def test_each_reads_as_the_same_chat(kind):
    read, problems = to_chat(ONE_OF_EACH[kind], kind)
    assert not problems
    expected = chat()["messages"]
    if kind in (Format.PREFERENCE, Format.COMPLETION):  # neither carries a system message
        expected = expected[1:]
    assert read["messages"] == expected


texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)


SOME_TURNS = st.integers(min_value=1, max_value=4)


@st.composite
def conversations(draw, turns=SOME_TURNS, texts=texts):
    messages = [{"role": "system", "content": draw(texts)}] if draw(st.booleans()) else []
    for _ in range(draw(turns)):
        messages += [{"role": "user", "content": draw(texts)}, {"role": "assistant", "content": draw(texts)}]
    return {"messages": messages}


@settings(max_examples=150, deadline=None)
@given(conversations(), st.sampled_from([Format.CHAT, Format.VERTEX, Format.BEDROCK]))
def test_a_round_trip_keeps_every_conversation_both_formats_can_express(example, target):
    written = convert(example, target)
    assert written.record is not None and written.dropped == ()
    back, problems = to_chat(json.loads(json.dumps(written.record)), target)
    assert not problems and back == example


# Tables are text read line by line: their cells hold printable text (a stray NUL makes a file binary).
table_texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    str.strip)


@settings(max_examples=100, deadline=None)
@given(conversations(turns=st.just(1), texts=table_texts), st.sampled_from([Format.COMPLETION, Format.CSV, Format.TSV]))
def test_a_round_trip_through_one_exchange_formats_keeps_the_exchange(example, target):
    report_of = analyze(from_bytes(jsonl(example)), provider="self_hosted", door_checks=False)
    conversion = convert_file(from_bytes(jsonl(example)), report_of, target)
    assert len(conversion.records) == 1
    name = {Format.CSV: "x.csv", Format.TSV: "x.tsv"}.get(target, "x.jsonl")
    again = analyze(from_bytes(conversion.text().encode()), file_name=name, door_checks=False)
    back = convert_file(from_bytes(conversion.text().encode()), again, Format.CHAT).records
    has_system = example["messages"][0]["role"] == "system"
    expected = example["messages"][1:] if has_system and target == Format.COMPLETION else example["messages"]
    assert back == [{"messages": expected}]


def test_what_a_format_cannot_hold_is_said_not_silently_lost():
    tool_call = {"messages": [
        {"role": "user", "content": "Take off"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "takeoff", "arguments": "{\"m\": 1}"}}]}],
        "tools": [{"type": "function", "function": {"name": "takeoff", "parameters": {}}}]}
    assert convert(tool_call, Format.COMPLETION).record is None
    bedrock = convert(tool_call, Format.BEDROCK)
    assert bedrock.dropped == () and bedrock.record["toolConfig"]["tools"][0]["toolSpec"]["name"] == "takeoff"
    weighted = chat()
    weighted["messages"][2]["weight"] = 0
    assert "per-message weights" in convert(weighted, Format.VERTEX).dropped
    multi = {"messages": chat()["messages"] + [{"role": "user", "content": "More?"},
                                               {"role": "assistant", "content": "Yes."}]}
    assert convert(multi, Format.CSV).record is None
    assert "more than one exchange" in convert(multi, Format.CSV).dropped[0]


def test_tool_calls_survive_vertex_and_bedrock():
    example = {"messages": [
        {"role": "user", "content": "Take off"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "takeoff", "arguments": "{\"m\": 1}"}}]}]}
    for target in (Format.VERTEX, Format.BEDROCK):
        back, _ = to_chat(convert(example, target).record, target)
        call = back["messages"][1]["tool_calls"][0]["function"]
        assert call["name"] == "takeoff" and json.loads(call["arguments"]) == {"m": 1}


def test_pretty_printed_json_objects_are_read_as_examples_not_lines():
    data = "\n".join(json.dumps(chat(user=f"Soup {n}?"), indent=2) for n in range(11)).encode()
    report = analyze(from_bytes(data), provider="openai")
    assert report.format == Format.PRETTY_JSON and report.record_format == Format.CHAT
    assert report.n_examples == 11 and report.n_valid == 11
    first_lines = [row.line for row in report.examples]
    assert first_lines[0] == 1 and first_lines[1] == data.decode().splitlines().index("{", 1) + 1
    assert len(convert_file(from_bytes(data), report, Format.CHAT).records) == 11


@settings(max_examples=40, deadline=None)
@given(indents=st.lists(st.integers(0, 4), min_size=2, max_size=12), gaps=st.lists(st.integers(0, 3), min_size=12,
                                                                                 max_size=12))
def test_each_pretty_printed_object_is_numbered_by_the_line_it_starts_on(indents, gaps):
    pieces = [json.dumps(chat(user=f"Soup {n}?"), indent=indent or None) + "\n" * (1 + gaps[n])
              for n, indent in enumerate(indents)]
    data = "".join(pieces)
    objects = pretty_json_objects(from_bytes(data.encode()))
    starts = [1 + "".join(pieces[:n]).count("\n") for n in range(len(pieces))]
    assert objects is not None and [line for line, _ in objects] == starts


def test_a_huge_single_line_is_not_taken_for_pretty_json():
    report = analyze(from_bytes(b'{"messages": [' + b" " * 100 + b"\n"), provider="openai")
    assert report.format != Format.PRETTY_JSON and report.errors.get("invalid_json") == 1


@pytest.mark.parametrize(("kind", "record", "key"), [
    (Format.BEDROCK, {**BEDROCK, "messages": [{"role": "system", "content": [{"text": "x"}]}]}, "bedrock_role"),
    (Format.BEDROCK, {**BEDROCK, "system": "be nice"}, "bedrock_system"),
    (Format.BEDROCK, {**BEDROCK, "messages": [{"role": "user", "content": [{"audio": {}}]}]}, "bedrock_parts"),
    (Format.VERTEX, {**VERTEX, "systemInstruction": "be nice"}, "vertex_system"),
    (Format.VERTEX, {**VERTEX, "contents": [{"role": "assistant", "parts": [{"text": "x"}]}]}, "vertex_role"),
    (Format.VERTEX, {**VERTEX, "contents": []}, "missing_field"),
])
def test_each_parts_format_names_what_is_wrong_with_a_turn(kind, record, key):
    _, problems = to_chat(record, kind)
    assert key in [found for found, _ in problems]
