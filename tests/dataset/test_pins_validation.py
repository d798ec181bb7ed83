"""One chat example's checks pinned at their edges (lib/dataset/validation.py): weights, content parts, tool
calls and their arguments, and the sentences that name the message."""

import json

import pytest

from lib.dataset.validation import check_example

SYSTEM = {"role": "system", "content": "s"}
USER = {"role": "user", "content": "q"}


def example(*assistant_or_more, **top):
    return {"messages": [SYSTEM, USER, *assistant_or_more], **top}


def findings(value):
    return [(finding.key, finding.message) for finding in check_example(value)]


def errors(value):
    return [finding.key for finding in check_example(value) if finding.is_error]


@pytest.mark.parametrize("weight", [0, 1])
def test_a_weight_of_0_or_1_on_an_assistant_message_is_accepted(weight):
    assert findings(example({"role": "assistant", "content": "a", "weight": weight})) == []


@pytest.mark.parametrize("weight", [True, 0.5, "1", None])
def test_any_other_weight_is_refused_with_the_messages_number(weight):
    assert findings(example({"role": "assistant", "content": "a", "weight": weight})) == [
        ("invalid_weight", "Message 3: 'weight' must be 0 or 1.")]


def test_content_parts_of_text_and_images_are_accepted():
    parts = [{"type": "text", "text": "look"}, {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]
    assert findings(example({"role": "user", "content": parts}, {"role": "assistant", "content": "a"})) == []


@pytest.mark.parametrize("parts", [
    [{"type": "audio", "audio": "x"}],  # a part type the format does not have
    [{"type": "text", "text": "ok"}, {"type": "video"}],  # one bad part spoils the message
    [{"text": "no type"}],
    ["just a string"],
    [{"type": "text", "text": ""}],
    [{"type": "text", "text": 5}],
    [],
])
def test_content_parts_of_an_unknown_type_or_without_text_are_refused(parts):
    assert findings(example({"role": "user", "content": parts}, {"role": "assistant", "content": "a"})) == [
        ("missing_content", "Message 3 (user) has no usable content.")]


@pytest.mark.parametrize("image", ["https://x/y.png", {"url": ""}, {"url": 5}, {}])
def test_an_image_part_needs_an_object_with_a_url(image):
    parts = [{"type": "image_url", "image_url": image}]
    assert errors(example({"role": "user", "content": parts}, {"role": "assistant", "content": "a"})) == [
        "missing_content", "invalid_image_url"]


def call(name="lookup", arguments='{"city": "Oslo"}', **extra):
    function = {"arguments": arguments} if name is None else {"name": name, "arguments": arguments}
    return {"id": "c1", "type": "function", "function": function, **extra}


def tool_calls(*calls):
    return example({"role": "assistant", "tool_calls": list(calls)})


def test_a_well_formed_tool_call_without_content_is_accepted():
    assert findings(tool_calls(call())) == []
    assert findings(example({"role": "assistant", "content": None, "tool_calls": [call()]})) == []


@pytest.mark.parametrize(("calls", "problem"), [
    ([call(name=None)], "tool call 1 must be an object with 'function': {'name', 'arguments'}"),
    ([call(), call(name=7)], "tool call 2 must be an object with 'function': {'name', 'arguments'}"),
    (["lookup"], "tool call 1 must be an object with 'function': {'name', 'arguments'}"),
    ([call(id=3)], "tool call 1 has an 'id' that is not text"),
    ([call(arguments={"city": "Oslo"})], "tool call 1's 'arguments' must be a JSON object written as text"),
    ([call(arguments="{city")], "tool call 1's 'arguments' is not valid JSON"),
    ([call(arguments="[1, 2]")], "tool call 1's 'arguments' decodes to a JSON array, not an object (encoded twice?)"),
    ([call(arguments=json.dumps(json.dumps({"city": "Oslo"})))],
     "tool call 1's 'arguments' decodes to a JSON string, not an object (encoded twice?)"),
    ([call(arguments="null")], "tool call 1's 'arguments' decodes to a JSON null, not an object (encoded twice?)"),
])
def test_bad_tool_calls_are_refused_with_what_is_wrong(calls, problem):
    assert findings(tool_calls(*calls)) == [("invalid_tool_calls", f"Message 3: {problem}.")]


@pytest.mark.parametrize("calls", [[], "lookup", None])
def test_tool_calls_must_be_a_non_empty_list(calls):
    message = {"role": "assistant", "content": "a", "tool_calls": calls}
    assert ("invalid_tool_calls", "Message 3: 'tool_calls' must be a non-empty list of call objects.") in \
        findings(example(message))


def test_a_tool_call_id_must_be_text_and_tools_a_list():
    reply = {"role": "tool", "content": "sunny", "tool_call_id": 9}
    assert findings(example({"role": "assistant", "content": "a"}, reply)) == [
        ("invalid_tool_call_id", "Message 4: 'tool_call_id' must be text.")]
    assert findings(example({"role": "assistant", "content": "a"}, tools={"name": "x"})) == [
        ("invalid_tools", "'tools' must be a list of tool definitions.")]


def test_a_legacy_function_call_stands_in_for_content():
    message = {"role": "assistant", "function_call": {"name": "f", "arguments": "{}"}}
    assert findings(example(message)) == []
    assert errors(example({"role": "assistant"})) == ["message_missing_key", "missing_content"]


def test_messages_are_named_by_their_place_and_role():
    value = {"messages": [USER, {"role": "assistant", "content": ""}, {"content": "x"}]}
    assert findings(value)[:3] == [
        ("missing_content", "Message 2 (assistant) has no usable content."),
        ("message_missing_key", "Message 3 has no 'role'."),
        ("unrecognized_role",
         "Message 3 has role None; use one of system, user, assistant, function, tool, developer."),
    ]


def test_warnings_are_not_errors_and_plain_text_skips_the_chat_checks():
    value = {"messages": [{"role": "assistant", "content": "a"}]}
    warned = check_example(value)
    assert [(f.key, f.is_error) for f in warned] == [("missing_user_message", False),
                                                      ("missing_system_message", False)]
    assert check_example({"messages": [{"role": "user", "content": "q"}]}, chat_checks=False) == []


@pytest.mark.parametrize(("value", "said"), [
    ("x", "string"), ([1], "array"), (True, "boolean"), (1.5, "number"), (None, "null"), (3, "number"),
])
def test_a_line_that_is_not_an_object_names_its_json_type(value, said):
    assert findings(value) == [("data_type", f"The line is a JSON {said}, not an object.")]
    assert findings({"messages": [value]})[0] == ("message_not_object",
                                                  f"Message 1 is a JSON {said}, not an object.")
