"""fastokens counts exactly as tiktoken does: tiktoken stays the reference, and any difference on a varied corpus
fails. fastokens is pinned (requirements.txt) because this test is what makes its counts trustworthy."""

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.dataset.tokenizer import from_encoding

FAST = ["o200k_base", "cl100k_base", "qwen2.5"]


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


@pytest.mark.parametrize("name", FAST)
def test_fastokens_counts_equal_tiktokens_on_a_varied_corpus(name):
    fast, reference = from_encoding(name), from_encoding(name, fast=False)
    assert fast.fast is not None and reference.fast is None
    corpus = _corpus()
    assert fast.counts(corpus) == [reference.count(text)[0] for text in corpus]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=80) | st.text(st.sampled_from(" \t\n\r\u3000a1!é日🎉"), max_size=200),
                max_size=10))
def test_fastokens_and_tiktoken_agree_on_any_text(texts):
    for name in FAST:
        assert from_encoding(name).counts(texts) == from_encoding(name, fast=False).counts_one_by_one(texts)


def test_fastokens_is_not_used_for_llama_3():
    assert from_encoding("llama-3.1").fast is None


def test_fastokens_is_the_pinned_version():
    from importlib.metadata import version

    lines = (Path(__file__).resolve().parents[1] / "requirements.txt").read_text().splitlines()
    pinned = next(line.split("==")[1].split()[0] for line in lines if line.startswith("fastokens=="))
    assert version("fastokens") == pinned
