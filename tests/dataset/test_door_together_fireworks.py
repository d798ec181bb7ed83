"""Together AI and Fireworks AI: chat, preference and vision forms, as their pages show them."""

from functools import partial

from lib.dataset.analysis import analyze
from lib.dataset.doors import door_rules, fit_for_door
from lib.dataset.formats import Format
from lib.dataset.reading import from_bytes
from lib.dataset.records import convert_file
from tests.dataset.helpers import chat, jsonl

PAIR = {"input": {"messages": [{"role": "user", "content": "Which planet is the largest?"}]},
        "preferred_output": [{"role": "assistant", "content": "Jupiter is the largest planet."}],
        "non_preferred_output": [{"role": "assistant", "content": "Earth."}]}
PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJ"
       "RU5ErkJggg==")


def vision(url: str) -> dict:
    return {"messages": [
        {"role": "system", "content": "You are a helpful visual assistant."},
        {"role": "user", "content": [{"type": "text", "text": "What colour is this pixel?"},
                                     {"type": "image_url", "image_url": {"url": url}}]},
        {"role": "assistant", "content": "It is red."}]}


def test_fireworks_takes_vision_with_base64_images_only():
    assert analyze(from_bytes(jsonl(*[vision(PNG)] * 3)), provider="fireworks").errors == {}
    web = analyze(from_bytes(jsonl(*[vision("https://example.com/a.png")] * 3)), provider="fireworks")
    assert web.errors.get("door_image_source") == 3


def test_fireworks_and_together_take_chat_and_preference_pairs():
    for provider in ("fireworks", "together"):
        assert analyze(from_bytes(jsonl(*[chat(user=f"q{n}") for n in range(3)])), provider=provider).errors == {}
        report = analyze(from_bytes(jsonl(*[PAIR] * 3)), provider=provider)
        assert report.errors == {} and "door_format" not in report.warnings
        rules = door_rules(provider)
        assert rules.target_for(Format.PREFERENCE) == Format.PREFERENCE
        assert rules.target_for(Format.CHAT) == Format.CHAT


def test_converting_pairs_for_fireworks_keeps_them_and_web_images_are_said_lost():
    data = jsonl(*[PAIR] * 3)
    report = analyze(from_bytes(data), provider="fireworks")
    kept = convert_file(from_bytes(data), report, door_rules("fireworks").target_for(report.record_format))
    assert kept.records == [PAIR] * 3
    data = jsonl(vision("https://example.com/a.png"), vision(PNG))
    report = analyze(from_bytes(data), provider="openai")
    out = convert_file(from_bytes(data), report, Format.CHAT, fit=partial(fit_for_door, rules=door_rules("fireworks")))
    assert out.incomplete == [0] and out.records[1] == vision(PNG)
    assert any("images this provider cannot read" in line for line in out.summary())


def test_together_vision_takes_base64_images_in_user_messages_ten_at_most():
    assert analyze(from_bytes(jsonl(vision(PNG))), provider="together").errors == {}
    web = analyze(from_bytes(jsonl(vision("https://example.com/a.png"))), provider="together")
    assert web.errors.get("door_image_source") == 1 and web.n_valid == 0
    crowded = vision(PNG)
    crowded["messages"][1]["content"] += [{"type": "image_url", "image_url": {"url": PNG}}] * 10
    assert analyze(from_bytes(jsonl(crowded)), provider="together").errors.get("door_images_per_record") == 1
    answered = vision(PNG)
    answered["messages"][2]["content"] = [{"type": "image_url", "image_url": {"url": PNG}}]
    assert "door_media_role" in analyze(from_bytes(jsonl(answered)), provider="together").errors


def test_together_takes_weights_on_any_message_and_a_tool_reply_as_its_own_turn():
    weighted = {"messages": [{"role": "user", "content": "Change the address?", "weight": 0},
                             {"role": "assistant", "content": "orders", "weight": 1}]}
    calling = {"messages": [
        {"role": "user", "content": "Where is order 7731?"},
        {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {
            "name": "lookup_order", "arguments": "{\"order_id\": \"7731\"}"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "in transit"},
        {"role": "assistant", "content": "It is in transit."}]}
    assert analyze(from_bytes(jsonl(weighted, calling)), provider="together").errors == {}
    openai = analyze(from_bytes(jsonl(*[weighted] * 10)), provider="openai")
    assert openai.errors.get("door_weight_role") == 10 and openai.n_valid == 0


def test_fireworks_takes_reasoning_content():
    thinking = chat()
    thinking["messages"][2]["reasoning_content"] = "Tomato is in season."
    assert analyze(from_bytes(jsonl(*[thinking] * 3)), provider="fireworks").errors == {}
