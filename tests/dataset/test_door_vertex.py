"""Google Vertex AI: Gemini's contents and parts (and the older messages format), read, checked and written back."""

import json

from lib.dataset.analysis import analyze
from lib.dataset.doors import door_rules
from lib.dataset.formats import Format, convert, kind_of_object, to_chat
from lib.dataset.reading import from_bytes
from tests.dataset.helpers import jsonl

WEATHER = {"functionDeclarations": [{"name": "get_weather", "description": "Today's weather in a city.",
                                     "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}]}
TOOLS = {
    "systemInstruction": {"role": "system", "parts": [{"text": "You answer weather questions."}]},
    "contents": [
        {"role": "user", "parts": [{"text": "Is it raining in Lyon?"}]},
        {"role": "model", "parts": [{"functionCall": {"name": "get_weather", "args": {"city": "Lyon"}}}]},
        {"role": "user", "parts": [{"functionResponse": {"name": "get_weather",
                                                         "response": {"sky": "rain", "celsius": 11}}}]},
        {"role": "model", "parts": [{"text": "Yes, it is raining in Lyon (11 °C)."}]}],
    "tools": [WEATHER]}
MEDIA = {"contents": [
    {"role": "user", "parts": [{"fileData": {"mimeType": "image/jpeg", "fileUri": "gs://demo/cat.jpg"}},
                               {"fileData": {"mimeType": "application/pdf", "fileUri": "gs://demo/menu.pdf"}},
                               {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}},
                               {"text": "Describe these."}]},
    {"role": "model", "parts": [{"text": "A cat, a menu and a dot."}]}]}
VIDEO = {"contents": [
    {"role": "user", "parts": [{"fileData": {"mimeType": "video/mp4", "fileUri": "gs://demo/goal.mp4"}},
                               {"text": "What happens?"}]},
    {"role": "model", "parts": [{"text": "A goal."}]}]}
OLD = {"messages": [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Capital of Peru?"},
                    {"role": "model", "content": "Lima."}]}


def test_tools_media_and_system_instruction_are_valid_at_vertex():
    for example in (TOOLS, MEDIA, VIDEO):
        report = analyze(from_bytes(jsonl(example, example)), provider="vertex")
        assert report.errors == {} and report.n_valid == 2, example


def test_tool_replies_in_a_user_turn_neither_add_a_role_nor_break_alternation():
    read, _ = to_chat(TOOLS, Format.VERTEX)
    assert [m["role"] for m in read["messages"]] == ["system", "user", "assistant", "tool", "assistant"]
    assert read["messages"][3]["tool_call_id"] == read["messages"][2]["tool_calls"][0]["id"]
    assert json.loads(read["messages"][3]["content"]) == {"sky": "rain", "celsius": 11}


def test_a_file_round_trips_unchanged():
    for example in (TOOLS, MEDIA, VIDEO):
        read, _ = to_chat(example, Format.VERTEX)
        written = convert(read, Format.VERTEX)
        again, _ = to_chat(json.loads(json.dumps(written.record)), Format.VERTEX)
        assert again == read and written.dropped == ()
    read, _ = to_chat(MEDIA, Format.VERTEX)
    assert convert(read, Format.VERTEX).record["contents"] == MEDIA["contents"]


def test_the_older_messages_format_with_role_model_is_taken():
    assert kind_of_object(OLD) == Format.VERTEX_MESSAGES
    report = analyze(from_bytes(jsonl(OLD, OLD)), provider="vertex")
    assert report.errors == {} and report.n_valid == 2 and "door_format" not in report.warnings
    assert not any("role model" in problem.message or "'model'" in problem.message for problem in report.problems)
    read, _ = to_chat(OLD, Format.VERTEX_MESSAGES)
    assert convert(read, Format.VERTEX_MESSAGES).record == OLD
    assert convert(read, Format.VERTEX).record["contents"][1] == {"role": "model", "parts": [{"text": "Lima."}]}


def test_vertex_limits_are_googles_current_ones():
    rules = door_rules("vertex")
    assert rules.min_examples == 0 and rules.max_examples == 1_000_000 and rules.max_media_examples == 300_000
    one = analyze(from_bytes(jsonl(OLD)), provider="vertex")
    assert "too_few_examples" not in one.errors and one.warnings.get("few_examples") == 1


def test_media_not_in_cloud_storage_is_said_and_counted(tmp_path):
    chat_image = {"messages": [
        {"role": "user", "content": [{"type": "text", "text": "Which bird?"},
                                     {"type": "image_url", "image_url": {"url": "s3://demo/heron.jpg"}}]},
        {"role": "assistant", "content": "A heron."}]}
    written = convert(chat_image, Format.VERTEX)
    assert written.record is not None and "neither in Cloud Storage" in written.dropped[0]
    public = json.loads(json.dumps(chat_image).replace("s3://demo", "https://example.com"))
    assert convert(public, Format.VERTEX).record["contents"][0]["parts"][1] == {
        "fileData": {"mimeType": "image/jpeg", "fileUri": "https://example.com/heron.jpg"}}
