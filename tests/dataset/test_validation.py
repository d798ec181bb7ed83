"""The Cookbook's checks under its keys, counted its way, and ours beside them."""

import pytest

from lib.dataset.validation import COOKBOOK_KEYS, check_example
from tests.dataset.helpers import chat, jsonl, run


def keys(example):
    return [finding.key for finding in check_example(example) if finding.is_error]


@pytest.mark.parametrize(
    ("example", "expected"),
    [
        ("just text", ["data_type"]),
        ([1, 2], ["data_type"]),
        ({}, ["missing_messages_list"]),
        ({"messages": []}, ["missing_messages_list"]),
        ({"messages": "hello"}, ["missing_messages_list"]),
        ({"messages": [{"role": "user"}, {"role": "assistant", "content": "x"}]},
         ["message_missing_key", "missing_content"]),
        ({"messages": [{"role": "user", "content": "q", "mood": "happy"}, {"role": "assistant", "content": "a"}]},
         ["message_unrecognized_key"]),
        ({"messages": [{"role": "robot", "content": "q"}, {"role": "assistant", "content": "a"}]},
         ["unrecognized_role"]),
        ({"messages": [{"role": "user", "content": ""}, {"role": "assistant", "content": "a"}]}, ["missing_content"]),
        ({"messages": [{"role": "user", "content": 5}, {"role": "assistant", "content": "a"}]}, ["missing_content"]),
        ({"messages": [{"role": "user", "content": "q"}]}, ["example_missing_assistant_message"]),
        ({"messages": ["hi", {"role": "assistant", "content": "a"}]}, ["message_not_object"]),
        ({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a", "weight": 2}]},
         ["invalid_weight"]),
        ({"messages": [{"role": "user", "content": "q", "weight": 1.5}, {"role": "assistant", "content": "a"}]},
         ["invalid_weight"]),
    ],
)
def test_each_error_key(example, expected):
    assert keys(example) == expected


def test_message_level_problems_count_once_per_message_like_the_cookbook():
    example = {"messages": [{"role": "x", "content": "q"}, {"role": "y", "content": "a"},
                            {"role": "assistant", "content": "ok"}]}
    report = run(jsonl(example))
    assert report.errors["unrecognized_role"] == 2


def test_a_message_missing_role_counts_as_missing_key_and_unrecognised_role_like_the_cookbook():
    example = {"messages": [{"content": "q"}, {"role": "assistant", "content": "a"}]}
    assert keys(example) == ["message_missing_key", "unrecognized_role"]


@pytest.mark.parametrize(
    "message",
    [
        {"role": "assistant", "content": [{"type": "text", "text": "Soup."}]},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "1", "type": "function",
                                                               "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "assistant", "tool_calls": [{"id": "1", "type": "function",
                                              "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "assistant", "content": None, "function_call": {"name": "f", "arguments": "{}"}},
        {"role": "assistant", "content": "Soup.", "weight": 0},
        {"role": "assistant", "content": "Soup.", "name": "sous"},
    ],
)
def test_current_format_features_the_cookbook_predates_are_accepted(message):
    example = {"messages": [{"role": "user", "content": [{"type": "text", "text": "Soup?"},
                                                          {"type": "image_url", "image_url": {"url": "x"}}]},
                            message, {"role": "tool", "content": "42", "tool_call_id": "1"}]}
    assert keys(example) == []


def test_missing_user_and_system_messages_are_warnings():
    findings = check_example({"messages": [{"role": "assistant", "content": "a"}]})
    assert {(f.key, f.is_error) for f in findings} == {("missing_user_message", False),
                                                         ("missing_system_message", False)}


def test_a_clean_example_has_no_findings():
    assert check_example(chat()) == []


def test_cookbook_keys_are_the_notebooks():
    assert COOKBOOK_KEYS == ("data_type", "missing_messages_list", "message_missing_key",
                             "message_unrecognized_key", "unrecognized_role", "missing_content",
                             "example_missing_assistant_message")
