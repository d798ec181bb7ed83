"""Amazon Bedrock (Nova 1 and 2): records shaped like AWS's own examples are read, checked and written back."""

import json
from dataclasses import replace

from lib.dataset import doors
from lib.dataset.analysis import analyze
from lib.dataset.formats import Format, convert, to_chat
from lib.dataset.reading import from_bytes
from tests.dataset.helpers import chat, jsonl

SYSTEM = [{"text": "You are a music guide."}]


def record(*messages: dict, **extra: object) -> dict:
    return {"schemaVersion": "bedrock-conversation-2024", "system": SYSTEM, **extra, "messages": list(messages)}


def user(*blocks: dict) -> dict:
    return {"role": "user", "content": list(blocks)}


def assistant(*blocks: dict) -> dict:
    return {"role": "assistant", "content": list(blocks)}


def s3(kind: str, name: str, fmt: str) -> dict:
    return {kind: {"format": fmt, "source": {"s3Location": {"uri": f"s3://demo-bucket/{name}.{fmt}",
                                                           "bucketOwner": "111122223333"}}}}


TOOL_CONFIG = {"tools": [{"toolSpec": {"name": "top_song", "description": "The most played song on a station.",
                                       "inputSchema": {"json": {"type": "object", "required": ["sign"],
                                                                "properties": {"sign": {"type": "string"}}}}}}]}
# AWS's tool-calling shape: strictly alternating user and assistant, the tool's result in a user turn
TOOL_SAMPLE = record(
    user({"text": "What is the most popular song on WZPZ?"}),
    assistant({"toolUse": {"toolUseId": "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "name": "top_song",
                           "input": {"sign": "WZPZ"}}}),
    user({"toolResult": {"toolUseId": "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q",
                         "content": [{"json": {"song": "Elemental Hotel", "artist": "8 Storey Hike"}}]}}),
    assistant({"text": "The most popular song on WZPZ is Elemental Hotel by 8 Storey Hike."}),
    toolConfig=TOOL_CONFIG)
TEXT = record(user({"text": "What is the capital of Mars?"}), assistant({"text": "Mars has no capital yet."}))
IMAGE = record(user({"text": "Which bird is this?"}, s3("image", "bird", "png")), assistant({"text": "A heron."}))
VIDEO = record(user({"text": "What happens here?"}, s3("video", "clip", "mp4")), assistant({"text": "A goal."}))
DOCUMENT = record(user({"text": "Sum up the invoice."}, {"document": {
    "format": "pdf", "name": "invoice", "source": {"s3Location": {"uri": "s3://demo-bucket/invoice.pdf"}}}}),
    assistant({"text": "It bills 3 hours."}))
REASONING = record(user({"text": "Is 91 prime?"}), assistant(
    {"reasoningContent": {"reasoningText": {"text": "91 = 7 x 13."}}}, {"text": "No: 91 is 7 times 13."}))


def several(example: dict, n: int = 8) -> bytes:
    return jsonl(*[example] * n)


def test_every_documented_block_is_read_not_refused():
    for example in (TEXT, IMAGE, VIDEO, DOCUMENT, REASONING, TOOL_SAMPLE):
        _, problems = to_chat(example, Format.BEDROCK)
        assert problems == [], example


def test_the_tool_calling_sample_is_valid_and_alternates():
    report = analyze(from_bytes(several(TOOL_SAMPLE)), provider="bedrock")
    assert report.errors == {} and report.n_valid == 8
    read, _ = to_chat(TOOL_SAMPLE, Format.BEDROCK)
    assert read["tools"][0]["function"]["name"] == "top_song"
    assert json.loads(read["messages"][3]["content"]) == {"song": "Elemental Hotel", "artist": "8 Storey Hike"}


def test_media_and_reasoning_pass_at_bedrock_where_the_model_takes_them():
    for example in (IMAGE, VIDEO):
        assert analyze(from_bytes(several(example)), provider="bedrock", model="nova-lite").errors == {}
    # Nova Micro is text only; documents are Nova 2 Lite's only
    assert analyze(from_bytes(several(IMAGE)), provider="bedrock").errors.get("door_media") == 8
    assert analyze(from_bytes(several(DOCUMENT)), provider="bedrock", model="nova-lite").errors.get("door_media") == 8
    document, _ = to_chat(DOCUMENT, Format.BEDROCK)
    assert doors.check_for_door(document, doors.door_rules("bedrock").for_model("nova-2-lite"), "Bedrock") == []
    assert doors.door_rules("bedrock").for_model("nova-2-lite").min_examples == 200
    # Nova 1 has no reasoning; Nova 2 Lite takes it and does not yet train tool use
    micro = analyze(from_bytes(several(REASONING)), provider="bedrock")
    assert micro.errors.get("door_reasoning") == 8
    lite2 = doors.door_rules("bedrock").for_model("nova-2-lite")
    assert lite2.reasoning and not lite2.tools
    read, _ = to_chat(REASONING, Format.BEDROCK)
    assert doors.check_for_door(read, lite2, "Bedrock") == []
    tool_read, _ = to_chat(TOOL_SAMPLE, Format.BEDROCK)
    assert [f.key for f in doors.check_for_door(tool_read, lite2, "Bedrock")] == ["door_tools"]


def test_nova_limits_records_videos_media_mixing_and_schema_version():
    assert analyze(from_bytes(several(TEXT, 7)), provider="bedrock").errors.get("too_few_examples") == 1
    two_videos = record(user(s3("video", "a", "mp4"), s3("video", "b", "mp4"), {"text": "Same?"}),
                        assistant({"text": "No."}))
    assert analyze(from_bytes(several(two_videos)), provider="bedrock",
                   model="nova-lite").errors.get("door_videos_per_record") == 8
    mixed = analyze(from_bytes(jsonl(*[IMAGE] * 4, *[VIDEO] * 4)), provider="bedrock", model="nova-lite")
    assert mixed.errors.get("door_mixed_media") == 1
    unversioned = {key: value for key, value in TEXT.items() if key != "schemaVersion"}
    report = analyze(from_bytes(several(unversioned)), provider="bedrock")
    assert report.errors.get("door_schema_version") == 8
    assert "bedrock-conversation-2024" in next(p.message for p in report.problems if p.key == "door_schema_version")
    rules = doors.door_rules("bedrock")
    assert (rules.min_examples, rules.max_examples) == (8, 20_000) and "docs.aws.amazon.com" in rules.source
    assert "AWS's own dataset validator" in rules.source


def test_a_record_over_novas_context_is_refused_or_warned_as_its_source_allows(monkeypatch):
    assumed = doors.door_rules("bedrock").models["nova-micro"]
    assert assumed.record_tokens == 32_768 and assumed.confidence == "inferred"
    long = record(user({"text": "word " * 200}), assistant({"text": "Fine."}))
    for confidence, valid in (("own_page", 8), ("inferred", 9)):
        tight = {**doors.load_door_rules()}
        tight["bedrock"] = replace(tight["bedrock"], models={
            "nova-micro": doors.ModelRules(record_tokens=50, confidence=confidence)})
        monkeypatch.setattr(doors, "load_door_rules", lambda path=None, tight=tight: tight)
        report = analyze(from_bytes(jsonl(*[TEXT] * 8, long)), provider="bedrock")
        counts = report.errors if confidence == "own_page" else report.warnings
        assert counts.get("door_record_tokens") == 1 and report.n_valid == valid


def test_chat_with_tool_calls_gets_the_tool_config_aws_requires():
    calling = {"messages": [
        {"role": "user", "content": "Lift off"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "takeoff", "arguments": "{\"m\": 1}"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "ok"},
        {"role": "assistant", "content": "Airborne."}]}
    written = convert(calling, Format.BEDROCK)
    specs = [tool["toolSpec"]["name"] for tool in written.record["toolConfig"]["tools"]]
    assert specs == ["takeoff"] and written.added and not written.dropped
    defined = {**calling, "tools": [{"type": "function", "function": {"name": "takeoff", "parameters": {
        "type": "object", "properties": {"m": {"type": "integer"}}}}}]}
    written = convert(defined, Format.BEDROCK)
    assert written.added == () and written.record["toolConfig"]["tools"][0]["toolSpec"]["inputSchema"]["json"][
        "properties"] == {"m": {"type": "integer"}}


def test_tool_config_survives_conversion_to_other_doors():
    read, _ = to_chat(TOOL_SAMPLE, Format.BEDROCK)
    vertex = convert(read, Format.VERTEX).record
    assert vertex["tools"][0]["functionDeclarations"][0]["name"] == "top_song"
    assert convert(read, Format.CHAT).record["tools"][0]["function"]["parameters"]["required"] == ["sign"]
    again, _ = to_chat(json.loads(json.dumps(convert(read, Format.BEDROCK).record)), Format.BEDROCK)
    assert again == read


def test_the_tool_sample_round_trips_through_chat_unchanged():
    read, _ = to_chat(TOOL_SAMPLE, Format.BEDROCK)
    chat_record = json.loads(json.dumps(convert(read, Format.CHAT).record))
    assert convert(chat_record, Format.BEDROCK).record == TOOL_SAMPLE


def test_images_as_bytes_and_s3_round_trip():
    inline = record(user({"text": "Which bird?"}, {"image": {"format": "png", "source": {"bytes": "iVBORw0KGgo="}}}),
                    assistant({"text": "A heron."}))
    for example in (inline, IMAGE, VIDEO, DOCUMENT, REASONING):
        read, _ = to_chat(example, Format.BEDROCK)
        assert convert(read, Format.BEDROCK).record == example
    read, _ = to_chat(inline, Format.BEDROCK)
    assert read["messages"][1]["content"][1]["image_url"]["url"] == "data:image/png;base64,iVBORw0KGgo="


def test_a_chat_file_is_told_to_convert_and_valid_after():
    report = analyze(from_bytes(jsonl(*[chat(user=f"q{n}") for n in range(8)])), provider="bedrock")
    assert report.warnings.get("door_format") == 1


def test_novas_dpo_candidates_are_named_not_called_malformed():
    dpo = record(user({"text": "Pick a title."}), {"role": "assistant", "candidates": [
        {"content": [{"text": "Dune"}], "preferenceLabel": "preferred"},
        {"content": [{"text": "Sand"}], "preferenceLabel": "non-preferred"}]})
    _, problems = to_chat(dpo, Format.BEDROCK)
    assert [key for key, _ in problems] == ["bedrock_candidates"] and "SageMaker" in problems[0][1]
