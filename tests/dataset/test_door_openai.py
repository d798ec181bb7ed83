"""OpenAI and Azure OpenAI: chat with tools, weights and images, and preference pairs, as OpenAI's pages show them."""

import json

import pytest

from lib.dataset.analysis import analyze
from lib.dataset.doors import door_rules
from lib.dataset.reading import from_bytes
from lib.dataset.records import convert_file
from tests.dataset.helpers import jsonl

WEATHER_TOOL = {"type": "function", "function": {"name": "get_current_weather", "description": "Weather now",
                                                 "parameters": {"type": "object", "properties": {
                                                     "location": {"type": "string"}}, "required": ["location"]}}}
TOOLS = {"messages": [
    {"role": "user", "content": "What is the weather in San Francisco?"},
    {"role": "assistant", "tool_calls": [{"id": "call_id", "type": "function", "function": {
        "name": "get_current_weather", "arguments": "{\"location\": \"San Francisco, USA\"}"}}]},
    {"role": "tool", "tool_call_id": "call_id", "content": "{\"temperature\": 18}"},
    {"role": "assistant", "content": "It is 18 degrees in San Francisco."}], "tools": [WEATHER_TOOL]}
WEIGHTED = {"messages": [
    {"role": "system", "content": "Marv is a sarcastic chatbot."},
    {"role": "user", "content": "What's the capital of France?"},
    {"role": "assistant", "content": "Paris", "weight": 0},
    {"role": "user", "content": "Can you be more sarcastic?"},
    {"role": "assistant", "content": "Paris, as if everyone doesn't know that already.", "weight": 1}]}
IMAGE = {"messages": [
    {"role": "system", "content": "You identify dishes."},
    {"role": "user", "content": [{"type": "text", "text": "What is this dish?"},
                                 {"type": "image_url", "image_url": {"url": "https://example.com/dish.jpg"}}]},
    {"role": "assistant", "content": "Ratatouille."}]}
PAIR = {"input": {"messages": [{"role": "user", "content": "Hello, can you tell me how cold San Francisco is?"}],
                  "tools": [], "parallel_tool_calls": True},
        "preferred_output": [{"role": "assistant", "content": "Today in San Francisco it is 14 degrees."}],
        "non_preferred_output": [{"role": "assistant", "content": "It is not particularly cold."}]}


@pytest.mark.parametrize("provider", ["openai", "azure"])
@pytest.mark.parametrize("example", [TOOLS, WEIGHTED, IMAGE, PAIR], ids=["tools", "weight", "image", "preference"])
def test_each_documented_shape_is_valid(provider, example):
    report = analyze(from_bytes(jsonl(*[example] * 10)), provider=provider)
    assert report.errors == {} and report.n_valid == 10


def test_openais_preference_pairs_convert_for_openai_unchanged_and_say_what_other_doors_lose():
    data = jsonl(*[PAIR] * 10)
    report = analyze(from_bytes(data), provider="openai")
    target = door_rules("openai").target_for(report.record_format)
    assert convert_file(from_bytes(data), report, target).records == [PAIR] * 10
    bedrock = convert_file(from_bytes(data), report, door_rules("bedrock").target_for(report.record_format))
    assert bedrock.written == 10 and bedrock.complete == 0
    assert bedrock.records[0]["messages"][1]["content"] == [{"text": "Today in San Francisco it is 14 degrees."}]


def test_what_openai_does_not_take_is_refused():
    video = {"messages": [{"role": "user", "content": [
        {"type": "text", "text": "What happens?"}, {"type": "video", "video": {"url": "s3://demo/goal.mp4"}}]},
        {"role": "assistant", "content": "A goal.", "reasoning_content": "The ball crosses the line."}]}
    report = analyze(from_bytes(jsonl(*[video] * 10)), provider="openai")
    assert report.errors.get("door_media") == 10 and report.errors.get("door_reasoning") == 10
    assert analyze(from_bytes(jsonl(*[IMAGE] * 9)), provider="openai").errors.get("too_few_examples") == 1
    in_s3 = json.loads(json.dumps(IMAGE).replace("https://example.com/dish.jpg", "s3://demo/dish.jpg"))
    assert analyze(from_bytes(jsonl(*[in_s3] * 10)), provider="azure").errors.get("door_image_source") == 10
