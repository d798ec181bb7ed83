"""Many texts counted in one joined call give exactly what one tiktoken call per text gives, on a varied corpus and on
any text."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.dataset.tokenizer import from_encoding

NAMES = ["o200k_base", "cl100k_base", "qwen2.5", "llama-3.1"]


def _corpus() -> list[str]:
    rng = random.Random(11)
    # a few hundred characters from each block of the Basic Multilingual Plane and some beyond it
    scripts = ["".join(chr(code) for code in range(start, start + 300)
                       if chr(code).isprintable() or chr(code).isspace())
               for start in range(0x20, 0x2FFFF, 0x300) if not 0xD800 <= start < 0xE000]
    samples = [
        "", " ", "  ", "\n", "\r\n", "\t\t", " \n \n", "\u00a0\u2003\u3000", " " * 5000, "\n" * 300 + "x",
        "hello world", "Hello, World! It's  we'll   THEY'RE", "naïve café Ωμέγα Привет мир",
        "日本語のテキストと中文文本 한국어", "🎉🤗👩🏽‍💻🏳️‍🌈 emoji ZWJ \u200d\u200b", "१२३ ٣٤٥ 123456789012",
        "def f(x):\n    return {'a': [1, 2.5e-3, None]}\n\n\tpass  \n", '{"key": "value", "n": [1, 2, {"x": null}]}',
        "<|endoftext|> <|im_start|>user\n<think>", "a\ud800b lone surrogate \udfff", "e\u0301 combining",
        "    indented\n        more\n", "x" * 3000, "ab" * 2000 + " " * 100 + "\n",
    ]
    mixed = ["".join(rng.choice(scripts + samples)[rng.randrange(50):][:rng.randrange(1, 400)]
                     for _ in range(rng.randrange(1, 6))) for _ in range(400)]
    return samples + scripts + mixed


@pytest.mark.parametrize("name", NAMES)
def test_batched_counts_equal_one_call_per_text_on_a_varied_corpus(name):
    tokenizer = from_encoding(name)
    corpus = _corpus()
    assert tokenizer.counts(corpus) == [tokenizer.count(text)[0] for text in corpus]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=80) | st.text(st.sampled_from(" \t\n\r\u3000a1!é日🎉"), max_size=200),
                max_size=10))
def test_batched_and_one_by_one_counts_agree_on_any_text(texts):
    for name in NAMES:
        tokenizer = from_encoding(name)
        assert tokenizer.counts(texts) == tokenizer.counts_one_by_one(texts)
