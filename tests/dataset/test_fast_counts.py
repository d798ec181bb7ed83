"""Counting with fastokens (the CLI's `analyze`, and `fast=True`) gives exactly tiktoken's counts: text by text on a
varied corpus and on any text, and whole reports; and nothing loads fastokens unless asked, since its tables and
per-thread cache take about twice tiktoken's memory. A fast analysis stays in one thread and without numpy, which is
what keeps a 50 MB analysis under 200 MB (bench/bench_analyze.py)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.catalog.encodings import encoding_files, fast_encoder
from lib.dataset.analysis import analyze
from lib.dataset.reading import from_bytes
from lib.dataset.tokenizer import from_encoding
from lib.paths import ROOT
from tests.dataset.varied import varied_file
from tests.test_batched_counts import _corpus

FAST = [name for name, file in encoding_files().items() if file.fast]


def test_fastokens_builds_every_encoding_the_data_says_it_does_and_only_those():
    assert set(FAST) == {"o200k_base", "cl100k_base", "qwen2.5", "qwen3"}
    assert fast_encoder("llama-3.1") is None
    for name in FAST:
        assert from_encoding(name, fast=True).fast is not None


@pytest.mark.parametrize("name", FAST)
def test_fast_counts_equal_tiktokens_on_a_varied_corpus(name):
    fast, reference = from_encoding(name, fast=True), from_encoding(name)
    corpus = _corpus()
    expected = [len(reference.encoding.encode_ordinary(text)) for text in corpus]
    if reference.nfc:  # Qwen's tokenizer normalizes first; both count the normalized text
        expected = reference.counts_one_by_one(corpus)
    assert fast.counts(corpus) == expected
    assert [fast.count(text)[0] for text in corpus] == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=80) | st.text(st.sampled_from(" \t\n\r\u3000a1!é日🎉<|>"), max_size=200),
                max_size=10))
def test_fast_and_tiktoken_counts_agree_on_any_text(texts):
    for name in FAST:
        assert from_encoding(name, fast=True).counts(texts) == from_encoding(name).counts(texts)


@pytest.mark.parametrize(("provider", "model"), [("openai", "gpt-4o-mini"), ("openai", "gpt-3.5-turbo"),
                                                 ("vertex", "gemini-2.5-flash"), ("together", "llama-3.1-8b")])
def test_a_fast_analysis_reports_exactly_what_the_default_one_does(provider, model):
    data = varied_file()
    fast = analyze(from_bytes(data), model, provider=provider, fast=True)
    default = analyze(from_bytes(data), model, provider=provider)
    assert dataclasses.asdict(fast) == dataclasses.asdict(default)


def test_the_cli_counts_the_same_with_tiktoken(tmp_path):
    path = tmp_path / "varied.jsonl"
    path.write_bytes(varied_file(300))

    def run(*extra: str) -> dict:
        out = subprocess.run([sys.executable, "-m", "lib", "analyze", str(path), "--json", *extra], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        return json.loads(out)

    assert run("--tiktoken") == run()


def test_a_default_analysis_never_loads_fastokens():
    code = ("import sys; from lib.dataset.analysis import analyze; from lib.dataset.reading import from_bytes; "
            "from tests.dataset.varied import varied_file; analyze(from_bytes(varied_file(200)), 'gpt-4o-mini'); "
            "print('fastokens' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_fast_analysis_calls_fastokens_from_the_calling_thread_only(monkeypatch):
    """fastokens keeps about 60 MB of tables for each thread that calls it, and holds the GIL, so a worker thread
    would cost memory and gain nothing."""
    from lib.dataset import tokenizer

    callers = set()
    counting = tokenizer._fast_lengths

    def recorded(encoder, texts):
        callers.add(threading.get_ident())
        return counting(encoder, texts)

    monkeypatch.setattr(tokenizer, "_fast_lengths", recorded)
    report = analyze(from_bytes(varied_file(3000)), "gpt-4o-mini", fast=True)
    assert report.n_examples > 2 * 512  # more than one batch
    assert callers == {threading.get_ident()}


def test_a_fast_analysis_never_imports_numpy():
    code = ("import sys; from lib.dataset.analysis import analyze; from lib.dataset.reading import from_bytes; "
            "from tests.dataset.varied import varied_file; analyze(from_bytes(varied_file(200)), 'gpt-4o-mini', "
            "fast=True); print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
