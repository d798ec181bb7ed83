"""Token counts against a plain port of the Cookbook's counting, and the epoch rule at its edges."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.catalog.encodings import get_encoding
from lib.dataset.tokenizer import from_encoding
from lib.dataset.tokens import TokenCounter, billed_tokens, count_examples, default_epochs
from tests.conftest import SAMPLES


def cookbook_count(encoding, messages):
    """The Cookbook's num_tokens_from_messages, as published (string values only, as in its data)."""
    total = 0
    for message in messages:
        total += 3
        for key, value in message.items():
            total += len(encoding.encode(value))
            if key == "name":
                total += 1
    return total + 3


def cookbook_assistant(encoding, messages):
    return sum(len(encoding.encode(m["content"])) for m in messages if m["role"] == "assistant")


@pytest.mark.parametrize("encoding_name", ["cl100k_base", "o200k_base"])
def test_counts_equal_the_cookbooks_on_the_sample(encoding_name):
    encoding = get_encoding(encoding_name)
    examples = [json.loads(line) for line in (SAMPLES / "recipes.jsonl").read_text().splitlines()]
    ours = count_examples(TokenCounter(from_encoding(encoding_name)), examples)
    assert [t.total for t in ours] == [cookbook_count(encoding, e["messages"]) for e in examples]
    assert [t.assistant for t in ours] == [cookbook_assistant(encoding, e["messages"]) for e in examples]
    assert [t.n_messages for t in ours] == [len(e["messages"]) for e in examples]


def test_a_small_example_by_hand():
    encoding = get_encoding("cl100k_base")
    messages = [{"role": "user", "content": "hello world", "name": "ann"}, {"role": "assistant", "content": "hi"}]
    # 3+ user(1)+"hello world"(2)+"ann"(1)+1 name ; 3+ assistant(1)+"hi"(1) ; +3
    expected = 3 + 1 + 2 + len(encoding.encode("ann")) + 1 + 3 + 1 + 1 + 3
    assert count_examples(TokenCounter(from_encoding("cl100k_base")), [{"messages": messages}])[0].total == expected


def test_weight_adds_no_tokens():
    counter = TokenCounter(from_encoding("o200k_base"))
    plain = {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}
    weighted = {"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a", "weight": 0}]}
    assert count_examples(counter, [plain])[0].total == count_examples(counter, [weighted])[0].total


def test_list_content_counts_text_parts_and_estimates_images():
    counter = TokenCounter(from_encoding("o200k_base"))
    as_text = {"messages": [{"role": "user", "content": "What is this dish?"}]}
    as_parts = {"messages": [{"role": "user", "content": [{"type": "text", "text": "What is this dish?"},
                                                          {"type": "image_url", "image_url": {"url": "u"}}]}]}
    text, parts = count_examples(counter, [as_text, as_parts])
    assert parts.total == text.total + 85 and parts.estimated and not text.estimated


def test_special_token_text_is_counted_not_refused():
    counter = TokenCounter(from_encoding("cl100k_base"))
    assert counter.count("<|endoftext|>") > 1


def test_the_same_string_gives_the_same_count_from_the_cache():
    counter = TokenCounter(from_encoding("cl100k_base"))
    assert counter.count_many(["a b c", "a b c", "d"]) == [3, 3, 1]


def test_encodings_differ_where_they_should():
    text = "Préchauffez le four à 200 °C, puis enfournez."
    assert len(get_encoding("o200k_base").encode(text)) != len(get_encoding("cl100k_base").encode(text))


@pytest.mark.parametrize(
    ("n_examples", "epochs"),
    [(0, 0), (1, 25), (3, 25), (4, 25), (5, 20), (33, 3), (34, 3), (8_333, 3), (8_334, 2), (12_500, 2),
     (12_501, 1), (25_001, 1), (1_000_000, 1)],
)
def test_default_epochs_follow_the_cookbook_rule_at_its_edges(n_examples, epochs):
    assert default_epochs(n_examples) == epochs


def test_billed_tokens_cap_each_example_at_the_training_limit():
    assert billed_tokens([100, 200, 50_000], 16_385, 3) == 3 * (100 + 200 + 16_385)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60) | st.sampled_from(["", " ", "\n\n", "<|endoftext|>", "a<|endoftext|>b",
                                                         "<|endofprompt|>", "'s", "\ud800 lone"]), max_size=12))
def test_batched_lengths_equal_one_call_per_text(texts):
    for name in ("cl100k_base", "o200k_base"):
        tokenizer = from_encoding(name)
        assert tokenizer.counts(texts) == tokenizer.counts_one_by_one(texts)


def test_many_texts_split_across_threads_keep_their_order():
    tokenizer = from_encoding("o200k_base")
    texts = [f"text number {i} " * (i % 7) for i in range(500)]
    assert TokenCounter(tokenizer, threads=2).count_many(texts) == tokenizer.counts_one_by_one(texts)


def test_the_fast_batched_path_is_the_one_in_use(monkeypatch):
    """If the one-call path stops working the counts stay right but the speed goes: fail loudly."""
    from lib.dataset.tokenizer import Tokenizer

    def slow_path(*_args):
        raise AssertionError("fell back to one tokenizer call per text")

    monkeypatch.setattr(Tokenizer, "counts_one_by_one", slow_path)
    for name in ("cl100k_base", "o200k_base"):
        tokenizer = from_encoding(name)
        assert tokenizer.fast_path
        assert tokenizer.counts(["plain text", "more text", ""]) == [2, 2, 0]
