"""How many worked examples fit in each model's context window as a few-shot prompt."""

from dataclasses import replace

from lib.catalog.models import load_models
from lib.dataset.fewshot import few_shot_fit

MINI = load_models()["gpt-4.1-mini"]
OLD = load_models()["gpt-3.5-turbo"]


def test_examples_that_fit_leave_room_for_the_request_and_drop_the_reply_priming():
    small = replace(MINI, context_window=1_000)
    [row] = few_shot_fit(103, [small], "o200k_base", k=5, reserve_tokens=200)
    # each example in a prompt is its 103 tokens less the 3 that prime a reply: (1,000 - 200) // 100
    assert row.examples_that_fit == 8 and row.tokens_for_k == 500 and row.k == 5


def test_a_model_with_another_encoding_is_marked_as_an_estimate():
    rows = {row.model: row for row in few_shot_fit(500, [MINI, OLD], "o200k_base", k=3)}
    assert not rows["gpt-4.1-mini"].estimated and rows["gpt-3.5-turbo"].estimated


def test_a_model_whose_own_tokenizer_is_not_available_is_an_estimate_even_with_the_same_encoding():
    gemini = load_models()["gemini-2.5-flash"]
    assert gemini.encoding == "o200k_base" and not gemini.tokens_exact  # counted with OpenAI's as a stand-in
    [row] = few_shot_fit(500, [gemini], "o200k_base", k=3)
    assert row.estimated


def test_a_request_larger_than_the_window_leaves_no_room_and_tiny_examples_do_not_divide_by_zero():
    small = replace(MINI, context_window=100)
    [row] = few_shot_fit(1, [small], "o200k_base", k=2, reserve_tokens=500)
    assert row.examples_that_fit == 0 and row.tokens_for_k == 2
