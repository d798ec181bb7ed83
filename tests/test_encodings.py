"""Encodings are built offline, with tiktoken's public constructor, from files whose sha256 tiktoken publishes."""

import hashlib
import inspect
import os
import socket
from unittest import mock

import pytest
from tiktoken_ext import openai_public

from lib.catalog import encodings
from lib.catalog.encodings import EncodingUnavailable, checked_ranks, encoding_files, get_encoding


def test_our_hashes_and_addresses_are_the_ones_tiktoken_publishes():
    for name, file in encoding_files().items():
        if not file.blobpath:
            continue  # not one of OpenAI's: pinned to its package's file (see test_open_tokenizers.py)
        source = inspect.getsource(getattr(openai_public, name))
        assert file.sha256 in source and file.blobpath in source


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_our_pattern_and_special_tokens_are_tiktokens(name):
    with mock.patch.object(openai_public, "load_tiktoken_bpe", lambda *args, **kwargs: {}):
        published = getattr(openai_public, name)()
    assert encoding_files()[name].pat_str == published["pat_str"]
    assert encoding_files()[name].special_tokens == published["special_tokens"]


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base", "llama-3.1", "qwen2.5", "qwen3"])
def test_bundled_rank_files_match_the_published_hash(name):
    assert hashlib.sha256(encodings.bundled_ranks(name)).hexdigest() == encoding_files()[name].sha256


def test_known_token_ids():
    assert get_encoding("cl100k_base").encode("hello world") == [15339, 1917]
    assert get_encoding("o200k_base").encode("hello world") == [24912, 2375]
    assert get_encoding("o200k_base").eot_token == 199999


def test_loading_makes_no_connection_and_leaves_tiktoken_and_the_environment_alone(monkeypatch):
    import tiktoken.registry

    encodings._built.cache_clear()
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR", raising=False)
    registered = dict(tiktoken.registry.ENCODINGS)

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert get_encoding("cl100k_base").encode("hello world") == [15339, 1917]
    assert "TIKTOKEN_CACHE_DIR" not in os.environ
    assert registered == tiktoken.registry.ENCODINGS
    assert isinstance(get_encoding("cl100k_base"), tiktoken.Encoding)


def test_a_tampered_bundled_file_is_refused(monkeypatch):
    monkeypatch.setattr(encodings, "bundled_ranks", lambda name: b"not the real ranks")
    with pytest.raises(EncodingUnavailable, match="does not match"):
        checked_ranks("cl100k_base")


def test_an_unknown_encoding_is_one_sentence():
    with pytest.raises(EncodingUnavailable, match="Unknown encoding 'p50k_base'"):
        get_encoding("p50k_base")
