"""Token counting pinned where the Cookbook's notebook says nothing (lib/dataset/tokens.py): the approximate flag
of long whitespace, tool definitions with parts missing, non-text values written as JSON without escapes, tool
calls counted as assistant text, and images."""

import pytest

from lib.dataset.tokenizer import LONG_RUN, from_encoding
from lib.dataset.tokens import (
    IMAGE_TOKENS,
    REPLY_PRIMING_TOKENS,
    TOKENS_PER_MESSAGE,
    TOKENS_PER_NAME,
    TokenCounter,
    count_examples,
    default_epochs,
)

COUNTER = TokenCounter(from_encoding("o200k_base"), threads=1)
TOOLS = COUNTER.tokenizer.tools
USER = {"role": "user", "content": "What is the weather?"}
ANSWER = {"role": "assistant", "content": "Sunny."}


def n(text):
    return COUNTER.count(text)


def counted(example):
    return count_examples(COUNTER, [example])[0]


def plain_total(*messages):
    return REPLY_PRIMING_TOKENS + sum(TOKENS_PER_MESSAGE + sum(n(value) for value in message.values())
                                      for message in messages)


def test_a_plain_example_is_exact_and_not_estimated():
    result = counted({"messages": [USER, ANSWER]})
    assert result.total == plain_total(USER, ANSWER) and result.assistant == n("Sunny.")
    assert result.n_messages == 2 and not result.estimated and not result.approximate


def test_a_name_adds_one_token():
    named = {**USER, "name": "bob"}
    assert counted({"messages": [named, ANSWER]}).total == plain_total(named, ANSWER) + TOKENS_PER_NAME


@pytest.mark.parametrize(("content", "approximate"), [
    ("\n" * LONG_RUN, True),  # a long run that is not plain spaces is counted in pieces, approximately
    ("\n" * (LONG_RUN - 1), False),  # one short of a long run: counted whole
    (" " * (LONG_RUN + 100), False),  # plain spaces are cut where BPE cuts them: exact
])
def test_the_approximate_flag_marks_counts_of_long_whitespace_runs(content, approximate):
    result = counted({"messages": [USER, {"role": "assistant", "content": content}]})
    assert result.approximate is approximate
    assert result.estimated is False  # approximate is not the same as estimated


def test_a_tool_without_a_description_is_counted_as_name_and_colon():
    tool = {"type": "function", "function": {"name": "weather"}}
    result = counted({"messages": [USER, ANSWER], "tools": [tool]})
    expected = plain_total(USER, ANSWER) + TOOLS.function_start + n("weather:") + TOOLS.functions_end
    assert result.total == expected and result.estimated


def test_a_tool_with_a_description_and_properties():
    tool = {"type": "function", "function": {
        "name": "weather", "description": "Gets the weather.",
        "parameters": {"type": "object", "properties": {
            "city": {"type": "string", "description": "The city."},
            "unit": {"type": "string", "enum": ["c", "f"]},
            "raw": "not a schema"}}}}
    result = counted({"messages": [USER, ANSWER], "tools": [tool]})
    expected = (plain_total(USER, ANSWER) + TOOLS.function_start + n("weather:Gets the weather")
                + TOOLS.properties_start + 3 * TOOLS.property + n("city:string:The city")
                + TOOLS.enum_start + 2 * TOOLS.enum_item + n("c") + n("f") + n("unit:string:") + n("raw::")
                + TOOLS.functions_end)
    assert result.total == expected


def test_legacy_functions_count_like_tools_and_junk_definitions_count_nothing():
    legacy = counted({"messages": [USER, ANSWER], "functions": [{"name": "weather"}]})
    assert legacy.total == plain_total(USER, ANSWER) + TOOLS.function_start + n("weather:") + TOOLS.functions_end
    junk = counted({"messages": [USER, ANSWER], "tools": ["weather", 5]})
    assert junk.total == plain_total(USER, ANSWER) and junk.estimated


def test_non_text_values_are_counted_as_json_without_ascii_escapes():
    tool = {"type": "function", "function": {"name": "météo", "description": ["Prévision", 3]}}
    result = counted({"messages": [USER, ANSWER], "tools": [tool]})
    text = 'météo:["Prévision", 3]'
    assert n(text) != n('météo:["Pr\\u00e9vision", 3]')  # the escaped form would count differently
    assert result.total == plain_total(USER, ANSWER) + TOOLS.function_start + n(text) + TOOLS.functions_end


def test_tool_calls_are_counted_as_assistant_text_and_marked_estimated():
    call = {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function",
                                                 "function": {"name": "weather", "arguments": '{"city": "Oslo"}'}}]}
    result = counted({"messages": [USER, call]})
    assert result.assistant == n("weather") + n('{"city": "Oslo"}')
    assert result.total == (REPLY_PRIMING_TOKENS + 2 * TOKENS_PER_MESSAGE + n(USER["role"]) + n(USER["content"])
                            + n("assistant") + result.assistant)
    assert result.estimated


def test_a_legacy_function_call_counts_its_name_and_arguments():
    call = {"role": "assistant", "function_call": {"name": "weather", "arguments": "{}"}}
    assert counted({"messages": [USER, call]}).assistant == n("weather") + n("{}")


def test_images_cost_the_low_detail_figure_and_text_parts_count_as_text():
    parts = [{"type": "text", "text": "What is this?"}, {"type": "image_url", "image_url": {"url": "u"}}]
    result = counted({"messages": [{"role": "user", "content": parts},
                                   {"role": "assistant", "content": [{"type": "text", "text": "A cat."}]}]})
    assert result.assistant == n("A cat.")
    assert result.total == (REPLY_PRIMING_TOKENS + 2 * TOKENS_PER_MESSAGE + n("user") + n("What is this?")
                            + IMAGE_TOKENS + n("assistant") + n("A cat."))
    assert result.estimated


def test_non_object_messages_are_skipped_and_not_counted():
    result = counted({"messages": ["hello", USER, ANSWER]})
    assert result.n_messages == 2 and result.total == plain_total(USER, ANSWER)


@pytest.mark.parametrize(("examples", "epochs"), [
    (0, 0), (-3, 0), (1, 25), (4, 25), (5, 20), (33, 3), (34, 3), (8333, 3), (8334, 2), (25_000, 1), (30_000, 1),
])
def test_default_epochs_at_the_edges(examples, epochs):
    assert default_epochs(examples) == epochs


def test_the_cache_keeps_counts_equal_and_the_threads_agree():
    texts = [f"line {i % 7} " * (i % 5 + 1) for i in range(200)]
    two = TokenCounter(from_encoding("o200k_base"), threads=2)
    assert two.count_many(texts) == COUNTER.count_many(texts) == [n(text) for text in texts]
    assert two.count_many(texts) == two.count_many(texts)


def test_only_examples_of_plain_role_and_text_messages_take_the_fast_path():
    from lib.dataset.tokens import plain_roles_and_texts

    assert plain_roles_and_texts({"messages": [USER, ANSWER]}) == (("user", "assistant"),
                                                                  [USER["content"], ANSWER["content"]])
    for other in ({"messages": [USER, ANSWER], "tools": []}, {"messages": []}, {"messages": "x"},
                  {"messages": [USER, {"role": "assistant", "content": ""}]},
                  {"messages": [USER, {"role": "assistant", "content": ["x"]}]},
                  {"messages": [USER, {**ANSWER, "weight": 1}]}, [USER]):
        assert plain_roles_and_texts(other) is None
