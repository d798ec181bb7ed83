"""Round trips through Vertex and Bedrock give back the same conversation: messages, tool calls, their ids and the
tools' outputs; and whole-file conversions say what they leave out and count it."""

import json

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lib.dataset.analysis import analyze
from lib.dataset.formats import Format, convert, to_chat
from lib.dataset.reading import from_bytes
from lib.dataset.records import convert_file
from tests.dataset.helpers import chat, jsonl

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
# a tool's output: any text, including text that looks like JSON (an object, an {"output": ...} object, a list)
outputs = st.one_of(texts, st.just(""), st.just("{}"), st.just('{"output": "x"}'), st.just("[1, 2]"),
                    st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=3).map(
                        json.dumps))
arguments = st.dictionaries(st.text(min_size=1, max_size=6), st.integers() | texts | st.booleans(), max_size=3)
names = st.sampled_from(["takeoff", "land", "get_weather"])


# images either target holds as they are: the bytes themselves (Bedrock's bytes, Vertex's inlineData)
images = st.builds(lambda mime, data: {"type": "image_url", "image_url": {"url": f"data:image/{mime};base64,{data}"}},
                   st.sampled_from(["png", "jpeg", "gif"]), st.sampled_from(["iVBORw0KGgo=", "R0lGODlh", "/9j/4AAQ"]))


@st.composite
def tool_conversations(draw, reasoning=False):
    messages = [{"role": "system", "content": draw(texts)}] if draw(st.booleans()) else []
    call_number = 0
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        if draw(st.booleans()):
            messages.append({"role": "user", "content": [{"type": "text", "text": draw(texts)}, draw(images)]})
        else:
            messages.append({"role": "user", "content": draw(texts)})
        if draw(st.booleans()):
            calls = []
            for _ in range(draw(st.integers(min_value=1, max_value=2))):
                call_number += 1
                call_id = draw(st.sampled_from([f"call_{call_number}", f"toolu_{call_number}x", f"c{call_number}"]))
                calls.append({"id": call_id, "type": "function", "function": {
                    "name": draw(names), "arguments": json.dumps(draw(arguments), ensure_ascii=False)}})
            messages.append({"role": "assistant", "content": draw(st.none() | texts), "tool_calls": calls})
            messages += [{"role": "tool", "tool_call_id": call["id"], "content": draw(outputs)} for call in calls]
        messages.append({"role": "assistant", "content": draw(texts)})
        if reasoning and draw(st.booleans()):
            messages[-1]["reasoning_content"] = draw(texts)
    return {"messages": messages}


@settings(max_examples=200, deadline=None)
@given(tool_conversations(), st.sampled_from([Format.VERTEX, Format.BEDROCK]))
def test_chat_through_vertex_or_bedrock_and_back_is_the_same_conversation(example, target):
    written = convert(example, target)
    assert written.record is not None and written.dropped == ()
    back, problems = to_chat(json.loads(json.dumps(written.record)), target)
    assert problems == []
    assert back["messages"] == example["messages"]


@settings(max_examples=100, deadline=None)
@given(tool_conversations(reasoning=True))
def test_nova_2_reasoning_goes_through_bedrock_and_back(example):
    written = convert(example, Format.BEDROCK)
    back, problems = to_chat(json.loads(json.dumps(written.record)), Format.BEDROCK)
    assert problems == [] and back["messages"] == example["messages"]


@settings(max_examples=50, deadline=None)
@given(tool_conversations())
def test_a_whole_file_round_trip_through_bedrock_is_valid_and_the_same(example):
    assume(all(message["content"] != "" for message in example["messages"]))  # an empty reply is not valid chat
    data = jsonl(example)
    report = analyze(from_bytes(data), provider="self_hosted", door_checks=False)
    out = convert_file(from_bytes(data), report, Format.BEDROCK)
    again = analyze(from_bytes(out.text().encode()), provider="self_hosted", door_checks=False)
    back = convert_file(from_bytes(out.text().encode()), again, Format.CHAT).records
    assert [record["messages"] for record in back] == [example["messages"]]


PAIR = {"input": {"messages": [{"role": "user", "content": "Soup?"}]},
        "preferred_output": [{"role": "assistant", "content": "Tomato soup."}],
        "non_preferred_output": [{"role": "assistant", "content": "No."}]}


def test_preference_pairs_stay_pairs_where_the_target_takes_them_and_are_said_lost_elsewhere():
    data = jsonl(*[PAIR] * 3)
    report = analyze(from_bytes(data), provider="openai")
    kept = convert_file(from_bytes(data), report, Format.PREFERENCE)
    assert kept.records == [PAIR] * 3 and kept.summary() == []
    lost = convert_file(from_bytes(data), report, Format.VERTEX)
    assert lost.written == 3 and len(lost.incomplete) == 3
    assert any("non-preferred" in line for line in lost.summary())


def test_images_a_target_cannot_hold_are_said_and_not_counted_as_fully_converted():
    web = {"messages": [
        {"role": "user", "content": [{"type": "text", "text": "Which bird?"},
                                     {"type": "image_url", "image_url": {"url": "https://example.com/heron.jpg"}}]},
        {"role": "assistant", "content": "A heron."}]}
    stored = json.loads(json.dumps(web).replace("https://example.com/heron.jpg", "s3://demo/heron.jpg"))
    data = jsonl(web, stored, chat())
    report = analyze(from_bytes(data), provider="openai", door_checks=False)
    out = convert_file(from_bytes(data), report, Format.BEDROCK)
    assert out.written == 3 and out.complete == 2 and out.incomplete == [0]
    assert out.records[1]["messages"][0]["content"][1]["image"]["source"]["s3Location"]["uri"] == "s3://demo/heron.jpg"
    assert any("not fully converted" in line and "line 1" in line for line in out.summary())
